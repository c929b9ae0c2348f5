"""The statutory holidays of 《全国年节及纪念日放假办法》 (as revised, in force from 2025) and the
provisional count for a year whose State Council arrangement is not entered (regulation.md §7).

The lunar dates below were checked against two independent libraries (lunar-python, which the code
uses, and lunardate 0.3.0); 清明 is also checked against chinese-calendar's solar-term table."""

from datetime import date

import pytest
from chinese_calendar import constants, get_solar_terms
from lunar_python import Solar

from gongkai.core.statutory_holidays import HolidaySpan, holiday_spans, statutory_holidays
from gongkai.core.workdays import Calendar


@pytest.fixture(scope="module")
def national():
    overrides = {d: False for d in constants.holidays} | {d: True for d in constants.workdays}
    return Calendar(overrides=overrides, held_years=frozenset(range(2004, 2027)))


def test_statutory_holidays_2027_by_the_fangjia_banfa():
    """《全国年节及纪念日放假办法》第二条: 2027 — 除夕 5 Feb, 初一 6 Feb, 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep."""
    assert holiday_spans(2027) == [
        HolidaySpan("元旦", date(2027, 1, 1), date(2027, 1, 1)),
        HolidaySpan("春节", date(2027, 2, 5), date(2027, 2, 8)),
        HolidaySpan("清明节", date(2027, 4, 5), date(2027, 4, 5)),
        HolidaySpan("劳动节", date(2027, 5, 1), date(2027, 5, 2)),
        HolidaySpan("端午节", date(2027, 6, 9), date(2027, 6, 9)),
        HolidaySpan("中秋节", date(2027, 9, 15), date(2027, 9, 15)),
        HolidaySpan("国庆节", date(2027, 10, 1), date(2027, 10, 3)),
    ]
    assert len(statutory_holidays(2027)) == 13


@pytest.mark.parametrize("year, chuxi, chuyi, duanwu, zhongqiu", [
    (2029, date(2029, 2, 12), date(2029, 2, 13), date(2029, 6, 16), date(2029, 9, 22)),
    (2030, date(2030, 2, 2), date(2030, 2, 3), date(2030, 6, 5), date(2030, 9, 12)),
    (2033, date(2033, 1, 30), date(2033, 1, 31), date(2033, 6, 1), date(2033, 9, 8)),
])
def test_lunar_holidays_of_later_years_by_the_fangjia_banfa(year, chuxi, chuyi, duanwu, zhongqiu):
    """《全国年节及纪念日放假办法》: 春节 is 除夕 and 正月初一 to 初三; 端午 五月初五; 中秋 八月十五.
    2033 is the year of the leap eleventh month that simple lunar tables get wrong."""
    days = statutory_holidays(year)
    assert [d for d, name in days.items() if name == "春节"] == [
        chuxi, chuyi, date.fromordinal(chuyi.toordinal() + 1), date.fromordinal(chuyi.toordinal() + 2)]
    assert days[duanwu] == "端午节" and days[zhongqiu] == "中秋节"


@pytest.mark.parametrize("year, last_day", [(2027, 29), (2030, 30)])
def test_chuxi_is_last_day_of_twelfth_month_29th_or_30th(year, last_day):
    """《全国年节及纪念日放假办法》: 除夕 is the last day of the twelfth lunar month, 廿九 or 三十."""
    chuxi = min(d for d, name in statutory_holidays(year).items() if name == "春节")
    lunar = Solar.fromYmd(chuxi.year, chuxi.month, chuxi.day).getLunar()
    assert (lunar.getMonth(), lunar.getDay()) == (12, last_day)


@pytest.mark.parametrize("year", range(2027, 2041))
def test_qingming_is_the_solar_term_by_the_fangjia_banfa(year):
    """《全国年节及纪念日放假办法》: 清明节 is the day of the solar term, as a second source computes it."""
    qingming = [d for d, name in statutory_holidays(year).items() if name == "清明节"]
    assert qingming == [d for d, _ in get_solar_terms(date(year, 4, 1), date(year, 4, 10))]


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_days_off_in_the_published_arrangements(year):
    """《全国年节及纪念日放假办法》 as revised holds from 2025: every day it fixes is off in the State
    Council's arrangements for 2025 and 2026 (seeded from chinese-calendar)."""
    assert set(statutory_holidays(year)) <= set(constants.holidays)


def test_no_statutory_guess_before_the_revision():
    """The revised 《全国年节及纪念日放假办法》 is in force from 2025; earlier years are not guessed."""
    assert statutory_holidays(2024) == {}


def test_mid_autumn_on_national_day_adds_no_day():
    """《全国年节及纪念日放假办法》 fixes dates only: 中秋 2031 falls on 1 October, which stays one day
    off; no 补休 is invented (that is for the yearly arrangement)."""
    days = statutory_holidays(2031)
    assert [d for d in days if d.month == 10] == [date(2031, 10, 1), date(2031, 10, 2), date(2031, 10, 3)]
    assert "中秋节" not in days.values()


def test_unheld_year_leaves_out_new_year_and_spring_festival(national):
    """《全国年节及纪念日放假办法》: 1 January and 除夕–初三 of 2027 are not working days even before
    the 2027 arrangement is entered; the weekend they touch gives no extra day off."""
    for day in [date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8)]:
        assert not national.is_working_day(day)
    assert national.is_working_day(date(2026, 12, 31)) and national.is_working_day(date(2027, 2, 9))
    assert national.is_working_day(date(2027, 5, 3))  # 劳动节 1–2 May is a weekend: no 补休
    # Thu 31 Dec 2026 + 1: Fri 1 Jan is 元旦, so Mon 4 Jan; still provisional.
    due = national.add_working_days(date(2026, 12, 31), 1)
    assert (due.date, due.provisional) == (date(2027, 1, 4), True)
    # Thu 4 Feb + 1: 5 Feb (除夕) to 8 Feb (初三) off, so Tue 9 Feb.
    assert national.add_working_days(date(2027, 2, 4), 1).date == date(2027, 2, 9)
    assert national.working_days_between(date(2027, 2, 4), date(2027, 2, 9)) == 1


def test_entered_year_counts_only_its_entered_days():
    """A year whose arrangement is entered is not overridden by 《全国年节及纪念日放假办法》's list: if
    the entered 2027 arrangement does not list 5 February, that day is worked."""
    entered = Calendar(overrides={date(2027, 1, 1): False}, held_years=frozenset({2027}))
    assert entered.is_working_day(date(2027, 2, 5))
    assert not entered.is_working_day(date(2027, 1, 1))
    assert not entered.add_working_days(date(2027, 2, 4), 1).provisional
