"""The annual report (政府信息公开工作年度报告) in the national format of 2021 as PDF, DOCX and XLSX.

Input: the frozen report, one JSON-serialisable dict (what `reports.services.document` stores):

    title, issuer, year, date (成文日期, ISO), opening (paragraphs separated by newlines),
    narrative {"一": …, "五": …, "六": …} (body text; any other section's text is printed before
    its table), figures (`reports.annual.to_dict`: sections 二, 三, 四), adjustments (each with
    section, row (row_key if given, else the official label), column (official label), computed,
    value, reason), correction (更正说明 of a republished version, "" for the first), version.

The cells show the numbers in `figures`; an adjusted cell shows the adjustment's reported value,
carries a mark (*1, *2 …) and is explained in a 说明 under its table. Layout after GB/T 9704
(domain/documents.md) with the fonts, sizes and font folders of the letters
(GONGKAI_DOCUMENT_FONTS/SIZES/FONT_PATHS); the tables are set in the `table` size (default 五号),
which the sizes setting may override. The PDF template gets the report as JSON in `sys.inputs`;
nothing is spliced into markup.
"""

import io
import logging
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gongkai.core.text import no_formulas
from gongkai.documents.style import (
    LINE_PITCH_PT,
    chinese_date,
    font_roles,
    font_sizes,
    is_xiaobiaosong,
    split_heading,
)
from gongkai.documents.typeset import breakable, compile_pdf
from gongkai.documents.word import (
    add_run,
    border,
    format_paragraph,
    new_document,
    page_numbers,
    save_docx,
    text_width,
)

from . import labels as L

__all__ = ["render_report_docx", "render_report_pdf", "render_report_xlsx"]

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("report.typ")

NUMERALS = "一二三四五六"
TABLE_SECTIONS = ("二", "三", "四")
# The official table of section 三 carries this note in its top-left header cell; it is printed
# under the table instead, where it does not squeeze the row labels.
SECTION3_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
APPLICANT_HEADER = "申请人情况"
CORRECTION_LABEL = "更正说明："
# pt: 五号 for every table, its notes and the 说明 of adjustments.
REPORT_SIZES = {"table": 10.5, "table_note": 10.5}
AMOUNT_LABEL = next(c.label for b in L.SECTION2 for c in b.columns if c.key == L.AMOUNT)


# -------------------------------------------------------------------------------------- the model


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number_text(value, amount: bool) -> str:
    if amount:
        return f"{Decimal(str(value)):.4f}"  # 万元, four decimals as the official form asks
    return str(int(value)) if float(value) == int(value) else str(value)


def _number(value, amount: bool) -> int | float:
    if amount:
        return float(value)
    return int(value) if float(value) == int(value) else float(value)


def _cell(value, amount: bool = False) -> dict:
    return {"value": _number(value, amount), "text": _number_text(value, amount), "mark": 0, "amount": amount}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；.!?" else text + "。"


def _model(doc: dict) -> dict:
    """The report as the three renderers use it: labels, formatted numbers, adjustment marks."""
    try:
        day = date.fromisoformat(str(doc["date"]))
    except (KeyError, ValueError) as exc:
        raise ValueError(f"年度报告的成文日期无效：{doc.get('date')!r}") from exc
    if not str(doc.get("title", "")).strip() or not str(doc.get("issuer", "")).strip():
        raise ValueError("年度报告缺少标题或署名机关")
    sections = doc["figures"]["sections"]

    s2 = []
    for block in sections["二"]["blocks"]:
        columns = list(block["columns"][1:])  # after 信息内容
        s2.append({
            "key": block.get("key", ""), "title": block["title"], "header": list(block["columns"]),
            "rows": [{"key": r.get("key", ""), "label": r["label"],
                      "cells": [_cell(r["values"][c], c == AMOUNT_LABEL) for c in columns]} for r in block["rows"]],
        })

    columns3 = list(sections["三"]["columns"])
    if columns3 != [c.label for c in L.SECTION3_COLUMNS]:
        raise ValueError(f"第三部分的列与全国统一格式不符：{columns3}")
    s3, parent = [], ""
    for r in sections["三"]["rows"]:
        if r["level"] < 2:
            parent = r["label"]
        s3.append({"key": r.get("key", ""), "label": r["label"], "level": r["level"], "parent": parent,
                   "cells": None if r["values"] is None else [_cell(r["values"][c]) for c in columns3]})

    columns4 = list(sections["四"]["columns"])
    groups: list[dict] = []
    for r in sections["四"]["rows"]:
        if r["group"] and groups and groups[-1]["label"] == r["group"]:
            groups[-1]["subs"].append(r["label"])
        else:
            groups.append({"label": r["group"] or r["label"], "subs": [r["label"]] if r["group"] else []})
    s4 = [{"key": r.get("key", ""), "label": r["label"], "group": r["group"],
           "cells": [_cell(r["values"][c]) for c in columns4]} for r in sections["四"]["rows"]]

    adjustments = _adjustments(doc.get("adjustments") or [], s2, s3, columns3, s4, columns4)
    narrative = doc.get("narrative") or {}
    return {
        "title": str(doc["title"]).strip(), "issuer": str(doc["issuer"]).strip(), "year": doc.get("year"),
        "day": day, "signed_on": chinese_date(day), "version": doc.get("version") or 1,
        "opening": _lines(doc.get("opening", "")), "correction": _lines(doc.get("correction", "")),
        "sections": [{"numeral": n, "title": s.title, "paragraphs": _lines(narrative.get(n, "")),
                      "table": n if n in TABLE_SECTIONS else ""} for n, s in zip(NUMERALS, L.SECTIONS, strict=True)],
        "s2": s2, "s3": {"columns": columns3, "rows": s3},
        "s4": {"columns": columns4, "groups": groups, "rows": s4},
        "adjustments": adjustments,
    }


def _adjustments(items, s2, s3, columns3, s4, columns4) -> list[dict]:
    """Each adjustment found in its table (by key, else by official label), its cell set to the
    reported value and marked with its number; in the order of the tables."""
    def find(adj) -> tuple[dict, str, str] | None:
        section, key, col = adj.get("section"), adj.get("row_key"), adj.get("column")
        if section == "二":
            for block in s2:
                for r in block["rows"]:
                    if r["key"] == key or r["label"] == adj.get("row"):
                        header = block["header"][1:]
                        if col in header:
                            return r["cells"][header.index(col)], f"{block['title']} {r['label']}", col
        if section == "三" and col in columns3:
            for r in s3:
                if r["cells"] is not None and (r["key"] == key or r["label"] == adj.get("row")):
                    where = f"{r['parent']} {r['label']}" if r["level"] == 2 else r["label"]
                    return r["cells"][columns3.index(col)], where, col
        if section == "四" and col in columns4:
            for r in s4:
                full = f"{r['group']}（{r['label']}）" if r["group"] else r["label"]
                if r["key"] == key or adj.get("row") in (r["label"], full):
                    return r["cells"][columns4.index(col)], full, col
        return None

    order = {s: i for i, s in enumerate(TABLE_SECTIONS)}
    found = []
    for adj in sorted(items, key=lambda a: order.get(a.get("section"), 9)):
        hit = find(adj)
        if hit is None:
            raise ValueError(f"人工调整的单元格不在报告表格中：第{adj.get('section')}部分“{adj.get('row')}”行"
                             f"“{adj.get('column')}”列")
        cell, where, column = hit
        if cell["mark"]:
            raise ValueError(f"同一单元格有两项人工调整：“{where}”行“{column}”列")
        n = len(found) + 1
        cell.update(_cell(adj["value"], cell["amount"]), mark=n)
        computed = _number_text(adj["computed"], cell["amount"])
        found.append({
            "n": n, "mark": f"*{n}", "section": adj["section"], "row": where, "column": column,
            "computed": _number(adj["computed"], cell["amount"]), "computed_text": computed,
            "value": cell["value"], "value_text": cell["text"], "reason": str(adj.get("reason", "")).strip(),
            "text": f"“{where}”行“{column}”列：系统计算值{computed}，报告值{cell['text']}。"
                    f"调整原因：{_sentence(str(adj.get('reason', '')))}",
        })
    return found


def _notes(model: dict, section: str) -> list[dict]:
    return [{"mark": a["mark"], "text": a["text"]} for a in model["adjustments"] if a["section"] == section]


# -------------------------------------------------------------------------------------------- PDF


def _paragraph(text: str) -> dict:
    level, lead, rest = split_heading(text)
    return {"level": level, "lead": breakable(lead), "rest": breakable(rest)}


def _typst_data(model: dict, fonts: dict[str, list[str]]) -> dict:
    def cells(items: list[dict]) -> list[dict]:
        return [{"text": c["text"], "mark": f"*{c['mark']}" if c["mark"] else ""} for c in items]

    day = model["day"]
    return {
        "title": model["title"],
        "issuer": model["issuer"],
        "signed_on": model["signed_on"],
        "date": [day.year, day.month, day.day],
        "correction_label": CORRECTION_LABEL,
        "correction": [breakable(p) for p in model["correction"]],
        "opening": [_paragraph(p) for p in model["opening"]],
        "sections": [{"title": s["title"], "table": s["table"], "paragraphs": [_paragraph(p) for p in s["paragraphs"]],
                      "notes": _notes(model, s["table"]) if s["table"] else []} for s in model["sections"]],
        "s2": [{"title": b["title"], "header": b["header"],
                "rows": [{"label": r["label"], "cells": cells(r["cells"])} for r in b["rows"]]} for b in model["s2"]],
        "s3": {
            "top": APPLICANT_HEADER,
            "header": [[top, [c.label for c in cols]] for top, cols in L.SECTION3_HEADER],
            "rows": [{"label": r["label"], "level": r["level"],
                      "cells": None if r["cells"] is None else cells(r["cells"])} for r in model["s3"]["rows"]],
            "note": SECTION3_NOTE,
        },
        "s4": {"groups": model["s4"]["groups"], "columns": model["s4"]["columns"],
               "cells": [c for r in model["s4"]["rows"] for c in cells(r["cells"])]},
        "fonts": fonts,
        "sizes": {**REPORT_SIZES, **font_sizes()},
        # 小标宋 is a heavy face by design; a plain 宋 fallback is set bold to look like it.
        "title_weight": "regular" if is_xiaobiaosong(fonts["title"][0]) else "bold",
    }


def render_report_pdf(doc: dict) -> bytes:
    """The report as an A4 PDF in the official-document layout, its Chinese fonts embedded."""
    model = _model(doc)
    return compile_pdf(TEMPLATE, lambda roles: _typst_data(model, roles), what="年度报告")


# ------------------------------------------------------------------------------------------- DOCX

TEXT_WIDTH_MM = 156


def _no_grid(paragraph) -> None:
    # Table text is smaller than the body: off the document grid, or Word spreads it to the 3号
    # line and character pitch.
    p_pr = paragraph._element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    # CT_PPr order: pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl, numPr,
    # suppressLineNumbers, pBdr, shd, tabs, suppressAutoHyphens, kinsoku, wordWrap,
    # overflowPunct, topLinePunct, autoSpaceDE, autoSpaceDN, bidi, adjustRightInd, snapToGrid, spacing …
    after = {qn(t) for t in ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
                             "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")}
    anchor = next((c for c in p_pr if c.tag in after), None)
    if anchor is None:
        p_pr.append(snap)
    else:
        anchor.addprevious(snap)


def _tight(paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER, left: float = 0) -> None:
    # Single-spaced, no space around (as the Normal style has it): only what differs is set, as a
    # report has some 300 cells.
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    if left:
        fmt.left_indent = Pt(left)
    _no_grid(paragraph)


def _put(cell, text: str, fonts, size: float, *, align=WD_ALIGN_PARAGRAPH.CENTER, mark: str = "",
         left: float = 0, family: str = "body") -> None:
    """Text in a table cell (its first paragraph), vertically centred; `mark` as a superscript."""
    p = cell.paragraphs[0]
    _tight(p, align=align, left=left)
    if text:
        add_run(p, text, fonts[family], size)
    if mark:
        add_run(p, mark, fonts[family], size).font.superscript = True
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


class _Grid:
    """A Word table filled cell by cell and merged at the end. python-docx's `table.cell()` walks
    the whole table on every call (section 三 took a second that way), so the cells are taken
    once from the regular grid, written, and the spans merged last, when nothing reads the grid."""

    def __init__(self, doc, rows: int, widths_mm: list[float], fonts, size: float, *, header_rows: int = 0):
        table = doc.add_table(rows=rows, cols=len(widths_mm))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: the widths below, whatever the text
        for i, width in enumerate(widths_mm):
            table.columns[i].width = Mm(width)
        self.table, self.fonts, self.size = table, fonts, size
        self.cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for i, tr in enumerate(table._tbl.tr_lst):
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row never splits across pages
            if i < header_rows:
                tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
            for cell, width in zip(self.cells[i], widths_mm, strict=True):
                cell.width = Mm(width)
        self.spans: list[tuple[int, int, int, int]] = []

    def put(self, row: int, col: int, text: str, *, rows: int = 1, cols: int = 1, head: bool = False,
            mark: int = 0, align=WD_ALIGN_PARAGRAPH.CENTER, left: float = 0) -> None:
        _put(self.cells[row][col], text, self.fonts, self.size, align=align, left=left,
             mark=f"*{mark}" if mark else "", family="heading" if head else "body")
        if rows > 1 or cols > 1:
            self.spans.append((row, col, row + rows - 1, col + cols - 1))

    def merge(self) -> None:
        for r0, c0, r1, c1 in self.spans:
            self.cells[r0][c0].merge(self.cells[r1][c1])


def _docx_paragraph(doc, text: str, fonts, body: float) -> None:
    level, lead, rest = split_heading(text)
    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2 * body)
    if lead:
        add_run(p, lead, fonts[{1: "heading", 2: "kai"}.get(level, "body")], body)
    if rest:
        add_run(p, rest, fonts["body"], body)


def _docx_small(doc, text: str, fonts, size: float, *, hanging: float = 0, before: float = 0, mark: str = ""):
    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, exact=None, left=hanging, indent=-hanging, before=before)
    _no_grid(p)
    if mark:
        add_run(p, mark + " ", fonts["body"], size)
    add_run(p, text, fonts["body"], size)
    return p


def _docx_notes(doc, notes: list[dict], fonts, size: float) -> None:
    if not notes:
        return
    _docx_small(doc, "说明：", fonts, size, before=size / 2)
    for note in notes:
        _docx_small(doc, note["text"], fonts, size, hanging=2 * size, mark=note["mark"])


def _docx_section2(doc, model, fonts, size) -> None:
    width = max(len(b["header"]) - 1 for b in model["s2"])
    label_w = 50
    widths = [label_w] + [(TEXT_WIDTH_MM - label_w) / width] * width
    for i, block in enumerate(model["s2"]):
        if i:
            spacer = doc.add_paragraph()  # two tables next to each other in Word would become one
            format_paragraph(spacer, exact=size / 2)
            _no_grid(spacer)
        n = len(block["header"]) - 1
        spans = [width // n + (1 if k < width % n else 0) for k in range(n)]
        starts = [1 + sum(spans[:k]) for k in range(n)]
        grid = _Grid(doc, 2 + len(block["rows"]), widths, fonts, size)
        grid.put(0, 0, block["title"], cols=width + 1, head=True)
        grid.put(1, 0, block["header"][0], head=True)
        for k, label in enumerate(block["header"][1:]):
            grid.put(1, starts[k], label, cols=spans[k], head=True)
        for j, row in enumerate(block["rows"], 2):
            grid.put(j, 0, row["label"])
            for k, cell in enumerate(row["cells"]):
                grid.put(j, starts[k], cell["text"], cols=spans[k], mark=cell["mark"])
        grid.merge()


def _docx_section3(doc, model, fonts, size) -> None:
    rows = model["s3"]["rows"]
    columns = model["s3"]["columns"]
    label_w = 60
    widths = [label_w] + [(TEXT_WIDTH_MM - label_w) / len(columns)] * len(columns)
    grid = _Grid(doc, 3 + len(rows), widths, fonts, size, header_rows=3)
    grid.put(0, 0, "", rows=3)
    grid.put(0, 1, APPLICANT_HEADER, cols=len(columns), head=True)
    col = 1
    for top, cols in L.SECTION3_HEADER:
        if top:
            grid.put(1, col, top, cols=len(cols), head=True)
            for k, c in enumerate(cols):
                grid.put(2, col + k, c.label, head=True)
        else:
            grid.put(1, col, cols[0].label, rows=2, head=True)
        col += len(cols)
    for j, row in enumerate(rows, 3):
        indent = row["level"] * size
        if row["cells"] is None:  # a heading without numbers spans the row
            grid.put(j, 0, row["label"], cols=len(columns) + 1, align=WD_ALIGN_PARAGRAPH.LEFT, left=indent)
            continue
        grid.put(j, 0, row["label"], align=WD_ALIGN_PARAGRAPH.LEFT, left=indent)
        for k, cell in enumerate(row["cells"], 1):
            grid.put(j, k, cell["text"], mark=cell["mark"])
    grid.merge()
    _docx_small(doc, "注：" + SECTION3_NOTE, fonts, size, before=size / 2)


def _docx_section4(doc, model, fonts, size) -> None:
    s4 = model["s4"]
    columns, groups = s4["columns"], s4["groups"]
    n = len(columns)
    total = n * sum(max(1, len(g["subs"])) for g in groups)
    header_rows = 3 if any(g["subs"] for g in groups) else 2
    grid = _Grid(doc, header_rows + 1, [TEXT_WIDTH_MM / total] * total, fonts, size, header_rows=header_rows)
    col = 0
    for g in groups:
        span = n * max(1, len(g["subs"]))
        grid.put(0, col, g["label"], cols=span, head=True)
        if g["subs"]:
            for k, sub in enumerate(g["subs"]):
                start = col + k * n
                grid.put(1, start, sub, cols=n, head=True)
                for m, label in enumerate(columns):
                    grid.put(2, start + m, label, head=True)
        else:
            for m, label in enumerate(columns):
                grid.put(1, col + m, label, rows=header_rows - 1, head=True)
        col += span
    for k, cell in enumerate(c for r in s4["rows"] for c in r["cells"]):
        grid.put(header_rows, k, cell["text"], mark=cell["mark"])
    grid.merge()


def render_report_docx(doc: dict) -> bytes:
    """The report as a Word document with the same content, in the same order, as the PDF."""
    model = _model(doc)
    fonts = {role: names[0] for role, names in font_roles().items()}
    sizes = {**REPORT_SIZES, **font_sizes()}
    body, small = sizes["body"], sizes["table"]
    document = new_document(fonts, sizes)
    section = document.sections[0]
    bold_title = not is_xiaobiaosong(fonts["title"])

    p = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_run(p, model["title"], fonts["title"], sizes["title"], bold=bold_title)

    if model["correction"]:
        for i, text in enumerate(model["correction"]):
            p = document.add_paragraph()
            format_paragraph(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2 * body, left=body / 2, right=body / 2,
                    before=LINE_PITCH_PT if i == 0 else 0)
            if i == 0:
                add_run(p, CORRECTION_LABEL, fonts["heading"], body)
            add_run(p, text, fonts["body"], body)
            # One box round all its paragraphs: Word joins equal borders of adjacent paragraphs.
            for edge in ("top", "left", "bottom", "right"):
                border(p, edge, 0.75, space_pt=4)

    for i, text in enumerate(model["opening"]):
        _docx_paragraph(document, text, fonts, body)
        if i == 0:
            document.paragraphs[-1].paragraph_format.space_before = Pt(LINE_PITCH_PT)

    for s in model["sections"]:
        p = document.add_paragraph()
        format_paragraph(p, indent=2 * body)
        p.paragraph_format.keep_with_next = True
        add_run(p, s["title"], fonts["heading"], body)
        for text in s["paragraphs"]:
            _docx_paragraph(document, text, fonts, body)
        if s["table"]:
            {"二": _docx_section2, "三": _docx_section3, "四": _docx_section4}[s["table"]](document, model, fonts, small)
            _docx_notes(document, _notes(model, s["table"]), fonts, small)

    # 署名 centred over the 成文日期, which stands four characters in from the right.
    signed = model["signed_on"]
    date_right = 4 * body
    issuer_right = max(0.0, date_right + (text_width(signed) - text_width(model["issuer"])) / 2 * body)
    p = document.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2 * LINE_PITCH_PT, right=issuer_right)
    p.paragraph_format.keep_with_next = True
    add_run(p, model["issuer"], fonts["body"], body)
    p = document.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right)
    add_run(p, signed, fonts["body"], body)

    page_numbers(section, fonts, sizes, first_page=True)
    return save_docx(document, model["title"], model["issuer"], model["day"])


# ------------------------------------------------------------------------------------------- XLSX

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
ADJUSTED = PatternFill("solid", fgColor="FFF2CC")
SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _xl_width(text: str) -> float:
    """Column width in Excel units: a Chinese character is about two."""
    return sum(1.1 if ord(c) < 0x2E80 else 2.1 for c in text) + 2


class _Sheet:
    """A sheet filled row by row with bordered, centred cells and merges."""

    def __init__(self, wb: Workbook, title: str, model: dict, width: int, *, first: bool = False):
        self.ws = wb.active if first else wb.create_sheet()
        self.ws.title = SHEET_CHARS.sub("", title)[:31]
        self.width = width
        self.row = 1
        # Printed on A4, as wide as the page; the wide table of section 四 lies on its side.
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.orientation = "landscape" if width > 8 else "portrait"
        self.ws.page_setup.fitToWidth, self.ws.page_setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.banner(model["title"], Font(bold=True, size=14))
        self.banner(title, Font(bold=True, size=12))

    def banner(self, text: str, font: Font | None = None, *, height: float | None = None) -> None:
        ws = self.ws
        ws.cell(self.row, 1, text).font = font or Font()
        ws.cell(self.row, 1).alignment = Alignment(horizontal="left" if font is None else "center",
                                                   vertical="center", wrap_text=True)
        if self.width > 1:
            ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        if height:
            ws.row_dimensions[self.row].height = height
        self.row += 1

    def put(self, row: int, col: int, value, *, rows: int = 1, cols: int = 1, header: bool = False,
            align: Alignment = CENTRE, adjustment: dict | None = None, number_format: str = ""):
        ws = self.ws
        cell = ws.cell(row, col, value)
        cell.alignment = align
        if header:
            cell.font = Font(bold=True)
        if number_format:
            cell.number_format = number_format
        if adjustment:
            cell.fill = ADJUSTED
            cell.comment = Comment(f"人工调整{adjustment['mark']}：{adjustment['text']}", "政府信息公开年度报告")
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                ws.cell(r, c).border = GRID
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
        return cell

    def number(self, row: int, col: int, cell: dict, adjustments: dict, *, cols: int = 1):
        return self.put(row, col, cell["value"], cols=cols, adjustment=adjustments.get(cell["mark"]),
                        number_format="0.0000" if cell["amount"] else "0")


def _xlsx_section2(wb, model, adjustments) -> None:
    blocks = model["s2"]
    width = 1 + max(len(b["header"]) - 1 for b in blocks)
    sheet = _Sheet(wb, L.SECTION_TITLES["proactive"], model, width, first=True)
    sheet.row += 1
    header_end = 0
    for b in blocks:
        n = len(b["header"]) - 1
        spans = [(width - 1) // n + (1 if k < (width - 1) % n else 0) for k in range(n)]
        starts = [2 + sum(spans[:k]) for k in range(n)]
        sheet.put(sheet.row, 1, b["title"], cols=width, header=True)
        sheet.put(sheet.row + 1, 1, b["header"][0], header=True)
        for k, label in enumerate(b["header"][1:]):
            sheet.put(sheet.row + 1, starts[k], label, cols=spans[k], header=True)
        header_end = header_end or sheet.row + 1
        r = sheet.row + 2
        for row in b["rows"]:
            sheet.put(r, 1, row["label"])
            for k, cell in enumerate(row["cells"]):
                sheet.number(r, starts[k], cell, adjustments, cols=spans[k])
            r += 1
        sheet.row = r + 1
    labels = [r["label"] for b in blocks for r in b["rows"]] + [b["header"][0] for b in blocks]
    sheet.ws.column_dimensions["A"].width = max(map(_xl_width, labels))
    for c in range(2, width + 1):
        sheet.ws.column_dimensions[get_column_letter(c)].width = 16
    sheet.ws.freeze_panes = "B3"  # the titles and the label column stay in view


def _xlsx_section3(wb, model, adjustments) -> None:
    columns, rows = model["s3"]["columns"], model["s3"]["rows"]
    width = 1 + len(columns)
    sheet = _Sheet(wb, L.SECTION_TITLES["applications"], model, width)
    top = sheet.row
    sheet.put(top, 1, "", rows=3)
    sheet.put(top, 2, APPLICANT_HEADER, cols=len(columns), header=True)
    col = 2
    for label, cols in L.SECTION3_HEADER:
        if label:
            sheet.put(top + 1, col, label, cols=len(cols), header=True)
            for k, c in enumerate(cols):
                sheet.put(top + 2, col + k, c.label, header=True)
        else:
            sheet.put(top + 1, col, cols[0].label, rows=2, header=True)
        col += len(cols)
    r = top + 3
    for row in rows:
        align = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * row["level"])
        if row["cells"] is None:
            sheet.put(r, 1, row["label"], cols=width, align=align)
        else:
            sheet.put(r, 1, row["label"], align=align)
            for k, cell in enumerate(row["cells"], 2):
                sheet.number(r, k, cell, adjustments)
        r += 1
    sheet.ws.cell(r + 1, 1, "注：" + SECTION3_NOTE)
    # Wide enough for the longest label on one line (indent: about one character per level step).
    sheet.ws.column_dimensions["A"].width = max(_xl_width(r["label"]) + 2 * r["level"] for r in rows)
    for k, label in enumerate(columns, 2):
        sheet.ws.column_dimensions[get_column_letter(k)].width = max(10, _xl_width(label))
    sheet.ws.freeze_panes = f"B{top + 3}"
    sheet.ws.print_title_rows = f"{top}:{top + 2}"  # the header on every printed page


def _xlsx_section4(wb, model, adjustments) -> None:
    s4 = model["s4"]
    columns, groups = s4["columns"], s4["groups"]
    n = len(columns)
    width = n * sum(max(1, len(g["subs"])) for g in groups)
    deep = any(g["subs"] for g in groups)
    sheet = _Sheet(wb, L.SECTION_TITLES["remedies"], model, width)
    top, col = sheet.row, 1
    for g in groups:
        span = n * max(1, len(g["subs"]))
        sheet.put(top, col, g["label"], cols=span, header=True)
        if g["subs"]:
            for k, sub in enumerate(g["subs"]):
                start = col + k * n
                sheet.put(top + 1, start, sub, cols=n, header=True)
                for m, label in enumerate(columns):
                    sheet.put(top + 2, start + m, label, header=True)
        else:
            for m, label in enumerate(columns):
                sheet.put(top + 1, col + m, label, rows=2 if deep else 1, header=True)
        col += span
    values = top + (3 if deep else 2)
    for k, cell in enumerate((c for r in s4["rows"] for c in r["cells"]), 1):
        sheet.number(values, k, cell, adjustments)
    for k in range(1, width + 1):
        sheet.ws.column_dimensions[get_column_letter(k)].width = max(10, max(map(_xl_width, columns)))
    sheet.ws.freeze_panes = f"A{values}"


def _xlsx_notes(wb, model) -> None:
    ws = wb.create_sheet("说明")
    headers = ["序号", "部分", "行", "列", "系统计算值", "报告值", "调整原因"]
    ws.cell(1, 1, model["title"]).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(2, 1, f"第{model['version']}版，成文日期{model['signed_on']}，{model['issuer']}")
    row = 3
    if model["correction"]:
        ws.cell(row, 1, CORRECTION_LABEL.rstrip("：")).font = Font(bold=True)
        ws.cell(row, 2, "\n".join(model["correction"])).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(headers))
        ws.row_dimensions[row].height = 15 * max(1, sum(len(p) // 60 + 1 for p in model["correction"]))
        row += 1
    row += 1
    ws.cell(row, 1, "人工调整").font = Font(bold=True)
    row += 1
    for k, label in enumerate(headers, 1):
        cell = ws.cell(row, k, label)
        cell.font, cell.border, cell.alignment = Font(bold=True), GRID, CENTRE
    ws.freeze_panes = f"A{row + 1}"
    if not model["adjustments"]:
        ws.cell(row + 1, 1, "无")
    for i, a in enumerate(model["adjustments"], row + 1):
        fmt = "0.0000" if isinstance(a["value"], float) else "0"
        values = [a["mark"], f"{a['section']}、{L.SECTIONS[NUMERALS.index(a['section'])].title[2:]}", a["row"],
                  a["column"], a["computed"], a["value"], a["reason"]]
        for k, value in enumerate(values, 1):
            cell = ws.cell(i, k, value)
            cell.border = GRID
            cell.alignment = Alignment(vertical="center", wrap_text=True,
                                       horizontal="center" if k in (1, 5, 6) else "left")
            if k in (5, 6):
                cell.number_format = fmt
    for k, width in enumerate((8, 30, 50, 16, 12, 12, 40), 1):
        ws.column_dimensions[get_column_letter(k)].width = width


def render_report_xlsx(doc: dict) -> bytes:
    """The tables of sections 二, 三 and 四, one sheet each, numbers as numbers; a sheet 说明."""
    model = _model(doc)
    adjustments = {a["n"]: a for a in model["adjustments"]}
    wb = Workbook()
    _xlsx_section2(wb, model, adjustments)
    _xlsx_section3(wb, model, adjustments)
    _xlsx_section4(wb, model, adjustments)
    _xlsx_notes(wb, model)
    stamp = datetime(model["day"].year, model["day"].month, model["day"].day)
    wb.properties.creator = wb.properties.lastModifiedBy = model["issuer"]
    wb.properties.title = model["title"]
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    no_formulas(wb).save(out)
    return out.getvalue()
