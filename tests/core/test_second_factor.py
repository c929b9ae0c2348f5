"""A second factor for every staff account (issue #16, hole 9; GB/T 22239-2019 level 3 asks for
two kinds of authentication): TOTP enrolled on the first login with a QR code, ten recovery
codes, the administrator's reset, API keys only against a code."""

import base64

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import second_factor
from gongkai.core.models import ApiToken, AuditEvent
from tests.conftest import PASSWORD, second_factor_code, totp_now


def password_only(user, address="10.8.2.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/workbench/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrolled(user) -> TOTPDevice:
    device = second_factor.start_enrolment(user=user)
    second_factor.confirm_enrolment(user=user, device=device, token=totp_now(device))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the next login may come in the same 30 s
    return TOTPDevice.objects.get(pk=device.pk)


def test_it_is_required_by_default():
    from django.conf import settings

    assert settings.GONGKAI_SECOND_FACTOR is True


def test_after_the_password_the_workbench_asks_for_the_code(make_user):
    user = make_user("office")
    device = enrolled(user)
    client = password_only(user)
    page = client.get("/workbench/users/")
    assert page.status_code == 302 and page.url == "/workbench/second-factor/?next=/workbench/users/"
    wrong = client.post("/workbench/second-factor/", {"code": "000000", "next": "/workbench/users/"})
    assert "验证码不正确" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="auth.second_factor_failed", object_id=str(user.pk)).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    right = client.post("/workbench/second-factor/", {"code": totp_now(device), "next": "/workbench/users/"})
    assert right.status_code == 302 and right.url == "/workbench/users/"
    assert client.get("/workbench/").status_code == 200


@pytest.mark.parametrize("path", ["/workbench/", "/workbench/password/", "/workbench/audit/",
                                  "/workbench/second-factor/recovery/"])
def test_a_password_alone_opens_no_workbench_page(make_user, path):
    user = make_user("auditor")
    enrolled(user)
    response = password_only(user).get(path)
    assert response.status_code == 302 and response.url.startswith("/workbench/second-factor/")


def test_a_password_alone_opens_no_api(make_user):
    user = make_user("auditor")
    enrolled(user)
    response = password_only(user).get("/api/v1/audit/")
    assert response.status_code == 403 and "双因素认证" in response.json()["detail"]


def test_the_first_login_enrols_an_authenticator_with_a_qr_code(make_user):
    user = make_user("handler", "station")
    client = password_only(user)
    assert client.get("/workbench/").url == "/workbench/second-factor/?next=/workbench/"
    assert client.get("/workbench/second-factor/?next=/workbench/").url == \
        "/workbench/second-factor/enrol/?next=/workbench/"
    page = client.get("/workbench/second-factor/enrol/?next=/workbench/").content.decode()
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page and second_factor.secret_for_typing(pending) in page
    assert client.get("/workbench/").status_code == 302  # not yet: nothing is confirmed
    done = client.post("/workbench/second-factor/enrol/", {"code": totp_now(pending), "next": "/workbench/"})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/workbench/").status_code == 200
    assert AuditEvent.objects.filter(action="user.second_factor_enrol", object_id=str(user.pk)).exists()


def test_the_qr_code_carries_the_secret_the_page_shows(make_user):
    user = make_user("handler", "station")
    device = second_factor.start_enrolment(user=user)
    secret = second_factor.secret_for_typing(device).replace(" ", "")
    assert f"secret={secret}" in device.config_url
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key


def test_a_wrong_first_code_enrols_nothing(make_user):
    user = make_user("handler", "station")
    client = password_only(user)
    client.get("/workbench/second-factor/enrol/")
    page = client.post("/workbench/second-factor/enrol/", {"code": "123"})
    assert "验证码不正确" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_a_code_is_accepted_only_once(make_user):
    user = make_user("office")
    device = enrolled(user)
    code = totp_now(device)
    assert second_factor.check(user=user, token=code) is not None
    assert second_factor.check(user=user, token=code) is None  # replayed within its 30 seconds


def test_after_a_wrong_code_even_the_right_one_must_wait(make_user):
    user = make_user("office")
    device = enrolled(user)
    assert second_factor.check(user=user, token="000000") is None
    assert second_factor.check(user=user, token=totp_now(device)) is None  # django-otp's back-off


def test_a_recovery_code_stands_in_for_the_phone_once(make_user):
    user = make_user("office")
    device = second_factor.start_enrolment(user=user)
    codes = second_factor.confirm_enrolment(user=user, device=device, token=totp_now(device))
    client = password_only(user)
    used = client.post("/workbench/second-factor/", {"code": codes[3].lower(), "next": "/workbench/"})
    assert used.status_code == 302 and client.get("/workbench/").status_code == 200
    again = password_only(user, "10.8.2.2")
    assert "验证码不正确" in again.post("/workbench/second-factor/", {"code": codes[3]}).content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_recovery_codes_void_the_old_ones(client, make_user):
    user = make_user("office")
    device = second_factor.start_enrolment(user=user)
    old = second_factor.confirm_enrolment(user=user, device=device, token=totp_now(device))
    client.force_login(user)
    new = client.post("/workbench/second-factor/recovery/").context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert second_factor.check(user=user, token=new[0]) is not None
    assert second_factor.check(user=user, token=old[0]) is None


def test_the_administrator_resets_a_lost_phone(client, make_user):
    admin, user = make_user("admin"), make_user("office")
    enrolled(user)
    key = ApiToken.objects.create(user=user, key_hash="x" * 64, created_at=user.date_joined,
                                  last_used_at=user.date_joined, expires_at=user.date_joined)
    client.force_login(admin)
    response = client.post(f"/workbench/users/{user.pk}/second-factor/reset/", follow=True)
    assert "下次登录时须重新绑定" in response.content.decode()
    assert not second_factor.is_enrolled(user) and not StaticToken.objects.filter(device__user=user).exists()
    key.refresh_from_db()
    assert key.revoked_because == "second_factor_reset"
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.actor == admin and event.object_id == str(user.pk)
    assert password_only(user).get("/workbench/second-factor/").url.startswith("/workbench/second-factor/enrol/")


def test_nobody_resets_their_own_second_factor_and_only_administrators_reset(client, make_user):
    admin, office = make_user("admin"), make_user("office", "sanyuan")
    enrolled(admin)
    client.force_login(admin)
    response = client.post(f"/workbench/users/{admin.pk}/second-factor/reset/", follow=True)
    assert "不能重置自己的双因素认证" in response.content.decode() and second_factor.is_enrolled(admin)
    client.force_login(office)
    assert client.post(f"/workbench/users/{admin.pk}/second-factor/reset/").status_code == 403


def test_api_keys_only_against_a_second_factor_code(client, make_user):
    user = make_user("office")
    url = "/api/v1/auth/token/"
    not_enrolled = client.post(url, {"username": user.username, "password": PASSWORD})
    assert not_enrolled.status_code == 403 and "绑定身份验证器" in not_enrolled.json()["detail"]
    device = enrolled(user)
    missing = client.post(url, {"username": user.username, "password": PASSWORD})
    assert missing.status_code == 403 and "验证码" in missing.json()["detail"]
    ok = client.post(url, {"username": user.username, "password": PASSWORD, "otp": totp_now(device)})
    assert ok.status_code == 200 and ok.json()["token"]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_demo_accounts_share_the_published_secret(db):
    from django.core.management import call_command

    from gongkai.core.demo import DEMO_TOTP_SECRET, build

    build(seed=1, scale=1, content=False)
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user")
    assert devices.count() >= 5
    for device in devices:
        assert second_factor.secret_for_typing(device).replace(" ", "") == DEMO_TOTP_SECRET.replace(" ", "")
    user = devices[0].user
    assert second_factor.check(user=user, token=second_factor_code(user)) is not None
    import io

    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert DEMO_TOTP_SECRET in out.getvalue()
