"""The workbench menu: each entry names the capability that shows it. Later features add theirs."""

from django.urls import NoReverseMatch, reverse

from gongkai.core.access import has_capability
from gongkai.core.permissions import Capability

# (label, url name, capability — or several joined by "|" — or None for everyone)
MENU = [
    ("工作台首页", "workbench:home", None),
    ("公开信息", "workbench:publications", "publications.draft|publications.review|publications.confidentiality|publications.sign_off|publications.manage"),
    ("待我审核", "workbench:review_queue", "publications.review|publications.confidentiality|publications.sign_off"),
    ("公开时限", "workbench:publication_deadlines", "publications.draft|publications.manage"),
    ("定期评审", "workbench:reevaluation_queue", Capability.PUBLICATIONS_MANAGE),
    ("导入目录", "workbench:publication_import", Capability.PUBLICATIONS_MANAGE),
    ("依申请公开", "workbench:applications", "applications.handle|applications.approve"),
    ("文书模板", "workbench:notice_templates", "applications.approve|roles.manage"),
    ("导入申请台账", "workbench:application_import", Capability.APPLICATIONS_APPROVE),
    ("信箱来信", "workbench:letters", "interaction.handle|stats.view"),
    ("来信统计", "workbench:letter_stats", "interaction.handle|stats.view"),
    ("警情通报", "workbench:bulletins", Capability.BULLETINS_MANAGE),
    ("办事指南", "workbench:guides", Capability.GUIDES_MANAGE),
    ("单位与公开主体", "workbench:units", Capability.UNITS_MANAGE),
    ("用户", "workbench:users", Capability.USERS_MANAGE),
    ("角色", "workbench:roles", Capability.ROLES_MANAGE),
    ("工作日历", "workbench:calendar", Capability.CALENDAR_MANAGE),
    ("主题分类", "workbench:topics", Capability.PUBLICATIONS_MANAGE),
    ("年度报告", "workbench:annual_reports", Capability.REPORTS_MANAGE),
    ("历年统计表", "workbench:legacy_tables", Capability.REPORTS_MANAGE),
    ("工作督查", "workbench:oversight", "reports.manage|stats.view"),
    ("执法与收费数据", "workbench:enforcement_figures", Capability.REPORTS_MANAGE),
    ("审计日志", "workbench:audit", Capability.AUDIT_VIEW),
]


def menu_for(user, current_path: str) -> list[dict]:
    items = []
    for label, name, capability in MENU:
        # "a|b": the entry shows for anyone holding one of the capabilities.
        if capability and not any(has_capability(user, c) for c in capability.split("|")):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # One entry is current: the one whose address is the longest prefix of this page's.
    matches = [i for i in items if current_path == i["url"] or (i["url"] != "/workbench/"
                                                                 and current_path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
