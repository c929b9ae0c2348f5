"""`applications/actions.py`: one way of taking each step from what a person sent, for the
workbench's forms and the API's bodies alike. The same fields mean the same on both, and an
unknown or missing one is the same Chinese field error (Art. 35, 36(六))."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from gongkai.applications import actions, services
from gongkai.applications.models import Status
from tests.applications.conftest import PERSON


def _page(user, app, step, data):
    client = Client()
    client.force_login(user)
    return client.post(f"/workbench/applications/{app.pk}/{step}/", data)


def _api(user, app, step, data):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/staff/applications/{app.pk}/{step}/", data, format="json")


def test_another_applicants_case_is_no_earlier_application(online, staff, pin_today):
    """Art. 36(六) names the same applicant's earlier application: another person's tracking number
    reads as unknown on both doors, and says nothing about that case."""
    other, _ = online(date(2026, 10, 12), name="王五", id_number="350402198801011238")
    services.decide(actor=staff["handler"], app=other, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        actions.APPLICATION["decide"](staff["handler"], app, {"outcome": "repeat", "earlier": other.tracking_number,
                                                              "on_the_spot": True})
    assert "不是同一申请人" in refused.value.message_dict["earlier"][0]
    r = _api(staff["handler"], app, "decide", {"outcome": "repeat", "earlier": other.tracking_number,
                                               "on_the_spot": True})
    assert r.status_code == 400 and "不是同一申请人" in r.json()["earlier"][0]
    # The page offers only the applicant's own decided cases; a number from elsewhere is not one.
    response = _page(staff["handler"], app, "decide", {"outcome": "repeat", "earlier": other.tracking_number,
                                                       "on_the_spot": "on"})
    assert "选择一个有效的选项" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and app.earlier is None


@pytest.mark.parametrize("door", ["page", "api"])
def test_reasons_found_unreasonable_are_recorded_so(online, staff, pin_today, door):
    """Art. 35: the page's "no" and the API's false are the same finding."""
    app, _ = online(date(2026, 11, 2))
    services.request_reasons(actor=staff["handler"], app=app)
    if door == "page":
        _page(staff["handler"], app, "record_reasons", {"text": "研究需要", "reasonable": "no",
                                                        "stated_due_on": "2027-01-29"})
    else:
        _api(staff["handler"], app, "record_reasons", {"text": "研究需要", "reasonable": False,
                                                       "stated_due_on": "2027-01-29"})
    app.refresh_from_db()
    assert app.reasons_text == "研究需要" and app.stated_due_on is None
    assert app.events.filter(kind="reasons_recorded", text="理由不合理，拟不予处理").exists()


def test_a_missing_field_is_named_in_chinese(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        actions.APPLICATION["record_delivery"](staff["handler"], app, {"notice": None})
    assert refused.value.message_dict == {"notice": ["此项为必填项"], "method": ["此项为必填项"]}
    assert PERSON["name"] not in str(refused.value)
