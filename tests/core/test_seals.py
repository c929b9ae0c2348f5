"""A body's seal image: only a real PNG with an alpha channel and a sane size is stored, through the
body's settings page, audited; hostile uploads are refused in Chinese and write nothing."""

import struct
import zlib

import pytest

from gongkai.core.models import AuditEvent, DisclosureBody
from gongkai.core.seals import SealError, check_seal


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def make_png(width: int = 200, height: int = 200, colour: int = 6, *, raw: bytes | None = None,
             extra: bytes = b"") -> bytes:
    """A red ring on a transparent ground (colour 6, RGBA), or what the arguments make of it."""
    if raw is None:
        channels = {2: 3, 4: 2, 6: 4}[colour]
        rows = []
        for y in range(height):
            row = bytearray()
            for x in range(width):
                r = ((x - width / 2) ** 2 + (y - height / 2) ** 2) ** 0.5
                on = width * 0.4 < r < width * 0.48
                pixel = {6: (230, 0, 0, 255 if on else 0), 4: (0, 255 if on else 0), 2: (230, 0, 0)}[colour]
                row += bytes(pixel[:channels])
            rows.append(b"\x00" + bytes(row))
        raw = b"".join(rows)
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"") + extra)


def test_a_transparent_png_is_a_seal():
    assert check_seal(make_png(240, 200)) == (240, 200)
    assert check_seal(make_png(colour=4)) == (200, 200)


BOMB = make_png(raw=b"\x00" * 50_000_000)[:33] + chunk(b"IDAT", zlib.compress(b"\x00" * 50_000_000)) \
    + chunk(b"IEND", b"")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "请选择"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 500, "PNG 格式"),
    (b"<svg onload=alert(1)>", "PNG 格式"),
    (make_png(colour=2), "透明通道"),
    (make_png(50, 50), "像素之间"),
    (make_png(400, 150), "长宽比例"),
    (make_png()[:-20], "不完整"),
    (make_png(extra=b"<?php system($_GET['c']); ?>"), "其他数据"),
    (make_png()[:40] + b"\x00" + make_png()[41:], "校验和"),
    (make_png(raw=b"\x00" * 10), "尺寸不符"),
    (BOMB, "尺寸不符"),
    (make_png() + b"\x00" * (1024 * 1024), "不能超过"),
])
def test_hostile_seal_uploads_are_refused_in_chinese(data, message):
    with pytest.raises(SealError, match=message):
        check_seal(data)


def post_body(client, body, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile
    data = {f: v for f, v in {
        "org_code": body.org_code, "letter_name": body.letter_name, "notice_prefix": body.notice_prefix,
        "region": body.region}.items()}
    files = {k: SimpleUploadedFile("seal.png", v, content_type="image/png") for k, v in extra.items()
             if isinstance(v, bytes)}
    data.update({k: v for k, v in extra.items() if not isinstance(v, bytes)})
    return client.post(f"/workbench/units/{body.unit_id}/body/", {**data, **files})


def test_the_seal_is_uploaded_on_the_body_page_and_audited(client, make_user, bureau):
    client.force_login(make_user("admin"))
    body = DisclosureBody.objects.get(unit=bureau["city"])
    seal = make_png()
    assert post_body(client, body, seal_file=seal).status_code == 302
    body.refresh_from_db()
    assert bytes(body.seal) == seal
    event = AuditEvent.objects.filter(action="body.seal").get()
    assert event.before["seal"] is None and event.after["size"] == "200×200"

    # Saving the page without a file keeps the seal; ticking the box removes it, audited too.
    assert post_body(client, body).status_code == 302
    body.refresh_from_db()
    assert bytes(body.seal) == seal
    assert post_body(client, body, seal_clear="on").status_code == 302
    body.refresh_from_db()
    assert body.seal is None
    assert AuditEvent.objects.filter(action="body.seal").count() == 2


def test_a_hostile_seal_upload_writes_nothing(client, make_user, bureau):
    client.force_login(make_user("admin"))
    body = DisclosureBody.objects.get(unit=bureau["city"])
    events = AuditEvent.objects.count()
    response = post_body(client, body, seal_file=make_png(colour=2), letter_name="改过的署名")
    assert response.status_code == 200
    assert "透明通道" in response.content.decode()
    body.refresh_from_db()
    assert body.seal is None and body.letter_name == "三明市公安局"
    assert AuditEvent.objects.count() == events
