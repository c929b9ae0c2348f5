"""DOCX through python-docx: the pieces every official document is built of (runs with East Asian
fonts, exact line pitch, borders, page numbers, the type area), shared by letters and reports."""

import io
from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .style import CHAR_PITCH_PT, LINE_PITCH_PT, MARGINS_MM


def _set_fonts(run, family: str) -> None:
    # Word takes CJK glyphs from w:eastAsia; python-docx's font.name sets only the Latin slots.
    run.font.name = family
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), family)


def add_run(paragraph, text: str, family: str, size: float, *, bold: bool = False, color: str | None = None):
    run = paragraph.add_run(text)
    _set_fonts(run, family)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
    return run


def format_paragraph(paragraph, *, align=None, before: float = 0, indent: float = 0, left: float = 0,
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


def border(paragraph, edge: str, size_pt: float, color: str = "000000", style: str = "single",
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
    add_run(paragraph, "— ", family, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = add_run(paragraph, "", family, size)
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
    add_run(paragraph, " —", family, size)


def text_width(text: str) -> float:
    """Width in characters: Arabic digits and Latin letters are half-width."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def frame(paragraph) -> None:
    # A frame anchored to the bottom of the text block puts the 版记 at the foot of the last page.
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:yAlign"), "bottom")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:w"), str(round(156 / 25.4 * 1440)))
    paragraph._element.get_or_add_pPr().insert(0, frame)


def new_document(fonts: dict[str, str], sizes: dict[str, float]):
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


def page_numbers(section, fonts: dict[str, str], sizes: dict[str, float], *, first_page: bool) -> None:
    """"— n —" in the footers, odd pages right and even pages left, one character in."""
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False  # an explicit, empty first-page footer
    section.part.document.settings.odd_and_even_pages_header_footer = True
    for footer, align, pad in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                               (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        p = footer.paragraphs[0]
        format_paragraph(p, align=align, exact=None, **{pad: sizes["body"]})
        _page_field(p, fonts["page_number"], sizes["page_number"])


def save_docx(doc, title: str, author: str, day: date) -> bytes:
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
