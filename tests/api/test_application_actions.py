"""Staff actions through the API: the same rules as the workbench (Art. 30, 33, 37)."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.applications.conftest import city_body, online, staff  # noqa: F401


@pytest.fixture
def api(staff):  # noqa: F811
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def url(app, action):
    return f"/api/v1/staff/applications/{app.pk}/{action}/"


def test_supplement_then_restart_through_the_api(api, staff, online, pin_today):  # noqa: F811
    app, _ = online(date(2026, 9, 18))
    pin_today(date(2026, 9, 22))
    client = api(staff["handler"])
    r = client.post(url(app, "supplement"), {"items": "请写明事故发生的路段"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "supplement" and r.json()["due_on"] is None
    r = client.post(url(app, "supplement"), {"items": "再补一项"}, format="json")
    assert r.status_code == 400 and "一次性告知" in str(r.json())
    pin_today(date(2026, 9, 28))  # a supplement is recorded when it has arrived, not ahead of time
    r = client.post(url(app, "supplement_received"), {"on": "2026-09-28"}, format="json")
    assert r.json()["due_on"] == "2026-10-30"  # Art. 30: 20 working days again from 28 Sep


def test_steps_under_their_names_and_the_old_names(api, staff, online, pin_today):  # noqa: F811
    """The step names of applications/workflow.py; the names before them work for one release."""
    app, _ = online(date(2026, 9, 18))
    pin_today(date(2026, 9, 22))
    client = api(staff["handler"])
    steps = {s["name"]: s for s in client.get(url(app, "steps")).json()}
    assert steps["request_supplement"]["available"] and not steps["receive_supplement"]["available"]
    assert steps["receive_supplement"]["reason"] == "该申请没有待补正的通知"
    assert steps["approve_reply"]["reason"] == "您没有执行此操作的权限"
    r = client.post(url(app, "request_supplement"), {"items": "请写明事故发生的路段"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "supplement"
    steps = {s["name"]: s for s in client.get(url(app, "steps")).json()}
    assert steps["receive_supplement"]["available"] and not steps["request_supplement"]["available"]
    pin_today(date(2026, 9, 28))
    r = client.post(url(app, "receive_supplement"), {"on": "2026-09-28"}, format="json")
    assert r.json()["due_on"] == "2026-10-30"
    r = client.post(url(app, "record_remedy"), {"kind": "reconsideration", "authority": "三明市人民政府",
                                                "filed_on": "2026-09-28"}, format="json")
    assert r.status_code == 400 and "答复作出或答复期限届满后" in str(r.json())


def test_extension_needs_approval_by_the_office(api, staff, online, pin_today):  # noqa: F811
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 20))
    assert api(staff["handler"]).post(url(app, "extend"), {"days": 20, "reason": "档案调取"},
                                      format="json").status_code == 200
    assert api(staff["handler"]).post(url(app, "approve_extension"), {}, format="json").status_code == 403
    r = api(staff["office"]).post(url(app, "approve_extension"), {}, format="json")
    assert r.json()["due_on"] == "2026-12-28"  # Art. 33: 30 Nov + 20 working days


def test_partial_disclosure_needs_reasons(api, staff, online):  # noqa: F811
    app, _ = online(date(2026, 11, 2))
    client = api(staff["handler"])
    r = client.post(url(app, "decide"), {"outcome": "partial", "reply_text": "见附件"}, format="json")
    assert r.status_code == 400 and "withheld_reasons" in r.json()
    r = client.post(url(app, "decide"), {"outcome": "partial", "reply_text": "见附件", "reason_text": "涉及个人隐私",
                                         "withheld_reasons": ["third_party"]}, format="json")
    assert r.json()["status"] == "approval"
    r = api(staff["leader"]).post(url(app, "approve"), {}, format="json")
    assert r.json()["status"] == "closed"


def test_article_36_7_query_law_through_the_api(api, staff, online):  # noqa: F811
    """条例第三十六条第七项: the API takes the same field as the page, with the same Chinese error."""
    app, _ = online(date(2026, 11, 2))
    client = api(staff["handler"])
    body = {"outcome": "query", "reason_text": "属于户籍档案查询事项。", "on_the_spot": True}
    r = client.post(url(app, "decide"), body, format="json")
    assert r.status_code == 400 and "条例第三十六条第（七）项" in r.json()["query_law"][0]
    r = client.post(url(app, "decide"), {**body, "query_law": "中华人民共和国户口登记条例"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    withdrawn, _ = online(date(2026, 11, 3))
    r = client.post(url(withdrawn, "decide"), {"outcome": "other", "on_the_spot": True}, format="json")
    assert r.status_code == 400 and "依据" in r.json()["stated_basis"][0]


def test_outsiders_and_unknown_actions(api, staff, online):  # noqa: F811
    app, _ = online(date(2026, 11, 2))
    assert api(staff["outsider"]).post(url(app, "note"), {"text": "x"}, format="json").status_code == 404
    assert api(staff["handler"]).post(url(app, "explode"), {}, format="json").status_code == 400
    assert APIClient().post(url(app, "note"), {"text": "x"}, format="json").status_code in (401, 403)


def test_odd_input_gets_a_chinese_400_and_nothing_written(api, staff, online, pin_today):  # noqa: F811
    app, _ = online(date(2026, 11, 2))
    client = api(staff["handler"])
    r = client.post(url(app, "consult"), {"party": "agency", "party_name": "交通局", "matter": "是否同意",
                                          "on": "9999-12-31"}, format="json")
    assert r.status_code == 400 and "不能晚于今天" in r.json()["on"][0]
    r = client.post(url(app, "fee"), {"method": "per_page", "quantity": 10**9}, format="json")
    assert r.status_code == 400 and "计费数量" in str(r.json())
    for action, data, field in [("assign", {"unit": 10**6}, "unit"), ("deliver", {"notice": 10**6, "method": "post"},
                                                                       "notice"),
                                ("consult_answer", {"consultation": 10**6, "opinion": "consent"}, "consultation"),
                                ("decide", {"outcome": "repeat", "earlier": "350400-2026-9999"}, "earlier")]:
        r = client.post(url(app, action), data, format="json")
        assert r.status_code == 400 and "不存在" in r.json()[field][0], (action, r.content)
    assert not app.consultations.exists() and not app.notices.exclude(kind="receipt").exists()
