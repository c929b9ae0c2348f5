"""Who may do what, where. Every feature asks these three questions and nothing else."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Unit, User

# What the citizen does with their query code (follow a case, download its letters, rate it) is
# theirs alone: a staff session is refused on the portal and the API alike.
STAFF_REFUSED = ("您已登录工作台。查询办理进度、下载文书和评价只能由申请人（来信人）本人进行，"
                 "工作人员不能代为操作：请先退出工作台，或换用另一个浏览器。")


def _roles(user) -> list:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = list(user.roles.all())
        user._gongkai_roles = cached
    return cached


def has_capability(user: User, capability: str) -> bool:
    """The user holds the capability somewhere (for showing a menu entry, not for acting)."""
    return any(capability in role.capabilities for role in _roles(user))


def can(user: User, capability: str, unit: Unit | None) -> bool:
    """The user may exercise `capability` on something belonging to `unit`."""
    for role in _roles(user):
        if capability not in role.capabilities:
            continue
        if role.scope == role.Scope.ALL:
            return True
        if unit is not None and user.unit_id and user.unit.contains(unit):
            return True
    return False


def require(user: User, capability: str, unit: Unit | None) -> None:
    if not can(user, capability, unit):
        raise PermissionDenied("您没有执行此操作的权限")


def scope_units(user: User, capability: str) -> QuerySet[Unit]:
    """The units on which the user may exercise `capability`: what selectors filter by."""
    roles = [r for r in _roles(user) if capability in r.capabilities]
    if any(r.scope == r.Scope.ALL for r in roles):
        return Unit.objects.all()
    if roles and user.unit_id:
        return user.unit.subtree()
    return Unit.objects.none()
