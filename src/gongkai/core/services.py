"""Every write of the kernel: one function per thing a person does, one transaction, one audit
event, the permission checked inside. Views, API, commands and the demo all call these."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from gongkai.core import clock

from . import audit, passwords, seals, signals, tree
from .access import require
from .calendar import recompute_deadlines
from .index_numbers import IndexPatternError, check_pattern
from .models import ApiToken, CalendarDay, CalendarYear, DisclosureBody, Region, Role, Sequence, Unit, User
from .permissions import CAPABILITIES, Capability, separation_problem
from .workdays import ArrangementDay

UNIT_FIELDS = ["name", "short_name", "code", "level", "parent", "sort_order", "is_active"]
BODY_FIELDS = [
    "org_code", "letter_name", "notice_prefix", "region", "address", "postcode", "phone", "fax", "email",
    "office_hours", "reconsideration_authority", "litigation_court", "index_pattern", "allow_same_reviewer",
    "refuse_late_supplement",
]
USER_FIELDS = ["username", "name", "unit", "phone", "is_active", "must_change_password"]


def lock(obj) -> None:
    """Re-read `obj` under a row lock, in place, before its state is checked (inside the step's
    transaction): two steps at once (a double click, the API beside a page) then see each other's
    result instead of both passing the check. A no-op lock on SQLite, whose writers queue anyway."""
    list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
    obj.refresh_from_db()


# --- Units ----------------------------------------------------------------------------------

@transaction.atomic
def create_unit(*, actor: User | None, name: str, code: str, level: str, parent: Unit | None = None,
                short_name: str = "", sort_order: int = 0, is_active: bool = True) -> Unit:
    if actor is not None:
        require(actor, Capability.UNITS_MANAGE, parent)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"单位代码“{code}”已被使用"})
    unit = Unit.objects.create(name=name, short_name=short_name, code=code, level=level, parent=parent,
                               sort_order=sort_order, is_active=is_active)
    tree.place(unit, parent=parent)
    audit.record(action="unit.create", actor=actor, obj=unit, after=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(*, actor: User, unit: Unit, **changes) -> Unit:
    require(actor, Capability.UNITS_MANAGE, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, UNIT_FIELDS)
    new_parent = changes.get("parent", unit.parent)
    if new_parent is not None and (new_parent.pk == unit.pk or unit.contains(new_parent)):
        raise ValidationError({"parent": "不能把单位移到它自己或它的下级单位之下"})
    if "code" in changes and Unit.objects.filter(code=changes["code"]).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": f"单位代码“{changes['code']}”已被使用"})
    for field, value in changes.items():
        if field not in UNIT_FIELDS:
            raise ValueError(f"unknown unit field {field}")
        setattr(unit, field, value)
    unit.save()
    tree.place(unit, parent=unit.parent)  # moving a unit moves its whole subtree
    if before["name"] != unit.name:
        signals.unit_renamed.send(sender=Unit, unit=unit)
    audit.record(action="unit.update", actor=actor, obj=unit, before=before,
                 after=audit.snapshot(unit, UNIT_FIELDS))
    return unit


KEEP_SEAL = object()  # save_disclosure_body: leave the seal as it is


@transaction.atomic
def save_disclosure_body(*, actor: User | None, unit: Unit, seal=KEEP_SEAL, **fields) -> DisclosureBody:
    """Make a unit a disclosure body (公开主体), or update its settings; with `seal` (a PNG's bytes,
    or None to remove it) the seal too, in the same transaction (`set_body_seal`)."""
    if actor is not None:
        require(actor, Capability.UNITS_MANAGE, unit)
    body = DisclosureBody.objects.filter(unit=unit).first()
    before = audit.snapshot(body, BODY_FIELDS) if body else None
    if body is None:
        body = DisclosureBody(unit=unit)
    for field, value in fields.items():
        if field not in BODY_FIELDS:
            raise ValueError(f"unknown body field {field}")
        setattr(body, field, value)
    if not body.letter_name:
        body.letter_name = unit.name
    if body.index_pattern:
        try:
            check_pattern(body.index_pattern)
        except IndexPatternError as exc:
            raise ValidationError({"index_pattern": str(exc)}) from None
    clash = DisclosureBody.objects.filter(org_code=body.org_code).exclude(pk=body.pk)
    if clash.exists():
        raise ValidationError({"org_code": "该机构代码已属于另一个公开主体"})
    body.full_clean(exclude=["unit"])
    body.save()
    audit.record(action="body.create" if before is None else "body.update", actor=actor, obj=body,
                 unit=unit, before=before, after=audit.snapshot(body, BODY_FIELDS))
    if seal is not KEEP_SEAL and (seal is not None or body.seal):
        body = set_body_seal(actor=actor, body=body, data=seal)
    return body


@transaction.atomic
def set_body_seal(*, actor: User | None, body: DisclosureBody, data: bytes | None) -> DisclosureBody:
    """Store (or, with None, remove) the body's seal image, checked first; the trail records its
    fingerprint and size, not the image."""
    if actor is not None:
        require(actor, Capability.UNITS_MANAGE, body.unit)
    if data is not None:
        try:
            width, height = seals.check_seal(data)
        except seals.SealError as exc:
            raise ValidationError({"seal": str(exc)}) from None
    body = DisclosureBody.objects.select_for_update().get(pk=body.pk)

    def described(seal, size=""):
        return {"seal": hashlib.sha256(bytes(seal)).hexdigest() if seal else None, "size": size}

    before = described(body.seal)
    body.seal = data
    body.save(update_fields=["seal"])
    audit.record(action="body.seal", actor=actor, obj=body, unit=body.unit, before=before,
                 after=described(data, f"{width}×{height}" if data else ""))
    return body


def next_sequence_value(*, body: DisclosureBody, name: str, year: int) -> int:
    """The next number of a body's yearly sequence; gap-free because it runs in the caller's
    transaction and the row is locked until that commits."""
    with transaction.atomic():
        seq, _ = Sequence.objects.select_for_update().get_or_create(body=body, name=name, year=year)
        Sequence.objects.filter(pk=seq.pk).update(last_value=F("last_value") + 1)
        seq.refresh_from_db(fields=["last_value"])
        return seq.last_value


def reserve_sequence_value(*, body: DisclosureBody, name: str, year: int, value: int) -> None:
    """A number kept from before the system (a ledger's, an old website's) moves the sequence past
    `value`, so it is never drawn again."""
    with transaction.atomic():
        seq, _ = Sequence.objects.select_for_update().get_or_create(body=body, name=name, year=year)
        if seq.last_value < value:
            Sequence.objects.filter(pk=seq.pk).update(last_value=value)


# --- Roles and users ------------------------------------------------------------------------

@transaction.atomic
def save_role(*, actor: User, role: Role | None = None, code: str, name: str, description: str = "",
              capabilities: list[str], scope: str) -> Role:
    require(actor, Capability.ROLES_MANAGE, None)
    if role is not None and role.pk and actor.roles.filter(pk=role.pk).exists():
        raise PermissionDenied("三员分立：不能修改自己持有的角色，请由另一名管理员修改")
    unknown = [c for c in capabilities if c not in CAPABILITIES]
    if unknown:
        raise ValidationError({"capabilities": f"未知的权限：{'、'.join(unknown)}"})
    if problem := separation_problem(set(capabilities)):
        raise ValidationError({"capabilities": problem})
    if role is not None and role.pk:
        # The edited role must not give any of its holders administration and audit together.
        for holder in User.objects.filter(roles=role).prefetch_related("roles"):
            held = {c for r in holder.roles.all() if r.pk != role.pk for c in r.capabilities}
            if problem := separation_problem(held | set(capabilities)):
                raise ValidationError({"capabilities": f"{problem}（{holder.display_name}）"})
    before = audit.snapshot(role) if role else None
    role = role or Role()
    role.code, role.name, role.description = code, name, description
    role.capabilities, role.scope = sorted(set(capabilities)), scope
    role.full_clean()
    role.save()
    audit.record(action="role.create" if before is None else "role.update", actor=actor, obj=role,
                 before=before, after=audit.snapshot(role))
    return role


def _check_separation(roles) -> None:
    if problem := separation_problem({c for role in roles for c in role.capabilities}):
        raise ValidationError({"roles": problem})


def _user_snapshot(user: User) -> dict:
    data = audit.snapshot(user, USER_FIELDS)
    data["roles"] = sorted(user.roles.values_list("code", flat=True)) if user.pk else []
    return data


@transaction.atomic
def create_user(*, actor: User | None, username: str, name: str, unit: Unit, password: str,
                roles: list[Role] = (), phone: str = "", must_change_password: bool = True) -> User:
    if actor is not None:
        require(actor, Capability.USERS_MANAGE, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用"})
    _check_separation(roles)
    user = User(username=username, name=name, unit=unit, phone=phone,
                must_change_password=must_change_password)
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = clock.now()
    user.save()
    passwords.remember(user)
    user.roles.set(roles)
    audit.record(action="user.create", actor=actor, obj=user, unit=unit, after=_user_snapshot(user))
    return user


@transaction.atomic
def update_user(*, actor: User, user: User, roles: list[Role] | None = None, **changes) -> User:
    require(actor, Capability.USERS_MANAGE, user.unit)
    if "unit" in changes:
        require(actor, Capability.USERS_MANAGE, changes["unit"])
    if roles is not None:
        if user.pk == actor.pk and {r.pk for r in roles} != set(user.roles.values_list("pk", flat=True)):
            raise PermissionDenied("三员分立：不能修改自己的角色，请由另一名管理员办理")
        _check_separation(roles)
    before = _user_snapshot(user)
    for field, value in changes.items():
        if field not in USER_FIELDS:
            raise ValueError(f"unknown user field {field}")
        setattr(user, field, value)
    user.save()
    if roles is not None:
        user.roles.set(roles)
        if set(before["roles"]) != {r.code for r in roles}:
            revoke_api_tokens(user=user, because="roles_changed")
    if not user.is_active:
        revoke_api_tokens(user=user, because="deactivated")
    audit.record(action="user.update", actor=actor, obj=user, unit=user.unit, before=before,
                 after=_user_snapshot(user))
    return user


@transaction.atomic
def reset_password(*, actor: User, user: User, password: str) -> None:
    """An administrator sets a new password; the user must change it at the next login."""
    require(actor, Capability.USERS_MANAGE, user.unit)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    passwords.remember(user)
    revoke_api_tokens(user=user, because="password_reset")
    audit.record(action="user.reset_password", actor=actor, obj=user, unit=user.unit)


@transaction.atomic
def change_own_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    passwords.remember(user)
    revoke_api_tokens(user=user, because="password_change")
    audit.record(action="user.change_password", actor=user, obj=user)


@transaction.atomic
def unlock_user(*, actor: User, user: User) -> None:
    from axes.utils import reset

    require(actor, Capability.USERS_MANAGE, user.unit)
    reset(username=user.username)
    audit.record(action="user.unlock", actor=actor, obj=user, unit=user.unit)


# --- Working-day calendar -------------------------------------------------------------------

@transaction.atomic
def enter_calendar_year(*, actor: User | None, region: str, year: int, source: str,
                        days: list[ArrangementDay]) -> tuple[CalendarYear, int]:
    """Enter (or replace) a year's arrangement for a region; recompute every open deadline.

    Returns the calendar year and how many deadlines changed."""
    if actor is not None:
        require(actor, Capability.CALENDAR_MANAGE, None)
    if region not in Region.values:
        raise ValidationError({"region": "未知的地区"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年份应在 2000 至 2100 之间"})
    if not source.strip():
        raise ValidationError({"source": "请填写依据（如国务院办公厅通知的文号）"})
    if any(d.date.year != year for d in days):
        raise ValidationError({"days": f"所有日期都必须在 {year} 年内"})
    cal_year = CalendarYear.objects.filter(region=region, year=year).first()
    before = None
    if cal_year:
        before = {"source": cal_year.source,
                  "days": [f"{d.date} {d.kind} {d.name}" for d in cal_year.days.all()]}
        cal_year.days.all().delete()
    else:
        cal_year = CalendarYear(region=region, year=year)
    cal_year.source = source.strip()
    cal_year.entered_by = actor
    cal_year.save()
    CalendarDay.objects.bulk_create([
        CalendarDay(calendar_year=cal_year, region=region, date=d.date, name=d.name,
                    kind=CalendarDay.Kind.WORKDAY if d.working else CalendarDay.Kind.HOLIDAY)
        for d in days
    ])
    changed = recompute_deadlines()
    audit.record(
        action="calendar.enter_year", actor=actor, obj=cal_year, before=before,
        after={"source": cal_year.source,
               "days": [f"{d.date} {'workday' if d.working else 'holiday'} {d.name}" for d in days],
               "deadlines_recomputed": changed},
    )
    return cal_year, changed



# --- API tokens -------------------------------------------------------------------------------

def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_api_token(*, user: User, second_factor_code: str = "") -> tuple[ApiToken, str]:
    """A new API key for `user`, who has just given their password and their authenticator's code:
    the token and the key, which is shown this once and stored only as its hash."""
    from . import second_factor

    if not user.is_active:
        raise PermissionDenied("账号已停用")
    if passwords.must_change(user, clock.now()):
        raise PermissionDenied("请先在工作台修改初始密码或已过期的密码，再申请接口令牌")
    if second_factor.required():
        if not second_factor.is_enrolled(user):
            raise PermissionDenied("请先登录工作台绑定身份验证器（双因素认证），再申请接口令牌")
        # Outside the transaction below: a wrong code's back-off and audit row must stay.
        if second_factor.check(user=user, token=second_factor_code) is None:
            raise PermissionDenied("双因素验证码不正确、已使用或已过期（字段 otp：身份验证器上的 6 位数字或一个恢复码）")
    with transaction.atomic():
        return _new_api_token(user)


def _new_api_token(user: User) -> tuple[ApiToken, str]:
    key = secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(user=user, key_hash=_token_hash(key), created_at=now, last_used_at=now,
                                    expires_at=now + timedelta(hours=settings.GONGKAI_API_TOKEN_HOURS))
    audit.record(action="user.token_issue", actor=user, obj=user, unit=user.unit,
                 after={"token": token.pk, "expires_at": token.expires_at.isoformat()})
    return token, key


def api_token_user(key: str) -> User | None:
    """The user a key stands for right now, or None: unknown, revoked, expired, idle for longer
    than the session timeout (then it is revoked), inactive, or a password change pending (first
    login, reset, or the password's maximum age passed)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(key), revoked_at=None).first()
    now = clock.now()
    if token is None or token.expires_at <= now or not token.user.is_active or passwords.must_change(token.user, now):
        return None
    if now - token.last_used_at > settings.GONGKAI_IDLE_TIMEOUT:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now, revoked_because="idle")
        return None
    if now - token.last_used_at > timedelta(minutes=1):  # one write a minute, not one per request
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_api_tokens(*, user: User, because: str) -> int:
    """End every token of `user` (a password change, a reset, a role change, a logout)."""
    return ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=clock.now(), revoked_because=because)
