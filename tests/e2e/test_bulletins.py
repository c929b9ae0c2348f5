"""Incident bulletins in a real browser: the office enters a week's bulletin in the workbench, a
colleague reviews and publishes it, and the portal shows it with the counts table, the trend
chart drawn by the vendored ECharts (under the CSP, no inline script) and the same series as a
table."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import e2e_db

pytestmark = [pytest.mark.e2e, e2e_db]


@pytest.fixture
def history(demo):
    """Weeks 40–46 of the city already published, and a second member of the office to review."""
    from gongkai.bulletins import services
    from gongkai.core import services as core_services
    from gongkai.core.demo import DEMO_PASSWORD
    from gongkai.core.models import Role

    clerk = demo.users["gongkaiban"]
    reviewer = core_services.create_user(actor=None, username="gongkaiban2", name="陈思远", unit=clerk.unit,
                                         password=DEMO_PASSWORD, roles=[Role.objects.get(code="office")],
                                         must_change_password=False)
    body = demo.units["350400"].body
    for week in range(40, 47):
        b = services.create_bulletin(actor=clerk, body=body, year=2026, week=week, criminal=50 + week,
                                     public_order=170 - week, traffic=130 + (week % 3) * 5, fire=10 + week % 4)
        services.submit_bulletin(actor=clerk, bulletin=b)
        services.publish_bulletin(actor=reviewer, bulletin=b)
    return body


def logout(page: Page):
    page.get_by_role("button", name="退出").click()


def test_office_enters_and_publishes_a_bulletin(page: Page, history, login, shot):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    login("gongkaiban")
    page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="警情通报").click()
    page.get_by_role("link", name="填报通报").click()
    page.get_by_label("公开主体").select_option(label="三明市公安局")
    expect(page.get_by_label("年份")).to_have_value("2026")
    expect(page.get_by_label("周次")).to_have_value("47")
    page.get_by_label("刑事警情（起）").fill("97")
    page.get_by_label("治安警情（起）").fill("123")
    page.get_by_label("交通警情（起）").fill("141")
    page.get_by_label("火灾警情（起）").fill("9")
    page.get_by_label("对比说明").fill("与上周相比，刑事警情上升 0.0%。")
    page.get_by_label("典型警情").fill("11月18日，三元区一小区连续发生电动车被盗案件，民警蹲守抓获嫌疑人王某。")
    page.get_by_label("防范提示").fill("请将电动车停放在有监控的车棚。")
    shot("form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("三明市公安局2026年第47周警情通报")
    expect(page.locator(".lead .tag")).to_have_text("草稿")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".notice.success")).to_contain_text("已提交审核")
    expect(page.get_by_role("button", name="审核通过并发布")).to_have_count(0)  # not for the one who entered it
    logout(page)

    login("gongkaiban2")
    page.goto("/workbench/bulletins/")
    page.get_by_role("region", name=re.compile("待我审核")).get_by_role(
        "link", name="三明市公安局2026年第47周警情通报").click()
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".notice.success")).to_contain_text("已审核发布")
    expect(page.locator(".lead .tag")).to_have_text("已发布")
    shot("published")
    logout(page)

    page.goto("/")
    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role("link", name="警情通报").click()
    page.get_by_role("link", name=re.compile("最新一期：2026年第47周")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("三明市公安局2026年第47周警情通报")
    expect(page.locator(".bulletin-meta")).to_contain_text("统计时段：2026-11-16 至 2026-11-22")
    counts = page.locator("table.counts-table")
    expect(counts.get_by_role("row", name=re.compile("^刑事警情"))).to_contain_text("97")
    expect(counts.get_by_role("row", name=re.compile("^合计"))).to_contain_text("370")
    expect(page.locator(".pub-body").first).to_contain_text("民警蹲守抓获嫌疑人王某")
    # The chart: the script revealed the figure and ECharts drew on a canvas of real size.
    expect(page.locator("#bulletin-chart-figure")).to_be_visible()
    canvas = page.locator("#bulletin-chart canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    expect(page.locator("#bulletin-chart")).to_have_attribute("data-drawn", "true")
    # The table beside it holds the same series.
    table = page.locator("#bulletin-series")
    expect(table.locator("tbody tr")).to_have_count(26)
    expect(table.locator("tbody tr").last).to_contain_text("2026年第47周")
    expect(table.locator("tbody tr").last.locator("td.num")).to_have_text(["97", "123", "141", "9"])
    expect(table.get_by_role("row", name=re.compile("2026年第39周"))).to_contain_text("—")
    shot("portal")
    assert not problems, problems  # no CSP violation, no script error

    with page.expect_download() as download:
        page.get_by_role("link", name="下载数据（CSV）").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "2026,47,2026-11-16,2026-11-22,97,123,141,9,370" in data.decode()
