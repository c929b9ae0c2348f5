"""Encrypt the letter writers' phone numbers and e-mail addresses already stored (issue #16, hole
10), with their lookup hashes. The clear values' old row versions are purged after migrating
(core.rotation.purge_after_migrate)."""

from django.db import migrations

from gongkai.core import crypto, rotation


def _key(value: str, kind: str) -> str:
    # As interaction.models.writer_key computes it (frozen here).
    if kind == "phone":
        value = "".join(ch for ch in value or "" if ch.isdigit())
    else:
        value = (value or "").strip().lower()
    return crypto.index(value, f"letter.{kind}") if value else ""


def _keys(letter):
    letter.phone_key, letter.email_key = _key(letter.phone, "phone"), _key(letter.email, "email")


_keys.fields = ["phone_key", "email_key"]


def forwards(apps, schema_editor):
    rotation.encrypt_in_place(apps.get_model("interaction", "Letter"), ["phone", "email"], _keys)


def backwards(apps, schema_editor):
    rotation.decrypt_in_place(apps.get_model("interaction", "Letter"), ["phone", "email"])


class Migration(migrations.Migration):
    dependencies = [("interaction", "0003_encrypted_personal_fields")]
    purges_plaintext = ["interaction_letter"]
    operations = [migrations.RunPython(forwards, backwards)]
