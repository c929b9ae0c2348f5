"""GB/T 9704-2012 §7.3.5: the closing formula, the issuer and the date never stand on a page without
body text. Every notice kind is rendered with short and long texts; the last page must hold body
text besides them."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from gongkai.applications import notices
from gongkai.applications.models import NoticeKind

SENTENCE = "二〇二五年度三元区城区道路交通事故的统计数据及其分析报告"  # 27 characters, about a line


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_body_on_last_page(notice) -> None:
    """The last page holds the closing and the signature, and before them the end of the body."""
    pages = page_texts(bytes(notice.pdf))
    last, closing, body_end = pages[-1], notice.paragraphs[-1], notice.paragraphs[-2][-6:]
    assert "三明市公安局" in last and last.rstrip("—0123456789").endswith("2026年11月20日"), last
    assert closing in last and body_end in last.rpartition(closing)[0], (len(pages), last)


@pytest.mark.parametrize("lines", [0, 3, 6, 9, 12, 16, 20, 26])
@pytest.mark.parametrize("kind", NoticeKind.values)
def test_gbt9704_7_3_5_closing_and_signature_stay_with_body_text(kind, lines, online, staff):
    description = SENTENCE * lines or "政府信息"
    app, _ = online(date(2026, 11, 2), description=description)
    app.outcome, app.reason_text = "partial", "涉及第三方个人隐私。"
    app.reply_text = "见附件。" if lines < 9 else SENTENCE * (lines // 3)
    notice = notices.issue(app, kind, on=date(2026, 11, 20), actor=staff["handler"])
    assert_body_on_last_page(notice)
