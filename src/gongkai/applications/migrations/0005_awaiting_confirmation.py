"""The status of a submitted application that is not yet confirmed as received is named after what
it is (awaiting confirmation: the clock has not started), no longer "registered"."""

from django.db import migrations, models


def rename(old: str, new: str):
    def run(apps, schema_editor):
        apps.get_model("applications", "Application").objects.filter(status=old).update(status=new)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0004_encrypt_personal_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(choices=[("awaiting_confirmation", "待确认受理"), ("processing", "办理中"),
                                            ("supplement", "待补正"), ("approval", "答复待审批"), ("closed", "已办结")],
                                   db_index=True, default="awaiting_confirmation", max_length=24, verbose_name="状态"),
        ),
        migrations.RunPython(rename("registered", "awaiting_confirmation"),
                             rename("awaiting_confirmation", "registered")),
    ]
