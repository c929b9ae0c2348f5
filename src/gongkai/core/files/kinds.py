"""What a file really is, and whether a ZIP-based one (DOCX, XLSX) is safe to open. Pure: no Django.

- `sniff` decides the type from the bytes alone (magic numbers, and for DOCX/XLSX the OPC
  package's content types), never from the file name: an HTML page saved as ``.pdf`` is text.
- `check_zip` refuses a DOCX or XLSX that would exhaust the server (a "zip bomb": a 1 MB file
  unpacking to gigabytes, or hundreds of thousands of members) before anything is unpacked.
  Every ZIP-based input goes through it: text extraction, and the catalog, ledger and bulletin imports.

Damaged or unreadable files raise `ExtractError`, whose message is for people.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from xml.etree import ElementTree as ET

KINDS = ("pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp", "txt")
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})

# The limits of a ZIP-based file (DOCX, XLSX), checked by `check_zip` on the sizes the archive
# declares, then on what each member really holds. Real Office files have tens to a few hundred
# members and compress 5–30 to 1; deflate reaches 1 000 to 1 on zeros.
MAX_ZIP_MEMBERS = 10_000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FROM = 1024 * 1024  # small parts (an empty paragraph repeated) may compress better, harmlessly
# Every entry of the central directory starts with this; zipfile builds an object for each.
_CENTRAL_ENTRY = b"PK\x01\x02"
# Office files use these two; bzip2 and LZMA members are unpacked without a bound on each read.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_PROBE_BYTES = 64 * 1024

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


class ExtractError(ValueError):
    """The file cannot be read; the message is for people (Chinese)."""


# --------------------------------------------------------------------------- sniffing


def sniff(data: bytes) -> str | None:
    """The real type of `data` by content: one of `KINDS`, or None when unknown."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(data)
    if decode_text(data) is not None:
        return "txt"
    return None


def _sniff_ooxml(data: bytes) -> str | None:
    # Opening the archive reads its whole directory: not for one with more members than allowed.
    if data.count(_CENTRAL_ENTRY) > MAX_ZIP_MEMBERS:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {name.lower(): name for name in zf.namelist()}
            if "[content_types].xml" not in names:
                return None
            types = parse_xml(read_part(zf, names["[content_types].xml"]))
    except (zipfile.BadZipFile, ExtractError, OSError, EOFError, RuntimeError, ValueError):
        return None
    overrides = {}
    for el in types:
        if local_name(el.tag) == "Override":
            part = (el.get("PartName") or "").lower().lstrip("/")
            overrides[part] = (el.get("ContentType") or "").lower()
    if overrides.get("word/document.xml") == _DOCX_MAIN and "word/document.xml" in names:
        return "docx"
    if overrides.get("xl/workbook.xml") == _XLSX_MAIN and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def decode_text(data: bytes) -> str | None:
    """Text as a reader would see it, or None if `data` is not text.

    UTF-8 (with or without BOM) without NUL; UTF-16 with a BOM (Windows Notepad's "Unicode");
    otherwise GB18030 (older Chinese Windows software) when it decodes and holds no control
    characters other than tab, newline, carriage return and form feed.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return text if "\x00" not in text else None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- XML helpers


def local_name(tag: object) -> str:
    # Comments and processing instructions have a callable tag; they have no local name.
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise ExtractError(f"文件内部的“{name}”过大，可能已损坏")
    with zf.open(info) as fh:
        # Asked for no more than declared: a whole-part read would first unpack all a part holds,
        # and sniff() reads [Content_Types].xml of any ZIP uploaded, before check_zip.
        return fh.read(info.file_size)


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_zip(data: bytes, label: str = "文件") -> None:
    """Refuse (ExtractError) a ZIP-based file that would exhaust the server once unpacked: more
    than MAX_ZIP_MEMBERS members, a member over MAX_PART_BYTES or compressed more than MAX_RATIO
    to 1, over MAX_UNPACKED_BYTES in all, or holding more than its directory declares. The sizes
    are checked on the directory before anything is unpacked; then each member is unpacked once,
    in chunks, to check its real size."""
    if data.count(_CENTRAL_ENTRY) > MAX_ZIP_MEMBERS:
        raise ExtractError(f"{label} 文件内含的部件超过 {MAX_ZIP_MEMBERS} 个，可能是恶意构造的压缩文件，无法读取")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ExtractError(f"{label} 文件已损坏，无法打开") from None
    total = 0
    for info in members:
        if info.compress_type not in _ZIP_METHODS:
            raise ExtractError(f"{label} 文件使用了不支持的压缩方式，无法读取")
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(f"{label} 文件内部的“{info.filename[:60]}”解压后超过 {_mb(MAX_PART_BYTES)}，"
                               "可能是恶意构造的压缩文件，无法读取")
        if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExtractError(f"{label} 文件内部的“{info.filename[:60]}”压缩比异常（超过 {MAX_RATIO} 倍），"
                               "可能是恶意构造的压缩文件，无法读取")
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise ExtractError(f"{label} 文件解压后超过 {_mb(MAX_UNPACKED_BYTES)}，可能是恶意构造的压缩文件，无法读取")
    _check_real_sizes(data, members, label)


def _check_real_sizes(data: bytes, members: list[zipfile.ZipInfo], label: str) -> None:
    """zipfile returns no more than a member's declared size, but reading a whole member (as
    openpyxl does) unpacks all its compressed data before cutting it there: a directory that
    understates a member would let one read take what the member really holds, up to a thousand
    times the upload. So each member is unpacked here in chunks, one byte past what it declares
    (bounded by MAX_UNPACKED_BYTES in all), and refused if it gets there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in members:
                probe = copy.copy(info)
                probe.file_size = info.file_size + 1  # read one byte past the declared size,
                del probe.CRC  # which zipfile would take for a bad CRC: checked below instead
                size, crc = 0, 0
                with zf.open(probe) as fh:
                    while chunk := fh.read(_PROBE_BYTES):
                        size += len(chunk)
                        if size > info.file_size:
                            raise ExtractError(f"{label} 文件内部的“{info.filename[:60]}”实际大小超过记录的大小，"
                                               "可能是恶意构造的压缩文件，无法读取")
                        crc = zlib.crc32(chunk, crc)
                if size != info.file_size or crc != info.CRC:
                    raise zipfile.BadZipFile(info.filename)
    except ExtractError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError, KeyError):
        # A bad CRC, a damaged stream, an encrypted member.
        raise ExtractError(f"{label} 文件已损坏，无法读取") from None


def parse_xml(data: bytes) -> ET.Element:
    # Office parts never declare a DTD; refusing one keeps entity expansion attacks out.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ExtractError("文件内部含有不允许的 XML 声明，可能已损坏或被篡改")
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise ExtractError("文件内部的 XML 已损坏") from None


def open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    check_zip(data, label)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ExtractError(f"{label} 文件已损坏，无法打开") from None
