"""The working-day arithmetic itself (regulation.md §7; 条例 Art. 33: deadlines in working days,
the day of receipt not counted). Pure tests against a calendar built from the seeded data."""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.core.workdays import Calendar, WorkdayError, parse_arrangement


@pytest.fixture(scope="module")
def national():
    overrides = {d: False for d in constants.holidays} | {d: True for d in constants.workdays}
    years = frozenset(range(2004, 2027))
    return Calendar(overrides=overrides, held_years=years)


def test_day_of_start_is_not_counted(national):
    # Monday 2026-11-23 + 1 working day is Tuesday, not Monday itself (Art. 33, §7 "day 1 is the next").
    assert national.add_working_days(date(2026, 11, 23), 1).date == date(2026, 11, 24)
    assert national.add_working_days(date(2026, 11, 23), 0).date == date(2026, 11, 23)


def test_start_on_friday_skips_weekend(national):
    assert national.add_working_days(date(2026, 11, 20), 1).date == date(2026, 11, 23)


@pytest.mark.parametrize("makeup_day", [date(2026, 2, 14), date(2026, 9, 20), date(2026, 10, 10)])
def test_makeup_weekend_counts_as_working_day(national, makeup_day):
    # 调休: these weekend days are working days in 2026 (国办发明电〔2025〕7号).
    assert makeup_day.weekday() >= 5
    assert national.is_working_day(makeup_day)
    day_before = date.fromordinal(makeup_day.toordinal() - 1)
    # The day before is a Friday (or a holiday/weekend); counting one day from it lands no later
    # than the make-up day, and the make-up day itself is counted.
    assert national.working_days_between(day_before, makeup_day) == 1


def test_golden_week_2026_with_makeup_saturday(national):
    # 2026-09-28 + 20: 9/29, 9/30, (10/1–10/7 off), 10/8, 10/9, 10/10 (Sat, make-up), then Mon–Fri.
    due = national.add_working_days(date(2026, 9, 28), 20)
    assert due.date == date(2026, 10, 30)
    assert not due.provisional


def test_spring_festival_2026_span(national):
    # 2026 Spring Festival: 2/15–2/23 off, 2/14 (Sat) and 2/28 (Sat) working.
    for off in [date(2026, 2, 16), date(2026, 2, 20), date(2026, 2, 23)]:
        assert not national.is_working_day(off)
    due = national.add_working_days(date(2026, 2, 12), 3)
    # 2/13 Fri (1), 2/14 Sat make-up (2), then nothing until 2/24 (3).
    assert due.date == date(2026, 2, 24)


def test_count_into_unheld_year_is_provisional(national):
    due = national.add_working_days(date(2026, 12, 10), 20)
    # December 2026 has 15 working days after the 10th; 2027 counted Monday–Friday less the days
    # 《全国年节及纪念日放假办法》 fixes, so Fri 1 Jan (元旦) is left out: 4–8 Jan.
    assert due.provisional
    assert due.date == date(2027, 1, 8)


def test_count_within_held_year_is_not_provisional(national):
    assert not national.add_working_days(date(2026, 12, 1), 10).provisional


def test_unheld_year_never_raises():
    empty = Calendar()
    due = empty.add_working_days(date(2031, 5, 1), 5)
    # Fri 2 May is 劳动节 under 《全国年节及纪念日放假办法》, so day 1 is Mon 5 May.
    assert due.provisional and due.date == date(2031, 5, 9)


@pytest.mark.parametrize("days", [-1, 100000])
def test_bad_day_counts_are_refused_in_chinese(national, days):
    with pytest.raises(WorkdayError, match="天数"):
        national.add_working_days(date(2026, 1, 5), days)


def test_working_days_between_is_signed(national):
    assert national.working_days_between(date(2026, 11, 20), date(2026, 11, 24)) == 2
    assert national.working_days_between(date(2026, 11, 24), date(2026, 11, 20)) == -2


def test_parse_arrangement_accepts_common_spellings():
    days = parse_arrangement("# 2027\n2027-01-01 休 元旦\n2027/02/06,班,春节调休\n2027-02-08\t放假\t春节\n", 2027)
    assert [(d.date, d.working) for d in days] == [
        (date(2027, 1, 1), False), (date(2027, 2, 6), True), (date(2027, 2, 8), False)]
    assert days[0].name == "元旦"


def test_parse_arrangement_reports_every_bad_line():
    with pytest.raises(WorkdayError) as err:
        parse_arrangement("2027-01-01 休 元旦\n2026-12-31 休\n2027-13-01 休\n2027-01-04 班\n2027-01-05 度假", 2027)
    message = str(err.value)
    assert "第 2 行" in message and "不属于 2027 年" in message
    assert "第 3 行" in message and "无法识别" in message
    assert "第 4 行" in message and "本就是工作日" in message
    assert "第 5 行" in message and "应为“休”或“班”" in message
