"""The annual report as an A4 PDF in the official-document layout: the prepared report handed to
`report.typ` as JSON in `sys.inputs` (nothing spliced into markup), its Chinese fonts embedded."""

from pathlib import Path

from gongkai.documents.style import font_sizes, is_xiaobiaosong, split_heading
from gongkai.documents.typeset import breakable, compile_pdf

from .. import labels as L
from .model import APPLICANT_HEADER, CORRECTION_LABEL, REPORT_SIZES, SECTION3_NOTE, prepare, table_notes

TEMPLATE = Path(__file__).with_name("report.typ")


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
                      "notes": table_notes(model, s["table"]) if s["table"] else []} for s in model["sections"]],
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
    model = prepare(doc)
    return compile_pdf(TEMPLATE, lambda roles: _typst_data(model, roles), what="年度报告")


# ------------------------------------------------------------------------------------------- DOCX
