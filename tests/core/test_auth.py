"""Login rules for staff (等保 三级): Argon2, password strength, lockout, idle logout, forced change."""

import time
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core import services
from gongkai.core.middleware import IdleLogoutMiddleware
from gongkai.core.models import Role
from tests.conftest import PASSWORD, SHANGHAI, second_factor_code


def login(client, username, password):
    return client.post("/workbench/login/", {"username": username, "password": password})


def second_factor(client, user):
    """The step after the password (core/second_factor.py; tests/core/test_second_factor.py)."""
    response = client.post("/workbench/second-factor/", {"code": second_factor_code(user), "next": "/workbench/"})
    assert response.status_code == 302, response.content
    return response


def test_login_page_is_chinese(client, db):
    page = client.get("/workbench/login/").content.decode()
    assert "工作人员登录" in page and "用户名" in page and "密码" in page


def test_passwords_are_hashed_with_argon2(make_user):
    assert make_user("handler").password.startswith("argon2")


@pytest.mark.parametrize("password, message", [
    ("Ab1!short", "至少"),            # 9 characters
    ("abcdefghij12", "至少 3 类"),    # two classes only
    ("ABCDEFGHIJ!!", "至少 3 类"),
])
def test_weak_passwords_are_refused(bureau, password, message):
    with pytest.raises(ValidationError) as err:
        services.create_user(actor=None, username="weak", name="弱", unit=bureau["city"], password=password)
    assert any(message in m for m in err.value.messages)


def test_three_classes_of_ten_characters_suffice(bureau):
    services.create_user(actor=None, username="fine", name="好", unit=bureau["city"], password="Qingshan2026")


def test_successful_login_lands_on_workbench(client, make_user):
    user = make_user("handler")
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response.url == "/workbench/"
    second_factor(client, user)
    assert "您好" in client.get("/workbench/").content.decode()


def test_wrong_password_message(client, make_user):
    user = make_user("handler")
    page = login(client, user.username, "Wrong#Password1").content.decode()
    assert "用户名或密码不正确" in page


def test_lockout_after_five_failures_for_fifteen_minutes(client, make_user):
    user = make_user("handler")
    for _ in range(5):
        login(client, user.username, "Wrong#Password1")
    locked = login(client, user.username, PASSWORD)  # even the right password is refused now
    assert locked.status_code == 403
    assert "已被锁定" in locked.content.decode() and "15 分钟" in locked.content.decode()
    # 14 minutes later: still locked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert login(client, user.username, PASSWORD).status_code == 403
    # After 15 minutes the account opens again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, user.username, PASSWORD).status_code == 302


def test_four_failures_do_not_lock(client, make_user):
    user = make_user("handler")
    for _ in range(4):
        login(client, user.username, "Wrong#Password1")
    assert login(client, user.username, PASSWORD).status_code == 302


def test_administrator_can_unlock(client, make_user):
    user = make_user("handler")
    admin = make_user("admin")
    for _ in range(5):
        login(client, user.username, "Wrong#Password1")
    services.unlock_user(actor=admin, user=user)
    assert login(client, user.username, PASSWORD).status_code == 302


def test_idle_session_is_logged_out_after_30_minutes(client, make_user):
    client.force_login(make_user("handler"))
    assert client.get("/workbench/").status_code == 200
    session = client.session
    session[IdleLogoutMiddleware.KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/workbench/").status_code == 200  # 29 minutes: still in, and the clock restarts
    session = client.session
    session[IdleLogoutMiddleware.KEY] = time.time() - 31 * 60
    session.save()
    response = client.get("/workbench/")
    assert response.status_code == 302 and response.url.startswith("/workbench/login/")
    page = client.get(response.url).content.decode()
    assert "30 分钟未操作" in page
    assert client.get("/workbench/").status_code == 302


def test_first_login_forces_password_change(client, bureau):
    user = services.create_user(actor=None, username="newbie", name="新人", unit=bureau["city"],
                                password="Initial#Pass1")
    assert user.must_change_password
    client.force_login(user)
    response = client.get("/workbench/")
    assert response.status_code == 302 and response.url == "/workbench/password/"
    assert client.get("/api/v1/me/").status_code == 403
    bad = client.post("/workbench/password/", {"old_password": "Initial#Pass1", "new_password": "short",
                                               "new_password2": "short"})
    assert "至少" in bad.content.decode()
    ok = client.post("/workbench/password/", {"old_password": "Initial#Pass1", "new_password": "Changed#Pass2",
                                              "new_password2": "Changed#Pass2"})
    assert ok.status_code == 302 and ok.url == "/workbench/"
    assert client.get("/workbench/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password


def test_reset_by_administrator_forces_change_again(make_user):
    admin, user = make_user("admin"), make_user("handler")
    services.reset_password(actor=admin, user=user, password="Reset#Pass2026")
    user.refresh_from_db()
    assert user.must_change_password and user.check_password("Reset#Pass2026")


def test_api_token_authentication(client, make_user):
    user = make_user("handler")
    token = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD,
                                                "otp": second_factor_code(user)}).json()["token"]
    from django.test import Client

    fresh = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert fresh.get("/api/v1/me/").json()["username"] == user.username
    assert Client().get("/api/v1/me/").status_code in (401, 403)


# --- API tokens that end (issue #16, hole 3) ---------------------------------------------------

def token_for(client, user) -> str:
    response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD,
                                                   "otp": second_factor_code(user)})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_me(token: str) -> int:
    """200, or 401 (refused) for /api/v1/me/ with this key (DRF answers 403 for a refused key
    while the session authentication is listed first: both mean "not you")."""
    from django.test import Client

    status = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").status_code
    return 401 if status == 403 else status


def test_tokens_are_stored_hashed_and_expire(client, make_user, pin_today):
    from datetime import date

    from gongkai.core.models import ApiToken

    pin_today(date(2026, 11, 24))
    user = make_user("handler")
    token = token_for(client, user)
    stored = ApiToken.objects.get(user=user)
    assert token not in stored.key_hash and len(stored.key_hash) == 64
    assert api_me(token) == 200
    # Used every 20 minutes, it still ends 8 hours after it was issued (GONGKAI_API_TOKEN_HOURS).
    start = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
    for step in range(1, 24):
        pin_today(start + timedelta(minutes=20 * step))
        assert api_me(token) == 200
    pin_today(start + timedelta(hours=8, minutes=5))
    assert api_me(token) == 401


def test_a_token_ends_after_the_idle_timeout(client, make_user, pin_today):
    from datetime import date

    pin_today(date(2026, 11, 24), hour=9)
    token = token_for(client, make_user("handler"))
    pin_today(datetime(2026, 11, 24, 9, 31, tzinfo=SHANGHAI))
    assert api_me(token) == 401
    from django.test import Client

    refused = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").json()["detail"]
    assert "令牌无效或已失效" in refused


@pytest.mark.parametrize("event", ["password_change", "reset", "roles", "logout", "deactivate"])
def test_a_token_is_revoked_by(event, client, make_user):
    user = make_user("handler")
    admin = make_user("admin")
    token = token_for(client, user)
    assert api_me(token) == 200
    if event == "password_change":
        services.change_own_password(user=user, old_password=PASSWORD, new_password="Sanming#2027y")
    elif event == "reset":
        services.reset_password(actor=admin, user=user, password="Sanming#2027y")
    elif event == "roles":
        services.update_user(actor=admin, user=user, roles=list(Role.objects.filter(code__in=["handler", "leader"])))
    elif event == "deactivate":
        services.update_user(actor=admin, user=user, is_active=False)
    else:
        client.post("/workbench/login/", {"username": user.username, "password": PASSWORD})
        client.post("/workbench/logout/")
    assert api_me(token) == 401


def test_no_token_while_the_first_password_change_is_pending(client, bureau):
    user = services.create_user(actor=None, username="newcomer", name="新同事", unit=bureau["city"],
                                password=PASSWORD, roles=list(Role.objects.filter(code="handler")))
    refused = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 403 and "修改初始密码" in refused.json()["detail"]


def test_production_hashes_passwords_with_full_strength_argon2():
    """The suite hashes with a cheap Argon2 (tests/conftest.py); the product's setting is the
    full-strength default (Django's Argon2 parameters), with PBKDF2 only to read older hashes."""
    import importlib

    from django.contrib.auth.hashers import Argon2PasswordHasher

    product = importlib.import_module("gongkai.settings")
    assert product.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("Sanming#2026x", "c2FsdHNhbHRzYWx0")
    assert "m=102400,t=2,p=8" in encoded


# --- Locking out (issue #16, hole 5) ----------------------------------------------------------

def test_failures_elsewhere_do_not_lock_the_administrator_out(client, make_user):
    """Five failures from an attacker's address lock the account there, not at the admin's desk."""
    from django.test import Client

    admin = make_user("admin")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        attacker.post("/workbench/login/", {"username": admin.username, "password": "Wrong#Password1"})
    locked = attacker.post("/workbench/login/", {"username": admin.username, "password": PASSWORD})
    assert locked.status_code == 403 and "本地址" in locked.content.decode()
    desk = Client(REMOTE_ADDR="10.35.4.20")
    assert desk.post("/workbench/login/", {"username": admin.username, "password": PASSWORD}).status_code == 302


def test_an_address_spraying_one_password_over_many_accounts_is_stopped(make_user, bureau):
    from django.test import Client

    real = make_user("handler", username="real_user")
    sprayer = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [sprayer.post("/workbench/login/", {"username": f"user{i:02d}", "password": "Sanming#2026"}).status_code
                for i in range(40)]
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
    stopped = sprayer.post("/workbench/login/", {"username": real.username, "password": PASSWORD})
    assert stopped.status_code == 429 and "本地址登录失败次数过多" in stopped.content.decode()
    # The account itself is not locked: from another address its owner logs in.
    assert Client(REMOTE_ADDR="10.35.4.21").post(
        "/workbench/login/", {"username": real.username, "password": PASSWORD}).status_code == 302


def test_the_token_endpoint_counts_against_the_same_address_limit(make_user, bureau):
    """Spraying through POST /api/v1/auth/token/ is stopped as on the workbench form, and the
    failures of both ways in add up."""
    from django.test import Client

    real = make_user("handler", username="real_api_user")
    sprayer = Client(REMOTE_ADDR="198.51.100.8")
    for i in range(10):
        sprayer.post("/workbench/login/", {"username": f"user{i:02d}", "password": "Sanming#2026"})
    statuses = [sprayer.post("/api/v1/auth/token/", {"username": f"api{i:02d}", "password": "Sanming#2026"}).status_code
                for i in range(15)]
    assert set(statuses[:10]) == {403} and set(statuses[10:]) == {429}
    stopped = sprayer.post("/api/v1/auth/token/", {"username": real.username, "password": PASSWORD})
    assert stopped.status_code == 429 and "本地址登录失败次数过多" in stopped.json()["detail"]
    assert Client(REMOTE_ADDR="10.35.4.22").post(
        "/api/v1/auth/token/", {"username": real.username, "password": PASSWORD,
                                "otp": second_factor_code(real)}).status_code == 200


def test_an_overlong_user_name_is_refused_before_the_lockout_table(client, db):
    # It once reached django-axes, whose column is shorter: a 500 on PostgreSQL.
    response = client.post("/api/v1/auth/token/", {"username": "x" * 300, "password": "x"})
    assert response.status_code == 400


# --- Password history and maximum age (issue #16, hole 11) --------------------------------------

def test_none_of_the_last_five_passwords_again(make_user):
    """等保 三级: a password is not reused (GONGKAI_PASSWORD_HISTORY = 5, the current one included)."""
    user = make_user("handler")
    chain = [PASSWORD] + [f"Sanming#20{n}xy" for n in range(30, 35)]
    for old, new in zip(chain, chain[1:], strict=False):
        services.change_own_password(user=user, old_password=old, new_password=new)
    current = chain[-1]
    for reused in chain[-5:-1]:  # the four before the current one, and the current one itself
        with pytest.raises(ValidationError, match="最近 5 次"):
            services.change_own_password(user=user, old_password=current, new_password=reused)
    # The sixth one back has left the history.
    services.change_own_password(user=user, old_password=current, new_password=chain[0])
    assert user.password_history.count() == 5


def test_an_administrators_reset_cannot_reuse_one_either(make_user):
    admin, user = make_user("admin"), make_user("handler")
    with pytest.raises(ValidationError, match="最近 5 次"):
        services.reset_password(actor=admin, user=user, password=PASSWORD)


def test_the_workbench_says_why_a_password_is_refused(client, make_user):
    user = make_user("handler")
    client.force_login(user)
    page = client.post("/workbench/password/", {"old_password": PASSWORD, "new_password": "Sanming#2031ab",
                                                 "new_password2": "Sanming#2031ab"})
    assert page.status_code == 302
    again = client.post("/workbench/password/", {"old_password": "Sanming#2031ab", "new_password": PASSWORD,
                                                  "new_password2": PASSWORD})
    assert "不能与最近 5 次使用过的密码相同" in again.content.decode()


def test_a_password_past_its_maximum_age_must_be_changed(client, make_user, pin_today, settings):
    from datetime import date

    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS, settings.GONGKAI_PASSWORD_WARN_DAYS = 90, 14
    pin_today(date(2026, 9, 1))
    user = make_user("handler")
    pin_today(date(2026, 11, 16))  # 76 days: the warning starts 14 days before the 90th
    client.force_login(user)
    page = client.get("/workbench/").content.decode()
    assert "您的密码将在 13 天后到期" in page
    pin_today(date(2026, 11, 1))
    client.force_login(user)  # days later: the idle timeout has ended the last session
    assert "您的密码" not in client.get("/workbench/").content.decode()
    pin_today(date(2026, 11, 30))  # the 90th day
    client.force_login(user)
    response = client.get("/workbench/")
    assert response.status_code == 302 and response.url == "/workbench/password/"
    assert "已使用超过 90 天" in client.get("/workbench/password/").content.decode()
    assert client.get("/api/v1/me/").status_code == 403
    client.post("/workbench/password/", {"old_password": PASSWORD, "new_password": "Sanming#2031ab",
                                         "new_password2": "Sanming#2031ab"})
    assert client.get("/workbench/").status_code == 200


def test_an_expired_password_ends_api_keys_too(client, make_user, pin_today, settings):
    from datetime import date

    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS = 90
    pin_today(date(2026, 9, 1))
    user = make_user("handler")
    token = token_for(client, user)
    assert api_me(token) == 200
    pin_today(date(2026, 11, 30), hour=10)
    from gongkai.core.models import ApiToken

    ApiToken.objects.filter(user=user).update(expires_at=user.date_joined + timedelta(days=365),
                                              last_used_at=timezone.now())
    assert api_me(token) == 401


def test_no_maximum_age_when_set_to_zero(make_user, pin_today, settings):
    from datetime import date

    from gongkai.core import clock, passwords

    settings.GONGKAI_PASSWORD_MAX_AGE_DAYS = 0
    pin_today(date(2026, 1, 5))
    user = make_user("handler")
    pin_today(date(2026, 12, 1))
    assert not passwords.must_change(user, clock.now())
