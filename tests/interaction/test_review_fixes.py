"""Regressions found in review of the mailbox: each test names the rule it keeps."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from gongkai.applications import services as application_services
from gongkai.core import services as core_services
from gongkai.core.middleware import client_ip
from gongkai.core.models import Unit
from gongkai.interaction import selectors, services, stats
from gongkai.interaction.models import Letter

from .conftest import LETTER, at

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPLICANT = {"applicant_kind": "person", "name": "李四", "id_type": "resident_id", "id_number": "11010519491231002X",
             "phone": "13905981234", "email": "", "address": "三明市", "medium": "paper", "collection": "post",
             "items": 1}


def answered(write, people, pin_today, **overrides):
    letter, code = write(date(2026, 9, 25), **overrides)
    pin_today(date(2026, 9, 28))
    services.reply(actor=people["office"], letter=letter, text="已协调交警部门延长绿灯时间，感谢来信。")
    return letter, code


def application(people, bureau, description):
    app, _ = application_services.register(
        actor=people["office"], unit=bureau["city"], data={**APPLICANT, "description": description},
        channel="in_person", submitted_at=at(date(2026, 9, 25)))
    return app


def test_query_code_of_a_converted_application_is_kept_only_as_a_hash(bureau, people, pin_today):
    """The code is shown once to staff; it is in neither the case record nor the notice."""
    pin_today(date(2026, 9, 28))
    app = application(people, bureau, "反映民警执法态度恶劣，要求处理。")
    letter, code = services.convert_from_application(actor=people["office"], app=app, kind="complaint")
    app.refresh_from_db()
    assert letter.tracking_number in app.reason_text and code not in app.reason_text
    assert "查询码由承办人员另行告知" in app.reason_text
    assert all(code not in "".join(n.paragraphs) for n in app.notices.all())


@pytest.mark.parametrize("description", ["要求处理", "投诉" * 2600])
def test_any_application_text_can_become_a_letter(bureau, people, pin_today, description):
    """Art. 39 ¶1: a petition filed as an application is handled as a letter, whatever its length."""
    pin_today(date(2026, 9, 28))
    app = application(people, bureau, description)
    letter, _ = services.convert_from_application(actor=people["office"], app=app, kind="complaint")
    assert len(letter.content) <= services.CONTENT_MAX and len(letter.content) >= services.CONTENT_MIN
    if len(description) > services.CONTENT_MAX:
        assert letter.content.endswith(f"（全文见政府信息公开申请{app.tracking_number}）")


@pytest.mark.parametrize("written", ["0598-8250160", "（0598）8250160", "8250160", "0598 825 0160"])
def test_writers_landline_in_the_public_text_blocks_publication(write, people, pin_today, written):
    """privacy-lessons.md: the writer's own contact never reaches the public Q&A, however written."""
    letter, _ = answered(write, people, pin_today, phone="0598-8250160", email="")
    with pytest.raises(services.PersonalDataFound) as exc:
        services.publish(actor=people["office"], letter=letter, subject="列东街路口绿灯时间",
                         content=f"路口绿灯太短，请打我电话{written}联系。", reply=letter.reply_text)
    assert exc.value.findings[0].kind == "writer"


def test_rating_and_closing_twice_from_stale_pages_are_refused(write, people, pin_today):
    """One rating per letter, one closing: two requests at once see each other's result."""
    letter, _ = answered(write, people, pin_today)
    first, second = Letter.objects.get(pk=letter.pk), Letter.objects.get(pk=letter.pk)
    services.rate(letter=first, value="satisfied")
    with pytest.raises(ValidationError, match="已评价过"):
        services.rate(letter=second, value="unsatisfied")
    first, second = Letter.objects.get(pk=letter.pk), Letter.objects.get(pk=letter.pk)
    services.close(actor=people["office"], letter=first)
    with pytest.raises(ValidationError):
        services.close(actor=people["office"], letter=second)
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied" and letter.events.filter(kind="closed").count() == 1


def test_a_published_q_and_a_is_not_published_again(write, people, pin_today):
    letter, _ = answered(write, people, pin_today)
    text = {"subject": "列东街路口绿灯时间", "content": "路口绿灯太短。", "reply": "已延长。"}
    services.publish(actor=people["office"], letter=letter, **text)
    with pytest.raises(ValidationError, match="已经公开"):
        services.publish(actor=people["office"], letter=letter, **{**text, "content": "改过的文本"})
    letter.refresh_from_db()
    assert letter.public_content == "路口绿灯太短。"


def test_statistics_tell_apart_units_of_the_same_name(bureau, people, write, pin_today):
    a = core_services.create_unit(actor=None, name="治安大队", code="3504049", level=Unit.Level.BRIGADE,
                                  parent=bureau["sanyuan"])
    b = core_services.create_unit(actor=None, name="治安大队", code="3504059", level=Unit.Level.BRIGADE,
                                  parent=bureau["shaxian"])
    one, _ = write(date(2026, 9, 25))
    two, _ = write(date(2026, 9, 25))
    pin_today(date(2026, 9, 26))
    services.assign(actor=people["office"], letter=one, unit=a)
    services.assign(actor=people["office"], letter=two, unit=b)
    rows = selectors.stats_rows(people["office"], date(2026, 1, 1), date(2026, 12, 31))
    by_unit = {label: s.received for label, s in stats.group(rows, lambda r: r.unit)}
    assert by_unit == {f"{bureau['sanyuan'].name}治安大队": 1, f"{bureau['shaxian'].name}治安大队": 1}


def test_staff_entry_refuses_dates_before_last_year(city_body, people, pin_today):
    pin_today(date(2026, 9, 25))
    for moment in (datetime(1900, 1, 1, 10, tzinfo=SHANGHAI), datetime(1, 1, 1, 0, 30, tzinfo=SHANGHAI)):
        with pytest.raises(ValidationError) as exc:
            services.register(actor=people["office"], body=city_body, data=dict(LETTER), channel="phone",
                              received_at=moment)
        assert "只能登记2025年1月1日以后收到的来信" in exc.value.message_dict["received_at"][0]
    letter, _ = services.register(actor=people["office"], body=city_body, data=dict(LETTER), channel="phone",
                                  received_at=datetime(2025, 12, 30, 10, tzinfo=SHANGHAI))
    assert letter.tracking_number.endswith("-2025-0001")
    assert not Letter.objects.filter(tracking_number__contains="-1900-").exists()


def test_year_one_is_a_message_not_an_error_page(client, staff_client, city_body, people, topic):
    client.force_login(people["office"])
    data = {"body": city_body.pk, "channel": "phone", "received_at": "0001-01-01T00:30", "kind": "enquiry",
            "topic": topic.pk, "subject": "问题", "content": "这是一个问题内容", "phone": "13905981234",
            "wants_reply": "on"}
    response = client.post("/workbench/interaction/new/", data)
    assert response.status_code == 200 and "收信时间不正确" in response.content.decode()
    response = staff_client(people["office"]).post(
        "/api/v1/staff/letters/", {**LETTER, "channel": "phone", "received_at": "0001-01-01T00:00"},
        content_type="application/json")
    assert response.status_code == 400 and "收信时间不正确" in response.json()["received_at"][0]
    assert not Letter.objects.exists()


@pytest.mark.parametrize("url", [
    "/api/v1/public/letters/%00/?code=x", "/api/v1/interaction/qa/?kind=%00", "/api/v1/interaction/qa/?topic=%00",
    "/api/v1/bulletins/?body=%00", "/api/v1/guides/?category=%00", "/hudong/?kind=%00", "/xxgk/mulu/?year=%00"])
def test_nul_characters_get_400_in_chinese(client, city_body, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "不允许的字符" in response.content.decode()


def test_api_not_found_in_chinese_without_model_names(client, staff_client, city_body, people):
    response = client.get("/api/v1/interaction/qa/99999999/")
    assert response.status_code == 404 and response.json() == {"detail": "未找到"}
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    response = staff_client(people["office"]).post(f"/api/v1/staff/letters/{letter.pk}/assign/", {"unit": 999999},
                                                   content_type="application/json")
    assert response.status_code == 400 and response.json() == {"unit": ["未找到该单位"]}


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_address_behind_a_proxy_is_the_one_the_proxy_saw():
    """Rate limits count per client: behind nginx, the address nginx appended, not what the client
    put on the left of X-Forwarded-For."""
    assert client_ip(FakeRequest("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "127.0.0.1"
    with override_settings(GONGKAI_TRUST_PROXY=True, GONGKAI_PROXY_COUNT=1):
        assert client_ip(FakeRequest("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
        assert client_ip(FakeRequest("127.0.0.1")) == "127.0.0.1"
    with override_settings(GONGKAI_TRUST_PROXY=True, GONGKAI_PROXY_COUNT=2):
        assert client_ip(FakeRequest("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"
        assert client_ip(FakeRequest("10.0.0.2", "10.0.0.1")) == "10.0.0.2"
