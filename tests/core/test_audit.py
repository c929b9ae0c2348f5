"""The audit trail: every change recorded with before/after, append-only, chained by SHA-256."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gongkai.core import audit, services
from gongkai.core.models import AuditEvent, AuditHead


def drop_triggers():
    """What an attacker with database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")


def test_services_record_who_what_before_and_after(make_user, bureau):
    admin = make_user("admin")
    services.update_unit(actor=admin, unit=bureau["station"], name="城关派出所（新）")
    event = AuditEvent.objects.filter(action="unit.update").latest("seq")
    assert event.actor == admin and event.actor_name == admin.display_name
    assert event.unit == admin.unit
    assert event.before["name"] == "城关派出所" and event.after["name"] == "城关派出所（新）"
    assert event.object_type == "core.unit" and event.object_id == str(bureau["station"].pk)


def test_request_ip_is_recorded(client, make_user, bureau):
    admin = make_user("admin")
    client.force_login(admin)
    client.post(f"/workbench/units/{bureau['station'].pk}/", {
        "name": "城关派出所", "short_name": "城关", "code": "35040401", "level": "station",
        "parent": bureau["sanyuan"].pk, "sort_order": 0, "is_active": "on"}, REMOTE_ADDR="10.8.1.23")
    event = AuditEvent.objects.filter(action="unit.update").latest("seq")
    assert event.ip == "10.8.1.23" and event.actor == admin


def test_chain_verifies(bureau):
    result = audit.verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 0


def test_rows_cannot_be_edited_or_deleted_through_the_orm(bureau):
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_database_refuses_updates(bureau):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="forged")


def test_a_changed_row_is_caught(bureau, capsys):
    drop_triggers()
    AuditEvent.objects.filter(seq=3).update(object_repr="伪造的对象")
    result = audit.verify()
    assert not result.ok and result.seq == 3 and "被改动" in result.problem
    with pytest.raises(CommandError, match="第 3 条记录内容被改动"):
        call_command("audit", "verify")


def test_a_rewritten_hash_is_caught_by_the_next_row(bureau):
    drop_triggers()
    AuditEvent.objects.filter(seq=2).update(object_repr="伪造", hash="f" * 64)
    result = audit.verify()
    assert not result.ok and result.seq in (2, 3)


def test_a_removed_row_is_caught(bureau):
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = 4")
    result = audit.verify()
    assert not result.ok and result.seq == 4 and "缺失" in result.problem


def test_a_cut_tail_is_caught(bureau):
    drop_triggers()
    last = AuditHead.objects.get().count
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [last])
    result = audit.verify()
    assert not result.ok and result.seq == last


def test_verify_command_reports_success(bureau, capsys):
    call_command("audit", "verify")
    assert "哈希链校验通过" in capsys.readouterr().out


def test_failed_service_leaves_no_audit_row(make_user, bureau):
    admin = make_user("admin")
    count = AuditEvent.objects.count()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_unit(actor=admin, name="重复", code="350400", level="station", parent=bureau["city"])
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("role, status", [("office", 200), ("auditor", 200), ("admin", 403), ("handler", 403)])
def test_audit_pages_for_office_and_auditor_only(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get("/workbench/audit/").status_code == status
    assert client.get("/api/v1/audit/").status_code == status


def test_audit_page_filters(client, make_user, bureau):
    client.force_login(make_user("auditor"))
    page = client.get("/workbench/audit/", {"action": "body."}).content.decode()
    assert "body.create" in page and "unit.create" not in page
    assert "哈希链校验通过" in client.post("/workbench/audit/verify/", follow=True).content.decode()
