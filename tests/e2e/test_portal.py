"""The public portal in a real browser: the site frame every page carries, the deadline calculator
and the large-text (长辈版) mode."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import e2e_db

pytestmark = [pytest.mark.e2e, e2e_db]


def calculate(page: Page, start: str, days: str) -> None:
    page.get_by_label("起算日（收到申请之日）").fill(start)
    page.get_by_label("工作日数").fill(days)
    page.get_by_role("button", name="计算").click()
    page.wait_for_load_state("domcontentloaded")


def test_home_has_site_frame(page: Page, demo, shot):
    page.goto("/")
    expect(page).to_have_title(re.compile("三明市公安局"))
    header = page.locator("header.site-header")
    expect(header.get_by_role("link", name=re.compile("^三明市公安局"))).to_be_visible()
    nav = page.get_by_role("navigation", name="政府信息公开栏目")
    expect(nav.get_by_role("link", name="期限计算器")).to_be_visible()
    expect(nav.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    footer = page.locator("footer.site-footer")
    expect(footer).to_contain_text("网站标识码：3504000001")
    expect(footer.get_by_role("link", name="我为政府网站找错")).to_be_visible()
    expect(footer.get_by_role("link", name="工作人员登录")).to_have_attribute("href", "/workbench/login/")
    for name, value in [
        ("SiteName", "三明市公安局"),
        ("SiteDomain", "gaj.sm.gov.cn"),
        ("SiteIDCode", "3504000001"),
    ]:
        expect(page.locator(f'meta[name="{name}"]')).to_have_attribute("content", value)
    # The contact table lists the demo's three disclosure bodies.
    bodies = page.locator("table.data tbody tr")
    expect(bodies).to_have_count(3)
    expect(bodies.first).to_contain_text("三明市公安局")
    expect(page.get_by_role("cell", name="0598-8250000")).to_be_visible()
    shot("home")


def test_nav_leads_to_deadline_calculator(page: Page, seeded, shot):
    page.goto("/")
    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role("link", name="期限计算器").click()
    expect(page).to_have_url(re.compile(r"/gongju/qixian/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("期限计算器")
    expect(page.locator('meta[name="ColumnName"]')).to_have_attribute("content", "期限计算器")
    expect(page.get_by_role("navigation", name="当前位置")).to_contain_text("首页 › 期限计算器")
    expect(page.get_by_label("起算日（收到申请之日）")).to_have_attribute("type", "date")
    expect(page.get_by_label("工作日数")).to_have_value("20")
    shot("empty")


def test_deadline_over_national_day(page: Page, seeded, shot):
    page.goto("/gongju/qixian/")
    calculate(page, "2026-09-28", "20")
    result = page.locator("section.result")
    expect(result).to_contain_text("2026年9月28日 起 20 个工作日")
    expect(result.locator(".due strong")).to_have_text(re.compile(r"^2026年10月30日（星期五）"))
    expect(result).not_to_contain_text("暂定")
    # The form keeps what was entered, and the result is bookmarkable (GET).
    expect(page.get_by_label("起算日（收到申请之日）")).to_have_value("2026-09-28")
    expect(page).to_have_url(re.compile(r"start=2026-09-28&days=20"))
    # Pinned today, 2026-11-24, is 17 working days after 30 October.
    expect(result).not_to_contain_text("距今天还有")
    expect(result).to_contain_text("17 个工作日")
    shot("national-day")


def test_deadline_into_unpublished_year_is_provisional(page: Page, seeded, shot):
    page.goto("/gongju/qixian/")
    calculate(page, "2026-12-10", "20")
    result = page.locator("section.result")
    # 2027 is not entered: Mon–Fri less 1 January (元旦, fixed by 《全国年节及纪念日放假办法》), so the
    # 20th is 8 January.
    expect(result.locator(".due strong")).to_have_text(re.compile(r"^2027年1月8日"))
    expect(result.locator(".notice.warning")).to_contain_text("暂定日期")
    expect(result).to_contain_text("距今天还有 32 个工作日")
    shot("provisional")


def test_deadline_rejects_negative_days(page: Page, seeded, shot):
    page.goto("/gongju/qixian/")
    calculate(page, "2026-09-28", "-3")
    expect(page.locator(".field.has-error")).to_contain_text("工作日数不能为负数")
    expect(page.locator("section.result")).to_have_count(0)
    shot("negative")


def test_deadline_requires_a_start_date(page: Page, seeded):
    page.goto("/gongju/qixian/?start=&days=20")
    expect(page.locator(".field.has-error")).to_contain_text("请填写起算日")
    expect(page.locator("section.result")).to_have_count(0)


def test_large_text_mode_toggles_and_persists(page: Page, seeded, shot):
    page.goto("/gongju/qixian/")
    body = page.locator("body")
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    size_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    page.get_by_role("link", name="长辈版").click()
    expect(page).to_have_url(re.compile(r"/gongju/qixian/$"))  # back on the same page
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    page.wait_for_load_state("load")  # the class is in the HTML before the stylesheet has applied it
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > size_before
    shot("large-text")

    page.goto("/")  # remembered across pages (cookie)
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    page.get_by_role("link", name="标准版").click()
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("link", name="长辈版")).to_be_visible()


def test_large_text_refuses_offsite_redirect(page: Page, seeded, live_server):
    page.goto("/zhangbei/?next=https://example.com/")
    expect(page).to_have_url(live_server.url + "/")


# --- Regression guards for defects found while these tests were written -------------------


def test_main_has_top_spacing(page: Page, seeded):
    # Was a defect (`.wrap` padding outranked `main` padding); fixed in src/, kept as a regression test.
    page.goto("/gongju/qixian/")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).paddingTop)") > 0


def test_invalid_input_has_red_border(page: Page, seeded):
    page.goto("/gongju/qixian/?start=2026-09-28&days=-3")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#id_days')).borderTopColor")
        == "rgb(179, 38, 30)"
    )


def test_aria_describedby_targets_exist(page: Page, seeded):
    page.goto("/gongju/qixian/?start=2026-09-28&days=-3")
    missing = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')]
        .flatMap(el => el.getAttribute('aria-describedby').split(/\\s+/))
        .filter(id => !document.getElementById(id))""")
    assert missing == []


def test_no_console_errors(page: Page, seeded):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/")
    page.goto("/gongju/qixian/?start=2026-09-28&days=20")
    page.wait_for_timeout(200)
    assert errors == []
