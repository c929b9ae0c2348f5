"""One letter through the portal and the workbench in Chromium: a citizen writes (and first gets the
form's errors), the office assigns it to 城关派出所, the station's handler replies, the office
approves the reply, and the citizen reads it with number and query code and rates it."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ARTIFACTS, e2e_db, log_in

pytestmark = [pytest.mark.e2e, e2e_db]


@pytest.fixture
def as_user(browser: Browser, live_server):
    """as_user(username) → a logged-in page in a browser context of its own."""
    contexts = []

    def open_as(username: str) -> Page:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        return log_in(page, username)

    yield open_as
    for context in contexts:
        context.close()


def step(page: Page, name: str):
    details = page.locator(f"#step-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def choose(select, text: str) -> None:
    select.select_option(value=select.locator("option", has_text=text).first.get_attribute("value"))


def test_citizen_writes_office_assigns_unit_replies_office_approves_citizen_rates(demo, page: Page, as_user, shot):
    from gongkai.interaction.models import Letter

    # The citizen finds the column and writes; the first try is missing what a complaint needs.
    page.goto("/")
    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role("link", name="互动交流").click()
    page.get_by_role("link", name="我要写信").first.click()
    page.get_by_label("投诉").check()
    page.get_by_label("来信分类").select_option(label="社会治安")
    page.get_by_label("标题").fill("小区门口夜间施工噪音扰民")
    page.get_by_label("来信内容").fill("列东街道碧湖小区门口的工地每天晚上施工到凌晨，噪音很大，请派出所协调处理。")
    page.get_by_role("button", name="提交来信").click()
    summary = page.get_by_role("alert").first
    expect(summary).to_contain_text("来信尚未提交")
    expect(summary).to_contain_text("投诉须填写真实姓名")
    expect(page.locator("#id_writer_name_error")).to_contain_text("投诉须填写真实姓名")
    shot("write-errors")
    assert not Letter.objects.exists()
    page.get_by_label("姓名").fill("陈晓东")
    page.get_by_label("联系电话").fill("13905981111")
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_role("heading", name="来信已提交")).to_be_visible()
    number, code = [t.strip() for t in page.locator(".receipt-numbers dd").all_inner_texts()]
    assert re.fullmatch(r"XX350400-\d{4}-\d{4}", number) and len(code) == 8
    shot("receipt")

    # The office assigns it to 城关派出所 and its handler 张婷.
    office = as_user("gongkaiban")
    office.goto("/workbench/interaction/")
    office.get_by_role("link", name=number).click()
    assign = step(office, "assign")
    choose(assign.get_by_label("承办单位"), "城关派出所")
    choose(assign.get_by_label("承办人"), "张婷")
    assign.get_by_role("button", name="分办").click()
    expect(office.get_by_role("status").first).to_contain_text("已分办至三元分局城关派出所")
    letter_url = office.url

    # The station's handler sees the writer's details and replies; the reply waits for review.
    station = as_user("jingban_cg")
    station.goto(letter_url)
    expect(station.locator("#writer-title + dl")).to_contain_text("13905981111")
    reply = step(station, "reply")
    reply.get_by_label("答复内容").fill("收到来信后，我所民警当晚到现场核查，已会同住建部门责令工地晚上十点后停止施工。")
    reply.get_by_role("button", name="提交答复").click()
    expect(station.get_by_role("status").first).to_contain_text("待政务公开办审核")
    expect(station.locator("h1")).to_contain_text("待审核")

    # Before the review the citizen still sees no reply.
    page.goto("/hudong/chaxun/")
    page.get_by_label("来信编号").fill(number)
    page.get_by_label("查询码").fill("WRONG234")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("未找到与来信编号和查询码相符的来信")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".track-table")).to_contain_text("办理中")
    expect(page.get_by_text("来信正在办理，答复后将在此显示。")).to_be_visible()

    # The office approves.
    office.goto(letter_url)
    step(office, "approve_reply").get_by_role("button", name="审核通过并答复来信人").click()
    expect(office.locator("h1")).to_contain_text("已答复")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    office.screenshot(path=str(ARTIFACTS / "test_interaction--letter-page.png"), full_page=True)

    # The citizen reads the reply and rates it, once.
    page.reload()
    expect(page.locator(".track-table")).to_contain_text("已答复")
    expect(page.locator(".reply-text")).to_contain_text("责令工地晚上十点后停止施工")
    page.get_by_label("基本满意").check()
    page.get_by_label("意见和建议（选填）").fill("希望持续关注")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status").first).to_contain_text("感谢您的评价")
    expect(page.get_by_text("您已对本次答复作出评价：基本满意。")).to_be_visible()
    expect(page.get_by_role("button", name="提交评价")).to_have_count(0)
    shot("rated")

    letter = Letter.objects.get(tracking_number=number)
    assert letter.status == "replied" and letter.satisfaction == "basic"
    assert letter.replied_by.username == "jingban_cg" and letter.reviewed_by.username == "gongkaiban"
