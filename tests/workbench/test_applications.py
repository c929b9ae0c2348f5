"""The workbench pages of disclosure on application, driven through the client as staff would:
the queue in due order and in scope, masking, every step as a POST form with its Chinese error
and nothing changed on bad input, scope (404) and permission (403), CSRF, notice downloads."""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client

from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    CaseNote,
    Delivery,
    Notice,
    NoticeTemplate,
    Reminder,
    Status,
)
from gongkai.core.models import AuditEvent
from tests.applications import conftest as application_fixtures
from tests.applications.conftest import COMPANY, PERSON, at

# The fixtures of the application tests, made visible to this module.
city_body, online, staff = application_fixtures.city_body, application_fixtures.online, application_fixtures.staff

BASE = "/workbench/applications/"


class StaffClient(Client):
    """A test client logged in as one member of staff for as long as the test runs: the tests move
    the bureau's clock by days between two steps, past the idle timeout of any real session, so
    each request logs in again (as the person would, on the day the step is done)."""

    def __init__(self, user, **defaults):
        super().__init__(**defaults)
        self.user = user

    def request(self, **request):
        self.force_login(self.user)
        return super().request(**request)


@pytest.fixture
def as_user():
    return StaffClient


def page(response) -> str:
    return response.content.decode()


def act(client, app, action, data=None, **kwargs):
    return client.post(f"{BASE}{app.pk}/{action}/", data or {}, **kwargs)


def reload(app) -> Application:
    return Application.objects.get(pk=app.pk)


# --- Queue, scope and masking ---------------------------------------------------------------

def test_queue_lists_only_cases_in_scope_soonest_due_first(online, staff, bureau, as_user, pin_today):
    later, _ = online(date(2026, 11, 2))
    sooner, _ = online(date(2026, 10, 20))
    elsewhere, _ = online(date(2026, 10, 26))
    office = as_user(staff["office"])
    # Assigned to 沙县分局 through the page: the office may hand it to any unit of the same body.
    response = act(office, elsewhere, "assign", {"unit": bureau["shaxian"].pk, "handler": staff["outsider"].pk})
    assert response.status_code == 302, page(response)[:3000]
    assert reload(elsewhere).unit == bureau["shaxian"] and reload(elsewhere).handler == staff["outsider"]

    pin_today(date(2026, 11, 20))
    response = as_user(staff["handler"]).get(BASE)
    assert [r["app"].pk for r in response.context["rows"]] == [sooner.pk, elsewhere.pk, later.pk]
    html = page(response)
    # 20 Oct + 20 working days (National Day week is before it) = 17 Nov: overdue on 20 Nov, in red
    # and in words; 2 Nov → 30 Nov: 6 left, no colour.
    assert 'class="row-overdue"' in html and "超期3个工作日" in html and "剩余6个工作日" in html

    outsider = as_user(staff["outsider"])
    assert [r["app"].pk for r in outsider.get(BASE).context["rows"]] == [elsewhere.pk]
    assert [r["app"].pk for r in outsider.get(BASE, {"handler": staff["outsider"].pk}).context["rows"]] == [
        elsewhere.pk]
    assert outsider.get(f"{BASE}{later.pk}/").status_code == 404
    assert act(outsider, later, "add_note", {"text": "看看"}).status_code == 404
    receipt = later.notices.get()
    assert outsider.get(f"{BASE}{later.pk}/notices/{receipt.pk}.pdf").status_code == 404
    # The notice of another case is not reachable through a case the user may see.
    assert outsider.get(f"{BASE}{elsewhere.pk}/notices/{receipt.pk}.pdf").status_code == 404
    assert not CaseNote.objects.exists()


def test_queue_filters_and_closed(online, staff, as_user):
    app, _ = online(date(2026, 11, 2))
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    other, _ = online(date(2026, 11, 3), **COMPANY)
    client = as_user(staff["handler"])
    assert [r["app"].pk for r in client.get(BASE).context["rows"]] == [other.pk]
    assert {r["app"].pk for r in client.get(BASE, {"closed": "1"}).context["rows"]} == {app.pk, other.pk}
    assert [r["app"].pk for r in client.get(BASE, {"status": "closed"}).context["rows"]] == [app.pk]


def test_people_without_view_personal_see_masked_applicant(online, staff, as_user):
    app, _ = online(date(2026, 11, 2))
    leader = as_user(staff["leader"])
    html = page(leader.get(f"{BASE}{app.pk}/"))
    assert "您无权查看申请人个人信息" in html and "张*" in html
    for secret in ("张三", "11010519491231002X", "13805981234", "zhangsan@", "列东街1号"):
        assert secret not in html
    assert "张三" not in page(leader.get(BASE)) and "张*" in page(leader.get(BASE))
    assert leader.get(f"{BASE}{app.pk}/identity-proof/").status_code == 403

    html = page(as_user(staff["handler"]).get(f"{BASE}{app.pk}/"))
    assert "您无权查看申请人个人信息" not in html
    assert "张三" in html and "11010519491231002X" in html and "13805981234" in html


def test_people_without_application_capabilities_are_refused(bureau, make_user, as_user):
    plain = as_user(make_user("reviewer", "city", username="reviewer_city"))
    assert plain.get(BASE).status_code == 403
    assert plain.get(f"{BASE}new/").status_code == 403
    assert plain.get("/workbench/notice-templates/").status_code == 403


# --- Staff entry ----------------------------------------------------------------------------

def entry(client, bureau, **overrides):
    data = {**PERSON, "unit": bureau["city"].pk, "channel": "in_person", "submitted_at": "2026-11-02T09:30",
            "received_on": "", **overrides}
    return client.post(f"{BASE}new/", data)


def test_register_in_person_shows_the_query_code_once(staff, bureau, city_body, as_user, pin_today):
    pin_today(date(2026, 11, 5))
    client = as_user(staff["handler"])
    assert client.get(f"{BASE}new/").status_code == 200
    response = entry(client, bureau)
    assert response.status_code == 302, page(response)[:3000]
    app = Application.objects.get()
    assert app.channel == "in_person" and app.received_on == date(2026, 11, 2) and app.entered_by == staff["handler"]
    html = page(client.get(response["Location"]))
    code = re.search(r'class="query-code">([0-9A-Z]{8})<', html).group(1)
    assert services.check_query_code(app, code)
    receipt = app.notices.get(kind="receipt")
    assert f"/notices/{receipt.pk}.pdf" in html
    again = page(client.get(response["Location"]))
    assert code not in again and 'class="query-code"' not in again


def test_register_letter_waits_for_confirmation(staff, bureau, city_body, as_user, pin_today):
    pin_today(date(2026, 11, 5))
    client = as_user(staff["handler"])
    html = page(client.get(entry(client, bureau, channel="letter")["Location"]))
    app = Application.objects.get()
    # The code is the applicant's from registration on, and stays theirs at confirmation (hole 6).
    code = re.search(r'class="query-code">([0-9A-Z]{8})<', html).group(1)
    assert app.status == Status.AWAITING_CONFIRMATION and "确认受理" in html and "届时出具受理回执" in html
    response = act(client, app, "confirm_receipt", {"received_on": "2026-11-04"})
    assert response.status_code == 302
    app = reload(app)
    assert app.status == Status.PROCESSING and app.received_on == date(2026, 11, 4)
    assert app.notices.filter(kind="receipt").exists() and services.check_query_code(app, code)


def test_register_bad_input_is_reported_in_chinese_and_nothing_written(staff, bureau, city_body, as_user,
                                                                       pin_today):
    pin_today(date(2026, 11, 5))
    client = as_user(staff["handler"])
    response = entry(client, bureau, id_number="110105194912310021", phone="123", description="查")
    assert response.status_code == 200
    html = page(response)
    assert "校验不通过" in html and "联系电话格式不正确" in html and "第二十九条" in html
    response = entry(client, bureau, channel="registered_post")
    assert "签收" in page(response)
    response = entry(client, bureau, channel="online")
    assert response.status_code == 200
    assert not Application.objects.exists() and not Notice.objects.exists()


# --- The steps ------------------------------------------------------------------------------

def test_supplement_requested_and_received_through_the_page(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    pin_today(date(2026, 11, 3))
    response = act(client, app, "request_supplement", {"items": "  "})
    assert response.status_code == 200 and "请逐项列明需要补正的事项" in page(response)
    assert reload(app).status == Status.PROCESSING and app.notices.count() == 1

    response = act(client, app, "request_supplement", {"items": "1.请写明事故发生的路段；\n2.请写明时间范围。"})
    assert response.status_code == 302
    app = reload(app)
    assert app.status == Status.SUPPLEMENT and app.notices.filter(kind="supplement").exists()
    assert "计时停止，待申请人补正" in page(client.get(f"{BASE}{app.pk}/"))

    pin_today(date(2026, 11, 6))
    response = act(client, app, "receive_supplement", {"on": "2026-10-01"})
    assert "不能早于补正通知日期" in page(response) and reload(app).status == Status.SUPPLEMENT
    act(client, app, "receive_supplement", {"on": "2026-11-06", "text": "路段：列东街"})
    app = reload(app)
    assert app.status == Status.PROCESSING and app.clock_start == date(2026, 11, 6) and "列东街" in app.description


def test_late_supplement_is_warned_before_sending(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 12))  # 8 working days after receipt
    html = page(as_user(staff["handler"]).get(f"{BASE}{app.pk}/"))
    assert "第8个工作日" in html and "超过条例第三十条规定的7个工作日" in html


def test_consultation_sent_and_answered(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    pin_today(date(2026, 11, 4))
    response = act(client, app, "start_consultation", {"party": "agency", "party_name": "", "matter": ""})
    assert "请填写征询对象" in page(response) and "请填写征询事项" in page(response)
    assert not app.consultations.exists()
    act(client, app, "start_consultation", {"party": "agency", "party_name": "三明市交通运输局", "matter": "是否同意公开事故统计数据"})
    consultation = app.consultations.get()
    assert "等待意见，计时暂停" in page(client.get(f"{BASE}{app.pk}/"))
    pin_today(date(2026, 11, 10))
    response = act(client, app, "record_consultation_answer", {"consultation": consultation.pk, "on": "2026-11-10",
                                                   "opinion": "consent"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.opinion == "consent" and consultation.answered_on == date(2026, 11, 10)


def test_extension_requested_then_approved_by_the_office(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    handler = as_user(staff["handler"])
    pin_today(date(2026, 11, 20))
    response = act(handler, app, "request_extension", {"days": "21", "reason": "档案调取"})
    assert response.status_code == 200 and "20" in page(response)
    assert reload(app).extension_requested_days == 0
    act(handler, app, "request_extension", {"days": "20", "reason": "需要调取多个单位的档案"})
    assert reload(app).extension_requested_days == 20
    assert act(handler, app, "approve_extension").status_code == 403
    assert "批准延期" in page(as_user(staff["office"]).get(f"{BASE}{app.pk}/"))
    response = act(as_user(staff["office"]), app, "approve_extension")
    assert response.status_code == 302
    app = reload(app)
    assert app.extension_days == 20 and app.due_on == date(2026, 12, 28)
    assert app.notices.filter(kind="extension").exists()


def test_article_36_7_query_reply_names_its_law_from_the_page(online, staff, as_user, pin_today):
    """条例第三十六条第七项: the reply form asks for the law to proceed under; without it, a Chinese
    error and nothing written; with it, the reply names it."""
    app, _ = online(date(2026, 11, 2))
    handler = as_user(staff["handler"])
    pin_today(date(2026, 11, 10))
    fields = {"outcome": "query", "reason_text": "属于户籍档案查询事项。", "on_the_spot": "on"}
    html = page(act(handler, app, "decide", fields))
    assert "规定该查询的法律、行政法规" in html and "条例第三十六条第（七）项" in html
    assert reload(app).status == Status.PROCESSING
    response = act(handler, app, "decide", {**fields, "query_law": "《中华人民共和国户口登记条例》"})
    assert response.status_code == 302
    app = reload(app)
    assert app.status == Status.CLOSED and app.query_law == "《中华人民共和国户口登记条例》"
    assert "依照《中华人民共和国户口登记条例》的规定办理" in "".join(app.notices.get(kind="reply").paragraphs)
    assert "《中华人民共和国户口登记条例》" in page(handler.get(f"{BASE}{app.pk}/"))


def test_a_body_without_its_court_shows_why_no_reply_can_issue(online, staff, as_user, city_body, pin_today):
    """行政诉讼法第四十六条: the remedy notice names the court; the page tells the handler and the
    approver which setting is missing and where, and the approval is not offered."""
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 10))
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件。")
    city_body.litigation_court = ""
    city_body.save()
    leader = as_user(staff["leader"])
    html = page(leader.get(f"{BASE}{app.pk}/"))
    assert "尚未设置“行政诉讼管辖法院”" in html and "公开主体设置" in html
    assert 'id="step-approve_reply"' not in html and 'id="step-return_reply"' in html
    act(leader, app, "approve_reply")
    assert reload(app).status == Status.APPROVAL and not reload(app).notices.filter(kind="disclosed").exists()


def test_partial_disclosure_decided_then_approved(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    handler = as_user(staff["handler"])
    pin_today(date(2026, 11, 10))
    response = act(handler, app, "decide", {"outcome": "partial", "reply_text": "统计表见附件。"})
    html = page(response)
    assert response.status_code == 200 and "须说明理由" in html and "部分公开须选择不予公开部分的理由" in html
    assert reload(app).status == Status.PROCESSING and reload(app).outcome == ""

    response = act(handler, app, "decide", {"outcome": "partial", "reply_text": "统计表见附件。",
                                            "reason_text": "表中当事人姓名属于个人隐私。",
                                            "withheld_reasons": ["third_party"]})
    assert response.status_code == 302
    assert reload(app).status == Status.APPROVAL
    assert act(handler, app, "approve_reply").status_code == 403

    leader = as_user(staff["leader"])
    html = page(leader.get(f"{BASE}{app.pk}/"))
    assert "拟定的答复（待审批）" in html and "保护第三方合法权益" in html
    response = act(leader, app, "approve_reply")
    assert response.status_code == 302
    app = reload(app)
    assert app.status == Status.CLOSED and app.approved_by == staff["leader"]
    assert app.notices.filter(kind="partial").exists()


def test_reply_returned_needs_a_comment(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件")
    leader = as_user(staff["leader"])
    assert "请写明退回意见" in page(act(leader, app, "return_reply", {"comment": " "}))
    assert reload(app).status == Status.APPROVAL
    act(leader, app, "return_reply", {"comment": "答复内容不具体"})
    assert reload(app).status == Status.PROCESSING
    assert "答复内容不具体" in page(as_user(staff["handler"]).get(f"{BASE}{app.pk}/"))


def test_repeat_application_names_the_earlier_case(online, staff, as_user, pin_today):
    first, _ = online(date(2026, 10, 12))
    services.decide(actor=staff["handler"], app=first, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    second, _ = online(date(2026, 11, 2), description="2025年度三元区道路交通事故统计数据。")
    client = as_user(staff["handler"])
    html = page(client.get(f"{BASE}{second.pk}/"))
    assert "可能的重复申请" in html and f'href="{BASE}{first.pk}/"' in html
    response = act(client, second, "decide", {"outcome": "repeat", "on_the_spot": "on"})
    assert "重复申请须指明此前的申请" in page(response) and reload(second).status == Status.PROCESSING
    act(client, second, "decide", {"outcome": "repeat", "earlier": first.tracking_number, "on_the_spot": "on"})
    second = reload(second)
    assert second.status == Status.CLOSED and second.earlier == first
    assert first.tracking_number in "".join(second.notices.get(kind="repeat").paragraphs)


def test_art35_reasons_requested_and_recorded(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    act(client, app, "request_reasons")
    assert reload(app).reasons_requested_on and app.notices.filter(kind="reasons").exists()
    response = act(client, app, "record_reasons", {"text": "研究需要", "reasonable": "yes",
                                                   "stated_due_on": "2026-11-20"})
    assert "应晚于现行答复期限" in page(response)
    assert reload(app).reasons_text == "" and reload(app).stated_due_on is None
    act(client, app, "record_reasons", {"text": "研究需要", "reasonable": "yes", "stated_due_on": "2027-01-29"})
    assert reload(app).due_on == date(2027, 1, 29)


def test_delivery_recorded_per_notice(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    receipt = app.notices.get()
    client = as_user(staff["handler"])
    pin_today(date(2026, 11, 3))
    response = act(client, app, "record_delivery", {"notice": receipt.pk, "method": "post", "on": "2026-11-03"})
    assert response.status_code == 200 and "邮寄送达请填写邮件单号" in page(response)
    assert not Delivery.objects.exists()
    act(client, app, "record_delivery", {"notice": receipt.pk, "method": "post", "on": "2026-11-03",
                                 "tracking_number": "EMS1234567890"})
    assert receipt.deliveries.get().tracking_number == "EMS1234567890"
    assert "EMS1234567890" in page(client.get(f"{BASE}{app.pk}/"))


def test_fee_notice_and_payment(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2), items=15)
    client = as_user(staff["handler"])
    pin_today(date(2026, 11, 3))
    assert "应收 <strong>500 元</strong>" in page(client.get(f"{BASE}{app.pk}/"))
    response = act(client, app, "notify_fee", {"method": "per_page", "quantity": "30"})
    assert "免费额度" in page(response) and not reload(app).fee_notified_on
    act(client, app, "notify_fee", {"method": "per_item", "quantity": "15"})
    assert reload(app).fee_amount == 500
    act(client, app, "record_payment", {"on": "2026-11-03"})
    assert reload(app).fee_paid_on == date(2026, 11, 3)


def test_lapsed_supplement_closed_by_staff(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    pin_today(date(2026, 11, 3))
    act(client, app, "request_supplement", {"items": "请写明时间范围"})
    assert "视为放弃申请，办结" not in page(client.get(f"{BASE}{app.pk}/"))
    response = act(client, app, "close_lapsed")
    assert "尚未届满" in page(response) and reload(app).status == Status.SUPPLEMENT
    pin_today(date(2026, 11, 25))
    act(client, app, "close_lapsed")
    app = reload(app)
    assert app.status == Status.CLOSED and app.outcome == "no_supplement"


def test_notes_are_internal_and_remedies_recorded(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    act(client, app, "add_note", {"text": "申请人电话说明急需"})
    html = page(client.get(f"{BASE}{app.pk}/"))
    assert "申请人电话说明急需" in html and "内部备注，不对申请人公开" in html
    services.decide(actor=staff["handler"], app=app, outcome="secret", reason_text="属于国家秘密。", on_the_spot=True)
    response = act(client, app, "record_remedy", {"kind": "reconsideration", "authority": "三明市人民政府",
                                           "filed_on": "2026-11-20", "result": "maintained"})
    assert "已审结的请填写审结日期" in page(response) and not app.remedies.exists()
    act(client, app, "record_remedy", {"kind": "reconsideration", "authority": "三明市人民政府", "filed_on": "2026-11-20",
                                "result": "pending"})
    assert app.remedies.get().authority == "三明市人民政府"


def test_actions_are_post_only_and_unknown_actions_404(online, staff, as_user):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["handler"])
    assert client.get(f"{BASE}{app.pk}/note/").status_code == 405
    assert act(client, app, "delete_everything").status_code == 404


def test_csrf_is_enforced(online, staff):
    app, _ = online(date(2026, 11, 2))
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff["handler"])
    assert act(client, app, "add_note", {"text": "无令牌"}).status_code == 403
    assert not CaseNote.objects.exists()


# --- Downloads ------------------------------------------------------------------------------

def test_notice_download_headers(online, staff, as_user):
    app, _ = online(date(2026, 11, 2))
    receipt = app.notices.get()
    # The receipt carries the applicant's name and query code: not for a leader without
    # the personal-data permission, but for the handler.
    assert as_user(staff["leader"]).get(f"{BASE}{app.pk}/notices/{receipt.pk}.pdf").status_code == 403
    client = as_user(staff["handler"])
    response = client.get(f"{BASE}{app.pk}/notices/{receipt.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote(receipt.number, safe='')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    docx = client.get(f"{BASE}{app.pk}/notices/{receipt.pk}.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(f"{BASE}{app.pk}/notices/{receipt.pk}.exe").status_code == 404


def test_identity_proof_only_for_those_who_may_see_personal_data(city_body, staff, as_user, pin_today):
    pin_today(date(2026, 11, 2))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    app, _ = services.submit_online(body=city_body, data=PERSON, identity_proof=("身份证.png", png),
                                    now=at(date(2026, 11, 2)))
    assert as_user(staff["leader"]).get(f"{BASE}{app.pk}/identity-proof/").status_code == 403
    response = as_user(staff["handler"]).get(f"{BASE}{app.pk}/identity-proof/")
    assert response.status_code == 200 and response.content == png and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="application.identity_proof", object_id=str(app.pk)).count() == 1


# --- Notice templates and the home page -----------------------------------------------------

def test_notice_templates_edited_by_the_office_only(staff, city_body, as_user):
    office = as_user(staff["office"])
    assert "政府信息公开申请补正通知书" in page(office.get("/workbench/notice-templates/"))
    url = "/workbench/notice-templates/supplement/"
    html = page(office.get(url))
    assert "{补正期限}" in html and "请于{补正期限}前提交补正材料" in html
    response = office.post(url, {"title": "补正通知书", "body": "请补正：{补正事项}，期限{补正日期}"})
    assert response.status_code == 200 and "无法识别的占位符" in page(response)
    assert not NoticeTemplate.objects.exists()
    assert office.post(url, {"title": "补正通知书", "body": "请补正：{补正事项}\n期限{补正期限}"}).status_code == 302
    assert NoticeTemplate.objects.get(kind="supplement").title == "补正通知书"
    leader = as_user(staff["leader"])  # approves only in its own subtree: may read, not edit
    assert leader.get("/workbench/notice-templates/").status_code == 200
    assert leader.get(url).status_code == 403
    assert as_user(staff["handler"]).get("/workbench/notice-templates/").status_code == 403


def test_home_counts_due_cases_and_unread_reminders(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    app.handler = staff["handler"]
    app.save()
    services.send_reminders(date(2026, 11, 23))
    client = as_user(staff["handler"])
    response = client.get("/workbench/")
    assert response.context["unread_reminder_count"] == 1 and "期限提醒" in page(response)
    client.get(f"{BASE}{app.pk}/")
    assert not Reminder.objects.filter(user=staff["handler"], read_at__isnull=True).exists()


def test_ledger_upload_page_imports_all_or_nothing(client, staff, city_body):  # noqa: F811
    """The 台账 upload: a bad row is reported with its number and nothing is written."""
    import csv
    import io

    from gongkai.applications.models import Application

    def upload(rows, dry_run=False):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["申请人类型", "申请渠道", "收到申请日期", "办理结果", "答复日期"])
        writer.writerows(rows)
        data = io.BytesIO(buffer.getvalue().encode("utf-8"))
        data.name = "taizhang.csv"
        return client.post("/workbench/applications/import/", {"file": data, "body": city_body.pk,
                                                               "dry_run": "on" if dry_run else ""})

    client.force_login(staff["office"])
    response = upload([["自然人", "当面申请", "2019-03-05", "予以公开", "2019-03-20"],
                       ["外星人", "当面申请", "2019-03-06", "予以公开", "2019-03-21"]])
    assert response.status_code == 200
    assert "第 3 行" in response.content.decode() and not Application.objects.exists()
    response = upload([["自然人", "当面申请", "2019-03-05", "予以公开", "2019-03-20"]])
    assert "已导入 1 件申请" in response.content.decode()
    assert Application.objects.get().imported
    client.force_login(staff["handler"])
    assert client.get("/workbench/applications/import/").status_code == 403


def test_decree_492_art24_old_case_page_names_its_regulation_and_refuses_a_16_day_extension(
        staff, city_body, as_user, pin_today):
    """国务院令第492号 第二十四条: the page of a case received 2019-05-10 (imported through the upload
    page) says the 2008 regulation governs it with 15 working days; an extension of 16 is refused in
    Chinese and nothing written; a case received 2019-05-15 shows no such line."""
    import csv
    import io

    pin_today(date(2019, 5, 20))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["申请人类型", "申请人", "申请渠道", "收到申请日期"], ["自然人", "旧", "当面申请", "2019-05-10"],
                      ["自然人", "新", "当面申请", "2019-05-15"]])
    data = io.BytesIO(buffer.getvalue().encode("utf-8"))
    data.name = "taizhang.csv"
    office = as_user(staff["office"])
    assert "已导入 2 件申请" in page(office.post("/workbench/applications/import/", {"file": data, "body": city_body.pk}))
    old, new = Application.objects.get(name="旧"), Application.objects.get(name="新")
    html = page(as_user(staff["handler"]).get(f"{BASE}{old.pk}/"))
    assert "适用2008年《政府信息公开条例》：答复期限15个工作日" in html and "国务院令第492号第二十四条" in html
    assert "最长15个工作日，只能延长一次" in html and "2019-05-31" in html
    assert "适用2008年" not in page(as_user(staff["handler"]).get(f"{BASE}{new.pk}/"))
    response = act(as_user(staff["handler"]), old, "request_extension", {"days": "16", "reason": "档案调取"})
    assert response.status_code == 200 and "延长期限为1至15个工作日（2008年《条例》第二十四条）" in page(response)
    assert reload(old).extension_requested_days == 0


# --- Odd input (review) ---------------------------------------------------------------------

def test_odd_ids_in_queue_filters_and_item_forms_do_not_fail(online, staff, as_user):
    app, _ = online(date(2026, 11, 2))
    client = as_user(staff["office"])
    for query in ("unit=²", "handler=²", "unit=99999999999999999999999", "handler=99999999999999999999999"):
        response = client.get(f"{BASE}?{query}")
        assert response.status_code == 200, query
    response = act(client, app, "record_delivery", {"notice": "²", "method": "post", "on": "2026-11-02"})
    assert response.status_code == 200 and "登记送达未完成" in page(response)
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("submitted_at", ["0001-01-01T00:00", "1900-01-01T10:00"])
def test_entry_refuses_a_submission_time_before_the_regulation(staff, bureau, city_body, as_user, pin_today,
                                                               submitted_at):
    pin_today(date(2026, 11, 5))
    response = entry(as_user(staff["handler"]), bureau, submitted_at=submitted_at)
    assert response.status_code == 200 and "不能早于" in page(response)
    assert not Application.objects.exists()


def test_approve_extension_is_not_offered_to_the_one_who_asked(online, staff, as_user, pin_today):
    app, _ = online(date(2026, 11, 2))
    office = as_user(staff["office"])
    act(office, app, "request_extension", {"days": "10", "reason": "档案调取"})
    assert reload(app).extension_requested_days == 10
    assert 'id="step-approve_extension"' not in page(office.get(f"{BASE}{app.pk}/"))
    response = act(office, app, "approve_extension")
    assert response.status_code == 200 and "四眼原则：不能审核本人申请的延期" in page(response)
    assert reload(app).extension_days == 0


def test_case_page_says_a_late_supplement_only_pauses_the_period(online, staff, as_user, pin_today):
    """Art. 30: past the 7th working day the page warns before the notice goes out, and says
    afterwards that the reply period is paused, not restarted."""
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 12))
    client = as_user(staff["handler"])
    assert "不重新计算" in page(client.get(f"{BASE}{app.pk}/"))
    act(client, app, "request_supplement", {"items": "请写明时间范围"})
    html = page(client.get(f"{BASE}{app.pk}/"))
    assert "答复期限暂停计算，收到补正后继续计算，不重新计算" in html
