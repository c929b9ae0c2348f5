"""Every notice of regulation.md §4 renders with Chinese text as PDF and DOCX; the wording is
editable, checked when saved, and an issued notice keeps what it said."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from pypdf import PdfReader

from gongkai.applications import notices, services
from gongkai.applications.models import Application, Notice, NoticeKind

from .conftest import PERSON, at


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    return "".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("kind", NoticeKind.values)
def test_section_4_every_notice_kind_in_both_formats(kind, online, staff):
    app, _ = online(date(2026, 11, 2))
    app.outcome, app.reason_text, app.reply_text = "partial", "涉及第三方个人隐私。", "见附件。"
    notice = notices.issue(app, kind, on=date(2026, 11, 20), actor=staff["handler"])
    text, word = pdf_text(bytes(notice.pdf)), docx_text(bytes(notice.docx))
    for expected in (notice.title, "张三：", app.tracking_number, "三明市公安局", "2026年11月20日", notice.number):
        assert expected in text, (kind, expected)
        assert expected in word, (kind, expected)
    assert re.fullmatch(r"明公信告〔2026〕\d+号", notice.number)
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(io.BytesIO(bytes(notice.pdf))).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("CJK" in f or "Song" in f or "Fang" in f for f in fonts), fonts


def test_replies_carry_the_remedy_notice_and_others_do_not(online, staff):
    app, _ = online(date(2026, 11, 2))
    app.outcome = "disclosed"
    reply = notices.compose(app, NoticeKind.DISCLOSED)[1]
    receipt = notices.compose(app, NoticeKind.RECEIPT)[1]
    assert any("六十日内向三明市人民政府申请行政复议" in p and "六个月内" in p for p in reply)
    assert not any("行政复议" in p for p in receipt)


def test_template_placeholders_are_checked_when_saved(online, staff):
    with pytest.raises(ValidationError, match="无法识别的占位符"):
        services.save_notice_template(actor=staff["office"], kind="receipt", title="受理回执",
                                      body="本机关于{收件日期}收到您的申请。")
    with pytest.raises(PermissionDenied):
        services.save_notice_template(actor=staff["handler"], kind="receipt", title="受理回执",
                                      body="本机关于{受理日期}收到您的申请。")


def test_edited_wording_applies_to_new_notices_only(online, staff):
    first, _ = online(date(2026, 11, 2))
    services.save_notice_template(actor=staff["office"], kind="receipt", title="政府信息公开申请登记回执",
                                  body="{申请人}：本机关已于{受理日期}登记您的申请，编号{受理编号}。")
    second, _ = online(date(2026, 11, 3))
    old, new = first.notices.get(), second.notices.get()
    assert old.title == "政府信息公开申请受理回执" and new.title == "政府信息公开申请登记回执"
    assert "本机关已于2026年11月3日登记您的申请" in pdf_text(bytes(new.pdf))
    assert "本机关已于" not in pdf_text(bytes(old.pdf))


def test_applicant_text_is_not_markup(online, staff):
    app, _ = online(date(2026, 11, 2), description="#set page(width: 1cm) *粗体* $x$ 的统计")
    text = pdf_text(bytes(app.notices.get().pdf))
    assert "#setpage(width:1cm)*粗体*$x$的统计" in text


def test_control_characters_in_applicant_text_do_not_break_the_letters(city_body, pin_today):
    # A JSON client can send characters Word files cannot hold; the letter drops them, nothing fails.
    from tests.applications.conftest import PERSON, at
    pin_today(date(2026, 11, 2))
    app, _ = services.submit_online(body=city_body, now=at(date(2026, 11, 2)),
                                    data={**PERSON, "name": "张\x01三", "description": "道路交通\x01事故\x1b统计数据"})
    receipt = app.notices.get()
    assert "道路交通事故统计数据" in docx_text(bytes(receipt.docx))
    assert "道路交通事故统计数据" in "".join(receipt.paragraphs) and receipt.addressee == "张三"


def test_submission_date_is_the_local_day(city_body, pin_today):
    from gongkai.applications import selectors
    from gongkai.applications.models import Application
    from tests.applications.conftest import PERSON, at
    pin_today(date(2026, 11, 2))
    app, _ = services.submit_online(body=city_body, data=PERSON, now=at(date(2026, 11, 2), hour=7))
    app = Application.objects.get(pk=app.pk)  # as stored: UTC, 1 November 23:00
    assert notices.values_for(app)["提交日期"] == "2026年11月2日"
    assert selectors.public_view(app)["submitted_on"] == "2026-11-02"


# A character of CJK Extension H (2022): in no font Debian ships (tests/documents/test_fonts.py).
UNSHOWN = "\U00031350"


def test_a_notice_that_cannot_be_shown_stores_nothing(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 3))
    notices_before, status = Notice.objects.count(), Application.objects.get(pk=app.pk).status
    with pytest.raises(ValidationError, match="字形"):
        services.request_supplement(actor=staff["handler"], app=app, on=date(2026, 11, 3),
                                    items=f"请补充说明所需信息的名称（如“张{UNSHOWN}”一案）。")
    assert Notice.objects.count() == notices_before
    assert Application.objects.get(pk=app.pk).status == status
    assert not Notice.objects.filter(application=app, kind=NoticeKind.SUPPLEMENT).exists()


def test_an_online_application_with_an_unshowable_name_is_refused_whole(city_body, pin_today):
    pin_today(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="字形"):
        services.submit_online(body=city_body, data={**PERSON, "name": f"张{UNSHOWN}"}, now=at(date(2026, 11, 2)))
    assert not Application.objects.exists() and not Notice.objects.exists()
