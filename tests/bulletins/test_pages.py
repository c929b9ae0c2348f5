"""The workbench pages: entry form, detail with the scanner's findings marked, review, and who
sees what."""

import pytest

from gongkai.bulletins import selectors
from gongkai.bulletins.models import Bulletin

from .conftest import id_number

B = Bulletin


def login(client, user):
    client.force_login(user)
    return client


FORM = {"year": 2026, "week": 47, "criminal": 12, "public_order": 35, "traffic": 28, "fire": 1,
        "comparison": "", "notable_cases": "破获盗窃案一起。", "prevention_advice": ""}


def test_menu_and_pages_follow_the_capability(client, people):
    login(client, people["handler"])
    assert client.get("/workbench/bulletins/").status_code == 403
    assert client.get("/workbench/guides/").status_code == 403
    assert "警情通报" not in client.get("/workbench/").content.decode()
    login(client, people["clerk_sy"])
    home = client.get("/workbench/").content.decode()
    assert 'href="/workbench/bulletins/"' in home and 'href="/workbench/guides/"' in home


def test_entry_form_offers_only_reachable_bodies_and_shows_errors(client, people, bodies):
    login(client, people["clerk_sy"])
    page = client.get("/workbench/bulletins/new/").content.decode()
    assert "三明市公安局三元分局" in page and ">三明市公安局</option>" not in page
    assert 'value="47"' in page and "上周为 2026 年第 47 周（11-16 至 11-22）" in page
    response = client.post("/workbench/bulletins/new/", {**FORM, "body": bodies["sanyuan"].pk, "criminal": -3,
                                                        "week": 49})
    page = response.content.decode()
    assert response.status_code == 200 and "不能为负数" in page
    assert not B.objects.exists()
    response = client.post("/workbench/bulletins/new/", {**FORM, "body": bodies["sanyuan"].pk})
    b = B.objects.get()
    assert response.status_code == 302 and response.url == f"/workbench/bulletins/{b.pk}/"
    duplicate = client.post("/workbench/bulletins/new/", {**FORM, "body": bodies["sanyuan"].pk}).content.decode()
    assert "的警情通报已存在（草稿）" in duplicate


def test_detail_marks_findings_and_refuses_submission(client, people, make_bulletin):
    planted = id_number("35040319900307123")
    b = make_bulletin(notable_cases=f"嫌疑人王某，身份证号码{planted}，已刑事拘留。")
    login(client, people["clerk_sy"])
    page = client.get(f"/workbench/bulletins/{b.pk}/").content.decode()
    assert "发现 1 处个人信息" in page and '<mark class="finding open" id="finding-notable_cases-0"' in page
    response = client.post(f"/workbench/bulletins/{b.pk}/submit/", follow=True)
    assert "含有个人信息，不能公开" in response.content.decode()
    b.refresh_from_db()
    assert b.status == B.Status.DRAFT


def test_review_on_the_page(client, people, make_bulletin):
    b = make_bulletin()
    login(client, people["clerk_sy"])
    client.post(f"/workbench/bulletins/{b.pk}/submit/")
    page = client.get(f"/workbench/bulletins/{b.pk}/").content.decode()
    assert "审核通过并发布" not in page and "等待本单位其他有权限的人员审核发布" in page
    forced = client.post(f"/workbench/bulletins/{b.pk}/publish/", follow=True).content.decode()
    assert "四眼原则：不能审核本人填报或提交的通报" in forced
    login(client, people["office"])
    assert "审核通过并发布" in client.get(f"/workbench/bulletins/{b.pk}/").content.decode()
    client.post(f"/workbench/bulletins/{b.pk}/publish/")
    b.refresh_from_db()
    assert b.status == B.Status.PUBLISHED and b.published_by == people["office"]
    page = client.get(f"/workbench/bulletins/{b.pk}/").content.decode()
    assert "生成更正版本" in page and "撤回" in page


def test_other_unit_gets_404(client, people, make_bulletin, make_guide):
    b, g = make_bulletin(), make_guide()
    login(client, people["clerk_sx"])
    assert client.get(f"/workbench/bulletins/{b.pk}/").status_code == 404
    assert client.post(f"/workbench/bulletins/{b.pk}/submit/").status_code == 404
    assert client.get(f"/workbench/guides/{g.pk}/").status_code == 404
    assert client.post(f"/workbench/guides/{g.pk}/publish/").status_code == 404


@pytest.mark.parametrize("action", ["publish", "withdraw"])
def test_guide_publish_and_withdraw_on_the_page(client, people, make_guide, action):
    g = make_guide()
    login(client, people["clerk_sy"])
    if action == "withdraw":
        response = client.post(f"/workbench/guides/{g.pk}/withdraw/", {"reason": "x"}, follow=True)
        assert "只有已发布的指南可以撤回" in response.content.decode()
    else:
        client.post(f"/workbench/guides/{g.pk}/publish/")
        g.refresh_from_db()
        assert g.status == "published"


def test_guide_editor(client, people, bureau):
    from gongkai.bulletins.models import GuideCategory

    login(client, people["clerk_sy"])
    assert client.get("/workbench/guides/new/").status_code == 200
    data = {"unit": bureau["sanyuan"].pk, "name": "犬只登记", "category": GuideCategory.objects.get(code="zhian").pk,
            "kind": "confirmation", "legal_basis": "《三明市养犬管理规定》", "conditions": "在城区养犬的个人。",
            "materials_text": "", "procedure": "申请\n审核", "handling_unit": "辖区派出所", "place": "辖区派出所",
            "hours": "工作日", "phone": "0598-8230000", "charges": "on", "fee": "", "fee_basis": ""}
    page = client.post("/workbench/guides/new/", {**data, "name": ""}).content.decode()
    assert "请填写事项名称" in page and "请列出申请材料" in page
    page = client.post("/workbench/guides/new/", {**data, "materials_text": "身份证"}).content.decode()
    assert "收费的事项请填写收费标准" in page and "收费依据" in page
    response = client.post("/workbench/guides/new/", {**data, "materials_text": "身份证\n\n免疫证明", "charges": ""})
    assert response.status_code == 302
    guide = selectors.staff_guides(people["clerk_sy"]).get()
    assert guide.materials == ["身份证", "免疫证明"]
