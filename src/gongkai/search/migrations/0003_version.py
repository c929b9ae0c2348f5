from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("search", "Version").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sync_schedule")]

    operations = [
        migrations.CreateModel(
            name="Version",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=0, verbose_name="版本号")),
            ],
            options={"verbose_name": "公开内容版本", "verbose_name_plural": "公开内容版本"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
