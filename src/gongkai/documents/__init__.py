"""Official letters (告知书, 通知书, 回执) as PDF (Typst) and DOCX (python-docx).

One `Letter` value, two renderers with the same content in the same order, laid out after
GB/T 9704-2012 in its 信函格式 (domain/documents.md). Fonts and sizes are settings:

    GONGKAI_DOCUMENT_FONTS       role -> font families, the bureau's own fonts first
    GONGKAI_DOCUMENT_SIZES       role -> size in pt
    GONGKAI_DOCUMENT_SYSTEM_FONTS, GONGKAI_DOCUMENT_FONT_PATHS  where Typst finds them (fonts.py)

The PDF template receives the letter as JSON in `sys.inputs`; nothing is spliced into markup.
"""

import io
import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import typst
from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import fonts

__all__ = ["Letter", "chinese_date", "render_docx", "render_pdf"]

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("letter.typ")

DEFAULT_FONTS = {
    "title": ["FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC"],
    "body": ["FangSong_GB2312", "仿宋_GB2312", "FangSong", "Noto Serif CJK SC"],
    "heading": ["SimHei", "黑体", "Noto Sans CJK SC"],
    "kai": ["KaiTi_GB2312", "楷体_GB2312", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"],
    "page_number": ["SimSun", "宋体", "Noto Serif CJK SC"],
}
# pt: 2号 title, 3号 body, 4号 page numbers and 版记; the issuer's red name has no fixed size.
DEFAULT_SIZES = {"title": 22, "body": 16, "page_number": 14, "issuer": 30, "record": 14}
RED = "#FF0000"

# Text block 156 × 225 mm, 22 lines of 28 characters (GB/T 9704 §5.2.1).
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINE_PITCH_PT = 225 / 22 * 72 / 25.4
CHAR_PITCH_PT = 156 / 28 * 72 / 25.4

# Heading levels of the body: 一、 → 1 (黑体), （一） → 2 (楷体), 1. → 3, （1） → 4 (both 仿宋).
# "1.5万元" is not a heading, hence the look-ahead.
_LEVELS = [
    (1, re.compile(r"[一二三四五六七八九十百]+、")),
    (2, re.compile(r"[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"\d+[.．](?!\d)")),
    (4, re.compile(r"[（(]\d+[）)]")),
]
# Font role of each level's heading words; the rest of a paragraph is body text.
_LEVEL_FONT = {0: "body", 1: "heading", 2: "kai", 3: "body", 4: "body"}


@dataclass(frozen=True)
class Letter:
    issuer: str  # 发文机关, red header and signature
    number: str  # 文号, "" for an unnumbered receipt
    title: str
    addressee: str  # rendered with a full-width colon
    paragraphs: list[str]
    signed_on: date  # 成文日期
    attachments: Sequence[str] = ()  # names; numbered "1." "2." when there are several
    copy_to: str = ""  # 抄送, in the 版记
    footer_note: str = ""  # a small line in the 版记


def chinese_date(day: date) -> str:
    """成文日期 with Arabic digits and no leading zeros: 2026年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def split_heading(paragraph: str) -> tuple[int, str, str]:
    """(level, heading words, rest). A level-1/2 heading is the text up to its first 。, as in
    "（一）强化领导。各单位要……"; a paragraph without one is a heading line of its own."""
    for level, pattern in _LEVELS:
        if pattern.match(paragraph):
            end = paragraph.find("。")
            if level > 2 or end < 0:
                return level, paragraph, ""
            return level, paragraph[: end + 1], paragraph[end + 1 :]
    return 0, "", paragraph


def _paragraphs(letter: Letter) -> list[str]:
    # Pasted text brings its own line breaks: every line is a paragraph, indented like the others.
    return [line.strip() for text in letter.paragraphs for line in text.splitlines() if line.strip()]


def _addressee(letter: Letter) -> str:
    return letter.addressee.rstrip().rstrip("：:") + "："


def _attachments(letter: Letter) -> list[str]:
    names = [a.strip() for a in letter.attachments if a.strip()]
    if len(names) < 2:
        return names
    return [n if re.match(r"\d+[.．]", n) else f"{i}.{n}" for i, n in enumerate(names, 1)]


def _copy_to(letter: Letter) -> str:
    # The last addressee of 抄送 ends with a full stop (GB/T 9704 §7.4.2).
    text = letter.copy_to.strip()
    return text if not text or text.endswith("。") else text + "。"


def _fonts() -> dict[str, list[str]]:
    return {**DEFAULT_FONTS, **getattr(settings, "GONGKAI_DOCUMENT_FONTS", DEFAULT_FONTS)}


def _sizes() -> dict[str, float]:
    return {**DEFAULT_SIZES, **getattr(settings, "GONGKAI_DOCUMENT_SIZES", DEFAULT_SIZES)}


def _is_xiaobiaosong(family: str) -> bool:
    return "xiaobiaosong" in family.lower().replace(" ", "") or "小标宋" in family


# ---------------------------------------------------------------------------------------------- PDF


def _available(fonts: dict[str, list[str]], index: typst.Fonts) -> dict[str, list[str]]:
    """Each role's list cut down to installed families (Typst warns about the others); a role with
    none installed keeps its list so Typst falls back to any font with the glyphs."""
    installed = {f.casefold() for f in index.families()}
    return {role: [f for f in names if f.casefold() in installed] or list(names) for role, names in fonts.items()}


_LONG_TOKEN = re.compile(r"[!-~]{41,}")


def _breakable(text: str) -> str:
    """Zero-width spaces every 10 characters of a Latin token longer than a line (a URL, a hash):
    Typst finds no break in it and would run it past the right margin."""
    return _LONG_TOKEN.sub(lambda m: "\u200b".join(re.findall(r".{1,10}", m.group())), text)


def _typst_data(letter: Letter, fonts: dict[str, list[str]]) -> dict:
    paragraphs = []
    for text in _paragraphs(letter):
        level, lead, rest = split_heading(text)
        paragraphs.append({"level": level, "lead": _breakable(lead), "rest": _breakable(rest)})
    return {
        "issuer": letter.issuer,
        "number": letter.number,
        "title": letter.title,
        "addressee": _addressee(letter),
        "paragraphs": paragraphs,
        "signed_on": chinese_date(letter.signed_on),
        "date": [letter.signed_on.year, letter.signed_on.month, letter.signed_on.day],
        "attachments": _attachments(letter),
        "copy_to": _copy_to(letter),
        "footer_note": letter.footer_note.strip(),
        "fonts": fonts,
        "sizes": _sizes(),
        # 小标宋 is a heavy face by design; a plain 宋 fallback is set bold to look like it.
        "title_weight": "regular" if _is_xiaobiaosong(fonts["title"][0]) else "bold",
        "red": RED,
    }


def compile_pdf(template: Path, make_data, *, what: str) -> bytes:
    """Compile a Typst template with the document's data (from `make_data(fonts)`, the fonts per
    role cut down to installed families) as JSON in sys.inputs; refuses, rather than renders, a
    text the installed fonts cannot show."""
    index = fonts.index()
    roles = _available(_fonts(), index)
    data = make_data(roles)
    fonts.require_glyphs(_strings(data), [f for names in roles.values() for f in names], what=what)
    pdf, warnings = typst.compile_with_warnings(
        template.read_bytes(), format="pdf", font_paths=index, sys_inputs={"data": json.dumps(data)})
    for warning in warnings:
        log.warning("%s template: %s", template.stem, warning.message)
    return pdf


def _strings(value) -> Iterator[str]:
    """Every text a document's data will print (not the font names and sizes that set it)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"fonts", "sizes", "red", "title_weight"}:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def render_pdf(letter: Letter) -> bytes:
    return compile_pdf(TEMPLATE, lambda roles: _typst_data(letter, roles), what="文书")


# --------------------------------------------------------------------------------------------- DOCX


def _set_fonts(run, family: str) -> None:
    # Word takes CJK glyphs from w:eastAsia; python-docx's font.name sets only the Latin slots.
    run.font.name = family
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), family)


def _run(paragraph, text: str, family: str, size: float, *, bold: bool = False, color: str | None = None):
    run = paragraph.add_run(text)
    _set_fonts(run, family)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
    return run


def _format(paragraph, *, align=None, before: float = 0, indent: float = 0, left: float = 0,
            right: float = 0, exact: float | None = LINE_PITCH_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(indent)
    fmt.left_indent = Pt(left)
    fmt.right_indent = Pt(right)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    fmt.widow_control = True


def _border(paragraph, edge: str, size_pt: float, color: str = "000000", style: str = "single",
            space_pt: int = 1) -> None:
    p_pr = paragraph._element.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    border = OxmlElement(f"w:{edge}")
    border.set(qn("w:val"), style)
    border.set(qn("w:sz"), str(round(size_pt * 8)))  # eighths of a point
    border.set(qn("w:space"), str(space_pt))
    border.set(qn("w:color"), color)
    borders.append(border)
    # pBdr must precede spacing/ind/jc in CT_PPr: move it to the front of the properties it knows.
    p_pr.remove(borders)
    anchor = next((c for c in p_pr if c.tag in {qn(t) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")}),
                  None)
    if anchor is None:
        p_pr.append(borders)
    else:
        anchor.addprevious(borders)


def _page_field(paragraph, family: str, size: float) -> None:
    _run(paragraph, "— ", family, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", family, size)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._element.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", family, size)


def _text_width(text: str) -> float:
    """Width in characters: Arabic digits and Latin letters are half-width."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _frame(paragraph) -> None:
    # A frame anchored to the bottom of the text block puts the 版记 at the foot of the last page.
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:yAlign"), "bottom")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:w"), str(round(156 / 25.4 * 1440)))
    paragraph._element.get_or_add_pPr().insert(0, frame)


def _new_document(fonts: dict[str, str], sizes: dict[str, float]):
    """An empty A4 document: GB/T 9704 margins and grid, Normal style in the 3号 body font, zh-CN."""
    body = sizes["body"]
    doc = Document()

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The dashes of the page number 7 mm below the text block: 35 − 7 − one 4号 line ≈ 23 mm.
    section.footer_distance = Mm(23)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # 22 lines × 28 characters, as in the bureaus' own Word templates.
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((CHAR_PITCH_PT - body) * 4096)))

    normal = doc.styles["Normal"]
    normal.font.name = fonts["body"]
    normal.font.size = Pt(body)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts["body"])
    # Chinese line-breaking rules (no 。 at the start of a line) follow the East Asian language.
    r_pr = normal.element.rPr
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    # Drop the template's Latin "Calibri" theme fonts so the rFonts above are what Word uses.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        normal.element.rPr.rFonts.attrib.pop(qn(attr), None)
    return doc


def _page_numbers(section, fonts: dict[str, str], sizes: dict[str, float], *, first_page: bool) -> None:
    """"— n —" in the footers, odd pages right and even pages left, one character in."""
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False  # an explicit, empty first-page footer
    section.part.document.settings.odd_and_even_pages_header_footer = True
    for footer, align, pad in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                               (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        p = footer.paragraphs[0]
        _format(p, align=align, exact=None, **{pad: sizes["body"]})
        _page_field(p, fonts["page_number"], sizes["page_number"])


def _save(doc, title: str, author: str, day: date) -> bytes:
    """Core properties naming the issuer (not the tool), no stale thumbnail; the .docx bytes."""
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = author
    props.subject = props.keywords = props.comments = props.category = ""
    props.revision = 1
    stamp = datetime(day.year, day.month, day.day)
    props.created = props.modified = stamp

    # The stock template's thumbnail shows another document; drop it rather than mislead.
    package_rels = doc.part.package.rels
    for r_id in [k for k, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(r_id)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(letter: Letter) -> bytes:
    fonts = {role: names[0] for role, names in _fonts().items()}
    sizes = _sizes()
    body, title_size = sizes["body"], sizes["title"]
    doc = _new_document(fonts, sizes)
    section = doc.sections[0]

    bold_title = not _is_xiaobiaosong(fonts["title"])

    # 发文机关标志 and the red double line (thick over thin) 4 mm below it.
    p = doc.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, exact=None)
    issuer_size = min(sizes["issuer"], 156 / 25.4 * 72 / max(_text_width(letter.issuer), 1) * 0.95)
    _run(p, letter.issuer, fonts["title"], issuer_size, bold=bold_title, color=RED)
    # Word draws "thickThin" with the thick line nearer the text; 11 pt ≈ 4 mm between them.
    _border(p, "bottom", 3, RED.lstrip("#"), style="thickThinSmallGap", space_pt=11)

    # 发文字号, flush right under the line.
    if letter.number:
        p = doc.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.RIGHT, before=body * 7 / 8)
        _run(p, letter.number, fonts["body"], body)

    p = doc.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * LINE_PITCH_PT)
    _run(p, letter.title, fonts["title"], title_size, bold=bold_title)

    p = doc.add_paragraph()
    _format(p, before=LINE_PITCH_PT)
    _run(p, _addressee(letter), fonts["body"], body)

    for text in _paragraphs(letter):
        level, lead, rest = split_heading(text)
        p = doc.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2 * body)
        if lead:
            _run(p, lead, fonts[_LEVEL_FONT[level]], body)
        if rest:
            _run(p, rest, fonts["body"], body)

    for i, name in enumerate(_attachments(letter)):
        p = doc.add_paragraph()
        # Later names hang under the first, after the three characters of "附件：".
        _format(p, before=LINE_PITCH_PT if i == 0 else 0, left=5 * body, indent=-3 * body)
        _run(p, ("附件：" if i == 0 else "\u3000" * 3) + name, fonts["body"], body)

    # 署名 centred over the 成文日期, which stands four characters in from the right.
    signed = chinese_date(letter.signed_on)
    date_right = 4 * body
    issuer_right = max(0.0, date_right + (_text_width(signed) - _text_width(letter.issuer)) / 2 * body)
    p = doc.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2 * LINE_PITCH_PT, right=issuer_right)
    p.paragraph_format.keep_with_next = True
    _run(p, letter.issuer, fonts["body"], body)
    p = doc.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right)
    _run(p, signed, fonts["body"], body)

    # 版记 in 4号: thick rules above and below, a thin one between 抄送 and the note.
    record = [t for t in (("抄送：" + _copy_to(letter)) if letter.copy_to.strip() else "",
                          letter.footer_note.strip()) if t]
    for i, text in enumerate(record):
        p = doc.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=body, right=body, exact=None)
        _frame(p)
        if i == 0:
            _border(p, "top", 1)
        _border(p, "bottom", 1 if i == len(record) - 1 else 0.75)
        _run(p, text, fonts["body"], sizes["record"])

    # Page numbers: none on the first page (信函格式), odd pages right, even pages left.
    _page_numbers(section, fonts, sizes, first_page=False)
    return _save(doc, letter.title, letter.issuer, letter.signed_on)
