"""Official letters (告知书, 通知书, 回执): one `NoticeDocument` value, two renderers (PDF and DOCX) with the
same content in the same order, laid out after GB/T 9704-2012 in its 信函格式 (domain/documents.md)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from .style import (
    LEVEL_FONT,
    LINE_PITCH_PT,
    RED,
    chinese_date,
    font_roles,
    font_sizes,
    is_xiaobiaosong,
    seal_size_mm,
    split_heading,
)
from .typeset import breakable, compile_pdf
from .word import add_run, border, format_paragraph, frame, new_document, page_numbers, save_docx, text_width

TEMPLATE = Path(__file__).with_name("letter.typ")


@dataclass(frozen=True)
class NoticeDocument:
    issuer: str  # 发文机关, red header and signature
    number: str  # 文号, "" for an unnumbered receipt
    title: str
    addressee: str  # rendered with a full-width colon
    paragraphs: list[str]
    signed_on: date  # 成文日期
    attachments: Sequence[str] = ()  # names; numbered "1." "2." when there are several
    copy_to: str = ""  # 抄送, in the 版记
    footer_note: str = ""  # a small line in the 版记
    # The body's seal (PNG with transparency) over the signature: on issued notices only, never on a
    # draft or a preview (core.seals checks the image when it is uploaded).
    seal: bytes | None = None


def _paragraphs(letter: NoticeDocument) -> list[str]:
    # Pasted text brings its own line breaks: every line is a paragraph, indented like the others.
    return [line.strip() for text in letter.paragraphs for line in text.splitlines() if line.strip()]


def _closing(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """(body, closing): a last paragraph short enough for one line after the indent (特此告知。) is the
    closing formula, which goes with the signature; the paragraphs before it are the body."""
    if len(paragraphs) >= 2 and split_heading(paragraphs[-1])[0] == 0 and text_width(paragraphs[-1]) <= 26:
        return paragraphs[:-1], paragraphs[-1]
    return paragraphs, None


def _addressee(letter: NoticeDocument) -> str:
    return letter.addressee.rstrip().rstrip("：:") + "："


def _attachments(letter: NoticeDocument) -> list[str]:
    names = [a.strip() for a in letter.attachments if a.strip()]
    if len(names) < 2:
        return names
    return [n if re.match(r"\d+[.．]", n) else f"{i}.{n}" for i, n in enumerate(names, 1)]


def _copy_to(letter: NoticeDocument) -> str:
    # The last addressee of 抄送 ends with a full stop (GB/T 9704 §7.4.2).
    text = letter.copy_to.strip()
    return text if not text or text.endswith("。") else text + "。"


def _typst_paragraph(text: str) -> dict:
    level, lead, rest = split_heading(text)
    return {"level": level, "lead": breakable(lead), "rest": breakable(rest)}


def _typst_data(letter: NoticeDocument, fonts: dict[str, list[str]]) -> dict:
    body, closing = _closing(_paragraphs(letter))
    return {
        "issuer": letter.issuer,
        "number": letter.number,
        "title": letter.title,
        "addressee": _addressee(letter),
        "paragraphs": [_typst_paragraph(p) for p in body],
        "closing": _typst_paragraph(closing) if closing else None,
        "signed_on": chinese_date(letter.signed_on),
        "date": [letter.signed_on.year, letter.signed_on.month, letter.signed_on.day],
        "attachments": _attachments(letter),
        "copy_to": _copy_to(letter),
        "footer_note": letter.footer_note.strip(),
        "fonts": fonts,
        "sizes": font_sizes(),
        # 小标宋 is a heavy face by design; a plain 宋 fallback is set bold to look like it.
        "title_weight": "regular" if is_xiaobiaosong(fonts["title"][0]) else "bold",
        "red": RED,
        "seal": SEAL_FILE if letter.seal else None,
        "seal_mm": seal_size_mm(),
    }


SEAL_FILE = "seal.png"


def render_pdf(letter: NoticeDocument) -> bytes:
    files = {SEAL_FILE: letter.seal} if letter.seal else {}
    return compile_pdf(TEMPLATE, lambda roles: _typst_data(letter, roles), what="文书", files=files)


def _docx_head(doc, letter: NoticeDocument, fonts: dict[str, str], sizes: dict, bold_title: bool) -> None:
    body = sizes["body"]
    # 发文机关标志 and the red double line (thick over thin) 4 mm below it.
    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.CENTER, exact=None)
    issuer_size = min(sizes["issuer"], 156 / 25.4 * 72 / max(text_width(letter.issuer), 1) * 0.95)
    add_run(p, letter.issuer, fonts["title"], issuer_size, bold=bold_title, color=RED)
    # Word draws "thickThin" with the thick line nearer the text; 11 pt ≈ 4 mm between them.
    border(p, "bottom", 3, RED.lstrip("#"), style="thickThinSmallGap", space_pt=11)

    # 发文字号, flush right under the line.
    if letter.number:
        p = doc.add_paragraph()
        format_paragraph(p, align=WD_ALIGN_PARAGRAPH.RIGHT, before=body * 7 / 8)
        add_run(p, letter.number, fonts["body"], body)

    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * LINE_PITCH_PT)
    add_run(p, letter.title, fonts["title"], sizes["title"], bold=bold_title)


def _docx_text(doc, letter: NoticeDocument, fonts: dict[str, str], body: float) -> None:
    p = doc.add_paragraph()
    format_paragraph(p, before=LINE_PITCH_PT)
    add_run(p, _addressee(letter), fonts["body"], body)

    texts, closing = _closing(_paragraphs(letter))
    # The signature may not stand alone on a page (§7.3.5): the closing and the attachments keep
    # with the signature, and the body's last paragraph with them; Word's widow control then carries
    # at least two of its lines over.
    tail = len(texts) - 1
    for i, text in enumerate([*texts, *([closing] if closing else [])]):
        level, lead, rest = split_heading(text)
        p = doc.add_paragraph()
        format_paragraph(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2 * body)
        p.paragraph_format.keep_with_next = i >= tail
        if lead:
            add_run(p, lead, fonts[LEVEL_FONT[level]], body)
        if rest:
            add_run(p, rest, fonts["body"], body)

    for i, name in enumerate(_attachments(letter)):
        p = doc.add_paragraph()
        # Later names hang under the first, after the three characters of "附件：".
        format_paragraph(p, before=LINE_PITCH_PT if i == 0 else 0, left=5 * body, indent=-3 * body)
        p.paragraph_format.keep_with_next = True
        add_run(p, ("附件：" if i == 0 else "\u3000" * 3) + name, fonts["body"], body)


def _docx_signature(doc, letter: NoticeDocument, fonts: dict[str, str], body: float) -> None:
    # 署名 centred over the 成文日期, which stands four characters in from the right.
    signed = chinese_date(letter.signed_on)
    date_right = 4 * body
    issuer_right = max(0.0, date_right + (text_width(signed) - text_width(letter.issuer)) / 2 * body)
    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2 * LINE_PITCH_PT, right=issuer_right)
    p.paragraph_format.keep_with_next = True
    add_run(p, letter.issuer, fonts["body"], body)
    p = doc.add_paragraph()
    format_paragraph(p, align=WD_ALIGN_PARAGRAPH.RIGHT, right=date_right)
    add_run(p, signed, fonts["body"], body)


def _docx_record(doc, letter: NoticeDocument, fonts: dict[str, str], sizes: dict) -> None:
    # 版记 in 4号: thick rules above and below, a thin one between 抄送 and the note.
    body = sizes["body"]
    record = [t for t in (("抄送：" + _copy_to(letter)) if letter.copy_to.strip() else "",
                          letter.footer_note.strip()) if t]
    for i, text in enumerate(record):
        p = doc.add_paragraph()
        format_paragraph(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=body, right=body, exact=None)
        frame(p)
        if i == 0:
            border(p, "top", 1)
        border(p, "bottom", 1 if i == len(record) - 1 else 0.75)
        add_run(p, text, fonts["body"], sizes["record"])


def render_docx(letter: NoticeDocument) -> bytes:
    fonts = {role: names[0] for role, names in font_roles().items()}
    sizes = font_sizes()
    doc = new_document(fonts, sizes)
    _docx_head(doc, letter, fonts, sizes, bold_title=not is_xiaobiaosong(fonts["title"]))
    _docx_text(doc, letter, fonts, sizes["body"])
    _docx_signature(doc, letter, fonts, sizes["body"])
    _docx_record(doc, letter, fonts, sizes)
    # Page numbers: none on the first page (信函格式), odd pages right, even pages left.
    page_numbers(doc.sections[0], fonts, sizes, first_page=False)
    return save_docx(doc, letter.title, letter.issuer, letter.signed_on)
