"""Query codes never readable by staff (issue #16, hole 6): a clerk read an applicant's code from
the stored receipt and rated the case 满意 as the applicant. The stored receipt carries a mask;
the applicant's copy with the code is rendered for whoever holds the code; a staff session cannot
act on the public tracking pages."""

import io
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from gongkai.applications import notices, services
from gongkai.applications.models import Status
from gongkai.core.models import AuditEvent
from tests.conftest import PASSWORD, second_factor_code

from .conftest import PERSON, at


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(content))).pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(bytes(content))).paragraphs)


def test_the_stored_receipt_holds_no_query_code(online):
    app, code = online(date(2026, 11, 2))
    receipt = app.notices.get(kind="receipt")
    for stored in ("".join(receipt.paragraphs), pdf_text(receipt.pdf), docx_text(receipt.docx)):
        assert code not in stored and notices.QUERY_CODE_MASK in stored


def test_the_applicants_copy_carries_the_code_and_nothing_else_changes(online):
    app, code = online(date(2026, 11, 2))
    receipt, pdf = services.receipt_with_code(app=app, code=code.lower())
    text = pdf_text(pdf)
    assert code in text and notices.QUERY_CODE_MASK not in text
    assert receipt.number in text and "受理编号为350400-2026-0001" in text
    _, docx = services.receipt_with_code(app=app, code=code, ext="docx")
    assert code in docx_text(docx)
    with pytest.raises(Exception, match="查询码与该申请不符"):
        services.receipt_with_code(app=app, code="ABCDEFGH" if code != "ABCDEFGH" else "BCDEFGHJ")
    assert app.notices.count() == 1  # rendered, never stored


def test_staff_registration_shows_the_code_once_with_the_copy(client, city_body, staff, pin_today):
    pin_today(date(2026, 11, 2))
    client.force_login(staff["handler"])
    app, code = services.register(actor=staff["handler"], unit=city_body.unit, data={**PERSON},
                                  channel="in_person", submitted_at=at(date(2026, 11, 2)),
                                  received_on=date(2026, 11, 2))
    session = client.session
    session["gk_wb_query_code"] = {"app": app.pk, "code": code}
    session.save()
    page = client.get(f"/workbench/applications/{app.pk}/").content.decode()
    assert code in page and "下载载有查询码的受理回执" in page
    assert code not in client.get(f"/workbench/applications/{app.pk}/").content.decode()
    copy = client.post(f"/workbench/applications/{app.pk}/receipt-with-code.pdf", {"code": code})
    assert copy.status_code == 200 and code in pdf_text(copy.content)
    stored = client.get(f"/workbench/applications/{app.pk}/notices/{app.notices.get().pk}.pdf")
    assert code not in pdf_text(stored.content)


def test_confirming_a_letter_keeps_the_code_it_was_given(city_body, staff, pin_today):
    pin_today(date(2026, 11, 2))
    app, code = services.register(actor=staff["handler"], unit=city_body.unit, data={**PERSON},
                                  channel="letter", submitted_at=at(date(2026, 11, 2)), received_on=None)
    assert app.status == Status.AWAITING_CONFIRMATION
    pin_today(date(2026, 11, 3))
    services.confirm_receipt(actor=staff["handler"], app=app, received_on=date(2026, 11, 3))
    app.refresh_from_db()
    assert services.check_query_code(app, code)
    assert code not in "".join(app.notices.get(kind="receipt").paragraphs)


def test_a_lost_code_is_replaced_and_the_old_one_stops_working(client, online, staff):
    app, old = online(date(2026, 11, 2))
    client.force_login(staff["handler"])
    response = client.post(f"/workbench/applications/{app.pk}/query-code/", follow=True)
    page = response.content.decode()
    assert "已重新生成查询码" in page
    new = response.context["query_code"]
    app.refresh_from_db()
    assert services.check_query_code(app, new) and not services.check_query_code(app, old)
    assert AuditEvent.objects.filter(action="application.reissue_query_code", object_id=str(app.pk)).exists()
    assert new not in str(list(AuditEvent.objects.values_list("before", "after")))


def test_only_handlers_who_see_the_applicant_replace_a_code(client, online, staff):
    app, old = online(date(2026, 11, 2))
    client.force_login(staff["outsider"])
    assert client.post(f"/workbench/applications/{app.pk}/query-code/").status_code in (403, 404)
    app.refresh_from_db()
    assert services.check_query_code(app, old)


# --- A staff session cannot act as the applicant ------------------------------------------------

def staff_browser(user) -> Client:
    browser = Client()
    browser.post("/workbench/login/", {"username": user.username, "password": PASSWORD})
    browser.post("/workbench/second-factor/", {"code": second_factor_code(user)})
    return browser


def test_a_clerk_holding_a_code_cannot_rate_the_case(online, staff):
    app, code = online(date(2026, 11, 2))
    app.status = Status.CLOSED  # a rating needs a closed case
    app.save(update_fields=["status"])
    clerk = staff_browser(staff["handler"])
    lookup = clerk.post("/yishenqing/chaxun/", {"tracking_number": app.tracking_number, "query_code": code})
    assert lookup.status_code == 403 and "工作人员不能代为操作" in lookup.content.decode()
    rated = clerk.post("/yishenqing/chaxun/pingjia/", {"satisfaction": "satisfied", "comment": ""})
    assert rated.status_code == 403
    app.refresh_from_db()
    assert not app.satisfaction


def test_a_grant_carried_into_a_login_is_refused(online, staff):
    """Looked up while logged out, then logged in on the same browser: the grant survives the
    login (Django keeps the session's data), the pages still refuse."""
    app, code = online(date(2026, 11, 2))
    browser = Client()
    assert browser.post("/yishenqing/chaxun/", {"tracking_number": app.tracking_number,
                                                "query_code": code}).status_code == 302
    browser.post("/workbench/login/", {"username": staff["handler"].username, "password": PASSWORD})
    for page in ("/yishenqing/chaxun/jieguo/", f"/yishenqing/wenshu/{app.notices.get().pk}.pdf"):
        assert browser.get(page).status_code == 403


def test_the_mailbox_tracking_refuses_staff_sessions_too(staff, city_body):
    from gongkai.interaction import services as letters
    from tests.interaction.conftest import LETTER

    letter, code = letters.submit_online(body=city_body, data={**LETTER})
    clerk = staff_browser(staff["handler"])
    page = clerk.post("/hudong/chaxun/", {"tracking_number": letter.tracking_number, "query_code": code})
    assert page.status_code == 403
    api = clerk.post(f"/api/v1/public/letters/{letter.tracking_number}/rating/",
                     {"code": code, "satisfaction": "satisfied"}, content_type="application/json")
    assert api.status_code == 403 and "工作人员不能代为操作" in api.json()["detail"], api.content.decode()
