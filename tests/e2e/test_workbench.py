"""The staff workbench in a real browser: login and lockout, the forced password change, the
menu each role sees, and entering next year's holiday arrangement."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import e2e_db

pytestmark = [pytest.mark.e2e, e2e_db]

MENU = "工作台菜单"
ARRANGEMENT_2027 = """\
2027-01-01 休 元旦
2027-02-06 休 春节
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
2027-02-20 班 春节调休
"""


def menu_labels(page: Page) -> list[str]:
    return [
        t.strip() for t in page.get_by_role("navigation", name=MENU).locator("ul > li > a").all_inner_texts()
    ]


def test_login_page(page: Page, seeded, shot):
    page.goto("/workbench/")  # anonymous: sent to the login page, remembering where to go
    expect(page).to_have_url(re.compile(r"/workbench/login/\?next=/workbench/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码")).to_have_attribute("type", "password")
    expect(page.get_by_role("navigation", name=MENU)).to_have_count(0)
    shot("login")


def test_login_and_logout(page: Page, demo, login, shot):
    login("jingban")
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，黄志强")
    expect(page.locator(".wb-user")).to_contain_text("三明市公安局三元分局")
    expect(page.get_by_role("main")).to_contain_text("单位经办人")
    # A unit handler administers nothing and reads no audit trail; no calendar reminder either.
    labels = menu_labels(page)
    assert "工作台首页" in labels
    assert not {"单位与公开主体", "用户", "角色", "工作日历", "审计日志"} & set(labels)
    expect(page.get_by_text("请录入 2027 年节假日安排")).to_have_count(0)
    shot("home-handler")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/workbench/login/$"))
    page.goto("/workbench/")
    expect(page).to_have_url(re.compile(r"/workbench/login/"))


def test_wrong_password(page: Page, demo, login, shot):
    login("jingban", "wrong-password")
    expect(page).to_have_url(re.compile(r"/workbench/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_value("jingban")  # the username is kept
    expect(page.get_by_label("密码")).to_have_value("")  # the password is not
    shot("wrong-password")


def test_lockout_after_five_failures(page: Page, demo, login, shot):
    for _ in range(4):
        login("shencha", "Wrong#Pass123")
        expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    login("shencha", "Wrong#Pass123")  # the fifth failure locks the account
    expect(page.get_by_role("alert")).to_contain_text("已被锁定")
    login("shencha")  # so even the right password is refused now
    expect(page).to_have_url(re.compile(r"/workbench/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("已被锁定")
    expect(page.get_by_role("alert")).to_contain_text("15 分钟")
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_have_count(0)
    shot("locked")

    # The lock is per account: the administrator still logs in, sees the lock and lifts it.
    page.context.clear_cookies()
    login("admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，陈建国")
    expect(page.get_by_role("link", name=re.compile(r"^1\s*个账号被锁定"))).to_be_visible()
    page.get_by_role("navigation", name=MENU).get_by_role("link", name="用户").click()
    row = page.get_by_role("row", name=re.compile(r"^shencha\b"))
    expect(row.locator(".tag.bad")).to_have_text("已锁定")
    row.get_by_role("link", name="编辑").click()
    page.get_by_role("button", name="解除登录锁定").click()
    expect(page.locator(".notice.success")).to_contain_text("已解除“吴丽娟”的登录锁定")
    expect(page.get_by_role("row", name=re.compile(r"^shencha\b")).locator(".tag.bad")).to_have_count(0)

    page.get_by_role("button", name="退出").click()
    login("shencha")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，吴丽娟")


def test_admin_menu_and_calendar_banner(page: Page, demo, login, shot):
    login("admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，陈建国")
    labels = menu_labels(page)
    for label in ["工作台首页", "单位与公开主体", "用户", "角色", "工作日历"]:
        assert label in labels
    assert "审计日志" not in labels
    banner = page.locator(".notice.warning", has_text="请录入 2027 年节假日安排")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name="立即录入")).to_have_attribute(
        "href", "/workbench/calendar/enter/?year=2027"
    )
    shot("home-admin")

    nav = page.get_by_role("navigation", name=MENU)
    nav.get_by_role("link", name="单位与公开主体").click()
    expect(nav.get_by_role("link", name="单位与公开主体")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("main")).to_contain_text("三元分局城关派出所")
    shot("units")
    nav.get_by_role("link", name="用户").click()
    expect(page.get_by_role("main")).to_contain_text("jingban")
    shot("users")
    nav.get_by_role("link", name="角色").click()
    expect(page.get_by_role("main")).to_contain_text("安全审计员")
    shot("roles")
    nav.get_by_role("link", name="工作日历").click()
    expect(page.get_by_role("row", name=re.compile(r"全国\s+2026"))).to_be_visible()
    shot("calendar")
    response = page.goto("/workbench/audit/")  # not in the menu, and refused when typed in
    assert response.status == 403


def test_auditor_menu(page: Page, demo, login, shot):
    login("shenji")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，刘敏")
    labels = menu_labels(page)
    assert "审计日志" in labels
    for label in ["用户", "角色", "工作日历", "单位与公开主体"]:
        assert label not in labels
    expect(page.get_by_text("请录入 2027 年节假日安排")).to_have_count(0)  # not the auditor's job
    shot("home-auditor")
    page.get_by_role("navigation", name=MENU).get_by_role("link", name="审计日志").click()
    expect(page).to_have_url(re.compile(r"/workbench/audit/$"))
    expect(page.get_by_role("main")).to_contain_text("新增用户")
    shot("audit")


def test_auditor_cannot_open_user_admin(page: Page, demo, login, shot):
    login("shenji")
    response = page.goto("/workbench/users/")
    assert response.status == 403
    shot("users-forbidden")


def test_admin_enters_next_year_calendar(page: Page, demo, login, shot):
    page.goto("/gongju/qixian/?start=2026-12-10&days=20")
    expect(page.locator("section.result")).to_contain_text("暂定日期")
    # 1 January 2027 (元旦) is already left out by 《全国年节及纪念日放假办法》.
    expect(page.locator(".due strong")).to_have_text(re.compile(r"^2027年1月8日"))

    login("admin")
    page.locator(".notice.warning").get_by_role("link", name="立即录入").click()
    expect(page).to_have_url(re.compile(r"/workbench/calendar/enter/\?year=2027$"))
    expect(page.get_by_label("年份")).to_have_value("2027")
    expect(page.get_by_label("地区")).to_have_value("CN")
    page.get_by_label("依据").fill("国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）")
    page.get_by_label("放假和调休日期").fill(ARRANGEMENT_2027)
    shot("enter-form")
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/workbench/calendar/$"))
    expect(page.locator(".notice.success")).to_contain_text("已录入 全国 2027：8 个调整日期")
    expect(page.get_by_text("请录入 2027 年节假日安排")).to_have_count(0)
    row = page.get_by_role("row", name=re.compile(r"全国\s+2027"))
    expect(row).to_contain_text("陈建国")
    shot("calendar-after")
    page.goto("/workbench/")
    expect(page.get_by_text("请录入 2027 年节假日安排")).to_have_count(0)

    # 1 January 2027 is now an entered holiday: the 20th working day stays 8 January, no longer provisional.
    page.goto("/gongju/qixian/?start=2026-12-10&days=20")
    expect(page.locator(".due strong")).to_have_text(re.compile(r"^2027年1月8日（星期五）"))
    expect(page.locator("section.result")).not_to_contain_text("暂定")
    shot("deadline-after")


def test_calendar_entry_reports_bad_lines(page: Page, demo, login, shot):
    login("admin")
    page.goto("/workbench/calendar/enter/?year=2027")
    page.get_by_label("依据").fill("测试")
    page.get_by_label("放假和调休日期").fill("2027-01-01 休 元旦\n2027-01-04 班 周一\n2026-12-31 休 跨年")
    page.get_by_role("button", name="保存").click()
    error = page.locator(".field.has-error")
    expect(error).to_contain_text("第 2 行")
    expect(error).to_contain_text("第 3 行")
    expect(page.get_by_text("请录入 2027 年节假日安排")).to_be_visible()  # nothing was saved
    shot("errors")


def test_forced_password_change(page: Page, demo, login, shot):
    from gongkai.core import services

    services.create_user(
        actor=None,
        username="newbie",
        name="新人",
        unit=demo.units["350404"],
        password="Initial#Pass1",
        roles=[],
    )
    login("newbie", "Initial#Pass1", authenticator=False)
    # First the authenticator (the second factor), scanned or typed from the page...
    expect(page).to_have_url(re.compile(r"/workbench/second-factor/enrol/"))
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("验证码").fill(authenticator_code(secret))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    shot("recovery-codes")
    page.get_by_role("link", name="我已保存，进入工作台").click()
    # ...then the password the administrator set is replaced.
    expect(page).to_have_url(re.compile(r"/workbench/password/$"))
    expect(page.get_by_role("alert")).to_contain_text("首次登录")
    shot("forced")

    page.goto("/workbench/")  # nothing else is reachable before the change
    expect(page).to_have_url(re.compile(r"/workbench/password/$"))

    page.get_by_label(re.compile(r"^原密码")).fill("Initial#Pass1")
    page.get_by_label(re.compile(r"^新密码")).fill("Newbie#Pass2026")
    page.get_by_label(re.compile(r"^再次输入新密码")).fill("Newbie#Pass2027")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".field.has-error")).to_contain_text("两次输入的新密码不一致")
    shot("mismatch")

    page.get_by_label(re.compile(r"^原密码")).fill("Initial#Pass1")
    page.get_by_label(re.compile(r"^新密码")).fill("Newbie#Pass2026")
    page.get_by_label(re.compile(r"^再次输入新密码")).fill("Newbie#Pass2026")
    page.get_by_role("button", name="保存新密码").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator(".notice.success")).to_contain_text("密码已修改")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，新人")
    expect(page.get_by_role("main")).to_contain_text("未分配角色")
    shot("after")

    # The new password is the one that works from now on.
    page.get_by_role("button", name="退出").click()
    login("newbie", "Newbie#Pass2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，新人")


def authenticator_code(secret: str) -> str:
    """What an authenticator app shows for the base32 secret typed into it."""
    import base64
    import time

    from django_otp.oath import TOTP

    raw = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(raw + "=" * (-len(raw) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


# --- Regression guards for defects found while these tests were written -------------------


def test_login_page_shows_site_name(page: Page, seeded):
    page.goto("/workbench/login/")
    assert page.locator(".wb-brand").inner_text().startswith("三明市公安局")
    assert "三明市公安局" in page.title()


def test_admin_lists_keep_model_ordering(page: Page, demo, login):
    login("admin")
    page.goto("/workbench/calendar/")
    years = page.locator("table.data tbody th").all_inner_texts()
    page.goto("/workbench/roles/")
    first_role = page.locator("table.data tbody tr").first.inner_text()
    # ordering = ["region", "-year"] for years; ["id"] for roles, whose seeds start with the administrator.
    assert (years[0], first_role.split()[0]) == ("2026", "系统管理员")


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, reset_sequences=True
)  # ids as on a fresh install
def test_units_list_in_tree_order(page: Page, demo, login):
    login("admin")
    page.goto("/workbench/units/")
    names = [t.strip() for t in page.locator("table.data tbody th").all_inner_texts()]
    assert (
        names.index("三明市公安局办公室")
        < names.index("三明市公安局三元分局")
        < names.index("三明市公安局沙县分局")
    )
