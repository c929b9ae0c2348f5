"""The guide categories, and the two new capabilities for the built-in office role (roles are
seeded by core's migration, so an existing installation gets them here)."""

from django.db import migrations

CATEGORIES = [
    ("huzheng", "户政"),
    ("churujing", "出入境"),
    ("jiaotong", "交通管理"),
    ("zhian", "治安管理"),
    ("xiaofang", "消防"),
    ("other", "其他"),
]
NEW_CAPABILITIES = ["bulletins.manage", "guides.manage"]


def seed(apps, schema_editor):
    GuideCategory = apps.get_model("bulletins", "GuideCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        GuideCategory.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order * 10})
    Role = apps.get_model("core", "Role")
    for role in Role.objects.filter(code="office", is_builtin=True):
        missing = [c for c in NEW_CAPABILITIES if c not in role.capabilities]
        if missing:
            role.capabilities = [*role.capabilities, *missing]
            role.save(update_fields=["capabilities"])


def unseed(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for role in Role.objects.filter(code="office", is_builtin=True):
        role.capabilities = [c for c in role.capabilities if c not in NEW_CAPABILITIES]
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0001_initial"),
        ("core", "0002_seed"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
