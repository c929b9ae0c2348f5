"""The API: anonymous readers get published bulletins and guides with public fields only; staff
write through the same services, and the same rules, as the workbench."""

from django.test import Client

from gongkai.bulletins.models import Bulletin


def test_public_bulletins_filter_and_hide_the_unpublished(client, make_bulletin, publish, people):
    b47 = publish(make_bulletin())
    publish(make_bulletin(week=46))
    publish(make_bulletin(body="city", actor="office2"))
    make_bulletin(week=45)  # a draft
    rows = client.get("/api/v1/bulletins/", {"body": "350404"}).json()["results"]
    assert [(r["year"], r["week"]) for r in rows] == [(2026, 47), (2026, 46)]
    assert client.get("/api/v1/bulletins/", {"year": 2025}).json()["count"] == 0
    one = client.get(f"/api/v1/bulletins/{b47.pk}/").json()
    assert one["body"] == "350404" and one["week_start"] == "2026-11-16" and one["week_end"] == "2026-11-22"
    assert (one["criminal"], one["total"], one["url"]) == (12, 76, f"/jingqing/{b47.pk}/")
    for staff_field in ("status", "created_by", "published_by", "return_note", "withdraw_reason"):
        assert staff_field not in one


def test_anonymous_schema_has_no_staff_fields(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for name in ("PublicBulletin", "PublicGuide"):
        fields = set(schema["components"]["schemas"][name]["properties"])
        assert not {"created_by", "status", "published_by", "withdraw_reason"} & fields


def test_staff_write_through_services(make_bulletin, people):
    clerk, office, other = Client(), Client(), Client()
    clerk.force_login(people["clerk_sy"])
    office.force_login(people["office"])
    other.force_login(people["clerk_sx"])
    data = {"body": "350404", "year": 2026, "week": 47, "criminal": 12, "public_order": 35, "traffic": 28, "fire": 1,
            "notable_cases": "破获盗窃案一起。"}
    assert Client().post("/api/v1/staff/bulletins/", data, content_type="application/json").status_code in (401, 403)
    assert other.post("/api/v1/staff/bulletins/", data, content_type="application/json").status_code == 403
    response = clerk.post("/api/v1/staff/bulletins/", data, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    again = clerk.post("/api/v1/staff/bulletins/", data, content_type="application/json")
    assert again.status_code == 400 and "已存在" in again.json()["week"][0]
    assert clerk.patch(f"/api/v1/staff/bulletins/{pk}/", {"traffic": 27},
                       content_type="application/json").json()["traffic"] == 27
    assert other.patch(f"/api/v1/staff/bulletins/{pk}/", {"traffic": 1},
                       content_type="application/json").status_code == 404  # not in their reach
    assert clerk.post(f"/api/v1/staff/bulletins/{pk}/submit/").json()["status"] == "in_review"
    own = clerk.post(f"/api/v1/staff/bulletins/{pk}/publish/")
    assert own.status_code == 400 and "四眼原则" in own.json()["detail"][0]
    published = office.post(f"/api/v1/staff/bulletins/{pk}/publish/").json()
    assert published["status"] == "published" and published["published_by"] == people["office"].display_name
    assert Client().get(f"/api/v1/bulletins/{pk}/").status_code == 200
    bad = office.post(f"/api/v1/staff/bulletins/{pk}/withdraw/", {}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["reason"] == ["请写明撤回理由"]
    correction = clerk.post(f"/api/v1/staff/bulletins/{pk}/correct/", {"note": "交通警情更正"},
                            content_type="application/json").json()
    assert correction["version"] == 2 and correction["status"] == "draft" and correction["replaces"] == pk
    assert office.post(f"/api/v1/staff/bulletins/{pk}/withdraw/", {"reason": "数据有误"},
                       content_type="application/json").json()["status"] == "withdrawn"
    assert Client().get(f"/api/v1/bulletins/{pk}/").status_code == 404
    assert Bulletin.objects.filter(pk=pk, withdraw_reason="数据有误").exists()


def test_scanner_error_through_the_api(make_bulletin, people):
    api = Client()
    api.force_login(people["clerk_sy"])
    b = make_bulletin(notable_cases="报警人电话 13805981234")
    response = api.post(f"/api/v1/staff/bulletins/{b.pk}/submit/")
    assert response.status_code == 400 and "手机号码 13805981234" in response.json()["detail"][0]


def test_guides_read_and_write(people, bureau):
    api = Client()
    api.force_login(people["clerk_sy"])
    payload = {"unit": bureau["sanyuan"].pk, "name": "犬只登记", "category": "zhian", "kind": "confirmation",
               "legal_basis": "《三明市养犬管理规定》", "conditions": "在城区养犬的个人。", "materials": ["身份证", "免疫证明"],
               "procedure": "申请\n审核\n发牌", "statutory_days": 10, "promised_days": 5, "handling_unit": "辖区派出所",
               "place": "辖区派出所", "hours": "工作日", "phone": "0598-8230000"}
    response = api.post("/api/v1/staff/guides/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    city = api.post("/api/v1/staff/guides/", {**payload, "unit": bureau["city"].pk, "name": "别的"},
                    content_type="application/json")
    assert city.status_code == 403
    assert Client().get(f"/api/v1/guides/{pk}/").status_code == 404
    assert api.post(f"/api/v1/staff/guides/{pk}/publish/").json()["status"] == "published"
    public = Client().get("/api/v1/guides/", {"category": "zhian"}).json()["results"]
    assert [g["name"] for g in public] == ["犬只登记"]
    assert public[0]["materials"] == ["身份证", "免疫证明"] and "status" not in public[0]
    assert Client().get("/api/v1/guide-categories/").json()[0] == {"code": "huzheng", "name": "户政"}
    assert api.post(f"/api/v1/staff/guides/{pk}/withdraw/", {"reason": "事项已取消"},
                    content_type="application/json").json()["status"] == "withdrawn"
    assert Client().get("/api/v1/guides/").json()["count"] == 0
