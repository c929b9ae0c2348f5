"""The annual report as XLSX (openpyxl): one sheet per table, the adjusted cells shaded and
commented, and a sheet of the adjustments' 说明."""

import io
import re
from datetime import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gongkai.core.text import no_formulas

from .. import labels as L
from .model import APPLICANT_HEADER, CORRECTION_LABEL, NUMERALS, SECTION3_NOTE, prepare

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
    model = prepare(doc)
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
