import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def remember_current(apps, schema_editor):
    # Each account's current password is the first entry of its history.
    User = apps.get_model("core", "User")
    PasswordHistory = apps.get_model("core", "PasswordHistory")
    PasswordHistory.objects.bulk_create(
        PasswordHistory(user_id=user.pk, password=user.password,
                        created_at=user.password_changed_at or user.date_joined)
        for user in User.objects.exclude(password="").only("pk", "password", "password_changed_at", "date_joined"))


class Migration(migrations.Migration):
    dependencies = [("core", "0006_auditevent_alg")]

    operations = [
        migrations.CreateModel(
            name="PasswordHistory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128)),
                ("created_at", models.DateTimeField()),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="password_history", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.RunPython(remember_current, migrations.RunPython.noop),
    ]
