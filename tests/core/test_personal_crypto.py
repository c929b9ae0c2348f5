"""Personal data encrypted at rest (issue #16, hole 10; 等保 三级 personal information protection
and data confidentiality): ID numbers, phone numbers, e-mail and postal addresses and identity
proofs are ciphertext in the database, bound to their column, readable with the key outside it;
comparisons go through keyed hashes; the key rotates with a command."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.applications import services as app_services
from gongkai.applications.models import Application
from gongkai.core import audit, crypto, keys, rotation
from gongkai.core.models import AuditEvent, DisclosureBody
from gongkai.interaction import services as letter_services
from gongkai.interaction.models import Letter

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER, PHONE = "350402198503171233", "13905981234"
PERSON = {
    "applicant_kind": "person", "name": "林某某", "id_type": "resident_id", "id_number": ID_NUMBER,
    "phone": PHONE, "email": "linmm@example.com", "address": "福建省三明市三元区新市中路99号",
    "postcode": "365000", "description": "2025年度三元区道路交通事故统计数据", "medium": "electronic",
    "collection": "email", "items": 1,
}
LETTER = {"kind": "enquiry", "subject": "户口迁移咨询", "content": "请问户口迁入需要哪些材料？", "writer_name": "林某某",
          "phone": PHONE, "email": "linmm@example.com", "wants_reply": True}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def body(bureau):
    return DisclosureBody.objects.get(unit=bureau["city"])


@pytest.fixture
def topic():
    from gongkai.interaction.models import LetterTopic
    return LetterTopic.objects.first()


def own_keys(settings, tmp_path):
    """A copy of the process's keys for a test that rotates one: the others keep theirs."""
    keys.secret("personal"), keys.secret("personal_index"), keys.secret("audit")
    shutil.copytree(settings.GONGKAI_KEY_DIR, tmp_path / "keys")
    settings.GONGKAI_KEY_DIR = tmp_path / "keys"


def raw(model, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        value = cursor.fetchone()[0]
    return bytes(value) if isinstance(value, memoryview) else value


def every_stored_value() -> str:
    """Every row of every table as text: what whoever can read the database sees."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                out.append(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]))
    return "\n".join(out)


def test_applicants_personal_data_is_ciphertext_in_the_database_and_plain_in_code(body):
    app, _ = app_services.submit_online(body=body, data=PERSON, identity_proof=("身份证.png", PNG))
    for column in ("id_number", "phone", "email", "address"):
        assert raw(Application, app.pk, column).startswith("gk1.aes256gcm.")
    assert raw(Application, app.pk, "identity_proof").startswith(b"gk1.aes256gcm.")
    again = Application.objects.get(pk=app.pk)
    assert (again.id_number, again.phone, again.address) == (ID_NUMBER, PHONE, PERSON["address"])
    assert bytes(again.identity_proof) == PNG
    assert ID_NUMBER not in every_stored_value() and PHONE not in every_stored_value()


def test_nothing_submitted_through_the_public_api_is_stored_in_clear(client, body, topic):
    """Hole 10, the issue's check, on the database in use (PostgreSQL too): nothing the API took
    is in any table, the audit trail included."""
    assert client.post("/api/v1/public/applications/", PERSON, content_type="application/json").status_code == 201
    response = client.post("/api/v1/public/letters/", {**LETTER, "topic": topic.code},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    stored = every_stored_value()
    assert ID_NUMBER not in stored and PHONE not in stored and "linmm@example.com" not in stored
    assert AuditEvent.objects.filter(action="application.submit").exists()


def test_a_ciphertext_moved_to_another_column_does_not_open(body):
    app, _ = app_services.submit_online(body=body, data=PERSON)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE applications_application SET address = phone WHERE id = %s", [app.pk])
    with pytest.raises(crypto.DecryptionError):
        Application.objects.get(pk=app.pk)


def test_a_tampered_value_does_not_open(body):
    app, _ = app_services.submit_online(body=body, data=PERSON)
    stored = raw(Application, app.pk, "phone")
    flipped = stored[:-3] + ("A" if stored[-3] != "A" else "B") + stored[-2:]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE applications_application SET phone = %s WHERE id = %s", [flipped, app.pk])
    with pytest.raises(crypto.DecryptionError):
        Application.objects.get(pk=app.pk)


def test_without_the_key_nothing_opens_and_the_message_says_which_key(body, settings, tmp_path):
    app, _ = app_services.submit_online(body=body, data=PERSON)
    settings.GONGKAI_KEY_DIR = str(tmp_path / "other-keys")  # a restore that forgot keys/
    with pytest.raises(crypto.DecryptionError, match="缺少编号为"):
        Application.objects.get(pk=app.pk)


def test_sm4_as_a_setting_and_both_ciphers_stay_readable(body, settings):
    settings.GONGKAI_PERSONAL_CIPHER = "sm4-gcm"
    sm4, _ = app_services.submit_online(body=body, data=PERSON)
    assert raw(Application, sm4.pk, "phone").startswith("gk1.sm4gcm.")
    settings.GONGKAI_PERSONAL_CIPHER = "aes-256-gcm"
    aes, _ = app_services.submit_online(body=body, data={**PERSON, "phone": "13905980000"})
    assert raw(Application, aes.pk, "phone").startswith("gk1.aes256gcm.")
    assert Application.objects.get(pk=sm4.pk).phone == PHONE
    settings.GONGKAI_PERSONAL_CIPHER = "des"
    with pytest.raises(Exception, match="GONGKAI_PERSONAL_CIPHER"):
        app_services.submit_online(body=body, data=PERSON)


def test_duplicates_by_the_same_person_are_found_through_a_keyed_hash(body):
    first, _ = app_services.submit_online(body=body, data=PERSON)
    second, _ = app_services.submit_online(body=body, data={**PERSON, "phone": "13905980000"})
    other, _ = app_services.submit_online(body=body, data={**PERSON, "id_number": "11010519491231002X"})
    assert first.applicant_key == second.applicant_key != other.applicant_key
    # Keyed: not the plain SHA-256 of the number, not computable without the index key.
    import hashlib
    assert first.applicant_key != hashlib.sha256(f"RESIDENT_ID:{ID_NUMBER}".encode()).hexdigest()
    assert first.applicant_key == crypto.index(f"resident_id:{ID_NUMBER}".upper(), "applicant")


def test_a_letter_writers_other_letters_are_found_by_phone_or_email(body, topic):
    first, _ = letter_services.submit_online(body=body, data={**LETTER, "topic": topic})
    same_phone, _ = letter_services.submit_online(
        body=body, data={**LETTER, "topic": topic, "email": "", "phone": "139 0598 1234"})
    same_email, _ = letter_services.submit_online(
        body=body, data={**LETTER, "topic": topic, "phone": "", "email": "LinMM@example.com"})
    stranger, _ = letter_services.submit_online(
        body=body, data={**LETTER, "topic": topic, "phone": "13905980000", "email": ""})
    from gongkai.interaction import selectors
    assert set(selectors.same_writer(first)) == {same_phone, same_email}
    assert stranger not in set(selectors.same_writer(first))
    assert raw(Letter, first.pk, "phone").startswith("gk1.")


def test_the_audit_trail_records_a_fingerprint_not_the_value(body):
    app, _ = app_services.submit_online(body=body, data=PERSON)
    snap = audit.snapshot(app)
    assert snap["phone"].startswith("已加密·") and PHONE not in str(snap) and ID_NUMBER not in str(snap)
    assert snap["name"] == "林某某"  # what is not encrypted is recorded as before
    assert audit.snapshot(Application.objects.get(pk=app.pk))["phone"] == snap["phone"]  # same value, same tag
    app.phone = "13905980000"
    assert audit.snapshot(app)["phone"] != snap["phone"]


def test_rotation_re_encrypts_everything_and_retires_the_old_key(body, topic, settings, tmp_path):
    own_keys(settings, tmp_path)
    apps = [app_services.submit_online(body=body, data=PERSON, identity_proof=("id.png", PNG))[0]
            for _ in range(3)]
    letter, _ = letter_services.submit_online(body=body, data={**LETTER, "topic": topic})
    old = keys.key_id(keys.secret("personal"))
    out = io.StringIO()
    call_command("keys", "rotate", "personal", stdout=out)
    new = keys.key_id(keys.secret("personal"))
    assert new != old and old in out.getvalue() and new in out.getvalue()
    counts = {c.label: c.by_key for c in rotation.status()}
    assert set(counts["applications.Application.phone"]) == {new}
    assert set(counts["interaction.Letter.email"]) == {new}
    assert not list(Path(settings.GONGKAI_KEY_DIR).glob("personal.*.key"))  # the old key is gone
    assert Application.objects.get(pk=apps[0].pk).phone == PHONE
    assert bytes(Application.objects.get(pk=apps[1].pk).identity_proof) == PNG
    assert Letter.objects.get(pk=letter.pk).phone == PHONE
    assert AuditEvent.objects.filter(action="keys.rotate").exists() and audit.verify().ok
    status = io.StringIO()
    call_command("keys", "status", stdout=status)
    assert new in status.getvalue() and old not in status.getvalue()


def test_a_previous_key_from_the_environment_still_reads_old_values(body, settings, tmp_path, monkeypatch):
    app, _ = app_services.submit_online(body=body, data=PERSON)
    old = keys.secret("personal")
    settings.GONGKAI_KEY_DIR = str(tmp_path / "new-keys")
    import base64
    monkeypatch.setenv("GONGKAI_PERSONAL_PREVIOUS_KEYS", base64.b64encode(old).decode())
    assert Application.objects.get(pk=app.pk).phone == PHONE


def test_with_keys_in_the_environment_the_operator_swaps_them_and_the_command_re_encrypts(body, monkeypatch,
                                                                                         settings, tmp_path):
    import base64
    own_keys(settings, tmp_path)
    app, _ = app_services.submit_online(body=body, data=PERSON)
    old, new = keys.secret("personal"), os.urandom(32)
    monkeypatch.setenv("GONGKAI_PERSONAL_KEY", base64.b64encode(new).decode())
    with pytest.raises(Exception, match="GONGKAI_PERSONAL_PREVIOUS_KEYS"):  # the old key is needed
        call_command("keys", "rotate", "personal", stdout=io.StringIO())
    monkeypatch.setenv("GONGKAI_PERSONAL_PREVIOUS_KEYS", base64.b64encode(old).decode())
    call_command("keys", "rotate", "personal", stdout=io.StringIO())
    assert {kid for c in rotation.status() for kid in c.by_key} == {keys.key_id(new)}
    monkeypatch.delenv("GONGKAI_PERSONAL_PREVIOUS_KEYS")
    assert Application.objects.get(pk=app.pk).phone == PHONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded roles come back after
def test_the_migration_encrypts_what_was_stored_in_clear(body):
    from django.db.migrations.executor import MigrationExecutor
    executor = MigrationExecutor(connection)
    before = [("applications", "0002_daily_schedule"), ("interaction", "0002_seed_topics")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldApp = old.get_model("applications", "Application")
    app = OldApp.objects.create(
        body_id=body.pk, unit_id=body.unit_id, tracking_number="YSQ-TEST-1", query_code_hash="x",
        applicant_kind="person", name="林某某", id_type="resident_id", id_number=ID_NUMBER, phone=PHONE,
        email="linmm@example.com", address="新市中路99号", applicant_key="plain", identity_proof=PNG,
        description="统计数据", channel="online", submitted_at="2026-12-01T10:00:00+08:00",
        received_on="2026-12-01")
    OldLetter = old.get_model("interaction", "Letter")
    letter = OldLetter.objects.create(
        body_id=body.pk, unit_id=body.unit_id, tracking_number="XX-TEST-1", query_code_hash="x", kind="consult",
        topic_id=old.get_model("interaction", "Topic").objects.first().pk, subject="咨询", content="内容",
        phone=PHONE, email="linmm@example.com", received_at="2026-12-01T10:00:00+08:00", received_on="2026-12-01")
    assert raw(Application, app.pk, "phone") == PHONE
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert raw(Application, app.pk, "phone").startswith("gk1.") and raw(Letter, letter.pk, "email").startswith("gk1.")
    now = Application.objects.get(pk=app.pk)
    assert (now.phone, now.id_number, bytes(now.identity_proof)) == (PHONE, ID_NUMBER, PNG)
    assert now.applicant_key == crypto.index(f"resident_id:{ID_NUMBER}".upper(), "applicant")
    assert Letter.objects.get(pk=letter.pk).phone_key
    assert ID_NUMBER not in every_stored_value()


def test_not_in_the_database_file_its_wal_or_the_data_folder(tmp_path):
    """Hole 10 as the issue states it, on a real SQLite file: submit through the public API of a
    migrated installation, then read every byte under its data folder."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    env.pop("GONGKAI_TEST_FILE_DB", None)
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "core" / "personal_data_probe.py"), ID_NUMBER, PHONE],
                         env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "gongkai.sqlite3" for p in files) and any(p.suffix == ".key" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in (ID_NUMBER, PHONE):
            for form in (secret.encode(), secret.encode("utf-16-le")):
                assert form not in data, f"{secret} in clear in {path.relative_to(tmp_path)}"
