"""Capabilities: the vocabulary roles are made of. Roles (data) pick from this list.

One mechanism for every feature: `can(user, capability, unit)` — the user holds the capability
through a role whose scope reaches the unit (their own unit's subtree, or all units).
"""

CAPABILITIES: dict[str, str] = {
    "units.manage": "维护单位与公开主体",
    "users.manage": "维护用户",
    "roles.manage": "维护角色",
    "calendar.manage": "维护工作日历",
    "audit.view": "查阅审计日志",
    "publications.draft": "起草主动公开信息",
    "publications.review": "单位审核",
    "publications.confidentiality": "保密审查",
    "publications.sign_off": "领导签发",
    "publications.manage": "管理公开目录",
    "applications.handle": "办理依申请公开",
    "applications.approve": "审批答复与延期",
    "applications.view_personal": "查看申请人个人信息",
    "interaction.handle": "办理信箱来信",
    "reports.manage": "编制年度报告与通报",
    "stats.view": "查看统计",
    "bulletins.manage": "维护警情通报",
    "guides.manage": "维护办事指南",
}

# 三员分立 (等保 三级): who administers the system (units, accounts, roles, the calendar) does not
# also read the audit trail that records what they did; nobody changes their own roles.
ADMINISTRATION = frozenset({"units.manage", "users.manage", "roles.manage", "calendar.manage"})
AUDIT = "audit.view"


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
        "capabilities": ["units.manage", "users.manage", "roles.manage", "calendar.manage"],
    },
    {
        "code": "office",
        "name": "政务公开办",
        "description": "统筹全局政务公开工作，可见全部单位",
        "scope": "all",
        "capabilities": [
            "publications.draft", "publications.review", "publications.manage",
            "applications.handle", "applications.approve", "applications.view_personal",
            "interaction.handle", "reports.manage", "stats.view", "audit.view",
            "bulletins.manage", "guides.manage",
        ],
    },
    {
        "code": "handler",
        "name": "单位经办人",
        "description": "本单位及下级单位的信息起草、申请办理和来信办理",
        "scope": "subtree",
        "capabilities": [
            "publications.draft", "applications.handle", "applications.view_personal", "interaction.handle",
        ],
    },
    {
        "code": "reviewer",
        "name": "保密审查员",
        "description": "发布前的单位审核和保密审查",
        "scope": "subtree",
        "capabilities": ["publications.review", "publications.confidentiality"],
    },
    {
        "code": "leader",
        "name": "签发领导",
        "description": "签发主动公开信息和答复文书，查看统计",
        "scope": "subtree",
        "capabilities": ["publications.sign_off", "applications.approve", "stats.view"],
    },
    {
        "code": "auditor",
        "name": "安全审计员",
        "description": "只读查阅审计日志，与系统管理员分离",
        "scope": "all",
        "capabilities": ["audit.view"],
    },
]
