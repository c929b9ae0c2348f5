"""One application through the workbench and the portal in Chromium: supplement (Art. 30),
third-party consultation (Art. 32, 33), extension (Art. 33) and partial disclosure (Art. 37),
with the due date checked at each step against dates computed by hand on the 2026 calendar
(National Day 1–7 October off; Sunday 20 September and Saturday 10 October worked)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import e2e_db, log_in

pytestmark = [pytest.mark.e2e, e2e_db]


@pytest.fixture
def day(pin_today, settings):
    """The bureau's "today", moved by the test as the case goes on. The people stay logged in
    across the weeks the test moves through (a real session would have ended when idle)."""
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600
    settings.GONGKAI_IDLE_TIMEOUT = timedelta(days=365)
    pin_today(date(2026, 9, 18))
    return pin_today


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
    """Open the step's <details> and return it, to fill its form."""
    details = page.locator(f"#step-{name}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def due(page: Page) -> str:
    return page.locator(".clock-panel").inner_text()


def test_supplement_consultation_extension_partial_disclosure(demo, day, as_user, page: Page, shot):
    from gongkai.applications.models import Application
    from gongkai.core.models import Unit

    # 18 Sep (Fri): an application handed in at 城关派出所 (Art. 31: received that day).
    handler = as_user("jingban")
    handler.goto("/workbench/applications/new/")
    handler.get_by_label("承办单位").select_option(value=str(Unit.objects.get(code="35040401").pk))
    handler.get_by_label("申请渠道").select_option(value="in_person")
    handler.get_by_label("提交/收到时间").fill("2026-09-18T10:00")
    handler.get_by_label("申请人类型").select_option(value="person")
    handler.get_by_label("姓名/名称").fill("张三")
    handler.get_by_label("联系电话").fill("13805981234")
    handler.get_by_label("证件类型").select_option(value="resident_id")
    handler.get_by_label("证件号码").fill("11010519491231002X")
    handler.get_by_label("所需信息的内容描述").fill("2025年度城关辖区道路交通事故统计数据")
    handler.get_by_role("button", name="登记").click()
    code = handler.locator(".query-code").inner_text().strip()
    tracking = handler.locator("h1").inner_text()
    app = Application.objects.get()
    assert app.tracking_number in tracking and len(code) == 8
    # Day 1 is Sun 20 Sep (worked); 1–7 Oct off; day 20 is Thu 22 Oct.
    assert "2026-10-22" in due(handler)

    # 22 Sep (Tue, 3 working days after receipt): one supplement notice listing everything.
    day(date(2026, 9, 22))
    handler.reload()
    form = step(handler, "request_supplement")
    form.get_by_label("需补正的事项").fill("1.请写明事故统计的时间范围；\n2.请写明需要的统计口径。")
    form.get_by_role("button").click()
    expect(handler.get_by_text("补正期限 2026-10-20")).to_be_visible()  # 15 working days, National Day skipped
    expect(handler.get_by_text("超过7个工作日告知")).to_have_count(0)

    # 28 Sep (Mon): supplement received; Art. 30 restarts the 20 days → Fri 30 Oct.
    day(date(2026, 9, 28))
    handler.reload()
    form = step(handler, "receive_supplement")
    form.get_by_label("收到补正日期").fill("2026-09-28")
    form.get_by_role("button").click()
    assert "2026-10-30" in due(handler)

    # 14 Oct (Wed, day 8): a third party is consulted; the clock pauses up to 15 working days.
    day(date(2026, 10, 14))
    handler.reload()
    form = step(handler, "start_consultation")
    form.get_by_label("征询对象类型").select_option(value="third_party")
    form.locator("[name=party_name]").fill("三明市顺安运输有限公司")
    form.get_by_label("征询事项").fill("统计表中涉及贵公司车辆的事故记录是否同意公开")
    form.get_by_role("button").click()
    assert "计时暂停" in due(handler)
    # Art. 32: the party's 15 working days run from its receipt of the letter, recorded on delivery.
    assert "登记送达后确定" in handler.locator("body").inner_text()

    # 22 Oct (Thu): the answer comes; 15–22 Oct are not counted; day 9 is 23 Oct, day 20 Mon 9 Nov.
    day(date(2026, 10, 22))
    handler.reload()
    answer = handler.locator("details.step", has_text="登记三明市顺安运输有限公司的意见")
    if answer.get_attribute("open") is None:
        answer.locator("summary").click()
    answer.get_by_label("收到意见日期").fill("2026-10-22")
    answer.locator("select[name=opinion]").select_option(value="object")
    answer.get_by_role("button").click()
    assert "2026-11-09" in due(handler)

    # 5 Nov: the handler asks for 20 more working days; the office head approves → Mon 7 Dec.
    day(date(2026, 11, 5))
    handler.reload()
    form = step(handler, "request_extension")
    form.get_by_label("延期理由").fill("需要逐条核对事故记录并对涉及第三方的内容作区分处理")
    form.get_by_role("button").click()
    assert "2026-11-09" in due(handler)
    office = as_user("gongkaiban")
    office.goto(f"/workbench/applications/{app.pk}/")
    step(office, "approve_extension").get_by_role("button").click()
    assert "2026-12-07" in due(office)

    # 24 Nov: partial disclosure, approved by the branch leader; the notice is issued.
    day(date(2026, 11, 24))
    handler.reload()
    form = step(handler, "decide")
    form.get_by_label("办理结果").select_option(value="partial")
    form.get_by_label("答复内容").fill("现向您提供《2025年度城关辖区道路交通事故统计表》，涉及第三方的内容已作区分处理。")
    form.get_by_label("理由说明").fill("统计表中涉及第三方商业信息的内容，第三方不同意公开。")
    form.get_by_label("保护第三方合法权益").check()
    form.get_by_role("button").click()
    leader = as_user("qianfa")
    leader.goto(f"/workbench/applications/{app.pk}/")
    step(leader, "approve_reply").get_by_role("button").click()
    expect(leader.get_by_text("政府信息部分公开告知书").first).to_be_visible()
    app.refresh_from_db()
    assert app.status == "closed" and app.outcome == "partial" and app.due_on == date(2026, 12, 7)
    from .conftest import ARTIFACTS
    leader.screenshot(path=str(ARTIFACTS / "applications--case-closed.png"), full_page=True)

    notice = app.notices.get(kind="partial")
    response = handler.request.get(f"/workbench/applications/{app.pk}/notices/{notice.pk}.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    # The leader may not see the applicant's personal data: no download of letters addressed to them.
    assert leader.request.get(f"/workbench/applications/{app.pk}/notices/{notice.pk}.pdf").status == 403
    timeline = [e.kind for e in app.events.order_by("at", "id")]
    assert timeline.index("supplement_requested") < timeline.index("supplement_received") \
        < timeline.index("consultation_sent") < timeline.index("extended") < timeline.index("closed")

    # The applicant tracks the case on the portal with the code from the receipt.
    page.goto("/yishenqing/chaxun/")
    page.get_by_label("受理编号").fill(app.tracking_number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("已办结").first).to_be_visible()
    expect(page.get_by_text("政府信息部分公开告知书").first).to_be_visible()
    expect(page.get_by_text("三明市顺安运输有限公司")).to_have_count(0)  # the consultation is internal
    shot("tracking")


def test_citizen_applies_online_and_sees_receipt_once(demo, page: Page, shot):
    """Art. 29 and 31: the online form checks the ID number's check digit, keeps what was typed,
    and on success shows the tracking number and query code once, with the due date."""
    from gongkai.applications.models import Application

    page.goto("/")
    page.get_by_role("link", name="依申请公开").first.click()
    page.locator("[name=person_name]").fill("李明")
    page.get_by_label("证件号码").fill("110105194912310021")  # wrong check digit
    page.get_by_label("联系电话").fill("13905981234")
    page.get_by_label("所需信息的内容描述").fill("2026年三明市城区电动自行车登记上牌的办理地点和时间安排")
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("居民身份证号码校验不通过").first).to_be_visible()
    expect(page.get_by_label("所需信息的内容描述")).to_have_value("2026年三明市城区电动自行车登记上牌的办理地点和时间安排")
    assert not Application.objects.exists()
    shot("error")

    page.get_by_label("证件号码").fill("11010519491231002X")
    page.locator("[name=consent]").check()
    page.get_by_role("button", name="提交申请").click()
    app = Application.objects.get()
    body = page.locator("main").inner_text()
    # Received Tue 24 Nov 2026 (pinned): 20 working days → Tue 22 Dec.
    assert app.tracking_number in body and "2026年12月22日" in body and app.received_on == date(2026, 11, 24)
    code = page.locator(".receipt-numbers dd.code").nth(1).inner_text().strip()
    assert len(code) == 8
    shot("receipt")
    page.reload()  # shown once: the code is gone from the page and from the session
    expect(page.get_by_text("本页已不再显示")).to_be_visible()
    assert code not in page.content()
