"""The search index sync as a django-q schedule (every minute), so `gongkai qcluster` keeps the
index of the server it runs on in step even where nothing syncs on commit. A server that needs
changes within a second runs `gongkai search sync --follow` beside its web process."""

from django.db import migrations

FUNC = "gongkai.search.indexer.scheduled_sync"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="全文检索索引同步", defaults={"func": FUNC, "schedule_type": "I", "minutes": 1, "repeats": -1,
                                    "cron": None})


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_change_log"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
