"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an asyncio loop in the test thread, which makes Django refuse ORM calls
from "async context"; the tests only use the ORM from plain synchronous code, so allow it."""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("GONGKAI_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
SHOTS = os.environ.get("GONGKAI_E2E_SHOTS", "") not in {"", "0"}

# Live-server tests run in real transactions and pytest-django empties every table after each
# of them, which would also delete the rows migrations seed (roles, the 2004–2026 calendar).
# serialized_rollback restores those rows before each test...
e2e_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# ...but only while Django's connection object is the one the test database was set up on:
# Playwright's sync API switches to a greenlet with its own contextvars, so once the browser has
# started Django hands out a fresh connection object (same in-memory database) that lacks the
# snapshot, and the rollback silently restores nothing. The `browser` fixture hands it over.


# The tests are written for a day after the 1 November calendar reminder, with 2027 not entered.
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def pinned_today(pin_today):
    """The bureau's clock for the browser tests: TODAY at 10:00 local time, running from there.
    Pinning the whole clock (not only the date) keeps what the services stamp with `now()` (the
    receipt date of an online application, audit times) on the same day as the deadlines, wherever
    and whenever the suite runs. Tests that move the date (`day` in test_applications) pin again."""
    pin_today(TODAY)


@pytest.fixture(scope="session")
def browser(seed_snapshot) -> Browser:
    from django.db import connection

    with sync_playwright() as pw:
        assert seed_snapshot, "no serialized test database: the e2e tests need serialized_rollback=True"
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = seed_snapshot
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(page: Page, request):
    """shot("name") marks a moment worth looking at. With GONGKAI_E2E_SHOTS=1 it saves a full-page
    screenshot to test-artifacts/e2e/<test>--<name>.png; otherwise nothing is captured (a full-page
    capture costs a tenth of a second) and a failing test leaves one screenshot of where it failed
    (see pytest_runtest_makereport in this file)."""
    test_name = re.sub(r"[^\w-]+", "_", request.node.name)

    def take(name: str) -> Path | None:
        if not SHOTS:
            return None
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{test_name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "page" in getattr(item, "funcargs", {}):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / (re.sub(r"[^\w-]+", "_", item.name) + "--failed.png")
        try:
            item.funcargs["page"].screenshot(path=str(path), full_page=True)
            report.sections.append(("screenshot", str(path)))
        except Exception as error:  # a closed page: the failure itself is what matters
            report.sections.append(("screenshot", f"none: {error}"))
    return report


@pytest.fixture
def seeded(transactional_db):
    """The rows migrations seed are there: the built-in roles and the national calendar."""
    from gongkai.core.calendar import add_working_days
    from gongkai.core.models import Role

    assert Role.objects.filter(code="admin").exists(), "built-in roles missing"
    assert add_working_days(date(2026, 9, 28), 20).date == date(2026, 10, 30), "national calendar missing"


@pytest.fixture
def demo(seeded):
    """The demo bureau: units, three disclosure bodies and one account per role."""
    from gongkai.core.demo import build

    return build(seed=1, scale=1, content=False)


@pytest.fixture
def login(page: Page):
    """login(username[, password]) submits the workbench login form."""
    from gongkai.core.demo import DEMO_PASSWORD

    def do(username: str, password: str = DEMO_PASSWORD, authenticator: bool = True) -> Page:
        return log_in(page, username, password, authenticator)

    return do


def log_in(page: Page, username: str, password: str | None = None, authenticator: bool = True) -> Page:
    """The workbench's login as a person does it: the password, then the code their authenticator
    shows (tests/conftest.py, `second_factor_code`). Someone without an authenticator is given one
    first, unless `authenticator` is false: then the page asks them to enrol."""
    from gongkai.core.demo import DEMO_PASSWORD
    from gongkai.core.models import User
    from tests.conftest import second_factor_code

    if authenticator and (person := User.objects.filter(username=username).first()):
        second_factor_code(person)
    page.goto("/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("domcontentloaded")
    if re.search(r"/workbench/second-factor/(\?|$)", page.url):  # enrolled: asked for the code
        page.get_by_label("验证码").fill(second_factor_code(User.objects.get(username=username)))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state("domcontentloaded")
    return page
