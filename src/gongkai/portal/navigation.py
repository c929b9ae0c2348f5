"""The disclosure section's navigation (portal.md). Entries are URL names; an entry appears once
the feature that owns its URL exists, so the menu never links to an empty column."""

from django.urls import NoReverseMatch, reverse

NAV = [
    ("首页", "portal:home"),
    ("信息公开指南", "portal:guide"),
    ("信息公开目录", "portal:catalog"),
    ("依申请公开", "portal:apply"),
    ("信息公开年报", "portal:annual_reports"),
    ("警情通报", "portal:bulletins"),
    ("办事指南", "portal:guides"),
    ("互动交流", "portal:interaction"),
    ("期限计算器", "portal:deadline"),
]


def portal_nav(current_path: str) -> list[dict]:
    items = []
    for label, name in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items


def search_url() -> str | None:
    try:
        return reverse("portal:search")
    except NoReverseMatch:
        return None
