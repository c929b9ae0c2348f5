# The fingerprints of the keys the data is written with (core/keyring.py). The rows are recorded
# by the post_migrate receiver (keyring.record_after_migrate), with the keys of the environment
# that migrates: for an existing installation, the keys its data was written with.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0008_disclosurebody_allow_same_reviewer")]

    operations = [
        migrations.CreateModel(
            name="KeyFingerprint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, unique=True)),
                ("key_id", models.CharField(max_length=16)),
                ("recorded_at", models.DateTimeField()),
            ],
            options={"verbose_name": "密钥指纹", "verbose_name_plural": "密钥指纹", "ordering": ["name"]},
        ),
    ]
