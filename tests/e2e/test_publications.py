"""Proactive disclosure in a real browser: a draft goes through the whole review chain to the
public catalog; the scanner blocks a planted ID number until it is redacted; a withdrawn item
disappears from the portal."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from .conftest import e2e_db

pytestmark = [pytest.mark.e2e, e2e_db]


def id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@pytest.fixture
def people(seeded):
    from gongkai.core import services
    from gongkai.core.demo import DEMO_PASSWORD
    from gongkai.core.models import Role, Unit

    city = services.create_unit(actor=None, name="三明市公安局", code="350400", level=Unit.Level.CITY)
    branch = services.create_unit(actor=None, name="三明市公安局三元分局", code="350404", level=Unit.Level.BRANCH,
                                  parent=city)
    station = services.create_unit(actor=None, name="三元分局城关派出所", code="35040401",
                                   level=Unit.Level.STATION, parent=branch)
    services.save_disclosure_body(actor=None, unit=city, org_code="11350400003614578A", notice_prefix="明公信告")
    services.save_disclosure_body(actor=None, unit=branch, org_code="11350404003614586Q", notice_prefix="明三公信告")
    roles = {r.code: r for r in Role.objects.all()}

    def user(username, role, unit):
        return services.create_user(actor=None, username=username, name=username, unit=unit, password=DEMO_PASSWORD,
                                    roles=[roles[role]], must_change_password=False)

    return {"drafter": user("drafter", "handler", station), "reviewer": user("reviewer", "reviewer", branch),
            "censor": user("censor", "reviewer", branch), "leader": user("leader", "leader", branch),
            "office": user("office", "office", city)}


def logout(page: Page):
    page.get_by_role("button", name="退出").click()


def test_draft_to_public_catalog_with_scanner(page: Page, people, login, shot):
    planted = id_number("35040319900307123")
    login("drafter")
    page.goto("/workbench/publications/new/")
    page.get_by_label("发布机构").select_option(label="　　三元分局城关派出所")
    page.get_by_label("信息名称").fill("关于认领遗失物品的公告")
    page.get_by_label("正文").fill(f"本所拾得钱包一个，内有居民身份证（号码 {planted}），请失主持有效证件认领。")
    page.get_by_label("生成日期").fill("2026-11-20")
    page.get_by_label("主题分类").select_option(label="便民服务")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("关于认领遗失物品的公告")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".notice.success")).to_contain_text("已提交审核")
    logout(page)

    login("reviewer")
    page.goto("/workbench/publications/review/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    expect(page.locator("mark.finding")).to_have_text(planted)
    expect(page.get_by_role("heading", name=re.compile("敏感信息检查"))).to_contain_text("1 处待处理")
    shot("finding")
    page.get_by_label("审核意见").fill("同意")
    page.get_by_role("button", name="通过").click()
    expect(page.locator(".lead")).to_contain_text("保密审查")
    # 四眼原则: the next step is another person's; the page says why there is no button.
    expect(page.locator("#four-eyes")).to_contain_text("您已审核过“单位审核”")
    expect(page.get_by_role("button", name="通过")).to_have_count(0)
    logout(page)

    login("censor")
    page.goto("/workbench/publications/review/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    page.get_by_label("审核意见").fill("同意")
    page.get_by_role("button", name="通过").click()
    logout(page)

    login("leader")
    page.goto("/workbench/publications/review/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    page.get_by_role("button", name="通过").click()
    expect(page.locator(".notice.error")).to_contain_text("敏感信息未处理")
    expect(page.get_by_role("button", name="遮盖")).to_have_count(0)  # the leader signs, the reviewer redacts
    logout(page)

    login("reviewer")
    page.goto("/workbench/publications/review/")
    expect(page.get_by_role("link", name="关于认领遗失物品的公告")).to_have_count(0)  # not the reviewer's step
    page.goto("/workbench/publications/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    page.get_by_role("button", name="遮盖").click()
    expect(page.locator(".notice.success")).to_contain_text("已遮盖")
    expect(page.locator(".pub-body")).not_to_contain_text(planted)
    logout(page)

    login("leader")
    page.goto("/workbench/publications/review/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    page.get_by_label("审核意见").fill("同意发布")
    page.get_by_role("button", name="通过").click()
    expect(page.locator(".notice.success")).to_contain_text("审核通过")
    expect(page.locator(".lead")).to_contain_text("索引号：003614586/")
    shot("published")
    logout(page)

    page.goto("/xxgk/mulu/")
    page.get_by_role("link", name="关于认领遗失物品的公告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("关于认领遗失物品的公告")
    expect(page.locator("table.meta-table")).to_contain_text("003614586/")
    expect(page.locator(".pub-body")).not_to_contain_text(planted)
    expect(page.locator(".pub-body")).to_contain_text("████")
    shot("public-item")


def test_withdrawn_item_leaves_the_portal(page: Page, people, login):
    from gongkai.publications import services
    from gongkai.publications.models import CatalogTopic
    from tests.publications.conftest import run_chain

    draft = services.create_draft(actor=people["drafter"], unit=people["drafter"].unit, title="将被撤回的通告",
                                  created_on=date(2026, 11, 20),
                                  topic=CatalogTopic.objects.get(code="0803"))
    pub = run_chain(draft, people)
    page.goto(f"/xxgk/{pub.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("将被撤回的通告")
    login("office")
    page.goto(f"/workbench/publications/{pub.pk}/")
    page.get_by_label("理由").fill("该通告所涉决定已被撤销")
    page.get_by_role("button", name="撤回").click()
    expect(page.locator(".notice.success")).to_contain_text("已撤回")
    logout(page)
    response = page.goto(f"/xxgk/{pub.pk}/")
    assert response.status == 404
    page.goto("/xxgk/mulu/")
    expect(page.get_by_role("link", name="将被撤回的通告")).to_have_count(0)


def test_revoked_penalty_decision_is_withdrawn_with_a_public_statement(page: Page, people, login, shot):
    """行政处罚法 第四十八条第二款: the office records the revocation, the decision is on the due
    list, and once withdrawn its address and the catalog show the statement, not the decision."""
    from gongkai.publications import services
    from gongkai.publications.models import CatalogTopic
    from tests.publications.conftest import run_chain

    draft = services.create_draft(actor=people["drafter"], unit=people["drafter"].unit,
                                  title="张某某违反禁止标线行政处罚决定书", created_on=date(2026, 11, 20),
                                  body_text="当事人张某某驾驶车辆违反禁止标线指示，决定罚款一百元。",
                                  topic=CatalogTopic.objects.get(code="0601"))
    pub = run_chain(draft, people)
    login("office")
    page.goto(f"/workbench/publications/{pub.pk}/")
    page.get_by_label("决定被依法").select_option(label="撤销")
    page.get_by_label("变更、撤销或确认之日").fill("2026-11-23")
    page.get_by_label("作出机关及文书").fill("三明市人民政府行政复议决定书（明政复决〔2026〕12号）")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#decision-change")).to_contain_text("被依法撤销")
    page.goto("/workbench/publications/deadlines/")
    expect(page.get_by_role("row", name=re.compile("张某某违反禁止标线"))).to_contain_text("撤回期限 2026-11-26")
    page.goto(f"/workbench/publications/{pub.pk}/")
    page.get_by_label("撤回说明（公开）").fill("该行政处罚决定已被行政复议决定撤销，现撤回该决定信息。")
    page.get_by_role("button", name="撤回").click()
    expect(page.locator(".notice.success")).to_contain_text("已撤回")
    logout(page)
    response = page.goto(f"/xxgk/{pub.pk}/")
    assert response.status == 410
    expect(page.locator("#withdrawal-statement")).to_contain_text("现撤回该决定信息")
    expect(page.locator("body")).not_to_contain_text("罚款一百元")
    shot("withdrawal-statement")
    page.goto("/xxgk/mulu/")
    expect(page.get_by_role("region", name="已撤回的行政执法决定")).to_contain_text("现撤回该决定信息")


def test_catalog_and_item_fit_a_phone(page: Page, people):
    """At 390 px the catalog and an item's page scroll down, never sideways: the catalog's table
    scrolls inside its frame, long index numbers and titles wrap."""
    from gongkai.publications import services
    from gongkai.publications.models import CatalogTopic
    from tests.publications.conftest import run_chain

    draft = services.create_draft(actor=people["drafter"], unit=people["drafter"].unit,
                                  title="关于调整三元分局城关派出所户籍窗口办公时间及办理户口迁移登记有关事项的通告",
                                  created_on=date(2026, 11, 20), topic=CatalogTopic.objects.get(code="0803"))
    pub = run_chain(draft, people)
    page.set_viewport_size({"width": 390, "height": 800})
    for url in ("/xxgk/mulu/", f"/xxgk/{pub.pk}/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
