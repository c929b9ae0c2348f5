"""Handling an application: every step against the article that governs it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from gongkai.applications import fees, services
from gongkai.applications.models import Application, Consultation, Delivery, Notice, Remedy, Reminder, Status
from gongkai.core import audit
from gongkai.core.models import AuditEvent, Role

from .conftest import COMPANY, PERSON, at


def test_art31_online_confirmed_on_submission(online):
    app, code = online(date(2026, 11, 2))
    assert app.status == Status.PROCESSING
    assert app.received_on == date(2026, 11, 2) and app.due_on == date(2026, 11, 30)
    assert app.tracking_number == "350400-2026-0001" and len(code) == 8
    assert services.check_query_code(app, code) and not services.check_query_code(app, "AAAAAAAA")
    receipt = app.notices.get()
    assert receipt.kind == "receipt" and receipt.number == "明公信告〔2026〕1号"
    # The stored receipt carries a mask where the code goes (tests/applications/test_query_codes.py).
    assert code not in "".join(receipt.paragraphs) and "2026年11月30日" in "".join(receipt.paragraphs)


def test_art31_online_needs_staff_confirmation_when_configured(online, settings, staff, pin_today):
    settings.GONGKAI_ONLINE_AUTO_CONFIRM = False
    app, _ = online(date(2026, 11, 2))
    assert app.status == Status.AWAITING_CONFIRMATION and app.due_on is None and not app.notices.exists()
    pin_today(date(2026, 11, 4))
    services.confirm_receipt(actor=staff["handler"], app=app, received_on=date(2026, 11, 4))
    assert app.received_on == date(2026, 11, 4) and app.due_on == date(2026, 12, 2)
    assert app.notices.get().kind == "receipt"


def test_art31_online_on_a_holiday_counts_from_next_working_day(online):
    app, _ = online(date(2026, 10, 3))  # National Day holiday
    assert app.received_on == date(2026, 10, 3)
    # 8, 9, 10 (Sat, worked), 12–16, 19–23, 26–30 Oct, 2, 3 Nov: day 20 is Tue 3 Nov.
    assert app.due_on == date(2026, 11, 3)


@pytest.mark.parametrize(("channel", "received", "expected"), [
    ("in_person", None, date(2026, 11, 2)),        # the day it is handed in
    ("email", None, date(2026, 11, 2)),            # the day the mail system receives it
    ("registered_post", date(2026, 11, 4), date(2026, 11, 4)),  # the day the bureau signs for it
])
def test_art31_receipt_date_per_channel(staff, bureau, pin_today, channel, received, expected):
    pin_today(date(2026, 11, 5))
    app, _ = services.register(actor=staff["handler"], unit=bureau["city"], data=PERSON, channel=channel,
                               submitted_at=at(date(2026, 11, 2)), received_on=received)
    assert app.received_on == expected and app.status == Status.PROCESSING


def test_art31_letter_and_fax_wait_for_confirmation(staff, bureau, pin_today):
    pin_today(date(2026, 11, 5))
    for channel in ("letter", "fax"):
        app, _ = services.register(actor=staff["handler"], unit=bureau["city"], data=PERSON, channel=channel,
                                   submitted_at=at(date(2026, 11, 2)))
        assert app.status == Status.AWAITING_CONFIRMATION and app.received_on is None
    services.confirm_receipt(actor=staff["handler"], app=app, received_on=date(2026, 11, 5))
    assert app.due_on == date(2026, 12, 3)


def test_art31_registered_post_needs_the_signing_date(staff, bureau, pin_today):
    pin_today(date(2026, 11, 5))
    with pytest.raises(ValidationError) as exc:
        services.register(actor=staff["handler"], unit=bureau["city"], data=PERSON, channel="registered_post",
                          submitted_at=at(date(2026, 11, 2)))
    assert "签收" in str(exc.value)
    assert not Application.objects.exists()


def test_art29_bad_input_reported_per_field_and_nothing_written(city_body, pin_today):
    pin_today(date(2026, 11, 2))
    bad = {**PERSON, "id_number": "110105194912310021", "phone": "123", "description": "查"}
    with pytest.raises(ValidationError) as exc:
        services.submit_online(body=city_body, data=bad, now=at(date(2026, 11, 2)))
    errors = exc.value.message_dict
    assert "校验不通过" in errors["id_number"][0]
    assert "联系电话" in errors["phone"][0]
    assert "第二十九条" in errors["description"][0]
    assert not Application.objects.exists() and not Notice.objects.exists()


def test_organisation_applicant_needs_credit_code_and_representative(city_body, pin_today):
    pin_today(date(2026, 11, 2))
    app, _ = services.submit_online(body=city_body, data=COMPANY, now=at(date(2026, 11, 2)))
    assert app.applicant_kind == "legal" and app.id_number == ""
    with pytest.raises(ValidationError) as exc:
        services.submit_online(body=city_body, data={**COMPANY, "credit_code": "123", "legal_representative": ""},
                               now=at(date(2026, 11, 2)))
    assert set(exc.value.message_dict) == {"credit_code", "legal_representative"}


def test_art30_supplement_once_restarts_the_clock(online, staff, pin_today):
    app, _ = online(date(2026, 9, 18))
    pin_today(date(2026, 9, 22))
    notice = services.request_supplement(actor=staff["handler"], app=app, items="1.请写明事故发生的路段；\n2.请写明时间范围。")
    assert notice.kind == "supplement" and app.status == Status.SUPPLEMENT and app.due_on is None
    assert not app.supplement_late
    assert app.supplement_due_on == date(2026, 10, 20)  # 15 working days, National Day skipped
    assert "请写明事故发生的路段" in notice.paragraphs[2]
    pin_today(date(2026, 9, 28))
    with pytest.raises(ValidationError, match="一次性告知"):
        services.receive_supplement(actor=staff["handler"], app=app, on=date(2026, 9, 28))
        services.request_supplement(actor=staff["handler"], app=app, items="再补一项")
    assert app.status == Status.PROCESSING and app.clock_start == date(2026, 9, 28)
    assert app.due_on == date(2026, 10, 30)


def test_art30_late_supplement_request_is_flagged(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 12))  # 8 working days after receipt
    services.request_supplement(actor=staff["handler"], app=app, items="请写明时间范围")
    assert app.supplement_late
    assert "超过收到申请后7个工作日" in app.events.last().text


def test_art30_late_supplement_notice_pauses_the_reply_period_instead_of_restarting_it(online, staff, pin_today):
    """Art. 30: the notice is due within 7 working days of receipt. Sent on the 8th, it must not
    give the bureau a fresh 20 days: the period stands still while the applicant supplements and
    goes on from where it stood; the notice, the timeline and the audit say so."""
    from gongkai.core.models import AuditEvent

    app, _ = online(date(2026, 11, 2))
    assert app.due_on == date(2026, 11, 30)
    pin_today(date(2026, 11, 12))  # the 8th working day: 8 of the 20 used
    notice = services.request_supplement(actor=staff["handler"], app=app, items="请写明时间范围")
    assert "答复期限不重新计算" in "".join(notice.paragraphs)
    assert "重新计算。" not in "".join(notice.paragraphs).replace("不重新计算", "")
    row = AuditEvent.objects.filter(action="application.request_supplement").last()
    assert row.after["supplement_late"] is True and row.before["supplement_late"] is False
    pin_today(date(2026, 11, 20))
    services.receive_supplement(actor=staff["handler"], app=app, on=date(2026, 11, 20))
    assert app.clock_start == date(2026, 11, 2)  # not restarted
    # 12 working days were left; they run from 23 November: due 8 December (not 18 December).
    assert app.due_on == date(2026, 12, 8)
    assert "不重新计算" in app.events.last().text


def test_art30_a_body_may_refuse_late_supplement_notices(online, staff, pin_today, city_body):
    """Art. 30: a body that does not send late notices at all is refused after the 7th working day,
    with the reason, and may still send one in time."""
    from gongkai.applications import workflow

    city_body.refuse_late_supplement = True
    city_body.save()
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 11))  # the 7th working day: in time
    assert workflow.refusal("request_supplement", app, actor=staff["handler"]) == ""
    pin_today(date(2026, 11, 12))
    app.refresh_from_db()
    assert "不再发出补正通知" in workflow.refusal("request_supplement", app, actor=staff["handler"])
    with pytest.raises(ValidationError, match="不再发出补正通知"):
        services.request_supplement(actor=staff["handler"], app=app, items="请写明时间范围")
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and not app.notices.filter(kind="supplement").exists()


def test_art30_no_supplement_in_time_closes_as_other_1(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 3))
    services.request_supplement(actor=staff["handler"], app=app, items="请写明时间范围")
    assert services.daily(app.supplement_due_on)["closed"] == 0
    pin_today(date(2026, 11, 25))
    assert services.daily(date(2026, 11, 25))["closed"] == 1
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.outcome == "no_supplement"
    assert app.outcome_info.report_row == "other.1"
    assert app.notices.last().kind == "reply"


def test_art32_34_consultation_pause_and_agency_silence(online, staff, pin_today):
    """Art. 32, 34: the party's 15 working days run from the day it receives the letter (the
    letter's delivery record), not from the day it was sent; silence counts only after them."""
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 4))
    consultation = services.start_consultation(actor=staff["handler"], app=app, party="agency",
                                               party_name="三明市交通运输局", matter="是否同意公开事故统计数据")
    assert consultation.answer_due_on is None  # not received yet
    letter = consultation.notices.get()
    assert letter.addressee == "三明市交通运输局" and not letter.visible_to_applicant
    assert "自收到本征询书之日起15个工作日内" in "".join(letter.paragraphs)
    services.daily(date(2026, 12, 31))  # no period has begun: nothing to record as silence
    consultation.refresh_from_db()
    assert consultation.answered_on is None
    pin_today(date(2026, 11, 5))
    services.record_delivery(actor=staff["handler"], notice=letter, method="post", on=date(2026, 11, 5),
                             tracking_number="9876543210")
    consultation.refresh_from_db()
    assert consultation.received_on == date(2026, 11, 5) and consultation.answer_due_on == date(2026, 11, 26)
    # Paused from 5 Nov to the 26 Nov limit; 2 days used, 18 left from 27 Nov → 22 Dec.
    app.refresh_from_db()
    assert app.due_on == date(2026, 12, 22)
    services.daily(date(2026, 11, 26))  # the last day of the party's period: not yet
    consultation.refresh_from_db()
    assert consultation.answered_on is None
    services.daily(date(2026, 11, 27))
    consultation.refresh_from_db()
    assert consultation.opinion == Consultation.Opinion.SILENT and consultation.answered_on == date(2026, 11, 26)
    assert "视为同意公开" in app.events.last().text


def test_art33_extension_needs_the_office_head_and_a_notice(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 20))
    services.request_extension(actor=staff["handler"], app=app, days=20, reason="需要调取多个单位的档案")
    assert app.due_on == date(2026, 11, 30)  # not yet extended
    with pytest.raises(PermissionDenied):
        services.approve_extension(actor=staff["handler"], app=app)
    notice = services.approve_extension(actor=staff["office"], app=app)
    assert app.due_on == date(2026, 12, 28) and notice.kind == "extension"
    assert "延长20个工作日" in "".join(notice.paragraphs) and "2026年12月28日" in "".join(notice.paragraphs)
    with pytest.raises(ValidationError, match="只能一次"):
        services.request_extension(actor=staff["handler"], app=app, days=5, reason="再延")


def test_art33_extension_at_most_twenty_days(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="1至20个工作日"):
        services.request_extension(actor=staff["handler"], app=app, days=21, reason="x")


def test_art42_fee_notice_pause_and_payment(online, staff, pin_today, settings):
    app, _ = online(date(2026, 11, 2), items=15)
    pin_today(date(2026, 11, 3))
    notice = services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=15)
    assert app.fee_amount == 500 and "第11—15件，每件100元，计500元" in "".join(notice.paragraphs)
    with pytest.raises(ValidationError, match="一种计费方式"):
        services.notify_fee(actor=staff["handler"], app=app, method="per_page", quantity=50)
    pin_today(date(2026, 11, 4))
    services.record_delivery(actor=staff["handler"], notice=notice, method="email", on=date(2026, 11, 4))
    assert app.fee_due_on == date(2026, 12, 2)  # 20 working days from the day after receipt
    pin_today(date(2026, 11, 10))
    services.record_payment(actor=staff["handler"], app=app, on=date(2026, 11, 10))
    # Notice day 3 Nov counted (day 1); 4–10 Nov paused (5 working days) → 30 Nov + 5 = 7 Dec.
    assert app.due_on == date(2026, 12, 7)


def test_art42_fee_counts_items_across_the_month(online, staff, pin_today):
    online(date(2026, 11, 2), items=8)
    app, _ = online(date(2026, 11, 9), items=5)
    # 8 already this month: items 9–13, of which 11–13 are charged.
    assert services.fee_bands(app, "per_item", 5)[-1].count == 3
    assert services.items_before_this_month(app) == 8


def test_fee_not_paid_in_time_closes_as_other_2(online, staff, pin_today):
    """国办函〔2020〕109号: the 20 working days to pay run from the day the applicant receives the
    notice (its delivery record: a posted notice from the day signed for, not the posting day);
    the case lapses as 其他处理2 only once that period has ended unpaid."""
    app, _ = online(date(2026, 11, 2), items=12)
    pin_today(date(2026, 11, 3))
    notice = services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=12)
    assert app.fee_due_on is None  # not received yet: no period runs, nothing can lapse
    pin_today(date(2026, 11, 9))
    services.record_delivery(actor=staff["handler"], notice=notice, method="post", on=date(2026, 11, 9),
                             tracking_number="1234567890")
    app.refresh_from_db()
    assert app.fee_due_on == date(2026, 12, 7)  # 20 working days after 9 Nov, not after 3 Nov
    services.daily(date(2026, 12, 2))  # 20 working days after the notice went out: not yet
    assert Application.objects.get(pk=app.pk).status == Status.PROCESSING
    services.daily(date(2026, 12, 8))
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.outcome == "no_fee" and app.outcome_info.report_row == "other.2"


def test_fee_notice_never_lapses_before_it_is_delivered(online, staff, pin_today):
    """国办函〔2020〕109号: without a delivery record the applicant's payment period has not begun."""
    app, _ = online(date(2026, 11, 2), items=12)
    pin_today(date(2026, 11, 3))
    services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=12)
    services.daily(date(2027, 3, 1))
    assert Application.objects.get(pk=app.pk).status == Status.PROCESSING


def test_fee_notice_only_within_the_reply_period(online, staff, pin_today):
    """国办函〔2020〕109号: the fee notice goes out within the reply period; after the due date it is
    refused with a message and nothing is written."""
    from gongkai.applications import workflow

    app, _ = online(date(2026, 11, 2), items=12)
    assert app.due_on == date(2026, 11, 30)
    pin_today(date(2026, 11, 30))
    assert workflow.refusal("notify_fee", app, actor=staff["handler"]) == ""
    pin_today(date(2026, 12, 1))
    with pytest.raises(ValidationError, match="答复期限已过，不能再发出收费通知"):
        services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=12)
    app.refresh_from_db()
    assert not app.fee_notified_on and not app.notices.filter(kind="fee").exists()


def test_free_items_are_counted_per_disclosure_body(online, staff, pin_today, bureau):
    """国办函〔2020〕109号: the ten free items a month are counted for each agency separately: what the
    applicant asked of the 三元分局 does not use up their free items at the city bureau."""
    from gongkai.core.models import DisclosureBody

    branch = DisclosureBody.objects.get(unit=bureau["sanyuan"])
    pin_today(date(2026, 11, 2))
    services.submit_online(body=branch, data={**PERSON, "items": 10}, now=at(date(2026, 11, 2)))
    app, _ = online(date(2026, 11, 9), items=5)
    assert services.items_before_this_month(app) == 0
    assert fees.total(services.fee_bands(app, "per_item", 5)) == 0  # all five within the city's ten
    second, _ = online(date(2026, 11, 10), items=8)
    assert services.items_before_this_month(second) == 5  # the city's own count goes on


def test_fee_within_free_band_is_refused(online, staff):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="免费额度"):
        services.notify_fee(actor=staff["handler"], app=app, method="per_page", quantity=30)


def test_reply_needs_approval_and_not_by_its_drafter(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 10))
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="数据见附件。")
    assert app.status == Status.APPROVAL and app.notices.count() == 1
    with pytest.raises(PermissionDenied):
        services.approve_reply(actor=staff["handler"], app=app)
    notice = services.approve_reply(actor=staff["leader"], app=app)
    assert app.status == Status.CLOSED and app.decided_on == date(2026, 11, 10)
    assert notice.kind == "disclosed" and "三明市人民政府" in notice.paragraphs[-2]
    assert "六个月内" in notice.paragraphs[-2]


def test_art37_partial_disclosure_names_withheld_reasons_and_reconsideration_first(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 10))
    with pytest.raises(ValidationError) as exc:
        services.decide(actor=staff["handler"], app=app, outcome="partial", reply_text="统计表见附件。")
    assert {"reason_text", "withheld_reasons"} <= set(exc.value.message_dict)
    services.decide(actor=staff["handler"], app=app, outcome="partial", reply_text="统计表见附件。",
                    reason_text="表中当事人姓名属于个人隐私。", withheld_reasons=["third_party"])
    notice = services.approve_reply(actor=staff["leader"], app=app)
    text = "".join(notice.paragraphs)
    assert notice.kind == "partial" and "保护第三方合法权益" in text and "第三十七条" in text
    assert "第二十三条" in text and "应当先申请行政复议" in text


def test_art36_5_referral_names_the_agency(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="负责公开该信息的机关"):
        services.decide(actor=staff["handler"], app=app, outcome="not_ours")
    services.decide(actor=staff["handler"], app=app, outcome="not_ours", referral_agency="三明市交通运输局",
                    referral_contact="0598-8221234", on_the_spot=True)
    notice = app.notices.last()
    assert notice.kind == "not_ours" and "三明市交通运输局" in "".join(notice.paragraphs)
    assert app.outcome_info.report_row == "unavailable.1"


def test_art36_6_duplicate_is_proposed_with_the_earlier_case(online, staff, pin_today):
    first, _ = online(date(2026, 10, 12))
    services.decide(actor=staff["handler"], app=first, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    second, _ = online(date(2026, 11, 2), description="2025年度三元区道路交通事故统计数据。")
    assert services.possible_duplicates(second) == [first]
    other, _ = online(date(2026, 11, 2), description="城区停车收费标准")
    assert services.possible_duplicates(other) == []
    services.decide(actor=staff["handler"], app=second, outcome="repeat", earlier=first, on_the_spot=True)
    assert first.tracking_number in "".join(second.notices.last().paragraphs)


def test_art35_excessive_needs_reasons_first_then_stated_deadline(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="第三十五条"):
        services.decide(actor=staff["handler"], app=app, outcome="excessive", reason_text="x")
    notice = services.request_reasons(actor=staff["handler"], app=app)
    assert notice.kind == "reasons"
    services.record_reasons(actor=staff["handler"], app=app, text="研究需要", reasonable=True,
                            stated_due_on=date(2027, 1, 29))
    assert app.due_on == date(2027, 1, 29) and app.due_provisional


def test_notice_is_immutable_hashed_and_numbered_without_gaps(online, staff):
    app, _ = online(date(2026, 11, 2))
    app2, _ = online(date(2026, 11, 2))
    numbers = list(Notice.objects.order_by("id").values_list("number", flat=True))
    assert numbers == ["明公信告〔2026〕1号", "明公信告〔2026〕2号"]
    notice = app.notices.get()
    import hashlib
    assert notice.sha256 == hashlib.sha256(bytes(notice.pdf)).hexdigest()
    assert bytes(notice.pdf).startswith(b"%PDF") and bytes(notice.docx).startswith(b"PK")
    with pytest.raises(RuntimeError):
        notice.save()
    with pytest.raises(RuntimeError):
        notice.delete()


def test_delivery_recorded_with_tracking_number_for_post(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    notice = app.notices.get()
    pin_today(date(2026, 11, 3))
    with pytest.raises(ValidationError, match="邮件单号"):
        services.record_delivery(actor=staff["handler"], notice=notice, method="post", on=date(2026, 11, 3))
    d = services.record_delivery(actor=staff["handler"], notice=notice, method="post", on=date(2026, 11, 3),
                                 tracking_number="EMS1234567890")
    assert d.method == Delivery.Method.POST and notice.deliveries.count() == 1


def test_handling_is_scoped_to_the_unit(online, staff):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        services.request_supplement(actor=staff["outsider"], app=app, items="x")


def test_remedies_recorded_for_report_section_4(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    services.decide(actor=staff["handler"], app=app, outcome="secret", reason_text="属于国家秘密。", on_the_spot=True)
    remedy = services.record_remedy(actor=staff["handler"], app=app, kind="reconsideration",
                                    authority="三明市人民政府", filed_on=date(2026, 11, 20))
    assert remedy.result == Remedy.Result.PENDING
    with pytest.raises(ValidationError, match="审结日期"):
        services.record_remedy(actor=staff["handler"], app=app, kind="reconsideration", authority="x",
                               filed_on=date(2026, 11, 20), result="maintained", remedy=remedy)


def test_calendar_change_recomputes_open_deadlines(online, staff):
    from gongkai.core.services import enter_calendar_year
    from gongkai.core.workdays import parse_arrangement
    app, _ = online(date(2026, 12, 15))
    assert app.due_provisional and app.due_on == date(2027, 1, 13)  # 1 Jan (元旦) already left out
    admin = staff["office"]
    admin.roles.add(*Role.objects.filter(code="admin"))
    admin._gongkai_roles = None
    days = parse_arrangement("2027-01-01 休 元旦\n2027-01-04 休 元旦", 2027)
    enter_calendar_year(actor=admin, region="CN", year=2027, source="国办发明电〔2026〕1号", days=days)
    app.refresh_from_db()
    assert not app.due_provisional and app.due_on == date(2027, 1, 14)


def test_art33_reply_deadline_into_unentered_year_skips_new_year_and_stays_provisional(online):
    """条例第三十三条 (20 working days, day of receipt not counted) into 2027, whose arrangement is not
    entered: 1 January 2027 (元旦, fixed by 《全国年节及纪念日放假办法》) is not counted; still 暂定."""
    app, _ = online(date(2026, 12, 28))
    # 29–31 Dec (3), Fri 1 Jan left out, 4–8 (8), 11–15 (13), 18–22 (18), 25 (19), Tue 26 Jan (20).
    assert app.due_on == date(2027, 1, 26) and app.due_provisional


def test_reminders_for_handler_and_office(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    app.handler = staff["handler"]
    app.save()
    assert services.send_reminders(date(2026, 11, 20)) == 0   # 6 working days left
    assert services.send_reminders(date(2026, 11, 23)) == 2   # 5 left: handler and office
    assert services.send_reminders(date(2026, 11, 23)) == 0   # once only
    assert services.send_reminders(date(2026, 11, 27)) == 2   # 1 left
    assert services.send_reminders(date(2026, 12, 1)) == 2    # overdue
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"5d", "1d", "overdue"}


def test_every_step_is_audited(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    services.request_extension(actor=staff["handler"], app=app, days=10, reason="档案调取")
    actions = list(AuditEvent.objects.filter(object_id=str(app.pk)).values_list("action", flat=True))
    assert "application.submit" in actions and "application.request_extension" in actions
    assert audit.verify().ok


def test_satisfaction_once_after_closing(online, staff):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="办结后"):
        services.record_satisfaction(app=app, value="satisfied")
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    services.record_satisfaction(app=app, value="basic", comment="速度可以更快")
    with pytest.raises(ValidationError, match="已评价"):
        services.record_satisfaction(app=app, value="satisfied")


def test_tracking_numbers_are_unique(online):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(IntegrityError):
        Application.objects.create(**{**{f: getattr(app, f) for f in (
            "body_id", "unit_id", "applicant_kind", "name", "phone", "description", "channel", "submitted_at")},
            "tracking_number": app.tracking_number})


# --- Review fixes ---------------------------------------------------------------------------

def test_art34_silence_only_once_the_fifteen_days_have_run(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 4))
    consultation = services.start_consultation(actor=staff["handler"], app=app, party="agency",
                                               party_name="三明市交通运输局", matter="是否同意公开")
    pin_today(date(2026, 11, 5))
    # Art. 32: before the letter's delivery is recorded, no period runs, so no silence either.
    with pytest.raises(ValidationError, match="尚未登记送达"):
        services.record_consultation_answer(actor=staff["handler"], consultation=consultation,
                                            on=date(2026, 11, 5), opinion="silent")
    services.record_delivery(actor=staff["handler"], notice=consultation.notices.get(), method="email",
                             on=date(2026, 11, 4))
    consultation.refresh_from_db()
    # Silence means consent only when the period has run out; before it the reply must wait.
    with pytest.raises(ValidationError, match="征询期限"):
        services.record_consultation_answer(actor=staff["handler"], consultation=consultation,
                                            on=date(2026, 11, 5), opinion="silent")
    consultation.refresh_from_db()
    assert consultation.answered_on is None
    pin_today(date(2026, 11, 26))
    services.record_consultation_answer(actor=staff["handler"], consultation=consultation,
                                        on=date(2026, 11, 26), opinion="silent")
    assert consultation.answered_on == date(2026, 11, 25)


def test_art35_reasons_recorded_once_with_text_on_an_open_case(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    services.request_reasons(actor=staff["handler"], app=app)
    with pytest.raises(ValidationError, match="请填写申请人说明的理由"):
        services.record_reasons(actor=staff["handler"], app=app, text=" ", reasonable=True)
    services.record_reasons(actor=staff["handler"], app=app, text="研究需要", reasonable=False)
    with pytest.raises(ValidationError, match="已登记"):
        services.record_reasons(actor=staff["handler"], app=app, text="改口", reasonable=True,
                                stated_due_on=date(2027, 3, 1))
    services.decide(actor=staff["handler"], app=app, outcome="excessive", reason_text="无正当理由", on_the_spot=True)
    app.reasons_text = ""  # even a case whose reasons were never stored cannot be reopened this way
    with pytest.raises(ValidationError, match="办理中"):
        services.record_reasons(actor=staff["handler"], app=app, text="研究", reasonable=True,
                                stated_due_on=date(2027, 3, 1))
    app = Application.objects.get(pk=app.pk)
    assert app.stated_due_on is None and app.reasons_text == "研究需要" and app.status == Status.CLOSED


def test_art36_6_repeat_cites_a_decided_application_of_the_same_applicant(online, staff, pin_today):
    other, _ = online(date(2026, 10, 9), name="李四", id_number="110105194912310038")
    services.decide(actor=staff["handler"], app=other, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    app, _ = online(date(2026, 11, 2))
    for earlier in (app, other):
        with pytest.raises(ValidationError, match="同一申请人"):
            services.decide(actor=staff["handler"], app=app, outcome="repeat", earlier=earlier, on_the_spot=True)
    assert Application.objects.get(pk=app.pk).status == Status.PROCESSING


@pytest.mark.parametrize("step", ["confirm", "supplement", "receive_supplement", "consult", "consult_answer", "fee",
                                  "payment", "reasons", "approve_extension"])
def test_dates_after_today_are_refused_and_nothing_written(step, online, staff, pin_today, settings):
    settings.GONGKAI_ONLINE_AUTO_CONFIRM = step != "confirm"
    app, _ = online(date(2026, 11, 2), items=15)
    handler, far = staff["handler"], date(9999, 12, 31)
    if step == "receive_supplement":
        services.request_supplement(actor=handler, app=app, items="写明路段")
    if step == "consult_answer":
        consultation = services.start_consultation(actor=handler, app=app, party="agency", party_name="交通局",
                                                   matter="是否同意公开")
    if step == "payment":
        services.notify_fee(actor=handler, app=app, method="per_item", quantity=15)
    if step == "approve_extension":
        services.request_extension(actor=handler, app=app, days=10, reason="档案调取")
    before = (Notice.objects.count(), Application.objects.get(pk=app.pk).updated_at)
    calls = {
        "confirm": lambda: services.confirm_receipt(actor=handler, app=app, received_on=far),
        "supplement": lambda: services.request_supplement(actor=handler, app=app, items="写明路段", on=far),
        "receive_supplement": lambda: services.receive_supplement(actor=handler, app=app, on=far),
        "consult": lambda: services.start_consultation(actor=handler, app=app, party="agency", party_name="交通局",
                                                       matter="是否同意公开", on=far),
        "consult_answer": lambda: services.record_consultation_answer(actor=handler, consultation=consultation,
                                                                      on=far, opinion="consent"),
        "fee": lambda: services.notify_fee(actor=handler, app=app, method="per_item", quantity=15, on=far),
        "payment": lambda: services.record_payment(actor=handler, app=app, on=far),
        "reasons": lambda: services.request_reasons(actor=handler, app=app, on=far),
        "approve_extension": lambda: services.approve_extension(actor=staff["office"], app=app, on=far),
    }
    with pytest.raises(ValidationError, match="不能晚于今天"):
        calls[step]()
    assert (Notice.objects.count(), Application.objects.get(pk=app.pk).updated_at) == before


def test_art33_extension_not_approved_by_the_one_who_asked(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    services.request_extension(actor=staff["office"], app=app, days=10, reason="档案调取")
    with pytest.raises(ValidationError, match="四眼原则：不能审核本人申请的延期"):
        services.approve_extension(actor=staff["office"], app=app)
    assert Application.objects.get(pk=app.pk).extension_days == 0


def test_fee_quantity_has_an_upper_bound(online, staff):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError, match="计费数量"):
        services.notify_fee(actor=staff["handler"], app=app, method="per_page", quantity=10**7)
    with pytest.raises(ValidationError, match="金额超过"):  # ≈ 5×10¹⁰ 元: past a 32-bit column
        services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=100000)
    assert not Application.objects.get(pk=app.pk).fee_notified_on and not app.notices.filter(kind="fee").exists()


def test_postcode_is_six_ascii_digits(city_body):
    with pytest.raises(ValidationError, match="邮政编码"):
        services.clean_applicant({**PERSON, "postcode": "３６５０００"})
    with pytest.raises(ValidationError, match="邮政编码"):
        services.clean_applicant({**PERSON, "postcode": "²²²²²²"})


def test_art32_disclosing_over_a_third_partys_objection_tells_it_in_writing_first(online, staff, pin_today):
    """Art. 32: a third party objected; the bureau discloses because withholding would seriously
    harm the public interest. It must give its reasons, and the third party is told in writing
    what will be disclosed and why: a numbered notice of its own, issued before the reply and
    delivered like any notice. Withholding the party's part (Art. 15) needs no such notice."""
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 4))
    consultation = services.start_consultation(actor=staff["handler"], app=app, party="third_party",
                                               party_name="三明市顺安运输有限公司", matter="事故记录是否同意公开")
    pin_today(date(2026, 11, 6))
    services.record_consultation_answer(actor=staff["handler"], consultation=consultation, on=date(2026, 11, 6),
                                        opinion="object", text="涉及商业秘密")
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="事故统计表见附件")
    assert "第三十二条" in refused.value.message_dict["public_interest_reason"][0]
    assert Application.objects.get(pk=app.pk).status == Status.PROCESSING
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="事故统计表见附件",
                    public_interest_reason="该路段事故多发，公开统计数据有利于公共安全。")
    reply = services.approve_reply(actor=staff["leader"], app=app)
    told = app.notices.get(kind="override")
    assert told.addressee == "三明市顺安运输有限公司" and not told.visible_to_applicant
    assert told.consultation == consultation and told.pk < reply.pk  # numbered and issued first
    text = "".join(told.paragraphs)
    assert "公开统计数据有利于公共安全" in text and "事故统计表见附件" in text and "第三十二条" in text
    assert "申请行政复议" in text  # the third party may challenge the decision
    services.record_delivery(actor=staff["handler"], notice=told, method="in_person", on=date(2026, 11, 6))
    assert told.deliveries.count() == 1


def test_art32_withholding_the_third_partys_part_needs_no_override_notice(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 4))
    consultation = services.start_consultation(actor=staff["handler"], app=app, party="third_party",
                                               party_name="三明市顺安运输有限公司", matter="事故记录是否同意公开")
    services.record_consultation_answer(actor=staff["handler"], consultation=consultation, on=date(2026, 11, 4),
                                        opinion="object")
    services.decide(actor=staff["handler"], app=app, outcome="partial", reply_text="统计总数见附件",
                    reason_text="涉及第三方商业秘密的部分不予公开。", withheld_reasons=["third_party"], on_the_spot=True)
    assert not app.notices.filter(kind="override").exists() and app.status == Status.CLOSED


def test_a_posted_notice_counts_from_the_day_signed_for_and_keeps_its_posting_day(online, staff, pin_today):
    """Delivery by post (regulation.md §3, 送达): the notice reaches the applicant on the day they
    sign for it; the posting day is recorded too, as evidence of when the bureau acted."""
    app, _ = online(date(2026, 11, 2))
    notice = app.notices.get()
    pin_today(date(2026, 11, 6))
    with pytest.raises(ValidationError, match="交邮日期应在"):
        services.record_delivery(actor=staff["handler"], notice=notice, method="post", on=date(2026, 11, 5),
                                 posted_on=date(2026, 11, 6), tracking_number="EMS1234567890")
    d = services.record_delivery(actor=staff["handler"], notice=notice, method="post", on=date(2026, 11, 5),
                                 posted_on=date(2026, 11, 3), tracking_number="EMS1234567890")
    assert (d.posted_on, d.delivered_on) == (date(2026, 11, 3), date(2026, 11, 5))
    email = services.record_delivery(actor=staff["handler"], notice=notice, method="email", on=date(2026, 11, 5),
                                     posted_on=date(2026, 11, 3))
    assert email.posted_on is None  # only a posted notice has a posting day


def test_a_closed_case_keeps_its_figures_while_a_consultation_letter_is_undelivered(online, staff, pin_today):
    """Art. 32, 33: the case lapsed (fee unpaid) while the party's letter had no delivery record;
    its due date is fixed as of the closing and does not drift as the days go by."""
    from gongkai.applications.deadlines import clock_state

    app, _ = online(date(2026, 11, 2), items=12)
    pin_today(date(2026, 11, 3))
    notice = services.notify_fee(actor=staff["handler"], app=app, method="per_item", quantity=12)
    services.record_delivery(actor=staff["handler"], notice=notice, method="email", on=date(2026, 11, 3))
    services.start_consultation(actor=staff["handler"], app=app, party="agency", party_name="三明市交通运输局",
                                matter="是否同意公开")
    app.refresh_from_db()
    pin_today(date(2026, 12, 2))
    services.daily(date(2026, 12, 2))
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.outcome == "no_fee"
    due = clock_state(app).due
    pin_today(date(2027, 1, 20))
    assert clock_state(Application.objects.get(pk=app.pk)).due == due
