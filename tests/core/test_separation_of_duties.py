"""三员分立 (issue #16, hole 7): the system administrator could grant itself the office and auditor
roles. Nobody changes their own roles or the roles they hold; nobody holds the administration and
the audit capabilities together; the attacks of the outside test now fail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import services
from gongkai.core.models import AuditEvent, Role, User


def roles(*codes):
    return list(Role.objects.filter(code__in=codes))


def test_the_administrator_cannot_grant_itself_the_office_or_auditor_role(make_user):
    admin = make_user("admin")
    for granted in ("office", "auditor", "handler"):
        with pytest.raises(PermissionDenied, match="不能修改自己的角色"):
            services.update_user(actor=admin, user=admin, roles=roles("admin", granted))
    assert list(User.objects.get(pk=admin.pk).roles.values_list("code", flat=True)) == ["admin"]
    assert not AuditEvent.objects.filter(action="user.update", object_id=str(admin.pk)).exists()


def test_nobody_edits_a_role_they_hold(make_user):
    admin = make_user("admin")
    role = Role.objects.get(code="admin")
    with pytest.raises(PermissionDenied, match="不能修改自己持有的角色"):
        services.save_role(actor=admin, role=role, code="admin", name=role.name, scope=role.scope,
                           capabilities=[*role.capabilities, "publications.draft", "audit.view"])
    assert "audit.view" not in Role.objects.get(code="admin").capabilities


def test_an_auditor_cannot_be_an_administrator(make_user, bureau):
    admin = make_user("admin")
    auditor = make_user("auditor", username="auditor_one")
    with pytest.raises(ValidationError, match="三员分立"):
        services.update_user(actor=admin, user=auditor, roles=roles("auditor", "admin"))
    with pytest.raises(ValidationError, match="三员分立"):
        services.create_user(actor=admin, username="both", name="两者兼任", unit=bureau["city"],
                             password="Sanming#2026x", roles=roles("admin", "auditor"))
    assert not User.objects.filter(username="both").exists()


def test_no_role_mixes_administration_and_audit(make_user):
    admin = make_user("admin")
    with pytest.raises(ValidationError, match="三员分立"):
        services.save_role(actor=admin, code="superuser", name="全能", scope="all",
                           capabilities=["users.manage", "audit.view"])
    # Another person's role may change, and a user may get content roles from someone else.
    office = make_user("office", "office", username="office_x")
    services.update_user(actor=admin, user=office, roles=roles("office", "handler"))
    assert set(office.roles.values_list("code", flat=True)) == {"office", "handler"}


def test_the_workbench_says_why_in_the_form(client, make_user):
    admin = make_user("admin")
    client.force_login(admin)
    office = Role.objects.get(code="office")
    response = client.post(f"/workbench/users/{admin.pk}/", {
        "username": admin.username, "name": admin.name, "unit": admin.unit.pk, "phone": "",
        "is_active": "on", "roles": [Role.objects.get(code="admin").pk, office.pk]})
    assert response.status_code == 200 and "不能修改自己的角色" in response.content.decode()
    assert list(User.objects.get(pk=admin.pk).roles.values_list("code", flat=True)) == ["admin"]
