"""全站搜索 in a real browser: the header's search box on the home page leads to the search page,
matched words are marked, the kind filter and the page links keep each other (no JavaScript
involved: plain GET forms and links)."""

import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .conftest import TODAY, e2e_db

pytestmark = [pytest.mark.e2e, e2e_db]

SHOTS = Path("/root/shots")


@pytest.fixture
def content(demo):
    """13 public items and one service guide about 交通管制, logged for the index in one transaction
    (its on_commit hook brings the index up to date)."""
    from django.db import transaction

    from gongkai.bulletins.models import GuideCategory, ServiceGuide
    from gongkai.publications.models import CatalogTopic, Publication
    from gongkai.search import changes
    from gongkai.search.models import Kind

    city, clerk = demo.units["350400"], demo.users["gongkaiban"]
    topic = CatalogTopic.objects.get(code="0803")
    with transaction.atomic():
        for n in range(1, 14):
            day = TODAY.replace(day=n)
            pub = Publication.objects.create(
                body=city.body, unit=city, title=f"关于第{n}届市民运动会期间实施交通管制的通告（第{n}号）",
                body_text=f"因举办第{n}届三明市民运动会，{day:%m月%d日}8时至12时对列东街实施交通管制，"
                          "届时禁止机动车通行，请绕行沙县小吃文化城周边道路。<script>alert(1)</script>",
                created_on=day, topic=topic, status=Publication.Status.PUBLISHED,
                published_at=datetime.combine(day, time(9), tzinfo=ZoneInfo("Asia/Shanghai")),
                index_number=f"E2E/{n:05d}", created_by=clerk)
            changes.changed(Kind.PUBLICATION, pub.pk)
        guide = ServiceGuide.objects.create(
            unit=city, body=city.body, name="交通管制期间临时通行证核发", category=GuideCategory.objects.get(code="zhian"),
            legal_basis="《中华人民共和国道路交通安全法》第三十九条", conditions="交通管制期间确需通行的车辆。",
            materials=["行驶证", "驾驶证"], procedure="提出申请\n审核发证", handling_unit="交警支队",
            place="三明市行政服务中心", hours="工作日", phone="0598-8250000", status=ServiceGuide.Status.PUBLISHED,
            published_at=datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Asia/Shanghai")), created_by=clerk)
        changes.changed(Kind.GUIDE, guide.pk)


def test_search_from_the_home_page_filter_and_page(page: Page, content, shot):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto("/")
    header = page.locator("header.site-header")
    header.get_by_role("searchbox", name="全站搜索").fill("交通管制")
    header.get_by_role("button", name="搜索").click()
    expect(page).to_have_url(re.compile(r"/sousuo/\?q=%E4%BA%A4%E9%80%9A%E7%AE%A1%E5%88%B6$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("全站搜索")
    expect(page.locator(".search-count")).to_have_text("找到约 14 条结果，第 1 / 2 页")
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(10)
    expect(hits.first.locator(".search-hit-title mark")).to_have_text("交通管制")
    expect(page.locator(".search-snippet mark").first).to_have_text("交通管制")
    expect(page.locator(".search-hits")).to_contain_text("<script>alert(1)</script>")  # shown as text
    expect(page.locator(".search-hit .tag", has_text="办事指南")).to_have_count(1)
    expect(page.get_by_label("搜索内容")).to_have_value("交通管制")
    shot("all-kinds")

    form = page.get_by_role("search", name="搜索公开信息")
    form.get_by_label("内容类型").select_option(label="公开信息")
    form.get_by_label("发布日期").check()
    form.get_by_role("button", name="搜索").click()
    expect(page.locator(".search-count")).to_have_text("找到约 13 条结果，第 1 / 2 页")
    expect(page.locator(".search-hit .tag", has_text="办事指南")).to_have_count(0)
    kinds = page.get_by_role("navigation", name="结果分类")
    expect(kinds.get_by_role("link", name="公开信息")).to_have_attribute("aria-current", "page")
    expect(hits.first.get_by_role("heading")).to_contain_text("（第13号）")  # newest first
    pages = page.get_by_role("navigation", name="搜索结果分页")
    expect(pages.get_by_role("link", name="第 1 页，当前页")).to_have_attribute("aria-current", "page")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)

    pages.get_by_role("link", name="第 2 页").click()
    expect(page).to_have_url(re.compile(r"kind=publication&sort=date&page=2$"))
    expect(hits).to_have_count(3)
    expect(hits.last.get_by_role("heading")).to_contain_text("（第1号）")
    expect(page.locator(".search-hits")).to_have_attribute("start", "11")
    expect(pages.get_by_role("link", name="第 2 页，当前页")).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("内容类型")).to_have_value("publication")
    expect(page.get_by_label("发布日期")).to_be_checked()
    page.screenshot(path=str(SHOTS / "search-page2.png"), full_page=True)

    pages.get_by_role("link", name="上一页").click()
    expect(pages.get_by_role("link", name="第 1 页，当前页")).to_be_visible()

    form.get_by_label("搜索内容").fill("，。")
    form.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("alert")).to_have_text("搜索内容里没有可以检索的汉字、字母或数字，请换个说法再试。")
    expect(page.get_by_label("内容类型")).to_have_value("publication")  # the filters are kept
    page.set_viewport_size({"width": 390, "height": 800})
    shot("error-narrow")
    assert problems == []
