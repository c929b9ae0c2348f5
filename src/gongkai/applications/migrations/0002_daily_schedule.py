"""The daily job of disclosure on application (reminders, lapsed supplement and fee periods,
silent consultations), scheduled in django-q so `gongkai qcluster` runs it."""

from django.db import migrations

FUNC = "gongkai.applications.services.daily"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="依申请公开每日检查", defaults={"func": FUNC, "schedule_type": "D", "repeats": -1,
                                       "cron": None})


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
