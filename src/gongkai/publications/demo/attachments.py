"""The demo's attachments as real files: a PDF typeset with Typst, a spreadsheet with openpyxl
(fixed properties, so the same plan gives the same workbook)."""

import io
from datetime import datetime


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A real PDF with the text (typst, ~0.1 s); a blank page if typst is unavailable."""
    try:
        import typst

        source = "\n\n".join([
            "#set document(date: none)",
            '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh", size: 11pt)',
            "#set page(paper: \"a4\", margin: 2.5cm)",
            f'#align(center, text(size: 16pt, weight: "bold", {_typst_string(title)}))',
            *[f"#{_typst_string(p)}" for p in paragraphs],
        ])
        return typst.compile(source.encode("utf-8"))
    except Exception:  # a demo attachment must never stop the demo
        from pypdf import PdfWriter

        writer, out = PdfWriter(), io.BytesIO()
        writer.add_blank_page(width=595, height=842)
        writer.write(out)
        return out.getvalue()


def make_xlsx(sheets: list[tuple]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        title, rows = sheet[0], sheet[1]
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        if len(sheet) > 2 and sheet[2] == "hidden":
            ws.sheet_state = "hidden"
    fixed = datetime(2025, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "三明市公安局"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def attachment_bytes(spec: tuple) -> tuple[str, bytes]:
    if spec[0] == "pdf":
        return spec[1], make_pdf(spec[2], spec[3])
    return spec[1], make_xlsx(spec[2])
