"""The shared letter renderer: PDF through Typst, DOCX through python-docx. No database."""

import io
import re
from datetime import date

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.documents import (
    DEFAULT_FONTS,
    NoticeDocument,
    chinese_date,
    render_docx,
    render_pdf,
    split_heading,
)

A4 = (595.28, 841.89)

PARAGRAPHS = [
    "本机关于2026年1月4日收到您的政府信息公开申请。经审查，申请内容不够明确，请您补正：",
    "1.所需政府信息的名称、文号或者其他特征性描述；",
    "（一）身份证明。请提供申请人身份证明的复印件。",
    "请于2026年1月30日前提交补正材料。无正当理由逾期不补正的，视为放弃申请。",
]


def make_letter(**changes) -> NoticeDocument:
    fields = dict(
        issuer="三明市公安局",
        number="明公信告〔2026〕17号",
        title="政府信息公开申请补正通知书",
        addressee="张三",
        paragraphs=PARAGRAPHS,
        signed_on=date(2026, 1, 5),
        attachments=["政府信息公开申请补正材料清单"],
        footer_note="（本文书中的日期按工作日计算）",
    )
    return NoticeDocument(**{**fields, **changes})


def flat(text: str) -> str:
    # pypdf breaks CJK lines where Typst did and sometimes inserts spaces: compare without whitespace.
    return re.sub(r"\s+", "", text)


def pdf_pages(pdf: bytes) -> list[pypdf.PageObject]:
    assert pdf.startswith(b"%PDF-")
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def embedded_fonts(pages) -> dict[str, bool]:
    """BaseFont name -> whether the font program is embedded (some /FontFile*)."""
    fonts = {}
    for page in pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = desc["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(key.startswith("/FontFile") for key in descriptor)
    return fonts


def assert_a4(page) -> None:
    box = page.mediabox
    assert abs(float(box.width) - A4[0]) <= 1 and abs(float(box.height) - A4[1]) <= 1, box


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_pdf(make_letter())


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"
    assert chinese_date(date(2026, 10, 23)) == "2026年10月23日"


def test_heading_levels_split_the_heading_words_from_the_rest():
    assert split_heading("一、总体要求") == (1, "一、总体要求", "")
    assert split_heading("（一）身份证明。请提供复印件。") == (2, "（一）身份证明。", "请提供复印件。")
    assert split_heading("1.所需信息的名称；") == (3, "1.所需信息的名称；", "")
    assert split_heading("（1）其他。") == (4, "（1）其他。", "")
    # A decimal is not a heading, nor is a date.
    assert split_heading("1.5万元已退还。")[0] == 0
    assert split_heading("2026年1月5日收到。") == (0, "", "2026年1月5日收到。")


def test_pdf_is_a4_and_holds_the_whole_letter(letter_pdf):
    pages = pdf_pages(letter_pdf)
    for page in pages:
        assert_a4(page)
    text = flat("".join(page.extract_text() for page in pages))
    for part in ["三明市公安局", "明公信告〔2026〕17号", "政府信息公开申请补正通知书", "张三：", "2026年1月5日",
                 "附件：政府信息公开申请补正材料清单", "（本文书中的日期按工作日计算）", *PARAGRAPHS]:
        assert flat(part) in text, part
    # Order: header, title, addressee, body, signature.
    positions = [text.index(flat(p)) for p in ["明公信告", "政府信息公开申请补正通知书", "张三：", *PARAGRAPHS,
                                               "2026年1月5日"]]
    assert positions == sorted(positions)


def test_pdf_embeds_a_cjk_font(letter_pdf):
    fonts = embedded_fonts(pdf_pages(letter_pdf))
    cjk = {name: embedded for name, embedded in fonts.items() if "Noto" in name and "CJK" in name}
    assert cjk and all(cjk.values()), fonts
    # The title's bold fallback and the 黑体 of the level-1 heading are not in this letter, the 楷体
    # fallback (Noto Serif) of "（一）" is: only serif faces, one of them bold for the title.
    assert any("Bold" in name for name in cjk) and not any("Sans" in name for name in cjk), fonts


def test_a_level_one_heading_is_set_in_the_heading_font():
    pdf = render_pdf(make_letter(paragraphs=["一、总体要求", *PARAGRAPHS]))
    assert any("NotoSansCJK" in name for name in embedded_fonts(pdf_pages(pdf)))


def test_markup_in_the_inputs_is_printed_literally():
    hostile = "#set page(width: 1cm) *粗体* $x$ <script>"
    pdf = render_pdf(make_letter(title="关于#strong[x]的告知书", addressee="_李四_", paragraphs=[hostile]))
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert_a4(pages[0])
    text = flat(pages[0].extract_text())
    assert flat(hostile) in text
    assert "关于#strong[x]的告知书" in text and "_李四_：" in text


def test_a_long_letter_runs_to_several_numbered_pages():
    paragraphs = [f"第{i}段。" + "申请人所需的政府信息不存在，本机关依法告知如下。" * 3 for i in range(1, 41)]
    pages = pdf_pages(render_pdf(make_letter(paragraphs=paragraphs)))
    assert len(pages) >= 3
    texts = [flat(page.extract_text()) for page in pages]
    # 信函格式: no number on the first page, "— n —" on the others.
    assert "—1—" not in texts[0]
    assert "—2—" in texts[1]
    assert f"—{len(pages)}—" in texts[-1]
    assert "第40段。" in texts[-1] and "2026年1月5日" in texts[-1]


def test_font_setting_is_read(settings):
    settings.GONGKAI_DOCUMENT_FONTS = {**DEFAULT_FONTS, "body": ["Noto Sans CJK SC"]}
    fonts = embedded_fonts(pdf_pages(render_pdf(make_letter())))
    assert any("NotoSansCJK" in name for name in fonts), fonts
    body = [p for p in docx.Document(io.BytesIO(render_docx(make_letter()))).paragraphs if p.text == PARAGRAPHS[0]]
    assert body[0].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"


# ---------------------------------------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def letter_docx() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(make_letter(copy_to="三明市人民政府办公室"))))


def test_docx_has_the_letter_in_order(letter_docx):
    texts = [p.text for p in letter_docx.paragraphs if p.text]
    expected = ["三明市公安局", "明公信告〔2026〕17号", "政府信息公开申请补正通知书", "张三：", *PARAGRAPHS,
                "附件：政府信息公开申请补正材料清单", "三明市公安局", "2026年1月5日", "抄送：三明市人民政府办公室。",
                "（本文书中的日期按工作日计算）"]
    assert texts == expected
    issuer = letter_docx.paragraphs[0].runs[0]
    assert str(issuer.font.color.rgb) == "FF0000"
    assert letter_docx.paragraphs[0]._element.pPr.find(qn("w:pBdr")) is not None  # the red line


def test_docx_page_is_a4_with_the_standard_margins(letter_docx):
    section = letter_docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)


def test_docx_body_runs_carry_an_east_asian_font_and_an_indent(letter_docx):
    body = [p for p in letter_docx.paragraphs if p.text in PARAGRAPHS]
    assert len(body) == len(PARAGRAPHS)
    for paragraph in body:
        assert paragraph.paragraph_format.first_line_indent.pt == 32
        for run in paragraph.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")) in {DEFAULT_FONTS[r][0] for r in ("body", "kai")}
    kai = [r for p in body for r in p.runs if r.text == "（一）身份证明。"]
    assert kai[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == DEFAULT_FONTS["kai"][0]


def test_docx_footer_has_a_page_field(letter_docx):
    section = letter_docx.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", xml)
        assert "— " in footer.paragraphs[0].text
    assert section.different_first_page_header_footer  # 信函格式: none on the first page


def test_docx_properties_name_the_issuer_not_the_tool(letter_docx):
    props = letter_docx.core_properties
    assert props.title == "政府信息公开申请补正通知书"
    assert props.author == props.last_modified_by == "三明市公安局"


def test_pasted_line_breaks_become_indented_paragraphs():
    document = docx.Document(io.BytesIO(render_docx(make_letter(paragraphs=["第一行。\n\n第二行。"]))))
    lines = [p for p in document.paragraphs if p.text in {"第一行。", "第二行。"}]
    assert [p.text for p in lines] == ["第一行。", "第二行。"]
    assert all(p.paragraph_format.first_line_indent.pt == 32 for p in lines)


# ------------------------------------------------------------------------------ the closing (§7.3.5)


@pytest.mark.parametrize("lines", range(1, 24, 2))
def test_gbt9704_7_3_5_pdf_carries_body_lines_over_with_the_closing(lines):
    # A long last paragraph pushed a page at a time past the end of page 1: wherever it ends, the
    # closing, the issuer and the date share their page with its end.
    last = "申请人所需的政府信息不存在本机关依法告知如下" * lines + "此为正文末句"
    letter = make_letter(paragraphs=[*PARAGRAPHS, last, "特此告知。"], attachments=[])
    texts = [flat(page.extract_text()) for page in pdf_pages(render_pdf(letter))]
    assert "2026年1月5日" in texts[-1] and "特此告知。" in texts[-1]
    assert "此为正文末句" in texts[-1].rpartition("特此告知。")[0], texts[-1]


def test_gbt9704_7_3_5_docx_keeps_the_last_paragraph_with_the_signature():
    document = docx.Document(io.BytesIO(render_docx(make_letter(paragraphs=[*PARAGRAPHS, "特此告知。"]))))
    keep = {p.text: p.paragraph_format.keep_with_next for p in document.paragraphs if p.text}
    assert keep[PARAGRAPHS[-1]] and keep["特此告知。"] and keep["附件：政府信息公开申请补正材料清单"]
    assert keep["三明市公安局"] is True and not keep[PARAGRAPHS[0]]
