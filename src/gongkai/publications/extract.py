"""What a file really is, the text inside it, and what it hides. Pure: no Django.

- `sniff` decides the type from the bytes alone (magic numbers, and for DOCX/XLSX the OPC
  package's content types), never from the file name: an HTML page saved as ``.pdf`` is text.
- `extract_text` returns everything a reader of the file could get at, not only what is shown:
  deleted revisions, comments, headers and footers of DOCX; every sheet of an XLSX including
  hidden ones, hidden rows/columns and cell comments. The scanner runs over this text, so a
  personal ID number kept in a hidden sheet is found like any other.
- `hidden_content` lists, in Chinese, what a publisher may not know the file carries (hidden
  sheets, comments, tracked changes, PDF metadata, attachments, scripts…). Published spreadsheets
  with hidden sheets have leaked personal data elsewhere; this is the check against that.
- `check_zip` refuses a DOCX or XLSX that would exhaust the server (a "zip bomb": a 1 MB file
  unpacking to gigabytes, or hundreds of thousands of members) before anything is unpacked.
  Every ZIP-based input goes through it: here, and the catalog, ledger and bulletin imports.
- `pdf_active_content` finds what a PDF may run or carry (JavaScript, embedded files, launch
  actions); such a PDF is a finding for the reviewer and is never shown inline (core/downloads.py).

Damaged or unreadable files raise `ExtractError`, whose message is for people.
"""

from __future__ import annotations

import copy
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
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
    if _decode_text(data) is not None:
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
            types = _parse_xml(_read_part(zf, names["[content_types].xml"]))
    except (zipfile.BadZipFile, ExtractError, OSError, EOFError, RuntimeError, ValueError):
        return None
    overrides = {}
    for el in types:
        if _local(el.tag) == "Override":
            part = (el.get("PartName") or "").lower().lstrip("/")
            overrides[part] = (el.get("ContentType") or "").lower()
    if overrides.get("word/document.xml") == _DOCX_MAIN and "word/document.xml" in names:
        return "docx"
    if overrides.get("xl/workbook.xml") == _XLSX_MAIN and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _decode_text(data: bytes) -> str | None:
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


# --------------------------------------------------------------------------- text


def extract_text(data: bytes, kind: str) -> str:
    """The text of a file of type `kind` (as `sniff` names it). Images have no text: ""."""
    if kind in IMAGE_KINDS:
        return ""
    if kind == "txt":
        text = _decode_text(data)
        if text is None:
            raise ExtractError("文本文件编码无法识别（应为 UTF-8 或 GB18030）")
        return text
    if kind == "pdf":
        return _pdf_text(data)
    if kind == "docx":
        return _docx_text(data)
    if kind == "xlsx":
        return _xlsx_text(data)
    raise ExtractError(f"不支持的文件类型：{kind}")


def hidden_content(data: bytes, kind: str) -> list[str]:
    """What the file carries beyond its visible text, described in Chinese; [] when nothing."""
    if kind == "pdf":
        return _pdf_hidden(data)
    if kind == "docx":
        return _docx_hidden(data)
    if kind == "xlsx":
        return _xlsx_hidden(data)
    if kind == "txt" or kind in IMAGE_KINDS:
        return []
    raise ExtractError(f"不支持的文件类型：{kind}")


# --------------------------------------------------------------------------- XML helpers


def _local(tag: object) -> str:
    # Comments and processing instructions have a callable tag; they have no local name.
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
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


def _parse_xml(data: bytes) -> ET.Element:
    # Office parts never declare a DTD; refusing one keeps entity expansion attacks out.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ExtractError("文件内部含有不允许的 XML 声明，可能已损坏或被篡改")
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise ExtractError("文件内部的 XML 已损坏") from None


def _open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    check_zip(data, label)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ExtractError(f"{label} 文件已损坏，无法打开") from None


# --------------------------------------------------------------------------- DOCX

_DOCX_PART = re.compile(r"word/(?:header\d*|footer\d*|footnotes|endnotes|comments)\.xml", re.IGNORECASE)
# Elements whose content is never text: properties (pPr, rPr, tcPr, sectPr…), field codes, the
# VML copy of a text box (mc:Fallback repeats what mc:Choice holds).
_DOCX_SKIP = frozenset({"instrText", "delInstrText", "Fallback", "tblGrid"})


def _docx_parts(zf: zipfile.ZipFile) -> list[str]:
    """The text-bearing parts: the body first, then headers, footers, notes and comments."""
    names = zf.namelist()
    lower = {n.lower(): n for n in names}
    if "word/document.xml" not in lower:
        raise ExtractError("DOCX 文件缺少正文（word/document.xml），可能已损坏")
    order = {"header": 0, "footer": 1, "footnotes": 2, "endnotes": 3, "comments": 4}

    def key(name: str) -> tuple[int, int, str]:
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        kind = stem.rstrip("0123456789")
        number = stem[len(kind):]
        return order.get(kind, 9), int(number) if number else 0, stem

    others = sorted((n for n in names if _DOCX_PART.fullmatch(n)), key=key)
    return [lower["word/document.xml"], *others]


def _docx_text(data: bytes) -> str:
    with _open_zip(data, "DOCX") as zf:
        try:
            chunks = []
            for name in _docx_parts(zf):
                lines: list[str] = []
                _docx_blocks(_parse_xml(_read_part(zf, name)), lines)
                if lines:
                    chunks.append("\n".join(lines))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, KeyError):
            raise ExtractError("DOCX 文件已损坏，无法读取") from None
        except RecursionError:
            raise ExtractError("DOCX 文件结构嵌套过深，无法读取") from None
    return "\n".join(chunks)


def _is_property(name: str) -> bool:
    return name.endswith("Pr") or name.endswith("PrEx")


def _docx_blocks(elem: ET.Element, out: list[str]) -> None:
    """Append the lines of the block-level content under `elem`: one per paragraph, one per
    table row (cells separated by tabs)."""
    for child in elem:
        name = _local(child.tag)
        if name == "p":
            nested: list[str] = []
            out.append(_docx_paragraph(child, nested))
            out.extend(nested)
        elif name == "tbl":
            _docx_table(child, out)
        elif name in _DOCX_SKIP or _is_property(name):
            continue
        else:
            _docx_blocks(child, out)


def _docx_paragraph(p: ET.Element, nested: list[str]) -> str:
    parts: list[str] = []

    def walk(elem: ET.Element) -> None:
        for child in elem:
            name = _local(child.tag)
            if name in ("t", "delText"):
                parts.append(child.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                _docx_blocks(child, nested)
            elif name == "p":
                nested.append(_docx_paragraph(child, nested))
            elif name == "tbl":
                _docx_table(child, nested)
            elif name in _DOCX_SKIP or _is_property(name):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _children_named(elem: ET.Element, wanted: str) -> Iterator[ET.Element]:
    """Descendants named `wanted`, looking through wrappers (sdt, customXml) but not into them
    or into nested tables."""
    for child in elem:
        name = _local(child.tag)
        if name == wanted:
            yield child
        elif name != "tbl" and not _is_property(name):
            yield from _children_named(child, wanted)


def _docx_table(tbl: ET.Element, out: list[str]) -> None:
    for row in _children_named(tbl, "tr"):
        cells = []
        for cell in _children_named(row, "tc"):
            lines: list[str] = []
            _docx_blocks(cell, lines)
            cells.append("\n".join(lines))
        out.append("\t".join(cells))


def _docx_hidden(data: bytes) -> list[str]:
    with _open_zip(data, "DOCX") as zf:
        try:
            counts = {"ins": 0, "del": 0, "moveFrom": 0, "moveTo": 0}
            hidden_runs = 0
            comments = 0
            for name in _docx_parts(zf):
                root = _parse_xml(_read_part(zf, name))
                if name.lower().endswith("comments.xml"):
                    comments += sum(1 for el in root.iter() if _local(el.tag) == "comment")
                    continue
                for el in root.iter():
                    tag = _local(el.tag)
                    if tag in counts:
                        counts[tag] += 1
                    elif tag == "r" and _run_is_hidden(el):
                        hidden_runs += 1
            props = _office_properties(zf)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, KeyError):
            raise ExtractError("DOCX 文件已损坏，无法读取") from None
    found = []
    inserted = counts["ins"] + counts["moveTo"]
    deleted = counts["del"] + counts["moveFrom"]
    if inserted or deleted:
        found.append(f"修订痕迹（插入/删除）：插入 {inserted} 处，删除 {deleted} 处")
    if comments:
        found.append(f"批注 {comments} 条")
    if hidden_runs:
        found.append(f"隐藏文字 {hidden_runs} 处")
    found.extend(props)
    return found


def _run_is_hidden(run: ET.Element) -> bool:
    hidden = False
    for child in run:
        name = _local(child.tag)
        if name == "rPr":
            for prop in child:
                if _local(prop.tag) == "vanish":
                    value = next((v for k, v in prop.attrib.items() if _local(k) == "val"), "true")
                    hidden = value.lower() not in ("0", "false", "off")
        elif name == "t" and hidden and (child.text or "").strip():
            return True
    return False


_CORE_FIELDS = (("creator", "作者"), ("lastModifiedBy", "最后修改者"))
_APP_FIELDS = (("Company", "单位"), ("Manager", "主管"))


def _office_properties(zf: zipfile.ZipFile) -> list[str]:
    """Author-like document properties of an Office file (docProps/core.xml, app.xml)."""
    names = {n.lower(): n for n in zf.namelist()}
    found = []
    for part, fields in (("docprops/core.xml", _CORE_FIELDS), ("docprops/app.xml", _APP_FIELDS)):
        if part not in names:
            continue
        root = _parse_xml(_read_part(zf, names[part]))
        values = {_local(el.tag): (el.text or "").strip() for el in root}
        for key, label in fields:
            if values.get(key):
                found.append(f"文档属性：{label}（{_short(values[key])}）")
    return found


def _short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --------------------------------------------------------------------------- XLSX


def _load_workbook(data: bytes):
    from openpyxl import load_workbook

    check_zip(data, "XLSX")  # openpyxl opens the archive itself: check it first
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged input
        raise ExtractError("XLSX 文件已损坏，无法读取") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        # A phone number typed into a number cell comes back as 13800138000.0.
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _stored_rows(ws) -> Iterator[list]:
    """The cells the file actually holds, row by row. `iter_rows` would instead walk (and create)
    every cell of the used range, which a single stray cell at XFD1048576 makes enormous."""
    row: list = []
    current = None
    for (r, _c), cell in sorted(ws._cells.items()):
        if r != current and row:
            yield row
            row = []
        current = r
        row.append(cell)
    if row:
        yield row


def _xlsx_text(data: bytes) -> str:
    wb = _load_workbook(data)
    lines = []
    try:
        for ws in wb.worksheets:
            lines.append(f"【{ws.title}】")
            comments = []
            for row in _stored_rows(ws):
                cells = []
                for cell in row:
                    text = _cell_text(cell.value)
                    if text:
                        cells.append(text)
                    if cell.comment is not None and cell.comment.text:
                        comments.append(cell.comment.text)
                if cells:
                    lines.append("\t".join(cells))
            lines.extend(comments)
    finally:
        wb.close()
    return "\n".join(lines)


def _xlsx_hidden(data: bytes) -> list[str]:
    from openpyxl.utils import get_column_letter

    wb = _load_workbook(data)
    found = []
    comments = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state == "hidden":
                found.append(f"隐藏工作表：{ws.title}")
            elif ws.sheet_state == "veryHidden":
                found.append(f"深度隐藏工作表：{ws.title}")
            rows = sorted(i for i, dim in ws.row_dimensions.items() if dim.hidden)
            if rows:
                found.append(f"隐藏行：{ws.title} 第 {_listing([str(r) for r in rows])} 行")
            columns: set[int] = set()
            for dim in ws.column_dimensions.values():
                if dim.hidden and dim.min and dim.max:
                    columns.update(range(dim.min, dim.max + 1))
            if columns:
                letters = [get_column_letter(c) for c in sorted(columns)]
                found.append(f"隐藏列：{ws.title} 第 {_listing(letters)} 列")
            for row in _stored_rows(ws):
                for cell in row:
                    if cell.comment is not None:
                        comments.append(f"{ws.title}!{cell.coordinate}")
        for cs in wb.chartsheets:
            if cs.sheet_state in ("hidden", "veryHidden"):
                found.append(f"隐藏工作表：{cs.title}")
    finally:
        wb.close()
    if comments:
        found.append(f"批注 {len(comments)} 条（{_listing(comments)}）")
    with _open_zip(data, "XLSX") as zf:
        try:
            found.extend(_office_properties(zf))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, KeyError):
            raise ExtractError("XLSX 文件已损坏，无法读取") from None
    return found


def _listing(items: list[str], limit: int = 10) -> str:
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f" 等 {len(items)} 处"


# --------------------------------------------------------------------------- PDF


def _pdf_reader(data: bytes):
    from pypdf import PasswordType, PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise ExtractError("PDF 文件已加密，无法读取")
    except ExtractError:
        raise
    except Exception:  # pypdf raises many kinds on damaged input
        raise ExtractError("PDF 文件已损坏，无法读取") from None
    return reader


def _pdf_text(data: bytes) -> str:
    reader = _pdf_reader(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:
        raise ExtractError("PDF 文件已损坏，无法提取文字") from None
    # NUL cannot be stored in a PostgreSQL text column and is never visible text.
    return text.replace("\x00", "")


_PDF_FIELDS = (
    ("/Author", "作者"),
    ("/Title", "标题"),
    ("/Subject", "主题"),
    ("/Keywords", "关键词"),
    ("/Creator", "创建程序"),
    ("/Producer", "生成程序"),
)
# Annotations that are navigation or form plumbing rather than content.
_PDF_PLAIN_ANNOTS = frozenset({"/Link", "/Widget", "/Popup"})


def _pdf_hidden(data: bytes) -> list[str]:
    reader = _pdf_reader(data)
    found = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = reader.metadata or {}
            for key, label in _PDF_FIELDS:
                value = info.get(key)
                if value is not None and str(value).strip():
                    found.append(f"PDF 元数据：{label}（{_short(str(value))}）")
            found.extend(f for f in _pdf_xmp(reader) if f not in found)
            for name in reader.attachments:
                found.append(f"PDF 嵌入文件：{name}")
            active = _pdf_active(reader)
            if reader.attachments and PDF_EMBEDDED in active:
                active.remove(PDF_EMBEDDED)  # already named one by one
            found.extend(active)
            fields = reader.get_fields() or {}
            if fields:
                found.append(f"PDF 表单域 {len(fields)} 个")
            notes = 0
            for page in reader.pages:
                annots = page.get("/Annots")
                for annot in annots.get_object() if annots is not None else []:
                    subtype = annot.get_object().get("/Subtype")
                    if subtype not in _PDF_PLAIN_ANNOTS:
                        notes += 1
            if notes:
                found.append(f"PDF 注释 {notes} 条")
    except Exception:
        raise ExtractError("PDF 文件已损坏，无法读取") from None
    # Every incremental save appends a new trailer; the earlier versions stay in the file.
    eofs = data.count(b"%%EOF")
    linearized = b"/Linearized" in data[:2048]
    if eofs > (2 if linearized else 1):
        found.append("PDF 含增量保存（文件中可能保留修改前的内容）")
    return found


# What a PDF may run or carry, for the reviewer (a finding each) and for serving (never inline).
PDF_SCRIPT = "PDF 含有 JavaScript 脚本"
PDF_EMBEDDED = "PDF 含有嵌入文件"
PDF_LAUNCH = "PDF 含有启动外部程序的动作"
PDF_XFA = "PDF 含有 XFA 动态表单（可含脚本）"
PDF_UNCHECKED = "PDF 对象过多，未能检查是否含有脚本或嵌入文件"
# Dictionaries and arrays walked at most; beyond, the file counts as active.
MAX_PDF_OBJECTS = 200_000
# Page content, resources (fonts, images, colour spaces) and the structure tree hold no actions a
# viewer runs: not walked, which keeps a long or scan-heavy PDF cheap to check.
_PDF_INERT_KEYS = frozenset({"/Contents", "/Resources", "/Thumb", "/Metadata", "/StructTreeRoot"})


def pdf_active_content(data) -> list[str]:
    """What the PDF `data` (bytes or a binary file) may run or carry, in Chinese; [] when nothing.
    A file pypdf cannot read counts as active: whoever serves it then plays safe."""
    from pypdf import PdfReader

    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(stream)
            if reader.is_encrypted:
                reader.decrypt("")
            return _pdf_active(reader)
    except Exception:  # pypdf raises many kinds on damaged input
        return [PDF_UNCHECKED]


def _pdf_active(reader) -> list[str]:
    """Walk every object reachable from the document catalog (names tree, OpenAction, additional
    actions of the document, pages, annotations and form fields, outlines, the /Next chains of
    actions), so a script is found wherever it hides, not only where viewers usually look."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (IndirectObject, DictionaryObject, ArrayObject)
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer.get("/Root")]
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            found.add(PDF_UNCHECKED)
            break
        if isinstance(obj, DictionaryObject):
            action = _pdf_name(obj.get("/S"))
            if "/JS" in obj or "/JavaScript" in obj or action == "/JavaScript":
                found.add(PDF_SCRIPT)
            if action == "/Launch":
                found.add(PDF_LAUNCH)
            if ("/EmbeddedFiles" in obj or "/EF" in obj or _pdf_name(obj.get("/Type")) == "/EmbeddedFile"
                    or _pdf_name(obj.get("/Subtype")) == "/FileAttachment"):
                found.add(PDF_EMBEDDED)
            if "/XFA" in obj:
                found.add(PDF_XFA)
            # dict.items: the raw values, so an indirect object is resolved (and counted) once.
            stack.extend(value for key, value in dict.items(obj)
                         if key not in _PDF_INERT_KEYS and isinstance(value, containers))
        elif isinstance(obj, ArrayObject):
            stack.extend(value for value in list.__iter__(obj) if isinstance(value, containers))
    order = (PDF_SCRIPT, PDF_LAUNCH, PDF_EMBEDDED, PDF_XFA, PDF_UNCHECKED)
    return [label for label in order if label in found]


def _pdf_name(value) -> str | None:
    return str(value.get_object()) if value is not None else None


def _pdf_xmp(reader) -> list[str]:
    """The author and title kept in the XMP stream, which survives clearing the Info dictionary."""
    xmp = reader.xmp_metadata
    if xmp is None:
        return []
    found = []
    authors = [str(a).strip() for a in (xmp.dc_creator or []) if str(a).strip()]
    if authors:
        found.append(f"PDF 元数据：作者（{_short('、'.join(authors))}）")
    titles = [str(t).strip() for t in (xmp.dc_title or {}).values() if str(t).strip()]
    if titles:
        found.append(f"PDF 元数据：标题（{_short(titles[0])}）")
    return found


# --- Metadata removal --------------------------------------------------------------------------
# Who wrote a file, on which machine, for which company: published files leaked this elsewhere
# (privacy-lessons.md). Attachments are stored without it; the reviewer still sees the hidden
# content that cannot be removed mechanically (hidden sheets, comments, tracked changes).

_OFFICE_PERSONAL = {
    "docProps/core.xml": ("creator", "lastModifiedBy", "title", "subject", "keywords", "description",
                          "category"),
    "docProps/app.xml": ("Company", "Manager"),
}


def strip_metadata(data: bytes, kind: str) -> bytes:
    if kind == "pdf":
        return _strip_pdf(data)
    if kind in ("docx", "xlsx"):
        return _strip_office(data, kind.upper())
    return data


def _strip_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise ExtractError("PDF 文件已损坏，无法读取") from exc
    writer.metadata = None
    root = writer.root_object
    if NameObject("/Metadata") in root:
        del root[NameObject("/Metadata")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _strip_office(data: bytes, label: str) -> bytes:
    out = io.BytesIO()
    # Every member is read whole here: `_open_zip` checks the archive first, as everywhere else.
    with _open_zip(data, label) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        try:
            for item in source.infolist():
                content = source.read(item)
                fields = _OFFICE_PERSONAL.get(item.filename)
                if fields:
                    text = content.decode("utf-8")
                    for field in fields:
                        # <dc:creator>Name</dc:creator> or <Company>Name</Company>: keep the element, empty it.
                        text = re.sub(rf"(<(?:\w+:)?{field}\b[^>]*>)[^<]*(</(?:\w+:)?{field}>)", r"\1\2", text)
                    content = text.encode("utf-8")
                target.writestr(item, content)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, UnicodeDecodeError):
            raise ExtractError(f"{label} 文件已损坏，无法读取") from None
    return out.getvalue()
