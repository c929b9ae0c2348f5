"""The annual report as PDF (Typst), DOCX (python-docx) and XLSX (openpyxl): the national format's
sections and tables with their official labels, the numbers in their rows and columns, adjustments
marked and explained, the correction note, staff text printed literally. Most tests use a report
built in memory and passed through `annual.to_dict`; one computes it from records in the database."""

import io
import re
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.applications.models import ApplicantKind
from gongkai.documents import DEFAULT_FONTS
from gongkai.publications.models import EnforcementFigures
from gongkai.reports import annual
from gongkai.reports import labels as L
from gongkai.reports.document.pdf import render_report_pdf
from gongkai.reports.document.sheet import render_report_xlsx
from gongkai.reports.document.word import render_report_docx
from tests.documents.test_letters import assert_a4, embedded_fonts, flat, pdf_pages
from tests.reports.conftest import bodies, case, remedy  # noqa: F401 (fixtures)

COLUMNS = [c.label for c in L.SECTION3_COLUMNS]
SECTION_TITLES = [s.title for s in L.SECTIONS]
SECTION2_LABELS = [*{label for b in L.SECTION2 for label in (b.title, *b.header)},
                   *(r.label for b in L.SECTION2 for r in b.rows)]
SECTION4_LABELS = ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", *(c.label for c in L.SECTION4_COLUMNS)]
LEAVES = [r.key for r in L.OUTCOME_ROWS]
APPLICANTS = [c.key for c in L.APPLICANT_COLUMNS]

NARRATIVE = {
    "一": "2025年，本局坚持以公开为常态、不公开为例外，全面推进政务公开。\n"
          "（一）主动公开。全年主动公开政府信息1234条。\n（二）依申请公开。全年新收申请均按期答复。",
    "五": "一是公开内容还不够全面。二是政策解读形式较为单一。\n2026年，本局将进一步加强政府信息公开工作。",
    "六": "本机关2025年未收取信息处理费。",
}
ADJUSTMENTS = [
    {"section": "三", "row": "1.属于国家秘密", "column": "自然人", "computed": 3, "value": 5,
     "reason": "2020年前纸质台账补录"},
    {"section": "二", "row": "行政事业性收费", "column": "本年收费金额（单位：万元）", "computed": 12.3456,
     "value": 13.5, "reason": "补录一笔收费"},
    # As reports.services freezes it: keys as well as labels, 四's row named with its group.
    {"section": "四", "row": "行政诉讼（复议后起诉）", "column": "总计", "row_key": "litigation_after",
     "column_key": "total", "computed": 15, "value": 16, "reason": "2024年纸质台账补录"},
]
CORRECTION = "第1版第三部分“（七）总计”行“自然人”列数据有误，已更正。"


def synthetic_report() -> annual.AnnualReport:
    """A consistent report (all five rules hold) in which neighbouring cells differ."""
    cell = lambda value: annual.Cell(value, (), annual.APPLICATION)  # noqa: E731
    s3 = {(r, c): cell((i * 3 + j) % 5) for i, r in enumerate(LEAVES) for j, c in enumerate(APPLICANTS)}
    for j, c in enumerate(APPLICANTS):
        total = sum(s3[(r, c)].value for r in LEAVES)
        s3[(L.TOTAL, c)] = cell(total)
        s3[(L.CARRIED_IN, c)] = cell(j + 2)
        s3[(L.CARRIED_OUT, c)] = cell(j + 4)
        s3[(L.RECEIVED, c)] = cell(total + 2)
    for r in L.COUNTED_ROWS:
        s3[(r.key, L.TOTAL)] = cell(sum(s3[(r.key, c)].value for c in APPLICANTS))
    s2 = {key: cell(Decimal("12.3456") if key[0] == "fee" else 100 + i) for i, key in enumerate(L.SECTION2_CELLS)}
    s4 = {}
    for i, row in enumerate(L.SECTION4_ROWS):
        results = [i + 1, i + 2, 0, i]
        for col, value in zip(L.RESULT_COLUMNS, results, strict=True):
            s4[(row.key, col.key)] = cell(value)
        s4[(row.key, L.TOTAL)] = cell(sum(results))
    report = annual.AnnualReport(1, "350400", "三明市公安局", 2025, False, s2, s3, s4)
    assert annual.check(report) == []
    return report


REPORT = synthetic_report()


def make_doc(**changes) -> dict:
    fields = {
        "title": "三明市公安局2025年政府信息公开工作年度报告",
        "issuer": "三明市公安局",
        "year": 2025,
        "date": "2026-01-20",
        "opening": "本报告根据《中华人民共和国政府信息公开条例》要求编制。\n"
                   "本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。",
        "narrative": NARRATIVE,
        "figures": annual.to_dict(REPORT, with_ids=True),
        "adjustments": ADJUSTMENTS,
        "correction": CORRECTION,
        "version": 2,
    }
    return {**fields, **changes}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(pdf))


def after(text: str, label: str, n: int) -> list[str]:
    """The `n` words that follow `label` in the extracted text (the label may wrap over lines)."""
    match = re.search(r"\s*".join(map(re.escape, label)) + rf"((?:\s+\S+){{{n}}})", text)
    assert match, label
    return match.group(1).split()


def expected_row(key: str) -> list[str]:
    return [str(REPORT.value("三", key, c.key)) for c in L.SECTION3_COLUMNS]


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_report_pdf(make_doc())


@pytest.fixture(scope="module")
def report_docx() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_report_docx(make_doc())))


@pytest.fixture(scope="module")
def report_xlsx() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_report_xlsx(make_doc())))


# ---------------------------------------------------------------------------------------------- PDF


def test_pdf_holds_every_official_label_in_order(report_pdf):
    text = flat(pdf_text(report_pdf))
    for label in [*SECTION_TITLES, *(r.label for r in L.SECTION3_ROWS), *COLUMNS, "申请人情况", "法人或其他组织",
                  *SECTION2_LABELS, *SECTION4_LABELS]:
        assert flat(label) in text, label
    # Title, correction, opening, sections 一 … 六 in order, the narrative in its section, signature last.
    order = ["三明市公安局2025年政府信息公开工作年度报告", "更正说明", "本报告根据", *SECTION_TITLES[:2],
             "第二十条第（一）项", SECTION_TITLES[2], "一、本年新收", "四、结转下年度继续办理", SECTION_TITLES[3],
             SECTION_TITLES[4], "一是公开内容还不够全面", SECTION_TITLES[5], "未收取信息处理费"]
    positions = [text.index(flat(part)) for part in order]
    assert positions == sorted(positions)
    assert re.search(r"未收取信息处理费。三明市公安局2026年1月20日—\d+—$", text)
    assert "（二）依申请公开。全年新收申请均按期答复。" in text
    # The header note of the official table, under the table.
    assert flat("注：" + "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和") in text


def test_pdf_rows_carry_their_numbers(report_pdf):
    text = pdf_text(report_pdf)
    for row in L.COUNTED_ROWS:
        expected = expected_row(row.key)
        if row.key == "refused.1":
            expected[0] = "5*2"  # the adjusted cell: the reported value and its mark (二's is *1)
        assert after(text, row.label, 7) == expected, row.label
    # Section 二: each row's numbers under its block's columns; the fee in 万元 with four decimals.
    assert after(text, "行政规范性文件", 3) == ["103", "104", "105"]
    assert after(text, "行政许可", 1) == ["106"]
    assert after(text, "行政处罚", 1) == ["107"] and after(text, "行政强制", 1) == ["108"]
    assert after(text, "行政事业性收费", 1) == ["13.5000*1"]
    # Section 四: one row of fifteen numbers under the two-level header.
    part = text[text.index("四、政府信息公开行政复议"):text.index("五、存在的主要问题")]
    numbers = re.search(r"(?:\S+\s+){14}\S+(?=\s+说明)", part).group().split()
    assert numbers == ["1", "2", "0", "0", "3", "2", "3", "0", "1", "6", "3", "4", "0", "2", "16*3"]


def test_pdf_explains_each_adjustment_under_its_table(report_pdf):
    text = flat(pdf_text(report_pdf))
    # Numbered in the order of the tables, whatever the order of the input.
    notes = [
        "*1“第二十条第（八）项行政事业性收费”行“本年收费金额（单位：万元）”列：系统计算值12.3456，报告值13.5000。"
        "调整原因：补录一笔收费。",
        "*2“（三）不予公开1.属于国家秘密”行“自然人”列：系统计算值3，报告值5。调整原因：2020年前纸质台账补录。",
        "*3“行政诉讼（复议后起诉）”行“总计”列：系统计算值15，报告值16。调整原因：2024年纸质台账补录。",
    ]
    for note in notes:
        assert flat(note) in text, note
    # Each under its own table: 二's before 三's title, 三's before 四's, 四's before 五's.
    marks = [text.index(flat(n)) for n in notes]
    titles = [text.index(flat(t)) for t in SECTION_TITLES[1:5]]
    assert titles[0] < marks[0] < titles[1] < marks[1] < titles[2] < marks[2] < titles[3]


def test_pdf_fee_has_four_decimals_and_no_adjustments_no_notes():
    text = pdf_text(render_report_pdf(make_doc(adjustments=[], correction="")))
    assert after(text, "行政事业性收费", 1) == ["12.3456"]
    assert after(text, "1.属于国家秘密", 7) == expected_row("refused.1")
    assert "说明：" not in text and "更正说明" not in text and "*" not in text


def test_pdf_is_a4_with_page_numbers_odd_right_even_left(report_pdf):
    pages = pdf_pages(report_pdf)
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        assert_a4(page)
        found = []

        def visit(text, cm, tm, font, size, found=found, n=n):
            if text.strip() == f"— {n} —":
                found.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

        page.extract_text(visitor_text=visit)
        assert len(found) == 1, n
        # 28 mm left margin, 26 mm right: one character in from the edge of the text block.
        assert (found[0] > 595.28 / 2) == (n % 2 == 1), (n, found)


def test_pdf_section3_header_repeats_where_the_table_breaks(report_pdf):
    texts = [flat(page.extract_text()) for page in pdf_pages(report_pdf)]
    rows = [flat(r.label) for r in L.SECTION3_ROWS if r.level == 2]
    pages = [i for i, t in enumerate(texts) if any(label in t for label in rows)]
    assert pages  # the sample's table does break: the header must stand on every page with its rows
    for i in pages:
        assert all(flat(part) in texts[i] for part in ["申请人情况", "法人或其他组织", *COLUMNS]), i


def test_pdf_embeds_cjk_fonts(report_pdf):
    fonts = embedded_fonts(pdf_pages(report_pdf))
    cjk = {name: embedded for name, embedded in fonts.items() if "CJK" in name}
    assert cjk and all(cjk.values()), fonts
    # 仿宋 fallback (serif) for the body, 黑体 fallback (sans) for the headings, bold 宋 for the title.
    assert any("Serif" in n for n in cjk) and any("Sans" in n for n in cjk) and any("Bold" in n for n in cjk)


def test_pdf_correction_is_printed_right_after_the_title(report_pdf):
    first = flat(pdf_pages(report_pdf)[0].extract_text())
    title, note, opening = (first.index(flat(t)) for t in ["年度报告", "更正说明：" + CORRECTION, "本报告根据"])
    assert title < note < opening


# --------------------------------------------------------------------------------------------- DOCX


def docx_table3(document):
    return next(t for t in document.tables if t.cell(0, 1).text == "申请人情况")


def test_docx_section3_table_has_the_official_header_rows_and_numbers(report_docx):
    table = docx_table3(report_docx)
    assert [c.text for c in table.rows[1].cells][1:] == ["自然人", *["法人或其他组织"] * 5, "总计"]
    assert [c.text for c in table.rows[2].cells][1:] == COLUMNS
    body = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[3:]}
    assert list(body) == [r.label for r in L.SECTION3_ROWS]
    for row in L.SECTION3_ROWS:
        if not row.counted:
            assert body[row.label] == [row.label] * 7  # a heading spans the row
        elif row.key != "refused.1":
            assert body[row.label] == expected_row(row.key), row.label
    assert body["1.属于国家秘密"][0] == "5*2"
    # The header repeats on every page; no row splits.
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.trPr
        assert (tr_pr.find(qn("w:tblHeader")) is not None) == (i < 3)
        assert tr_pr.find(qn("w:cantSplit")) is not None
    # Section 三 in the table size (五号), label rows indented by level.
    leaf = next(r for r in table.rows if r.cells[0].text == "1.属于国家秘密")
    assert leaf.cells[0].paragraphs[0].runs[0].font.size.pt == 10.5
    assert leaf.cells[0].paragraphs[0].paragraph_format.left_indent.pt == 21
    mark = leaf.cells[1].paragraphs[0].runs[-1]
    assert mark.text == "*2" and mark.font.superscript


def test_docx_section2_and_4_tables(report_docx):
    tables = report_docx.tables
    assert len(tables) == 6  # four blocks of 二, 三, 四
    blocks = tables[:4]
    assert [b.cell(0, 0).text for b in blocks] == [b.title for b in L.SECTION2]
    assert [c.text for c in blocks[0].rows[1].cells] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c.text for c in blocks[0].rows[3].cells] == ["行政规范性文件", "103", "104", "105"]
    assert [c.text for c in blocks[1].rows[2].cells] == ["行政许可", "106", "106", "106"]  # spans the columns
    assert blocks[3].cell(2, 1).text == "13.5000*1"
    remedies = tables[5]
    assert [c.text for c in remedies.rows[0].cells] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert [c.text for c in remedies.rows[1].cells][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert [c.text for c in remedies.rows[2].cells] == [c.label for c in L.SECTION4_COLUMNS] * 3
    assert [c.text for c in remedies.rows[3].cells] == ["1", "2", "0", "0", "3", "2", "3", "0", "1", "6",
                                                       "3", "4", "0", "2", "16*3"]


def test_docx_has_the_text_in_order_with_notes_and_signature(report_docx):
    texts = [p.text for p in report_docx.paragraphs if p.text]
    assert texts[0] == "三明市公安局2025年政府信息公开工作年度报告"
    assert texts[1] == "更正说明：" + CORRECTION
    assert texts[-2:] == ["三明市公安局", "2026年1月20日"]
    for title in SECTION_TITLES:
        assert title in texts
    assert texts.index(SECTION_TITLES[0]) < texts.index("（一）主动公开。全年主动公开政府信息1234条。") < texts.index(
        SECTION_TITLES[1])
    assert "注：本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和" in texts
    assert "*2 “（三）不予公开 1.属于国家秘密”行“自然人”列：系统计算值3，报告值5。调整原因：2020年前纸质台账补录。" in texts
    # The correction is boxed: a border on every side of its paragraph.
    box = next(p for p in report_docx.paragraphs if p.text.startswith("更正说明"))
    borders = box._element.pPr.find(qn("w:pBdr"))
    assert {child.tag for child in borders} == {qn(f"w:{e}") for e in ("top", "left", "bottom", "right")}
    # Section headings in 黑体, body paragraphs two characters in.
    heading = next(p for p in report_docx.paragraphs if p.text == SECTION_TITLES[4])
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == DEFAULT_FONTS["heading"][0]
    body = next(p for p in report_docx.paragraphs if p.text.startswith("一是公开内容"))
    assert body.paragraph_format.first_line_indent.pt == 32


def test_docx_page_and_page_numbers(report_docx):
    section = report_docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert not section.different_first_page_header_footer  # a report numbers its first page too
    for footer in (section.footer, section.even_page_footer):
        assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", footer._element.xml)
    assert report_docx.core_properties.author == "三明市公安局"


# --------------------------------------------------------------------------------------------- XLSX


def test_xlsx_sheets_hold_numbers_under_the_official_labels(report_xlsx):
    assert report_xlsx.sheetnames == [*SECTION_TITLES[1:4], "说明"]
    ws = report_xlsx[SECTION_TITLES[2]]
    assert ws["A1"].value == "三明市公安局2025年政府信息公开工作年度报告" and ws["A2"].value == SECTION_TITLES[2]
    assert ws["B3"].value == "申请人情况" and ws["C4"].value == "法人或其他组织"
    assert [ws.cell(5, c).value for c in range(3, 8)] == COLUMNS[1:6]
    assert ws["B4"].value == "自然人" and ws["H4"].value == "总计"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B3:H3", "C4:G4", "B4:B5", "H4:H5", "A3:A5"} <= merged
    assert ws.freeze_panes == "B6"
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 9)]
            for r in range(6, 6 + len(L.SECTION3_ROWS))}
    assert list(rows) == [r.label for r in L.SECTION3_ROWS]
    for row in L.COUNTED_ROWS:
        values = rows[row.label]
        assert all(type(v) is int for v in values), row.label
        expected = [int(v) for v in expected_row(row.key)]
        if row.key == "refused.1":
            expected[0] = 5
        assert values == expected, row.label
    assert rows["（三）不予公开"] == [None] * 7
    assert ws.column_dimensions["A"].width >= 70  # the longest label on one line
    adjusted = ws.cell(6 + [r.label for r in L.SECTION3_ROWS].index("1.属于国家秘密"), 2)
    assert "2020年前纸质台账补录" in adjusted.comment.text


def test_xlsx_sections_2_and_4(report_xlsx):
    ws = report_xlsx[SECTION_TITLES[1]]
    cells = {(r, c): ws.cell(r, c).value for r in range(1, ws.max_row + 1) for c in range(1, 5)}
    where = {v: k for k, v in cells.items() if isinstance(v, str)}
    r, _ = where["行政规范性文件"]
    assert [cells[(r, c)] for c in range(2, 5)] == [103, 104, 105]
    r, _ = where["行政事业性收费"]
    fee = ws.cell(r, 2)
    assert fee.value == 13.5 and isinstance(fee.value, float) and fee.number_format == "0.0000"
    assert ws.cell(r - 1, 2).value == "本年收费金额（单位：万元）"
    assert f"B{r}:D{r}" in {str(m) for m in ws.merged_cells.ranges}
    for block in L.SECTION2:
        assert block.title in where
    ws = report_xlsx[SECTION_TITLES[3]]
    assert ws["A3"].value == "行政复议" and ws["F3"].value == "行政诉讼"
    assert ws["F4"].value == "未经复议直接起诉" and ws["K4"].value == "复议后起诉"
    assert [ws.cell(4, c).value for c in range(1, 6)] == [c.label for c in L.SECTION4_COLUMNS]
    assert [ws.cell(5, c).value for c in range(6, 16)] == [c.label for c in L.SECTION4_COLUMNS] * 2
    assert [ws.cell(6, c).value for c in range(1, 16)] == [1, 2, 0, 0, 3, 2, 3, 0, 1, 6, 3, 4, 0, 2, 16]
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5"} <= {str(m) for m in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A6"


def test_xlsx_notes_sheet_has_the_correction_and_adjustments(report_xlsx):
    ws = report_xlsx["说明"]
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert ["更正说明", CORRECTION] == values[2][:2]
    header = values.index(["序号", "部分", "行", "列", "系统计算值", "报告值", "调整原因"])
    assert values[header + 1] == ["*1", SECTION_TITLES[1], "第二十条第（八）项 行政事业性收费",
                                  "本年收费金额（单位：万元）", 12.3456, 13.5, "补录一笔收费"]
    assert values[header + 2] == ["*2", SECTION_TITLES[2], "（三）不予公开 1.属于国家秘密", "自然人", 3, 5,
                                  "2020年前纸质台账补录"]
    assert values[header + 3][:6] == ["*3", SECTION_TITLES[3], "行政诉讼（复议后起诉）", "总计", 15, 16]


# ------------------------------------------------------------------------------------- all formats


def test_markup_in_staff_text_is_printed_literally():
    hostile = "#set page(width: 1cm) *粗体* $x$ [链接](x) <script>alert(1)</script> #strong[y]"
    doc = make_doc(
        title="关于#strong[x]的$年度$报告", correction=hostile,
        narrative={**NARRATIVE, "六": hostile},
        adjustments=[{**ADJUSTMENTS[0], "reason": "台账#补录 *x* $y$ [z] <script>"}],
    )
    pdf = render_report_pdf(doc)
    pages = pdf_pages(pdf)
    for page in pages:
        assert_a4(page)
    text = flat(pdf_text(pdf))
    assert flat(hostile) in text and "关于#strong[x]的$年度$报告" in text
    assert flat("台账#补录 *x* $y$ [z] <script>。") in text
    texts = [p.text for p in docx.Document(io.BytesIO(render_report_docx(doc))).paragraphs]
    assert hostile in texts and "更正说明：" + hostile in texts and texts[0] == "关于#strong[x]的$年度$报告"
    wb = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(doc)))
    notes = [v for row in wb["说明"].iter_rows(values_only=True) for v in row]
    assert hostile in notes and "台账#补录 *x* $y$ [z] <script>" in notes


def test_an_adjustment_outside_the_tables_is_refused():
    bad = {"section": "三", "row": "三、本年度办理结果", "column": "自然人", "computed": 0, "value": 1, "reason": "x"}
    for render in (render_report_pdf, render_report_docx, render_report_xlsx):
        with pytest.raises(ValueError, match="不在报告表格中"):
            render(make_doc(adjustments=[bad]))
    with pytest.raises(ValueError, match="两项人工调整"):
        render_report_xlsx(make_doc(adjustments=[ADJUSTMENTS[0], ADJUSTMENTS[0]]))
    with pytest.raises(ValueError, match="成文日期"):
        render_report_docx(make_doc(date="2026-13-01"))


# ---------------------------------------------------------------------------------- from records


def test_a_computed_report_renders_its_numbers_in_every_format(bodies, case, remedy):  # noqa: F811 (fixtures)
    """compute() on a few records → to_dict → the three files: each number where the form puts it."""
    P, B, L_, OT = ApplicantKind.PERSON, ApplicantKind.BUSINESS, ApplicantKind.LEGAL, ApplicantKind.OTHER_ORG
    disclosed = case(P, date(2025, 2, 3), date(2025, 3, 1), "disclosed")
    case(B, date(2025, 4, 1), date(2025, 4, 20), "secret")
    case(L_, date(2024, 12, 20), date(2025, 1, 10), "not_exist")  # carried in from 2024
    case(OT, date(2025, 12, 20))  # open on 31 December: carried out
    remedy(disclosed, "reconsideration", date(2025, 5, 1), "maintained", date(2025, 6, 1))
    EnforcementFigures.objects.create(body=bodies["city"], year=2025, licences=321, penalties=654,
                                      coercive_measures=7, fees_wan_yuan=Decimal("1.2345"))
    report = annual.compute(bodies["city"], 2025)
    assert annual.check(report) == []
    doc = make_doc(figures=annual.to_dict(report, with_ids=True), adjustments=[], correction="")
    rows = {
        "一、本年新收政府信息公开申请数量": [1, 1, 0, 0, 0, 1, 3],
        "二、上年结转政府信息公开申请数量": [0, 0, 0, 0, 1, 0, 1],
        "（一）予以公开": [1, 0, 0, 0, 0, 0, 1],
        "1.属于国家秘密": [0, 1, 0, 0, 0, 0, 1],
        "1.本机关不掌握相关政府信息": [0, 0, 0, 0, 1, 0, 1],
        "（七）总计": [1, 1, 0, 0, 1, 0, 3],
        "四、结转下年度继续办理": [0, 0, 0, 0, 0, 1, 1],
    }
    remedies = [1, 0, 0, 0, 1] + [0] * 10

    text = pdf_text(render_report_pdf(doc))
    for label, values in rows.items():
        assert after(text, label, 7) == [str(v) for v in values], label
    assert after(text, "行政许可", 1) == ["321"] and after(text, "行政事业性收费", 1) == ["1.2345"]
    part = text[text.index("四、政府信息公开行政复议"):text.index("五、存在的主要问题")]
    assert re.search(r"(?:\d+\s+){14}\d+", part).group().split() == [str(v) for v in remedies]

    document = docx.Document(io.BytesIO(render_report_docx(doc)))
    table = docx_table3(document)
    body = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[3:]}
    for label, values in rows.items():
        assert body[label] == [str(v) for v in values], label
    assert [c.text for c in document.tables[1].rows[2].cells][:2] == ["行政许可", "321"]
    assert [c.text for c in document.tables[5].rows[3].cells] == [str(v) for v in remedies]

    wb = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(doc)))
    ws = wb[SECTION_TITLES[2]]
    found = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 9)] for r in range(6, ws.max_row + 1)}
    for label, values in rows.items():
        assert found[label] == values, label
    assert [wb[SECTION_TITLES[3]].cell(6, c).value for c in range(1, 16)] == remedies
    ws = wb[SECTION_TITLES[1]]
    fee = next(ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "行政事业性收费")
    assert fee.value == pytest.approx(1.2345) and fee.number_format == "0.0000"
