"""The second factor for staff (等保 三级: two kinds of authentication for every administrator).

Something the person knows (the password) and something they have: an authenticator app with a
TOTP secret (django-otp's TOTPDevice), enrolled on their first login by scanning a QR code, and
ten one-time recovery codes (django-otp's StaticDevice) for the day the phone is lost. An
administrator can reset a person's devices; they then enrol again at their next login. API keys
are issued only against a second-factor code (core/services.py, `issue_api_token`).

A session is *verified* once django-otp's `login` has stored the device in it;
`SecondFactorMiddleware` (core/middleware.py) keeps unverified sessions out of the workbench and
the API.
"""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import User
from .permissions import Capability

RECOVERY_CODES = 10
# Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
AUTHENTICATOR = "身份验证器"
RECOVERY = "恢复码"


def required() -> bool:
    return settings.GONGKAI_SECOND_FACTOR


def authenticator(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    return authenticator(user) is not None


def start_enrolment(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed secret to scan; an earlier unconfirmed one is thrown away."""
    if is_enrolled(user):
        raise PermissionDenied("已绑定身份验证器；如需更换，请联系系统管理员重置。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def pending_enrolment(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def confirm_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """The first code from the app proves it holds the secret; returns the recovery codes,
    which are shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("绑定请求无效，请重新开始。")
    if not device.verify_token(_digits(token)):
        raise ValidationError("验证码不正确：请输入身份验证器上当前显示的 6 位数字，并确认手机时间准确。")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        audit.record(action="user.second_factor_enrol", actor=user, obj=user)
    return codes


def new_recovery_codes(*, user: User) -> list[str]:
    """Ten new codes; the old ones stop working."""
    if not is_enrolled(user):
        raise PermissionDenied("请先绑定身份验证器。")
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit.record(action="user.recovery_codes", actor=user, obj=user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _digits(token: str) -> str:
    return "".join(str(token or "").split())


def check(*, user: User, token: str):
    """The device that accepts `token` (a TOTP code, or an unused recovery code, which is then
    spent), or None. Failures are counted by django-otp, which then makes the person wait."""
    token = _digits(token)
    if not token:
        return None
    if token.isdigit():
        device = authenticator(user)
        candidates = [device] if device else []
    else:
        token = token.replace("-", "").upper()
        candidates = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    for device in candidates:
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    audit.record(action="auth.second_factor_failed", actor=None, obj=user, unit=user.unit)
    return None


def reset(*, actor: User, user: User) -> None:
    """An administrator removes a person's authenticator and recovery codes (a lost phone); the
    person enrols again at their next login, and their API keys end."""
    from . import services
    from .access import has_capability

    if not has_capability(actor, Capability.USERS_MANAGE):
        raise PermissionDenied("只有系统管理员可以重置双因素认证。")
    if actor.pk == user.pk:
        raise PermissionDenied("不能重置自己的双因素认证：请由另一位系统管理员操作。")
    with transaction.atomic():
        removed = [device.name for device in devices_for_user(user, confirmed=None)]
        for model in (TOTPDevice, StaticDevice):
            model.objects.filter(user=user).delete()
        services.revoke_api_tokens(user=user, because="second_factor_reset")
        audit.record(action="user.second_factor_reset", actor=actor, obj=user, unit=user.unit,
                     before={"devices": removed}, after={"devices": []})


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as an inline SVG (no image request, no third-party service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#111", omitsize=True)  # viewBox only: CSS sizes it


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for an app where it is typed rather than scanned."""
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
