"""Capabilities: the vocabulary roles are made of. Roles (data) pick from this list.

One mechanism for every feature: `can(user, capability, unit)` — the user holds the capability
through a role whose scope reaches the unit (their own unit's subtree, or all units).
"""

from django.db import models


class Capability(models.TextChoices):
    """Every capability a role can hold. A member is its own stored string ("units.manage"):
    roles keep them in a JSON list, and code names them through this enum so a typo fails at import."""

    UNITS_MANAGE = "units.manage", "维护单位与公开主体"
    USERS_MANAGE = "users.manage", "维护用户"
    ROLES_MANAGE = "roles.manage", "维护角色"
    CALENDAR_MANAGE = "calendar.manage", "维护工作日历"
    AUDIT_VIEW = "audit.view", "查阅审计日志"
    PUBLICATIONS_DRAFT = "publications.draft", "起草主动公开信息"
    PUBLICATIONS_REVIEW = "publications.review", "单位审核"
    PUBLICATIONS_CONFIDENTIALITY = "publications.confidentiality", "保密审查"
    PUBLICATIONS_SIGN_OFF = "publications.sign_off", "领导签发"
    PUBLICATIONS_MANAGE = "publications.manage", "管理公开目录"
    APPLICATIONS_HANDLE = "applications.handle", "办理依申请公开"
    APPLICATIONS_APPROVE = "applications.approve", "审批答复与延期"
    APPLICATIONS_VIEW_PERSONAL = "applications.view_personal", "查看申请人个人信息"
    INTERACTION_HANDLE = "interaction.handle", "办理信箱来信"
    REPORTS_MANAGE = "reports.manage", "编制年度报告与通报"
    STATS_VIEW = "stats.view", "查看统计"
    BULLETINS_MANAGE = "bulletins.manage", "维护警情通报"
    GUIDES_MANAGE = "guides.manage", "维护办事指南"


CAPABILITIES: dict[str, str] = dict(Capability.choices)

# 三员分立 (等保 三级): who administers the system (units, accounts, roles, the calendar) does not
# also read the audit trail that records what they did; nobody changes their own roles.
ADMINISTRATION = frozenset({Capability.UNITS_MANAGE, Capability.USERS_MANAGE, Capability.ROLES_MANAGE,
                            Capability.CALENDAR_MANAGE})
AUDIT = Capability.AUDIT_VIEW


def separation_problem(capabilities: set[str] | frozenset[str]) -> str | None:
    """Why one person may not hold these capabilities together, or None."""
    if AUDIT in capabilities and capabilities & ADMINISTRATION:
        return "三员分立：系统管理权限与审计权限不能由同一角色或同一人持有"
    return None


# The roles a new installation starts with (editable afterwards). The administrator and the
# auditor are separate people with disjoint capabilities, as 等保 三级 asks (三员分立).
BUILTIN_ROLES = [
    {
        "code": "admin",
        "name": "系统管理员",
        "description": "维护单位、用户、角色和工作日历；不查阅审计日志、不办理业务",
        "scope": "all",
        "capabilities": [Capability.UNITS_MANAGE, Capability.USERS_MANAGE, Capability.ROLES_MANAGE,
                         Capability.CALENDAR_MANAGE],
    },
    {
        "code": "office",
        "name": "政务公开办",
        "description": "统筹全局政务公开工作，可见全部单位",
        "scope": "all",
        "capabilities": [
            Capability.PUBLICATIONS_DRAFT, Capability.PUBLICATIONS_REVIEW, Capability.PUBLICATIONS_MANAGE,
            Capability.APPLICATIONS_HANDLE, Capability.APPLICATIONS_APPROVE, Capability.APPLICATIONS_VIEW_PERSONAL,
            Capability.INTERACTION_HANDLE, Capability.REPORTS_MANAGE, Capability.STATS_VIEW, Capability.AUDIT_VIEW,
            Capability.BULLETINS_MANAGE, Capability.GUIDES_MANAGE,
        ],
    },
    {
        "code": "handler",
        "name": "单位经办人",
        "description": "本单位及下级单位的信息起草、申请办理和来信办理",
        "scope": "subtree",
        "capabilities": [
            Capability.PUBLICATIONS_DRAFT, Capability.APPLICATIONS_HANDLE, Capability.APPLICATIONS_VIEW_PERSONAL,
            Capability.INTERACTION_HANDLE,
        ],
    },
    {
        "code": "reviewer",
        "name": "保密审查员",
        "description": "发布前的单位审核和保密审查",
        "scope": "subtree",
        "capabilities": [Capability.PUBLICATIONS_REVIEW, Capability.PUBLICATIONS_CONFIDENTIALITY],
    },
    {
        "code": "leader",
        "name": "签发领导",
        "description": "签发主动公开信息和答复文书，查看统计",
        "scope": "subtree",
        "capabilities": [Capability.PUBLICATIONS_SIGN_OFF, Capability.APPLICATIONS_APPROVE, Capability.STATS_VIEW],
    },
    {
        "code": "auditor",
        "name": "安全审计员",
        "description": "只读查阅审计日志，与系统管理员分离",
        "scope": "all",
        "capabilities": [Capability.AUDIT_VIEW],
    },
]
