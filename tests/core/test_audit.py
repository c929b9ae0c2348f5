"""The audit trail: every change recorded with before/after, append-only, chained by a keyed MAC
and held against signed checkpoints outside the database (issue #16, hole 4)."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
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


def test_a_renamed_model_keeps_its_history(client, make_user, bureau):
    """Entries recorded before bulletins.Guide became bulletins.ServiceGuide are found, and named,
    under the model's label now."""
    audit.record(action="guide.publish", object_type="bulletins.guide", object_id="7", object_repr="旧记录")
    audit.record(action="guide.publish", object_type="bulletins.serviceguide", object_id="7", object_repr="新记录")
    client.force_login(make_user("auditor"))
    page = client.get("/workbench/audit/", {"object_type": "bulletins.serviceguide"}).content.decode()
    assert "旧记录" in page and "新记录" in page
    assert page.count("办事指南") >= 2 and "bulletins.guide<" not in page
    # The filter offers the types the trail holds, by their Chinese names, the renamed one once.
    assert page.count('<option value="bulletins.serviceguide"') == 1 and 'value="bulletins.guide"' not in page


# --- A database owner cannot rewrite it (issue #16, hole 4) ----------------------------------

@pytest.fixture
def checkpointed(make_user, bureau, django_capture_on_commit_callbacks):
    """Rows recorded as in production: every commit appends its checkpoint."""
    with django_capture_on_commit_callbacks(execute=True):
        admin = make_user("admin")
        for n in range(3):
            services.update_unit(actor=admin, unit=bureau["station"], name=f"城关派出所{n}")
    return admin


def legacy_hash(row) -> str:
    """What someone without the key can compute: the plain SHA-256 of a row."""
    import hashlib

    return hashlib.sha256(audit._canonical(row)).hexdigest()


def rewrite(seq_from: int, change=None, alg: str | None = None, mac=legacy_hash):
    """The attack: change a row, recompute every later link with what the attacker has, move the head."""
    drop_triggers()
    prev = AuditEvent.objects.get(seq=seq_from - 1).hash if seq_from > 1 else audit.GENESIS
    for row in AuditEvent.objects.filter(seq__gte=seq_from).order_by("seq"):
        if change and row.seq == seq_from:
            change(row)
        row.prev_hash = prev
        if alg:
            row.alg = alg
        row.hash = mac(row)
        AuditEvent.objects.filter(pk=row.pk).update(object_repr=row.object_repr, prev_hash=row.prev_hash,
                                                    hash=row.hash, alg=row.alg)
        prev = row.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_rows_are_keyed_with_the_configured_mac(bureau):
    row = AuditEvent.objects.latest("seq")
    assert row.alg == "hmac-sha256"
    assert row.hash != legacy_hash(row)  # not computable from the row alone
    assert audit.verify().ok


def test_a_row_rewritten_with_every_later_hash_recomputed_is_caught(bureau):
    def forge(row):
        row.object_repr = "伪造"
    rewrite(3, forge)  # recomputed the way the old chain allowed
    result = audit.verify()
    assert not result.ok and result.seq == 3 and "审计密钥" in result.problem


def test_a_rewrite_with_a_guessed_key_is_caught(bureau):
    def forge(row):
        row.object_repr = "伪造"
    rewrite(2, forge, mac=lambda row: audit._mac(row.alg, b"x" * 32, audit._canonical(row)))
    result = audit.verify()
    assert not result.ok and result.seq == 2


def test_downgrading_later_rows_to_unkeyed_hashes_is_caught(bureau):
    rewrite(4, alg=audit.LEGACY)
    result = audit.verify()
    assert not result.ok and result.seq == 4 and "没有密钥签名" in result.problem


def test_downgrading_the_whole_chain_is_caught_by_the_checkpoints(checkpointed):
    assert audit.verify().ok
    rewrite(1, alg=audit.LEGACY)  # a plain SHA-256 chain from the start: internally consistent
    result = audit.verify()
    assert not result.ok and "检查点不符" in result.problem


def test_a_cut_tail_with_the_head_moved_back_is_caught_by_the_checkpoints(checkpointed):
    last = AuditHead.objects.get().count
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq >= %s", [last - 1])
    AuditHead.objects.filter(pk=1).update(count=last - 2,
                                          last_hash=AuditEvent.objects.get(seq=last - 2).hash)
    result = audit.verify()
    assert not result.ok and result.seq == last - 1
    assert f"第 {last - 1} 条至第 {last} 条记录缺失" in result.problem


def test_an_emptied_table_is_caught_by_the_checkpoints(checkpointed):
    last = AuditHead.objects.get().count
    drop_triggers()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE core_auditevent, core_audithead")
        else:
            cursor.execute("DELETE FROM core_auditevent")
            cursor.execute("DELETE FROM core_audithead")
    result = audit.verify()
    assert not result.ok and f"第 1 条至第 {last} 条记录缺失" in result.problem
    with pytest.raises(CommandError, match="整表被清空"):
        call_command("audit", "verify")


def test_a_changed_checkpoint_is_caught(checkpointed, settings):
    path = settings.GONGKAI_AUDIT_CHECKPOINTS
    lines = path.read_text().splitlines()
    assert len(lines) == 4  # the administrator's creation and the three changes
    seq = AuditHead.objects.get().count - 2
    assert f'"seq":{seq},' in lines[1]
    lines[1] = lines[1].replace(f'"seq":{seq},', f'"seq":{seq - 1},')  # point a checkpoint elsewhere
    path.write_text("\n".join(lines) + "\n")
    result = audit.verify()
    assert not result.ok and "检查点文件第 2 行被改动" in result.problem


def test_checkpoints_are_written_only_for_committed_rows(make_user, bureau, settings,
                                                         django_capture_on_commit_callbacks):
    admin = make_user("admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.update_unit(actor=admin, unit=bureau["station"], name="回滚")
            raise RuntimeError
    assert callbacks == [] and not settings.GONGKAI_AUDIT_CHECKPOINTS.exists()


def test_verify_needs_the_key_that_wrote_the_rows(bureau, settings, tmp_path):
    settings.GONGKAI_KEY_DIR = tmp_path / "no-keys"
    result = audit.verify()
    assert not result.ok and "密钥 audit 缺失" in result.problem and "恢复密钥" in result.problem
    (tmp_path / "other").mkdir()
    settings.GONGKAI_KEY_DIR = tmp_path / "other"
    from gongkai.core import keys

    keys.secret("audit")  # a fresh key, as after a restore that forgot the key file
    result = audit.verify()
    assert not result.ok and result.seq == 1 and "审计密钥不是写入时的密钥" in result.problem


def test_keys_are_files_only_their_owner_can_read(settings, tmp_path):
    from gongkai.core import keys

    settings.GONGKAI_KEY_DIR = tmp_path / "keys"
    key = keys.secret("audit")
    path = keys.key_path("audit")
    assert len(key) == keys.KEY_BYTES and path.stat().st_mode & 0o777 == 0o600
    assert keys.secret("audit") == key  # read back, not made again


def test_the_key_can_come_from_the_environment(monkeypatch, settings, tmp_path):
    import base64

    from gongkai.core import keys

    settings.GONGKAI_KEY_DIR = tmp_path / "keys"
    monkeypatch.setenv("GONGKAI_AUDIT_KEY", base64.b64encode(b"k" * 32).decode())
    assert keys.secret("audit") == b"k" * 32 and not keys.key_path("audit").exists()
    monkeypatch.setenv("GONGKAI_AUDIT_KEY", "c2hvcnQ=")
    with pytest.raises(ImproperlyConfigured, match="过短"):
        keys.secret("audit")


def test_sm3_for_bureaus_whose_crypto_review_asks_for_it(make_user, bureau, settings):
    settings.GONGKAI_AUDIT_MAC = "hmac-sm3"
    admin = make_user("admin")
    row = AuditEvent.objects.get(action="user.create", object_id=str(admin.pk))
    assert row.alg == "hmac-sm3"
    assert audit.verify().ok  # earlier HMAC-SHA256 rows and later SM3 rows in one chain
    settings.GONGKAI_AUDIT_MAC = "md5"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_AUDIT_MAC"):
        make_user("office")


def test_rows_from_before_the_keys_are_protected_by_the_first_keyed_row(make_user, bureau):
    """An upgraded installation: its old rows are plain SHA-256, then the keyed rows follow."""
    rewrite(1, alg=audit.LEGACY)
    first_keyed = AuditEvent.objects.latest("seq").seq + 1
    make_user("admin")
    assert AuditEvent.objects.get(seq=first_keyed).alg == "hmac-sha256" and audit.verify().ok

    def forge(row):
        row.object_repr = "伪造"
    rewrite(2, forge)  # the old rows re-chained with plain SHA-256, which needs no key
    result = audit.verify()
    assert not result.ok and result.seq == first_keyed


def test_checkpoints_can_go_to_syslog(make_user, bureau, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level("INFO", logger="gongkai.audit"), django_capture_on_commit_callbacks(execute=True):
        make_user("admin")
    assert any("audit checkpoint" in message for message in caplog.messages)


# --- Logins, logouts, failures and lockouts are in the trail ------------------------------------

def test_logins_and_logouts_are_recorded(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user("office")
    client.post("/workbench/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.8.1.7")
    login = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert login.actor == user and login.ip == "10.8.1.7" and login.object_id == str(user.pk)
    client.post("/workbench/logout/", REMOTE_ADDR="10.8.1.7")
    logout = AuditEvent.objects.filter(action="auth.logout").latest("seq")
    assert logout.actor == user and logout.seq > login.seq


def test_failed_logins_and_the_lockout_are_recorded(client, make_user):
    user = make_user("office")
    for _ in range(5):
        client.post("/workbench/login/", {"username": user.username, "password": "Wrong#Password1"},
                    REMOTE_ADDR="10.8.1.9")
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    assert failed.count() >= 5
    assert {(e.object_repr, e.object_id, e.ip, e.actor_id) for e in failed} == {
        (user.username, str(user.pk), "10.8.1.9", None)}
    locked = AuditEvent.objects.filter(action="auth.locked_out").first()
    assert locked.object_repr == user.username and locked.ip == "10.8.1.9"
    client.post("/workbench/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="10.8.1.10")
    unknown = AuditEvent.objects.filter(action="auth.login_failed").latest("seq")
    assert unknown.object_id == "" and unknown.object_repr == "nobody"
    # A name longer than any account's is refused by the form before authenticate() (it once
    # reached django-axes and failed to fit its table on PostgreSQL: a 500).
    count = AuditEvent.objects.count()
    response = client.post("/workbench/login/", {"username": "x" * 300, "password": "x"}, REMOTE_ADDR="10.8.1.10")
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    assert AuditEvent.objects.count() == count
    assert audit.verify().ok


# --- PostgreSQL: the web process's role cannot change the trail ---------------------------------

def test_the_application_role_cannot_rewrite_or_truncate_the_trail(make_user, bureau, settings):
    from django.db import DatabaseError

    from gongkai.core import dbroles

    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"gongkai_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    dbroles.grant(role)
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        for attack in ("UPDATE core_auditevent SET object_repr = 'x' WHERE seq = 1",
                       "DELETE FROM core_auditevent WHERE seq = 1",
                       "TRUNCATE core_auditevent",
                       "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
                       "DROP TRIGGER core_auditevent_no_change ON core_auditevent",
                       "DELETE FROM django_migrations"):
            with pytest.raises(DatabaseError, match="permission denied|must be owner"), transaction.atomic():
                cursor.execute(attack)
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == role
    # ...while the application itself works under it: it records, and changes other tables.
    services.update_unit(actor=make_user("admin"), unit=bureau["station"], name="城关派出所（新）")
    assert audit.verify().ok


def test_grants_follow_every_migrate(settings, monkeypatch):
    from gongkai.core import dbroles

    granted = []
    monkeypatch.setattr(dbroles, "grant", lambda role, using="default": granted.append((role, using)))
    settings.GONGKAI_DB_APP_ROLE = ""
    dbroles.grant_after_migrate(sender=None)
    settings.GONGKAI_DB_APP_ROLE = "gongkai_app"
    dbroles.grant_after_migrate(sender=None, using="default")
    assert granted == [("gongkai_app", "default")]
