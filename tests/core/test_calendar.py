"""The calendar as stored and served: seeded years, entering a new year, provisional dates that
change once the year is entered (regulation.md §7), the command, the API and the public page."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core import calendar as cal
from gongkai.core import services
from gongkai.core.models import CalendarDay, CalendarYear, Region
from gongkai.core.workdays import parse_arrangement

ARRANGEMENT_2027 = """
2027-01-01 休 元旦
2027-02-06 休 春节
2027-02-07 休 春节
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
2027-02-13 休 春节
2027-02-14 班 春节调休
2027-02-20 班 春节调休
"""


def test_seeded_years_2004_to_2026(db):
    years = set(CalendarYear.objects.filter(region="CN").values_list("year", flat=True))
    assert years == set(range(2004, 2027))
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == "workday"
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"


def test_art33_reply_deadline_via_database(db):
    due = cal.add_working_days(date(2026, 9, 28), 20)
    assert (due.date, due.provisional) == (date(2026, 10, 30), False)


def test_provisional_date_changes_once_2027_is_entered(db, make_user):
    admin = make_user("admin")
    before = cal.add_working_days(date(2026, 12, 24), 20)
    assert before.provisional
    # Monday–Friday less 1 Jan (元旦, fixed by 《全国年节及纪念日放假办法》 before any arrangement).
    assert before.date == date(2027, 1, 22)
    days = parse_arrangement(ARRANGEMENT_2027, 2027)
    services.enter_calendar_year(actor=admin, region="CN", year=2027, source="国办发明电〔2026〕1号", days=days)
    after = cal.add_working_days(date(2026, 12, 24), 20)
    assert not after.provisional
    assert after.date == date(2027, 1, 22)  # the entered 1 Jan holiday: the same date, now final


def test_entering_a_year_recomputes_open_deadlines(db, make_user, monkeypatch):
    calls = []
    monkeypatch.setattr(cal, "_recomputers", [])
    cal.on_calendar_change(lambda: calls.append(1) or 7)
    _, changed = services.enter_calendar_year(actor=make_user("admin"), region="CN", year=2027, source="通知",
                                              days=parse_arrangement(ARRANGEMENT_2027, 2027))
    assert calls == [1] and changed == 7


def test_reentering_a_year_replaces_it(db, make_user):
    admin = make_user("admin")
    services.enter_calendar_year(actor=admin, region="CN", year=2027, source="初版",
                                 days=parse_arrangement(ARRANGEMENT_2027, 2027))
    services.enter_calendar_year(actor=admin, region="CN", year=2027, source="更正版",
                                 days=parse_arrangement("2027-01-01 休 元旦", 2027))
    assert CalendarDay.objects.filter(region="CN", date__year=2027).count() == 1
    assert CalendarYear.objects.get(region="CN", year=2027).source == "更正版"


def test_regional_holiday_applies_only_to_its_region(db, make_user):
    # 壮族三月三 (Guangxi): 2026-04-20 and 04-21 (Mon, Tue) off in Guangxi only.
    services.enter_calendar_year(actor=make_user("admin"), region=Region.GUANGXI, year=2026,
                                 source="桂政办电〔2026〕", days=parse_arrangement("2026-04-20 休 三月三\n2026-04-21 休 三月三", 2026))
    assert cal.add_working_days(date(2026, 4, 17), 1, "GX").date == date(2026, 4, 22)
    assert cal.add_working_days(date(2026, 4, 17), 1, "CN").date == date(2026, 4, 20)


def test_only_administrators_enter_the_calendar(db, make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.enter_calendar_year(actor=make_user("handler"), region="CN", year=2027, source="x", days=[])


def test_reminder_from_first_of_november(db):
    assert cal.missing_next_year(date(2026, 10, 31)) is None
    assert cal.missing_next_year(date(2026, 11, 1)) == 2027
    assert cal.missing_next_year(date(2025, 11, 24)) is None  # 2026 is held


def test_command_prints_due_and_provisional(db, capsys):
    call_command("workdays", "add", "2026-09-28", "20")
    out = capsys.readouterr().out
    assert "2026-10-30" in out and "provisional=false" in out
    call_command("workdays", "add", "2026-12-24", "20")
    assert "provisional=true" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["2026-02-30", "20"], "不是有效日期"), (["2026-09-28", "-3"], "不能为负数"), (["2026-09-28", "abc"], "整数")])
def test_command_rejects_bad_input(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("workdays", "add", *args)


def test_api_workdays_add(client, db):
    response = client.get("/api/v1/workdays/add", {"start": "2026-09-28", "days": 20})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-28", "days": 20, "due": "2026-10-30", "provisional": False}
    response = client.get("/api/v1/workdays/add", {"start": "2026-12-24", "days": 20})
    assert response.json()["provisional"] is True


@pytest.mark.parametrize("params, field, message", [
    ({"start": "2026-13-01", "days": 5}, "start", "不是有效日期"),
    ({"start": "2026-09-28", "days": -1}, "days", "不能为负数"),
    ({"start": "2026-09-28", "days": 999999}, "days", "不能超过"),
    ({"start": "2026-09-28", "days": "x"}, "days", "必须是整数"),
    ({"days": 5}, "start", "缺少参数 start"),
])
def test_api_workdays_add_rejects_bad_input(client, db, params, field, message):
    response = client.get("/api/v1/workdays/add", params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_public_calculator_page(client, db):
    page = client.get("/gongju/qixian/", {"start": "2026-09-28", "days": 20}).content.decode()
    assert "2026年10月30日" in page and "暂定" not in page
    page = client.get("/gongju/qixian/", {"start": "2026-12-24", "days": 20}).content.decode()
    assert "2027年1月22日" in page and "暂定日期" in page  # 1 Jan 2027 (元旦) left out
    page = client.get("/gongju/qixian/", {"start": "2026-12-24", "days": -2}).content.decode()
    assert "工作日数不能为负数" in page


@pytest.mark.parametrize("start, days, due, shown", [
    ("2026-12-24", 20, "2027-01-22", "2027年1月22日"),  # across 元旦 (Fri 1 Jan 2027)
    ("2027-01-25", 20, "2027-02-24", "2027年2月24日"),  # across 春节 (除夕 5 Feb to 初三 8 Feb 2027)
])
def test_api_and_calculator_agree_on_statutory_holidays_of_unentered_year(client, db, start, days, due, shown):
    """《全国年节及纪念日放假办法》 fixes 元旦 and 春节 before the 2027 arrangement exists: the API's
    working-day endpoint and the public deadline calculator count the same calendar, both 暂定."""
    api = client.get("/api/v1/workdays/add", {"start": start, "days": days}).json()
    assert (api["due"], api["provisional"]) == (due, True)
    page = client.get("/gongju/qixian/", {"start": start, "days": days}).content.decode()
    assert shown in page and "暂定日期" in page


def test_entering_the_year_brings_its_makeup_weekends(db, make_user):
    """The provisional count leaves out the days 《全国年节及纪念日放假办法》 fixes; once the year is
    entered only the entered days count, and its make-up working weekends (调休) appear."""
    before = cal.add_working_days(date(2027, 1, 25), 20)
    assert (before.date, before.provisional) == (date(2027, 2, 24), True)
    services.enter_calendar_year(actor=make_user("admin"), region="CN", year=2027, source="国办发明电〔2026〕1号",
                                 days=parse_arrangement(ARRANGEMENT_2027, 2027))
    # Entered: 5 Feb is worked, 6–13 Feb off, Sun 14 and Sat 20 Feb worked → Thu 25 Feb.
    after = cal.add_working_days(date(2027, 1, 25), 20)
    assert (after.date, after.provisional) == (date(2027, 2, 25), False)


def test_workbench_calendar_page_lists_statutory_holidays_of_unentered_year(client, db, make_user):
    """The calendar page says that the 2027 holidays of 《全国年节及纪念日放假办法》 are already left
    out of provisional (暂定) deadlines, and stops saying so once 2027 is entered."""
    admin = make_user("admin")
    client.force_login(admin)
    page = client.get("/workbench/calendar/").content.decode()
    assert "2027 年尚未录入：暂定期限已扣除《全国年节及纪念日放假办法》规定的法定节假日" in page
    assert "春节 2月5日至2月8日" in page and "元旦 1月1日" in page
    services.enter_calendar_year(actor=admin, region="CN", year=2027, source="国办发明电〔2026〕1号",
                                 days=parse_arrangement(ARRANGEMENT_2027, 2027))
    page = client.get("/workbench/calendar/").content.decode()
    assert "2028 年" in page and "2027 年尚未录入" not in page


def test_workbench_import_is_all_or_nothing(client, db, make_user):
    client.force_login(make_user("admin"))
    bad = client.post("/workbench/calendar/enter/", {"region": "CN", "year": 2027, "source": "通知",
                                                       "text": "2027-01-01 休 元旦\n2027-01-32 休"})
    assert bad.status_code == 200 and "第 2 行" in bad.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2027.csv", ARRANGEMENT_2027.replace(" ", ",").encode("utf-8-sig"))
    ok = client.post("/workbench/calendar/enter/", {"region": "CN", "year": 2027, "source": "国办发明电", "file": upload})
    assert ok.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027, region="CN").count() == 11
