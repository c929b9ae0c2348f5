"""PDF: its text, what it hides and what it may run. Pure: no Django.

`pdf_active_content` finds what a PDF may run or carry (JavaScript, embedded files, launch
actions); such a PDF is a finding for the reviewer and is never shown inline (core/downloads.py)."""

from __future__ import annotations

import io
import warnings

from .kinds import ExtractError
from .office import short

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


def pdf_text(data: bytes) -> str:
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


def pdf_hidden(data: bytes) -> list[str]:
    reader = _pdf_reader(data)
    found = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = reader.metadata or {}
            for key, label in _PDF_FIELDS:
                value = info.get(key)
                if value is not None and str(value).strip():
                    found.append(f"PDF 元数据：{label}（{short(str(value))}）")
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
        found.append(f"PDF 元数据：作者（{short('、'.join(authors))}）")
    titles = [str(t).strip() for t in (xmp.dc_title or {}).values() if str(t).strip()]
    if titles:
        found.append(f"PDF 元数据：标题（{short(titles[0])}）")
    return found


def strip_pdf(data: bytes) -> bytes:
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
