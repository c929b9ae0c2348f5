"""Seed data every installation needs: the built-in roles, the national working-day calendar
2004–2026 from `chinese-calendar`, and database triggers that refuse edits to the audit table."""

from django.db import migrations

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

SOURCE = "国务院办公厅节假日安排通知（据 chinese-calendar 1.11 导入）"


def seed_roles(apps, schema_editor):
    from gongkai.core.permissions import BUILTIN_ROLES

    Role = apps.get_model("core", "Role")
    for spec in BUILTIN_ROLES:
        Role.objects.update_or_create(code=spec["code"], defaults={**spec, "is_builtin": True})


def seed_calendar(apps, schema_editor):
    from chinese_calendar import constants

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    by_year = {y: CalendarYear.objects.create(region="CN", year=y, source=SOURCE) for y in years}
    rows = []
    for day, english in constants.holidays.items():
        rows.append(CalendarDay(calendar_year=by_year[day.year], region="CN", date=day, kind="holiday",
                                name=HOLIDAY_NAMES.get(english, english)))
    for day, english in constants.workdays.items():
        rows.append(CalendarDay(calendar_year=by_year[day.year], region="CN", date=day, kind="workday",
                                name=f"{HOLIDAY_NAMES.get(english, english)}调休上班"))
    CalendarDay.objects.bulk_create(rows)


TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
        "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit trail is append-only'; END; $$ LANGUAGE plpgsql;",
        "CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent "
        "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();",
    ],
}


def add_triggers(apps, schema_editor):
    # DELETE stays possible on SQLite only because Django's test flush empties tables with DELETE
    # there (PostgreSQL uses TRUNCATE, which row triggers do not see). The hash chain catches both.
    for statement in TRIGGERS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, migrations.RunPython.noop),
    ]
