from django.db import migrations, models


def restore_sqlite_trigger(apps, schema_editor):
    # SQLite adds the column by rebuilding the table, which drops the table's triggers (0002).
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
            "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_api_token")]

    operations = [
        # Rows written before the chain was keyed keep plain SHA-256; the first keyed row's MAC
        # covers their tip, so they cannot be rewritten without the key either.
        migrations.AddField(model_name="auditevent", name="alg",
                            field=models.CharField(default="sha256", max_length=16)),
        migrations.RunPython(restore_sqlite_trigger, migrations.RunPython.noop),
    ]
