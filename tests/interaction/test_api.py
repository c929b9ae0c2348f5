"""API of the mailbox: public Q&A (published only, public text only), writing a letter, status and
rating with number and code (same 404 for both mistakes, rate-limited), an anonymous schema
without personal fields, and the staff API with masking and actions through the services."""

import pytest
from django.test import Client

from gongkai.interaction import services
from gongkai.interaction.models import Letter

from .conftest import LETTER

NOT_FOUND = "未找到与来信编号和查询码相符的来信，请核对后重试"
PERSONAL = {"writer_name", "name", "phone", "email", "writer", "content_original", "query_code_hash", "notes"}


@pytest.fixture
def api(db):
    return Client(enforce_csrf_checks=True)  # anonymous JSON clients need no CSRF token


def post(api, url, data):
    return api.post(url, data, content_type="application/json")


def test_write_and_follow_a_letter(api, city_body, people):
    response = post(api, "/api/v1/public/letters/", {**LETTER, "topic": "traffic"})
    assert response.status_code == 201, response.content
    answer = response.json()
    assert set(answer) == {"tracking_number", "query_code", "received_on", "due_on", "provisional"}
    letter = Letter.objects.get(tracking_number=answer["tracking_number"])
    assert services.check_query_code(letter, answer["query_code"]) and letter.channel == "website"
    url = f"/api/v1/public/letters/{letter.tracking_number}/"
    status = api.get(url, {"code": answer["query_code"]}).json()
    assert status["status"] == "已收到，正在分办" and status["reply"] == "" and not status["may_rate"]
    assert not PERSONAL & set(status) and "王小明" not in str(status)
    # The same 404 for a wrong code and an unknown number.
    wrong = api.get(url, {"code": "WRONG234"})
    unknown = api.get("/api/v1/public/letters/XX350400-2026-9999/", {"code": answer["query_code"]})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json() == {"detail": NOT_FOUND}
    # Rating: not before the reply, then once.
    rating = f"{url}rating/"
    response = post(api, rating, {"code": answer["query_code"], "satisfaction": "satisfied"})
    assert response.status_code == 400 and "答复后才能评价" in str(response.json())
    services.reply(actor=people["office"], letter=letter, text="行人绿灯已延长至30秒。")
    assert post(api, rating, {"code": "WRONG234", "satisfaction": "satisfied"}).status_code == 404
    response = post(api, rating, {"code": answer["query_code"], "satisfaction": "basic", "comment": "还行"})
    assert response.status_code == 200 and response.json()["satisfaction"] == "基本满意"
    response = post(api, rating, {"code": answer["query_code"], "satisfaction": "satisfied"})
    assert response.status_code == 400 and "已评价过" in str(response.json())


def test_bad_letters_per_field_in_chinese_nothing_written(api, city_body):
    response = post(api, "/api/v1/public/letters/", {**LETTER, "topic": "weather", "kind": "complaint",
                                                      "writer_name": "", "phone": "123"})
    assert response.status_code == 400
    errors = response.json()
    assert errors["topic"] == ["请选择来信分类"] and "须填写真实姓名" in errors["writer_name"][0]
    assert "联系电话格式不正确" in errors["phone"][0]
    assert post(api, "/api/v1/public/letters/", {**LETTER, "topic": "traffic", "body": 999}).json()["body"] == [
        "未找到该公开主体"]
    assert not Letter.objects.exists()


def test_writing_and_lookups_are_rate_limited(api, city_body, settings):
    settings.GONGKAI_RATE_LETTER, settings.GONGKAI_RATE_LOOKUP = "1/h", "2/h"
    assert post(api, "/api/v1/public/letters/", {**LETTER, "topic": "traffic", "phone": "1"}).status_code == 400
    answer = post(api, "/api/v1/public/letters/", {**LETTER, "topic": "traffic"}).json()
    response = post(api, "/api/v1/public/letters/", {**LETTER, "topic": "traffic"})
    assert response.status_code == 429 and "频繁" in response.json()["detail"]
    url = f"/api/v1/public/letters/{answer['tracking_number']}/"
    assert api.get(url, {"code": "WRONG234"}).status_code == 404
    assert api.get(url, {"code": answer["query_code"]}).status_code == 200
    assert api.get(url, {"code": answer["query_code"]}).status_code == 429


def test_public_qa_lists_published_letters_in_their_public_text(api, city_body, people):
    letters = []
    for subject in ("公开的", "未公开的"):
        letter, _ = services.submit_online(body=city_body, data={**LETTER, "subject": subject})
        services.reply(actor=people["office"], letter=letter, text="行人绿灯已延长至30秒。")
        letters.append(letter)
    services.publish(actor=people["office"], letter=letters[0], subject="公开标题", content="公开的来信内容。",
                     reply="公开的答复。")
    results = api.get("/api/v1/interaction/qa/").json()["results"]
    assert [r["subject"] for r in results] == ["公开标题"]
    assert results[0]["content"] == "公开的来信内容。" and results[0]["reply_unit"] == "三明市公安局"
    assert not PERSONAL & set(results[0])
    assert api.get(f"/api/v1/interaction/qa/{letters[0].pk}/").status_code == 200
    assert api.get(f"/api/v1/interaction/qa/{letters[1].pk}/").status_code == 404
    services.unpublish(actor=people["office"], letter=letters[0], reason="撤回")
    assert api.get("/api/v1/interaction/qa/").json()["count"] == 0
    assert api.get(f"/api/v1/interaction/qa/{letters[0].pk}/").status_code == 404
    assert [t["code"] for t in api.get("/api/v1/interaction/topics/").json()][:2] == ["public_order", "traffic"]


def _resolve(schema: dict, node):
    if isinstance(node, dict) and "$ref" in node:
        return _resolve(schema, schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]])
    props = {}
    for part in node.get("allOf", []):
        props.update(_resolve(schema, part))
    for name, sub in node.get("properties", {}).items():
        props[name] = sub
        nested = sub.get("items", sub)
        if "$ref" in nested or "properties" in nested:
            props.update({f"{name}.{k}": v for k, v in _resolve(schema, nested).items()})
    return props


def test_anonymous_schema_has_no_personal_fields(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    answers = [
        paths["/api/v1/public/letters/"]["post"]["responses"]["201"],
        paths["/api/v1/public/letters/{tracking_number}/"]["get"]["responses"]["200"],
        paths["/api/v1/public/letters/{tracking_number}/"]["get"]["responses"]["404"],
        paths["/api/v1/public/letters/{tracking_number}/rating/"]["post"]["responses"]["200"],
        paths["/api/v1/interaction/qa/"]["get"]["responses"]["200"],
        paths["/api/v1/interaction/qa/{id}/"]["get"]["responses"]["200"],
    ]
    for answer in answers:
        properties = _resolve(schema, answer["content"]["application/json"]["schema"])
        assert properties, answer
        leaves = {name.rsplit(".", 1)[-1] for name in properties}
        assert leaves.isdisjoint(PERSONAL), leaves & PERSONAL
        for name, prop in properties.items():
            if name in {"count", "next", "previous", "results"}:
                continue  # DRF's pagination envelope
            assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), name
    for path, method in [("/api/v1/public/letters/", "post"), ("/api/v1/public/letters/{tracking_number}/", "get"),
                         ("/api/v1/public/letters/{tracking_number}/rating/", "post"),
                         ("/api/v1/interaction/qa/", "get")]:
        assert paths[path][method]["security"] == [{}]


# --- Staff ----------------------------------------------------------------------------------

def test_staff_list_masks_for_those_who_may_not_handle(staff_client, city_body, people, bureau):
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    full = staff_client(people["station"]).get("/api/v1/staff/letters/").json()["results"]
    assert full[0]["writer"] == {"name": "王小明", "phone": "13905981234", "email": "wxm@example.com",
                                 "masked": False}
    leader = staff_client(people["leader"])
    masked = leader.get("/api/v1/staff/letters/").json()["results"][0]["writer"]
    assert masked == {"name": "王*明", "phone": "139****1234", "email": "w***@example.com", "masked": True}
    detail = leader.get(f"/api/v1/staff/letters/{letter.pk}/").content.decode()
    for secret in ("王小明", "13905981234", "wxm@example.com"):
        assert secret not in detail
    assert staff_client(people["shaxian"]).get(f"/api/v1/staff/letters/{letter.pk}/").status_code == 404
    assert Client().get("/api/v1/staff/letters/").status_code in (401, 403)


def test_staff_actions_through_the_services(staff_client, city_body, people, bureau):
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    office, station = staff_client(people["office"]), staff_client(people["station"])
    base = f"/api/v1/staff/letters/{letter.pk}/"
    response = office.post(base + "assign/", {"unit": bureau["station"].pk, "handler": people["station"].pk},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "processing"
    response = station.post(base + "reply/", {"text": "好"}, content_type="application/json")
    assert response.status_code == 400 and "至少5个字" in response.json()["text"][0]
    assert station.post(base + "reply/", {"text": "行人绿灯已延长至30秒。"},
                        content_type="application/json").json()["status"] == "review"
    response = station.post(base + "approve/", {}, content_type="application/json")
    assert response.status_code == 403 and "政务公开办" in response.json()["detail"]
    assert office.post(base + "return/", {"comment": ""}, content_type="application/json").status_code == 400
    assert office.post(base + "approve/", {}, content_type="application/json").json()["status"] == "replied"
    assert office.post(base + "note/", {"text": "已回访"}, content_type="application/json").status_code == 200
    assert office.post(base + "close/", {}, content_type="application/json").json()["status"] == "closed"
    assert office.post(base + "fly/", {}, content_type="application/json").status_code == 400
    detail = office.get(base).json()
    assert [e["kind"] for e in detail["events"]][-1] == "closed" and detail["notes"][0]["text"] == "已回访"


def test_staff_enter_a_letter_from_another_channel(staff_client, city_body, people):
    office = staff_client(people["office"])
    data = {**LETTER, "channel": "weibo", "received_at": "2026-11-23T09:30:00+08:00"}
    response = office.post("/api/v1/staff/letters/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    answer = response.json()
    letter = Letter.objects.get(pk=answer["id"])
    assert letter.channel == "weibo" and letter.entered_by == people["office"]
    assert str(letter.received_on) == answer["received_on"] == "2026-11-23"
    assert services.check_query_code(letter, answer["query_code"])
    # The portal's own channel and bad fields are refused per field, in Chinese, writing nothing.
    before = Letter.objects.count()
    response = office.post("/api/v1/staff/letters/", {**LETTER, "channel": "website", "subject": ""},
                           content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert "请选择来信渠道" in errors["channel"][0] and errors["subject"] == ["请填写来信标题"]
    response = office.post("/api/v1/staff/letters/", {**LETTER, "channel": "phone", "received_at": "昨天"},
                           content_type="application/json")
    assert response.status_code == 400 and "收信时间格式不正确" in response.json()["received_at"][0]
    assert Letter.objects.count() == before
    # A user without the handling capability enters nothing.
    response = staff_client(people["leader"]).post("/api/v1/staff/letters/", data, content_type="application/json")
    assert response.status_code == 403 and Letter.objects.count() == before


def test_staff_publish_and_unpublish_a_q_and_a(api, staff_client, city_body, people):
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    services.reply(actor=people["office"], letter=letter, text="行人绿灯已延长至30秒。")
    office = staff_client(people["office"])
    base = f"/api/v1/staff/letters/{letter.pk}/"
    text = {"public_subject": "列东街路口红绿灯时间", "public_reply": "行人绿灯已延长至30秒。"}
    # Personal data left in the public text is refused, naming where it is.
    response = office.post(base + "publish/", {**text, "public_content": "我是王小明，电话13905981234。"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "来信内容中的" in str(response.json()) and "王小明" in str(response.json())
    assert api.get("/api/v1/interaction/qa/").json()["count"] == 0
    response = office.post(base + "publish/", {**text, "public_content": "路口行人绿灯时间太短，建议延长。"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert api.get("/api/v1/interaction/qa/").json()["count"] == 1
    assert office.post(base + "unpublish/", {"reason": ""}, content_type="application/json").status_code == 400
    response = office.post(base + "unpublish/", {"reason": "来信人撤回同意"}, content_type="application/json")
    assert response.status_code == 200
    assert api.get("/api/v1/interaction/qa/").json()["count"] == 0
    assert api.get(f"/api/v1/interaction/qa/{letter.pk}/").status_code == 404
