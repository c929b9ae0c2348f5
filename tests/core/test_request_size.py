"""Uploads that exhaust the server (issue #16, hole 2), the request half: a 200 MB body was read to
the end before the form said "文件过大". RequestSizeMiddleware refuses a body larger than its view
takes from the Content-Length alone (413), and a body without one (411), before anything reads it.
The file half is tests/publications/test_upload_limits.py."""

import io

import pytest

from gongkai.core import ratelimit
from gongkai.publications.models import Attachment

MB = 1024 * 1024


class Body(io.RawIOBase):
    """A request body of any announced size that records whether anything read it."""

    def __init__(self):
        self.reads = 0

    def readable(self):
        return True

    def read(self, size=-1):
        self.reads += 1
        return b""

    def readline(self, size=-1):
        return self.read(size)


def post(client, path, length: int | None, *, content_type="multipart/form-data; boundary=x", **extra):
    body = Body()
    if length is not None:
        extra["CONTENT_LENGTH"] = str(length)
    response = client.generic("POST", path, b"", content_type=content_type, **{"wsgi.input": body}, **extra)
    return response, body


def test_a_200_mb_body_is_refused_before_it_is_read(client, bureau):
    response, body = post(client, "/yishenqing/", 200 * MB)
    assert response.status_code == 413 and body.reads == 0
    page = response.content.decode()
    assert "上传内容过大：不能超过 5 MB" in page and "<html" in page  # the site's own error page


def test_a_body_without_a_length_is_refused_before_it_is_read(client, bureau):
    response, body = post(client, "/yishenqing/", None, HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411 and body.reads == 0
    assert "Content-Length" in response.content.decode()


def test_the_api_answers_in_json(client, bureau):
    response, body = post(client, "/api/v1/public/applications/", 200 * MB, content_type="application/json")
    assert response.status_code == 413 and body.reads == 0
    assert response.json()["detail"].startswith("上传内容过大：不能超过 2.5 MB")


def test_a_refused_anonymous_letter_counts_against_the_letter_limit(client, bureau, settings):
    settings.GONGKAI_RATE_LETTER = "1/h"
    assert ratelimit.within("letter", "127.0.0.1", "1/h")
    response, body = post(client, "/hudong/xiexin/", 10 * MB, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and body.reads == 0
    assert not ratelimit.within("letter", "127.0.0.1", "1/h")


@pytest.mark.parametrize(("signed_in", "length", "limit"), [
    (False, 10 * MB, "2.5 MB"),  # the larger limit of a workbench page is for staff only
    (True, 22 * MB, "20 MB"),  # GONGKAI_ATTACHMENT_MAX_BYTES and room for the form
])
def test_workbench_uploads_take_their_own_limit(client, draft, team, signed_in, length, limit):
    pub = draft()
    if signed_in:
        client.force_login(team["drafter"])
    response, body = post(client, f"/workbench/publications/{pub.pk}/attach/", length)
    assert response.status_code == 413 and body.reads == 0
    assert f"上传内容过大：不能超过 {limit}" in response.content.decode()


def test_staff_upload_above_the_default_limit_goes_through(client, draft, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pub = draft()
    client.force_login(team["drafter"])
    image = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + bytes(3 * MB), "image/png")
    response = client.post(f"/workbench/publications/{pub.pk}/attach/", {"file": image})
    assert response.status_code == 302
    assert Attachment.objects.get(publication=pub).size > 3 * MB
