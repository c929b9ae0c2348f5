"""The annual report as DOCX (python-docx): the body in the official-document layout, the tables
on a fixed grid in the `table` size, each adjustment's 说明 under its table."""


from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from gongkai.documents.style import LINE_PITCH_PT, font_roles, font_sizes, is_xiaobiaosong, split_heading
from gongkai.documents.word import (
    add_run,
    border,
    format_paragraph,
    new_document,
    page_numbers,
    save_docx,
    text_width,
)

from .. import labels as L
from .model import APPLICANT_HEADER, CORRECTION_LABEL, REPORT_SIZES, SECTION3_NOTE, prepare, table_notes

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
    model = prepare(doc)
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
            _docx_notes(document, table_notes(model, s["table"]), fonts, small)

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
