"""Backups that restore into a working system (issue #16, hole 8). The outside test restored a
database without the secret key, which killed every query code, and one without the files
directory, which lost every attachment, and `audit verify` passed both. Here: the round trip
(`gongkai backup`, a wiped machine, `gongkai restore`) on the suite's database, SQLite or
PostgreSQL; both attacks caught on a live system (`gongkai check_data`, `gongkai serve`) and refused
in an archive; a damaged archive refused with nothing changed."""

import base64
import gzip
import io
import json
import os
import secrets
import shutil
import tarfile
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongkai.applications import services as applications
from gongkai.applications.models import Application
from gongkai.bulletins.models import GuideForm
from gongkai.core import audit, keyring, keys
from gongkai.core.backup import vendors
from gongkai.core.backup.archive import create
from gongkai.core.backup.checks import check_files, check_keys
from gongkai.core.backup.facts import file_fields
from gongkai.core.backup.layout import BackupError, RestoreRefused
from gongkai.core.backup.recovery import _unpack, restore
from gongkai.core.models import AuditEvent, DisclosureBody, KeyFingerprint, User
from gongkai.publications import services as publications
from gongkai.publications.models import Attachment, Publication
from gongkai.search import indexer, query
from tests.applications.conftest import PERSON, at
from tests.publications.conftest import run_chain

# A 1×1 GIF: an attachment whose bytes must come back unchanged.
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

# Transactional: a backup reads, and a restore replaces, the database outside any transaction (as
# the commands run); serialized_rollback brings the seeded roles and topics back for the next test.
restoring = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(db, settings, tmp_path):
    """A data directory of its own, as on a server: files, keys, the SECRET_KEY file, checkpoints
    (the autouse fixture put the checkpoints and the search index under tmp_path already)."""
    data = tmp_path / "data"
    settings.MEDIA_ROOT = data / "files"
    settings.GONGKAI_KEY_DIR = data / "keys"
    settings.GONGKAI_SECRET_KEY_FILE = data / "secret_key"
    settings.GONGKAI_BACKUP_DIR = tmp_path / "backups"
    data.mkdir()
    settings.GONGKAI_SECRET_KEY_FILE.write_text(settings.SECRET_KEY)
    # The fingerprints recorded when the test database was migrated are of the checkout's keys.
    KeyFingerprint.objects.all().delete()
    keyring.record_missing()
    return data


@pytest.fixture
def world(site, bureau, draft, team, pin_today):
    """What a bureau's data is: an online application with its query code, a published item with an
    attachment, and the audit rows of all of it."""
    body = DisclosureBody.objects.get(unit=bureau["city"])
    body.reconsideration_authority, body.litigation_court = "三明市人民政府", "三明市三元区人民法院"
    body.save()
    pin_today(date(2026, 11, 2))
    app, code = applications.submit_online(body=body, data=PERSON, now=at(date(2026, 11, 2)))
    pub = draft(title="关于调整城区部分道路交通组织的通告")
    publications.add_attachment(actor=team["drafter"], publication=pub, name="示意图.gif", data=GIF)
    pub = run_chain(pub, team)
    return {"app": app, "code": code, "pub": pub, "attachment": pub.attachments.get()}


def wipe(settings) -> None:
    """Another machine: an empty database, no files, no keys, no checkpoints, no index, and a new
    SECRET_KEY generated beside the data as settings.py does on a first start."""
    call_command("flush", interactive=False, verbosity=0)
    for directory in (settings.MEDIA_ROOT, settings.GONGKAI_KEY_DIR, settings.GONGKAI_SEARCH_DIR):
        shutil.rmtree(directory, ignore_errors=True)
    settings.GONGKAI_AUDIT_CHECKPOINTS.unlink()
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.GONGKAI_SECRET_KEY_FILE.write_text(settings.SECRET_KEY)


def members(archive) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def repack(archive, target, change) -> None:
    """The archive again, as a valid tar.gz, with `change(members)` applied."""
    content = members(archive)
    change(content)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_every_file_field_is_checked():
    fields = {(model, f.name) for model, f in file_fields()}
    assert {(Attachment, "file"), (GuideForm, "file")} <= fields


@restoring
def test_round_trip(world, site, settings, tmp_path):
    head = AuditEvent.objects.count()
    archive = tmp_path / "gongkai.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds keys
    manifest = json.loads(members(archive)["manifest.json"])
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["audit_head"]["seq"] == head
    assert manifest["keys"]["secret_key"]["key_id"] == keys.key_id(settings.SECRET_KEY.encode())
    assert manifest["keys"]["audit"]["key_id"] == keys.key_id(keys.secret("audit"))
    assert f"files/{world['attachment'].file.name}" in manifest["members"]
    old_secret = settings.SECRET_KEY

    wipe(settings)
    assert not Application.objects.exists() and not (site / "files").exists()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    report = out.getvalue()
    assert report.count("✓") == 4 and "✗" not in report and "恢复完成" in report

    assert settings.SECRET_KEY == old_secret and settings.GONGKAI_SECRET_KEY_FILE.read_text() == old_secret
    app = Application.objects.get(tracking_number=world["app"].tracking_number)
    assert applications.check_query_code(app, world["code"])  # the citizen can still follow it
    attachment = Attachment.objects.get(pk=world["attachment"].pk)
    with attachment.file.open("rb") as fh:
        assert fh.read() == GIF
    result = audit.verify()
    assert result.ok and result.checked == head + 1 and result.checkpoints == head + 1  # + the restore itself
    assert AuditEvent.objects.latest("seq").action == "system.restore"
    hits = query.search("道路交通组织").hits
    assert [hit.result.object_id for hit in hits if hit.result.kind == "publication"] == [world["pub"].pk]
    with pytest.raises(DatabaseError), transaction.atomic():  # the audit table's triggers came back too
        AuditEvent.objects.filter(seq=1).update(action="forged")
    call_command("check_data", stdout=io.StringIO())  # and everything holds on its own


@restoring
def test_a_non_empty_database_is_not_overwritten_without_force(world, tmp_path):
    archive = create(tmp_path / "a.tar.gz").path
    Publication.objects.filter(pk=world["pub"].pk).update(title="恢复前的改动")
    with pytest.raises(CommandError, match="没有作任何改动(.|\n)*当前数据库不是空的"):
        call_command("restore", str(archive))
    assert Publication.objects.get(pk=world["pub"].pk).title == "恢复前的改动"
    result = restore(archive, force=True)
    assert result.ok and Publication.objects.get(pk=world["pub"].pk).title != "恢复前的改动"
    # What the restore replaced is kept beside it, not destroyed.
    assert any(p.name.startswith("files.before-restore-") for p in result.set_aside)


# --- Attack 1: the secret key ----------------------------------------------------------------------

def test_a_database_beside_another_secret_key_is_caught(world, settings):
    """The database and files restored, the SECRET_KEY file forgotten: a new key was generated."""
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    app = Application.objects.get(pk=world["app"].pk)
    assert not applications.check_query_code(app, world["code"])  # every query code is dead
    assert audit.verify().ok  # and the audit trail cannot tell: it has a key of its own
    check = check_keys()
    assert not check.ok and "SECRET_KEY：不是写入数据时的密钥" in check.problems[0]
    with pytest.raises(CommandError, match="数据核对未通过：密钥"):
        call_command("check_data", "--quick", stdout=io.StringIO())
    with pytest.raises(CommandError, match="拒绝启动(.|\n)*SECRET_KEY"):
        call_command("serve", port=8999)


def test_without_a_recorded_fingerprint_the_data_itself_tells(world, monkeypatch):
    """A database from before the fingerprints: the applicant keys are recomputed from their rows."""
    KeyFingerprint.objects.filter(name="personal_index").delete()
    assert check_keys().ok
    monkeypatch.setenv("GONGKAI_PERSONAL_INDEX_KEY", base64.b64encode(os.urandom(32)).decode())
    check = check_keys()
    assert not check.ok and "申请人标识无一能用当前检索密钥重新算出" in check.problems[0]


def test_a_lost_key_can_be_accepted_knowingly(world, settings, monkeypatch):
    """The key is gone for good: the operator says so; what the data allows is recomputed (the
    applicant keys), the query codes are issued again case by case."""
    indexer.reindex()
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    monkeypatch.setenv("GONGKAI_PERSONAL_INDEX_KEY", base64.b64encode(os.urandom(32)).decode())
    out = io.StringIO()
    call_command("check_data", "--quick", "--accept-keys", stdout=out)
    assert "SECRET_KEY：数据库记录由" in out.getvalue() and "重新计算 1 个值" in out.getvalue()
    assert "数据核对全部通过" in out.getvalue()
    event = AuditEvent.objects.latest("seq")
    assert event.action == "keys.accept" and event.after["secret_key"] == keys.key_id(settings.SECRET_KEY.encode())
    assert not applications.check_query_code(Application.objects.get(pk=world["app"].pk), world["code"])


@restoring
def test_an_archive_is_refused_where_another_key_would_be_used(world, tmp_path, monkeypatch):
    archive = create(tmp_path / "a.tar.gz").path
    wipe_users = User.objects.count()
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))  # this server's environment sets its own
    with pytest.raises(RestoreRefused, match="SECRET_KEY：恢复后将使用的密钥.*来自环境变量 SECRET_KEY.*查询码"):
        restore(archive, force=True)
    assert User.objects.count() == wipe_users  # nothing changed


@restoring
def test_keys_in_the_environment_are_named_not_carried(world, settings, tmp_path, monkeypatch):
    key = base64.b64encode(keys.secret("audit")).decode()
    monkeypatch.setenv("GONGKAI_AUDIT_KEY", key)
    result = create(tmp_path / "a.tar.gz")
    assert result.ok and any("GONGKAI_AUDIT_KEY" in w and "另行妥善保管" in w for w in result.warnings)
    assert result.manifest["keys"]["audit"]["source"] == "env" and "keys/audit.key" not in members(result.path)
    monkeypatch.delenv("GONGKAI_AUDIT_KEY")
    shutil.rmtree(settings.GONGKAI_KEY_DIR)
    with pytest.raises(RestoreRefused, match="审计密钥：备份时来自环境变量 GONGKAI_AUDIT_KEY"):
        restore(result.path, force=True)
    monkeypatch.setenv("GONGKAI_AUDIT_KEY", key)
    assert restore(result.path, force=True).ok


@restoring
def test_an_archive_whose_keys_are_not_its_databases_is_refused(world, settings, tmp_path):
    """Made after the secret key was already lost: the archive says so, and cannot be restored."""
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.GONGKAI_SECRET_KEY_FILE.write_text(settings.SECRET_KEY)
    with pytest.raises(CommandError, match="不能用于恢复(.|\n)*SECRET_KEY：备份的密钥"):
        call_command("backup", output=tmp_path / "a.tar.gz", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(RestoreRefused, match="不能用于恢复"):
        restore(tmp_path / "a.tar.gz", force=True)


# --- Attack 2: the files ---------------------------------------------------------------------------

def test_a_database_without_its_files_is_caught(world, settings):
    shutil.rmtree(settings.MEDIA_ROOT)
    assert audit.verify().ok  # the audit trail cannot tell
    check = check_files()
    name = world["attachment"].file.name
    assert not check.ok and check.problems == [f"缺失：publications.Attachment #{world['attachment'].pk}：{name}"]
    indexer.reindex()
    with pytest.raises(CommandError, match="数据核对未通过：文件$"):
        call_command("check_data", stdout=io.StringIO())


def test_a_changed_file_is_caught(world):
    with world["attachment"].file.open("r+b") as fh:
        fh.write(b"X")
    assert "内容不符" in check_files().problems[0]
    assert check_files(hash_files=False).ok  # --quick: same size, not read


@restoring
def test_an_archive_without_the_files_is_refused(world, settings, tmp_path):
    shutil.rmtree(settings.MEDIA_ROOT)
    result = create(tmp_path / "a.tar.gz")
    assert not result.ok and result.problems[0].startswith("文件缺失：publications.Attachment")
    with pytest.raises(RestoreRefused, match="文件缺失"):
        restore(result.path, force=True)


# --- A damaged archive -----------------------------------------------------------------------------

def damaged(archive, target, damage: str, attachment: str) -> None:
    if damage == "byte":  # a byte changed anywhere in the compressed file
        data = bytearray(archive.read_bytes())
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
    elif damage == "member":  # an attachment changed, the archive packed again
        name = f"files/{attachment}"
        repack(archive, target, lambda m: m.update({name: m[name][:-1] + b"!"}))
    elif damage == "manifest":  # a fingerprint in the manifest made to fit another key
        def edit(m):
            manifest = json.loads(m["manifest.json"])
            manifest["keys"]["secret_key"]["key_id"] = "0" * 16
            m["manifest.json"] = json.dumps(manifest).encode()
        repack(archive, target, edit)
    else:  # something slipped in
        repack(archive, target, lambda m: m.update({"../../etc/cron.d/x": b"* * * * * root true"}))


@restoring
def test_a_damaged_archive_is_refused_and_nothing_changes(world, settings, tmp_path):
    archive = create(tmp_path / "a.tar.gz").path
    users, title = User.objects.count(), world["pub"].title
    shutil.rmtree(settings.MEDIA_ROOT)
    for damage, reason in (("byte", "损坏"), ("member", "内容与清单不符"), ("manifest", "清单的校验和不符"),
                           ("extra", "不应有的内容")):
        target = tmp_path / f"{damage}.tar.gz"
        damaged(archive, target, damage, world["attachment"].file.name)
        with pytest.raises(CommandError, match=f"拒绝恢复，没有作任何改动(.|\n)*{reason}"):
            call_command("restore", str(target), "--force")
        assert User.objects.count() == users and Publication.objects.get(pk=world["pub"].pk).title == title
        assert not settings.MEDIA_ROOT.exists()


def test_a_gzip_whose_crc_fails_is_refused(tmp_path):
    """A changed byte the deflate stream survives is caught by the CRC at the end of the stream."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"{}"))
    packed = bytearray(gzip.compress(raw.getvalue()))
    packed[-8] ^= 0x01  # the CRC32 in the trailer
    (tmp_path / "a.tar.gz").write_bytes(bytes(packed))
    with pytest.raises(RestoreRefused, match="损坏"):
        _unpack(tmp_path / "a.tar.gz", tmp_path / "out")


def test_pg_dump_missing_is_said_plainly(monkeypatch):
    monkeypatch.setattr(vendors.shutil, "which", lambda name: None)
    with pytest.raises(BackupError, match="找不到 pg_dump.*postgresql-client"):
        vendors.pg_tool("pg_dump")


def test_a_database_beside_another_personal_data_key_is_caught(world, settings, tmp_path):
    """Hole 8 with hole 10: a copy of the database restored without `keys/personal.key` (a new key
    made in its place) cannot read one ID number, and the check says which key is missing."""
    keys.secret("personal")
    for name in ("audit", "personal_index"):
        (tmp_path / "keys").mkdir(exist_ok=True)
        (tmp_path / "keys" / f"{name}.key").write_bytes(keys.key_path(name).read_bytes())
    settings.GONGKAI_KEY_DIR = str(tmp_path / "keys")
    check = check_keys()
    assert not check.ok and any("个人信息密钥" in p for p in check.problems)
    keys.secret("personal")  # someone made a new one
    check = check_keys()
    assert not check.ok and any("个人信息密钥" in p and "不是写入数据时的密钥" in p for p in check.problems)
