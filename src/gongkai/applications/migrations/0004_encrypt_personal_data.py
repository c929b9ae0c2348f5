"""Encrypt the personal data already stored (issue #16, hole 10) and rekey `applicant_key` with the
personal-data index key. The clear values' old row versions are purged after migrating
(core.rotation.purge_after_migrate)."""

from django.db import migrations

from gongkai.core import crypto, rotation

APPLICATION = ["id_number", "phone", "email", "address", "identity_proof"]


def _applicant_key(app) -> str:
    # As applications.services.applicant_key computes it (frozen here).
    ident = app.credit_code if app.applicant_kind != "person" else f"{app.id_type}:{app.id_number}"
    if not ident.strip(":"):
        ident = "name:" + app.name.strip()
    return crypto.index(ident.upper(), "applicant")


def _rekey(app):
    app.applicant_key = _applicant_key(app)


_rekey.fields = ["applicant_key"]


def forwards(apps, schema_editor):
    rotation.encrypt_in_place(apps.get_model("applications", "Application"), APPLICATION, _rekey)
    rotation.encrypt_in_place(apps.get_model("applications", "Consultation"), ["party_address"])
    rotation.encrypt_in_place(apps.get_model("applications", "Delivery"), ["recipient"])


def backwards(apps, schema_editor):
    rotation.decrypt_in_place(apps.get_model("applications", "Application"), APPLICATION)
    rotation.decrypt_in_place(apps.get_model("applications", "Consultation"), ["party_address"])
    rotation.decrypt_in_place(apps.get_model("applications", "Delivery"), ["recipient"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0003_encrypted_personal_fields")]
    purges_plaintext = ["applications_application", "applications_consultation", "applications_delivery"]
    operations = [migrations.RunPython(forwards, backwards)]
