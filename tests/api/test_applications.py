"""API of disclosure on application: anonymous submission and tracking with the query code, notice
downloads, rate limits, and the staff read API with masking (privacy-lessons.md: explicit fields,
no personal data in anything anonymous)."""

import pytest
from django.test import Client

from gongkai.applications import services
from gongkai.applications.models import Application, Notice
from gongkai.core.models import DisclosureBody

PERSON = {
    "applicant_kind": "person", "name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X",
    "phone": "13805981234", "email": "zhangsan@example.com", "address": "福建省三明市三元区列东街1号",
    "postcode": "365000", "description": "2025年度三元区道路交通事故统计数据", "medium": "electronic",
    "collection": "email", "items": 1,
}
PERSONAL = {"name", "id_type", "id_number", "credit_code", "legal_representative", "contact_name", "phone",
            "email", "address", "postcode", "applicant", "purpose", "description"}
NOT_FOUND = "未找到与受理编号和查询码相符的申请，请核对后重试"
URL = "/api/v1/public/applications/"


@pytest.fixture
def api(db):
    # enforce_csrf_checks: an anonymous JSON client has no CSRF token and must not need one.
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def city_body(bureau):
    return DisclosureBody.objects.get(unit=bureau["city"])


@pytest.fixture
def submitted(city_body):
    return services.submit_online(body=city_body, data=PERSON)


def post(api, data):
    return api.post(URL, data, content_type="application/json")


# --- Public ---------------------------------------------------------------------------------

def test_anonymous_json_submission(api, city_body, bureau):
    response = post(api, PERSON)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert set(answer) == {"tracking_number", "query_code", "received_on", "due_on", "provisional"}
    app = Application.objects.get(tracking_number=answer["tracking_number"])
    assert services.check_query_code(app, answer["query_code"])
    assert app.body == city_body and app.channel == "online" and app.name == "张三"
    assert answer["received_on"] == app.received_on.isoformat() and answer["due_on"] == app.due_on.isoformat()
    # Another body by id.
    sanyuan = DisclosureBody.objects.get(unit=bureau["sanyuan"])
    answer = post(api, {**PERSON, "body": sanyuan.pk}).json()
    assert Application.objects.get(tracking_number=answer["tracking_number"]).body == sanyuan


def test_submission_errors_per_field_in_chinese_and_nothing_written(api, city_body):
    response = post(api, {**PERSON, "id_number": "110105194912310021", "phone": "123", "description": "查"})
    assert response.status_code == 400
    errors = response.json()
    assert errors["id_number"] == ["居民身份证号码校验不通过，请核对"]
    assert "联系电话格式不正确" in errors["phone"][0] and "第二十九条" in errors["description"][0]
    assert post(api, {**PERSON, "medium": "pigeon"}).json()["medium"] == ["请选择获取信息的载体形式"]
    assert post(api, {**PERSON, "items": "many"}).json()["items"] == ["申请信息件数应为1至999之间的整数"]
    assert post(api, {**PERSON, "body": 9999}).json()["body"] == ["未找到该公开主体"]
    assert not Application.objects.exists() and not Notice.objects.exists()


def test_submission_rate_limited(api, city_body, settings):
    settings.GONGKAI_RATE_APPLY = "2/h"
    assert post(api, {**PERSON, "phone": "1"}).status_code == 400  # a mistake does not count
    assert post(api, PERSON).status_code == 201
    assert post(api, PERSON).status_code == 201
    response = post(api, PERSON)
    assert response.status_code == 429 and "频繁" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert Application.objects.count() == 2


def test_status_with_code_lists_only_applicant_notices(api, submitted, make_user):
    app, code = submitted
    handler = make_user("handler", "city", username="handler")
    services.add_note(actor=handler, app=app, text="内部备注：不对外")
    consultation = services.start_consultation(actor=handler, app=app, party="third_party",
                                               party_name="三明某某运输公司", matter="是否同意公开")
    letter = consultation.notices.get()
    response = api.get(f"{URL}{app.tracking_number}/", {"code": code})
    assert response.status_code == 200
    answer = response.json()
    assert answer["tracking_number"] == app.tracking_number and answer["status"] == "办理中"
    # The consultation pauses the clock; its limit pushes the due date into 2027, not yet in the calendar.
    assert answer["due_on"] == app.due_on.isoformat() and answer["paused"] is True
    assert answer["provisional"] is app.due_provisional is True
    receipt = app.notices.get(kind="receipt")
    assert [n["number"] for n in answer["notices"]] == [receipt.number]
    text = response.content.decode()
    for secret in ["内部备注", "三明某某运输公司", letter.number, "张三", "13805981234", "11010519491231002X"]:
        assert secret not in text
    assert PERSONAL.isdisjoint(answer)
    # The PDF link needs the code too; the consultation letter is never served.
    pdf_url = answer["notices"][0]["pdf_url"]
    assert pdf_url == f"{URL}{app.tracking_number}/notices/{receipt.pk}.pdf"
    assert api.get(pdf_url).status_code == 404
    pdf = api.get(pdf_url, {"code": code}, HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert api.get(answer["notices"][0]["docx_url"], {"code": code}).content.startswith(b"PK")
    hidden = api.get(f"{URL}{app.tracking_number}/notices/{letter.pk}.pdf", {"code": code},
                     HTTP_ACCEPT="application/pdf")
    assert hidden.status_code == 404 and hidden.json() == {"detail": NOT_FOUND}


def test_wrong_code_and_unknown_number_same_404(api, submitted):
    app, code = submitted
    wrong = api.get(f"{URL}{app.tracking_number}/", {"code": "AAAAAAAA" if code != "AAAAAAAA" else "BBBBBBBB"})
    unknown = api.get(f"{URL}350400-2026-9999/", {"code": code})
    missing = api.get(f"{URL}{app.tracking_number}/")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.content == unknown.content == missing.content
    assert wrong.json() == {"detail": NOT_FOUND}


def test_lookups_rate_limited(api, submitted, settings):
    settings.GONGKAI_RATE_LOOKUP = "2/h"
    app, code = submitted
    assert api.get(f"{URL}{app.tracking_number}/", {"code": "WRONG123"}).status_code == 404
    assert api.get(f"{URL}{app.tracking_number}/", {"code": code}).status_code == 200
    response = api.get(f"{URL}{app.tracking_number}/", {"code": code})
    assert response.status_code == 429 and "频繁" in response.json()["detail"]


def _resolve(schema: dict, node):
    """Follow $ref / allOf / items to the properties of a response schema."""
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
        paths["/api/v1/public/applications/"]["post"]["responses"]["201"],
        paths["/api/v1/public/applications/{tracking_number}/"]["get"]["responses"]["200"],
        paths["/api/v1/public/applications/{tracking_number}/"]["get"]["responses"]["404"],
    ]
    for answer in answers:
        properties = _resolve(schema, answer["content"]["application/json"]["schema"])
        assert properties, answer
        leaf_names = {name.rsplit(".", 1)[-1] for name in properties}
        assert leaf_names.isdisjoint({"id_number", "phone", "email", "address", "name", "contact_name",
                                      "legal_representative", "credit_code", "applicant"}), leaf_names
        # Every field is described in Chinese.
        for name, prop in properties.items():
            assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), name
    # The submission's own fields are documented in Chinese too (they are input, not output).
    request = paths["/api/v1/public/applications/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    for name, prop in _resolve(schema, request).items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), name
    # Anonymous endpoints declare no authentication ([{}] in OpenAPI: none needed).
    assert paths["/api/v1/public/applications/"]["post"]["security"] == [{}]
    assert paths["/api/v1/public/applications/{tracking_number}/"]["get"]["security"] == [{}]


# --- Staff ----------------------------------------------------------------------------------

@pytest.fixture
def staff_client():
    def login(user):
        c = Client()
        c.force_login(user)
        return c
    return login


def test_staff_list_masks_without_view_personal(staff_client, submitted, make_user):
    app, _ = submitted
    handler = staff_client(make_user("handler", "city", username="handler"))
    leader = staff_client(make_user("leader", "city", username="leader"))  # approves, may not see personal data
    full = handler.get("/api/v1/staff/applications/").json()["results"]
    assert [a["tracking_number"] for a in full] == [app.tracking_number]
    assert full[0]["applicant"]["id_number"] == "11010519491231002X" and full[0]["applicant"]["masked"] is False
    masked = leader.get("/api/v1/staff/applications/").json()["results"][0]["applicant"]
    assert masked["masked"] is True
    assert masked["name"] == "张*" and masked["id_number"] == "1101**********002X"
    assert masked["phone"] == "138****1234" and masked["email"] == "z***@example.com"
    assert "列东街" not in masked["address"] and masked["postcode"] == ""
    body = leader.get("/api/v1/staff/applications/").content.decode()
    for secret in ["11010519491231002X", "13805981234", "zhangsan@example.com", "张三"]:
        assert secret not in body


def test_staff_list_is_scoped_and_filtered(staff_client, submitted, make_user, bureau):
    app, _ = submitted
    outsider = staff_client(make_user("handler", "shaxian", username="outsider"))
    assert outsider.get("/api/v1/staff/applications/").json()["results"] == []
    assert outsider.get(f"/api/v1/staff/applications/{app.pk}/").status_code == 404
    office = staff_client(make_user("office", "office", username="office"))
    assert len(office.get("/api/v1/staff/applications/", {"status": "processing"}).json()["results"]) == 1
    assert office.get("/api/v1/staff/applications/", {"status": "closed"}).json()["results"] == []
    assert len(office.get("/api/v1/staff/applications/", {"unit": bureau["city"].pk}).json()["results"]) == 1
    assert office.get("/api/v1/staff/applications/", {"unit": bureau["shaxian"].pk}).json()["results"] == []
    assert Client().get("/api/v1/staff/applications/").status_code in (401, 403)


def test_staff_detail_has_clock_consultations_notices_events(staff_client, submitted, make_user):
    app, _ = submitted
    user = make_user("handler", "city", username="handler")
    services.start_consultation(actor=user, app=app, party="agency", party_name="三明市交通运输局",
                                matter="是否同意公开事故统计数据")
    detail = staff_client(user).get(f"/api/v1/staff/applications/{app.pk}/").json()
    assert detail["tracking_number"] == app.tracking_number
    assert detail["clock"]["paused"] is True and detail["clock"]["limit"] == 20
    assert detail["consultations"][0]["party_name"] == "三明市交通运输局"
    kinds = {n["kind"]: n for n in detail["notices"]}
    assert set(kinds) == {"receipt", "consultation"} and kinds["consultation"]["visible_to_applicant"] is False
    assert "pdf" not in kinds["receipt"] and len(kinds["receipt"]["sha256"]) == 64
    assert [e["kind"] for e in detail["events"]][:1] == ["submitted"]
    assert detail["applicant"]["id_number"] == "11010519491231002X"


def test_staff_detail_masks_the_addressee_of_the_applicants_notices(staff_client, submitted, make_user):
    app, _ = submitted
    handler = make_user("handler", "city", username="handler")
    services.start_consultation(actor=handler, app=app, party="agency", party_name="三明市交通运输局", matter="是否同意")
    leader = staff_client(make_user("leader", "city", username="leader"))
    detail = leader.get(f"/api/v1/staff/applications/{app.pk}/")
    addressees = {n["kind"]: n["addressee"] for n in detail.json()["notices"]}
    assert addressees == {"receipt": "张*", "consultation": "三明市交通运输局"}
    assert "张三" not in detail.content.decode()
    full = staff_client(handler).get(f"/api/v1/staff/applications/{app.pk}/").json()
    assert {n["kind"]: n["addressee"] for n in full["notices"]}["receipt"] == "张三"


@pytest.mark.parametrize("unit", ["²", "99999999999999999999999"])
def test_staff_list_odd_unit_filter_is_an_empty_list(staff_client, submitted, make_user, unit):
    office = staff_client(make_user("office", "office", username="office"))
    response = office.get("/api/v1/staff/applications/", {"unit": unit})
    assert response.status_code == 200 and response.json()["results"] == []
