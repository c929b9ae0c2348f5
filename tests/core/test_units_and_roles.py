"""Units as a tree, disclosure bodies with their own sequences, and the one permission mechanism
(a role's capabilities, reaching the user's subtree or everything), tested per role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import services
from gongkai.core.access import can, scope_units
from gongkai.core.models import Role, Unit


def test_subtree_by_path(bureau):
    sanyuan = bureau["sanyuan"]
    assert set(sanyuan.subtree()) == {sanyuan, bureau["station"]}
    assert bureau["city"].contains(bureau["station"]) and not sanyuan.contains(bureau["shaxian"])


def test_moving_a_unit_moves_its_subtree(make_user, bureau):
    admin = make_user("admin")
    services.update_unit(actor=admin, unit=bureau["sanyuan"], parent=bureau["shaxian"])
    station = Unit.objects.get(pk=bureau["station"].pk)
    assert bureau["shaxian"].contains(station)
    assert station.ancestor_ids() == [bureau["city"].pk, bureau["shaxian"].pk, bureau["sanyuan"].pk, station.pk]


def test_a_unit_cannot_move_under_itself(make_user, bureau):
    with pytest.raises(ValidationError, match="下级"):
        services.update_unit(actor=make_user("admin"), unit=bureau["sanyuan"], parent=bureau["station"])


def test_duplicate_unit_code_refused_in_chinese(make_user, bureau):
    with pytest.raises(ValidationError, match="已被使用"):
        services.create_unit(actor=make_user("admin"), name="x", code="350404", level="station", parent=bureau["city"])


def test_nearest_disclosure_body(bureau):
    # A police station answers to its branch; a unit under the city's office to the city bureau.
    assert bureau["station"].disclosure_body().letter_name == "三明市公安局三元分局"
    assert bureau["office"].disclosure_body().letter_name == "三明市公安局"
    assert bureau["shaxian"].disclosure_body().letter_name == "三明市公安局"  # not a body of its own here


def test_sequences_are_per_body_and_year(bureau):
    city, branch = bureau["city"].body, bureau["sanyuan"].body
    values = [services.next_sequence_value(body=city, name="notice", year=2026) for _ in range(3)]
    assert values == [1, 2, 3]
    assert services.next_sequence_value(body=branch, name="notice", year=2026) == 1
    assert services.next_sequence_value(body=city, name="notice", year=2027) == 1
    assert services.next_sequence_value(body=city, name="index", year=2026) == 1


def test_org_code_belongs_to_one_body(bureau):
    with pytest.raises(ValidationError, match="另一个公开主体"):
        services.save_disclosure_body(actor=None, unit=bureau["shaxian"], org_code="11350400003614578A",
                                      notice_prefix="明沙公信告")


def test_builtin_roles_are_seeded(db):
    assert set(Role.objects.values_list("name", flat=True)) >= {
        "系统管理员", "政务公开办", "单位经办人", "保密审查员", "签发领导", "安全审计员"}


def test_administrator_and_auditor_are_separated(db):
    admin, auditor = Role.objects.get(code="admin"), Role.objects.get(code="auditor")
    assert "audit.view" not in admin.capabilities
    assert auditor.capabilities == ["audit.view"]


@pytest.mark.parametrize("role, unit_key, capability, target, allowed", [
    # handler at 三元分局: own unit and below, not the sibling branch or the city
    ("handler", "sanyuan", "applications.handle", "sanyuan", True),
    ("handler", "sanyuan", "applications.handle", "station", True),
    ("handler", "sanyuan", "applications.handle", "shaxian", False),
    ("handler", "sanyuan", "applications.handle", "city", False),
    ("handler", "station", "applications.handle", "sanyuan", False),
    ("handler", "sanyuan", "publications.sign_off", "sanyuan", False),
    # the disclosure office sees every unit
    ("office", "office", "applications.handle", "station", True),
    ("office", "office", "applications.handle", "shaxian", True),
    ("office", "office", "audit.view", None, True),
    # reviewer and leader within their subtree
    ("reviewer", "sanyuan", "publications.confidentiality", "station", True),
    ("reviewer", "sanyuan", "publications.confidentiality", "shaxian", False),
    ("leader", "sanyuan", "publications.sign_off", "station", True),
    ("leader", "sanyuan", "publications.sign_off", "city", False),
    # administrator manages, but does not handle cases or read the audit trail
    ("admin", "office", "users.manage", "station", True),
    ("admin", "office", "applications.handle", "station", False),
    ("admin", "office", "audit.view", None, False),
    # auditor reads the audit trail only
    ("auditor", "office", "audit.view", None, True),
    ("auditor", "office", "users.manage", "station", False),
])
def test_can_per_role(make_user, bureau, role, unit_key, capability, target, allowed):
    user = make_user(role, unit_key)
    assert can(user, capability, bureau[target] if target else None) is allowed


def test_scope_units(make_user, bureau):
    handler = make_user("handler", "sanyuan")
    assert set(scope_units(handler, "applications.handle")) == {bureau["sanyuan"], bureau["station"]}
    assert scope_units(handler, "users.manage").count() == 0
    assert scope_units(make_user("office", "office"), "applications.handle").count() == Unit.objects.count()


def test_roles_are_editable_data(make_user, bureau):
    admin = make_user("admin")
    handler = make_user("handler", "sanyuan")
    role = Role.objects.get(code="handler")
    services.save_role(actor=admin, role=role, code="handler", name="单位经办人", scope="subtree",
                       capabilities=[*role.capabilities, "stats.view"])
    handler = type(handler).objects.get(pk=handler.pk)
    assert can(handler, "stats.view", bureau["station"])
    with pytest.raises(ValidationError, match="未知的权限"):
        services.save_role(actor=admin, role=role, code="handler", name="单位经办人", scope="subtree",
                           capabilities=["fly"])
    with pytest.raises(PermissionDenied):
        services.save_role(actor=handler, role=role, code="handler", name="x", scope="all", capabilities=[])


def test_users_are_managed_within_scope(make_user, bureau):
    # A unit-level administrator (subtree scope) cannot create users in a sibling branch.
    local_admin = Role.objects.create(code="local_admin", name="分局管理员", scope="subtree",
                                      capabilities=["users.manage"])
    admin = make_user(None, "sanyuan", username="sy_admin")
    admin.roles.add(local_admin)
    admin = type(admin).objects.get(pk=admin.pk)
    services.create_user(actor=admin, username="sy1", name="甲", unit=bureau["station"], password="Sanming#2026x")
    with pytest.raises(PermissionDenied):
        services.create_user(actor=admin, username="sx1", name="乙", unit=bureau["shaxian"], password="Sanming#2026x")


@pytest.mark.parametrize("role, url, status", [
    ("admin", "/workbench/units/", 200), ("admin", "/workbench/users/", 200), ("admin", "/workbench/roles/", 200),
    ("admin", "/workbench/calendar/", 200), ("handler", "/workbench/units/", 403),
    ("handler", "/workbench/users/", 403), ("reviewer", "/workbench/calendar/", 403),
    ("leader", "/workbench/roles/", 403), ("auditor", "/workbench/users/", 403), ("office", "/workbench/", 200),
])
def test_workbench_pages_per_role(client, make_user, role, url, status):
    client.force_login(make_user(role))
    assert client.get(url).status_code == status


def test_menu_follows_capabilities(client, make_user):
    client.force_login(make_user("admin"))
    page = client.get("/workbench/").content.decode()
    assert "单位与公开主体" in page and "工作日历" in page and "审计日志" not in page
    client.force_login(make_user("auditor"))
    page = client.get("/workbench/").content.decode()
    assert "审计日志" in page and 'href="/workbench/users/"' not in page


def test_admin_creates_user_through_workbench(client, make_user, bureau):
    client.force_login(make_user("admin"))
    bad = client.post("/workbench/users/new/", {"username": "new1", "name": "新", "unit": bureau["station"].pk,
                                                "password": "weak", "is_active": "on"})
    assert "密码太短" in bad.content.decode()
    assert not type(make_user("handler")).objects.filter(username="new1").exists()
    role = Role.objects.get(code="handler")
    ok = client.post("/workbench/users/new/", {"username": "new1", "name": "新", "unit": bureau["station"].pk,
                                               "password": "Xinren#20261", "roles": [role.pk], "is_active": "on"})
    assert ok.status_code == 302
    created = type(make_user("reviewer")).objects.get(username="new1")
    assert created.must_change_password and list(created.roles.all()) == [role]


def test_api_units_are_scoped(client, make_user, bureau):
    client.force_login(make_user("handler", "sanyuan"))
    codes = {u["code"] for u in client.get("/api/v1/units/").json()["results"]}
    assert codes == {"350404", "35040401"}
