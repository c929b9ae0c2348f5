"""ZIP bombs for the tests of issue #16, hole 2: every one starts from a real DOCX or XLSX and is
written in chunks, so building it costs seconds and a few MB, never what it unpacks to."""

import io
import struct
import zipfile
import zlib

MB = 1024 * 1024


def with_zeros(data: bytes, name: str, size: int, *, level: int = 1) -> bytes:
    """`data` with member `name` (replaced or added) holding `size` zero bytes."""
    out = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for item in src.infolist():
            if item.filename != name:
                dst.writestr(item, src.read(item))
        # force_zip64: the size is not known when the local header is written. (The central
        # directory still has 32-bit sizes below 2 GiB, which `understated` rewrites.)
        with dst.open(name, "w", force_zip64=True) as fh:
            for start in range(0, size, MB):
                fh.write(chunk[: min(MB, size - start)])
    return out.getvalue()


def with_members(data: bytes, count: int) -> bytes:
    """`data` with `count` more (empty) members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for i in range(count):
            dst.writestr(f"bomb/part{i}.xml", b"")
    return out.getvalue()


def understated(data: bytes, name: str, declared: int) -> bytes:
    """`data` whose central directory says member `name` unpacks to `declared` zero bytes, with the
    CRC of that, so zipfile finds nothing wrong reading that far (a lie when the member holds more;
    the member must be under 2 GiB, with 32-bit size fields)."""
    encoded = name.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at + 1)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + length] == encoded:
            break
    crc = zlib.crc32(bytes(declared))
    return data[: at + 16] + struct.pack("<I", crc) + data[at + 20: at + 24] + struct.pack("<I", declared) + data[at + 28:]
