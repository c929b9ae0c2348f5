"""DOCX and XLSX: their text, what they hide and their authors' names. Pure: no Django."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from xml.etree import ElementTree as ET

from .kinds import ExtractError, check_zip, local_name, open_zip, parse_xml, read_part

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


def docx_text(data: bytes) -> str:
    with open_zip(data, "DOCX") as zf:
        try:
            chunks = []
            for name in _docx_parts(zf):
                lines: list[str] = []
                _docx_blocks(parse_xml(read_part(zf, name)), lines)
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
        name = local_name(child.tag)
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
            name = local_name(child.tag)
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
        name = local_name(child.tag)
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


def docx_hidden(data: bytes) -> list[str]:
    with open_zip(data, "DOCX") as zf:
        try:
            counts = {"ins": 0, "del": 0, "moveFrom": 0, "moveTo": 0}
            hidden_runs = 0
            comments = 0
            for name in _docx_parts(zf):
                root = parse_xml(read_part(zf, name))
                if name.lower().endswith("comments.xml"):
                    comments += sum(1 for el in root.iter() if local_name(el.tag) == "comment")
                    continue
                for el in root.iter():
                    tag = local_name(el.tag)
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
        name = local_name(child.tag)
        if name == "rPr":
            for prop in child:
                if local_name(prop.tag) == "vanish":
                    value = next((v for k, v in prop.attrib.items() if local_name(k) == "val"), "true")
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
        root = parse_xml(read_part(zf, names[part]))
        values = {local_name(el.tag): (el.text or "").strip() for el in root}
        for key, label in fields:
            if values.get(key):
                found.append(f"文档属性：{label}（{short(values[key])}）")
    return found


def short(value: str, limit: int = 40) -> str:
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


def xlsx_text(data: bytes) -> str:
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


def xlsx_hidden(data: bytes) -> list[str]:
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
                found.append(f"隐藏行：{ws.title} 第 {listing([str(r) for r in rows])} 行")
            columns: set[int] = set()
            for dim in ws.column_dimensions.values():
                if dim.hidden and dim.min and dim.max:
                    columns.update(range(dim.min, dim.max + 1))
            if columns:
                letters = [get_column_letter(c) for c in sorted(columns)]
                found.append(f"隐藏列：{ws.title} 第 {listing(letters)} 列")
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
        found.append(f"批注 {len(comments)} 条（{listing(comments)}）")
    with open_zip(data, "XLSX") as zf:
        try:
            found.extend(_office_properties(zf))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, KeyError):
            raise ExtractError("XLSX 文件已损坏，无法读取") from None
    return found


def listing(items: list[str], limit: int = 10) -> str:
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f" 等 {len(items)} 处"


_OFFICE_PERSONAL = {
    "docProps/core.xml": ("creator", "lastModifiedBy", "title", "subject", "keywords", "description",
                          "category"),
    "docProps/app.xml": ("Company", "Manager"),
}


def strip_office(data: bytes, label: str) -> bytes:
    out = io.BytesIO()
    # Every member is read whole here: `_open_zip` checks the archive first, as everywhere else.
    with open_zip(data, label) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
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
