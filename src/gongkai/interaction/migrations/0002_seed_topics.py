"""The letter topics the seeds count by (三明: 社会治安, 交通安全, 未破案件, 其他), as data."""

from django.db import migrations

TOPICS = [
    ("public_order", "社会治安"),
    ("traffic", "交通安全"),
    ("unsolved", "未破案件"),
    ("exit_entry", "出入境"),
    ("household", "户籍"),
    ("supervision", "执法监督"),
    ("other", "其他"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("interaction", "Topic")
    for order, (code, name) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("interaction", "Topic").objects.filter(code__in=[c for c, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
