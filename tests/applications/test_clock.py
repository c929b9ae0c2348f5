"""The statutory clock against dates computed by hand on the 2026 State Council calendar
(National Day: 1–7 October off, Sunday 20 September and Saturday 10 October worked)."""

from datetime import date

import pytest

from gongkai.applications import clock
from gongkai.core.calendar import get_calendar


@pytest.fixture
def cal(db):
    return get_calendar("CN")


def test_art33_twenty_working_days_day_of_receipt_not_counted(cal):
    # Received Mon 2 Nov 2026: day 1 is Tue 3 Nov; 20 working days end Mon 30 Nov.
    state = clock.compute(cal, start=date(2026, 11, 2), today=date(2026, 11, 2))
    assert state.due == date(2026, 11, 30)
    assert state.remaining == 20 and state.elapsed == 0 and not state.provisional


def test_art33_counts_make_up_working_days_and_skips_national_day(cal):
    # Received Fri 18 Sep: Sun 20 Sep is a working day (调休), 1–7 Oct are not, Sat 10 Oct is.
    state = clock.compute(cal, start=date(2026, 9, 18), today=date(2026, 9, 18))
    # 20,21,22,23,24 | 28,29,30 | 8,9,10,12,13,14,15,16 | 19,20,21,22 → 22 Oct
    assert state.due == date(2026, 10, 22)


def test_art30_clock_restarts_from_supplement(cal):
    # The supplement came on Mon 28 Sep: day 1 is 29 Sep, then 30 Sep, 8, 9, 10 (Sat, worked) Oct ...
    state = clock.compute(cal, start=date(2026, 9, 28), today=date(2026, 9, 28))
    assert state.due == date(2026, 10, 30)


def test_art33_consultation_time_not_counted(cal):
    # From the 28 Sep restart, day 8 is Wed 14 Oct, when the letter goes out; the answer comes on
    # Thu 22 Oct. 15–22 Oct are not counted; day 9 is Fri 23 Oct ... day 20 is Mon 9 Nov.
    pause = clock.Pause("consultation", date(2026, 10, 14), date(2026, 10, 22), date(2026, 11, 4))
    state = clock.compute(cal, start=date(2026, 9, 28), today=date(2026, 10, 23), pauses=[pause])
    assert state.due == date(2026, 11, 9)
    assert state.elapsed == 9 and state.remaining == 11 and not state.paused


def test_art33_open_consultation_runs_to_its_limit_and_says_paused(cal):
    pause = clock.Pause("consultation", date(2026, 10, 14), None, date(2026, 11, 4))
    state = clock.compute(cal, start=date(2026, 9, 28), today=date(2026, 10, 16), pauses=[pause])
    assert state.paused
    assert state.elapsed == 8 and state.remaining == 12
    # Paused to 4 Nov (15 working days), then 12 more: 5,6,9,...,20 Nov.
    assert state.due == date(2026, 11, 20)


def test_art33_extension_adds_twenty_working_days(cal):
    pause = clock.Pause("consultation", date(2026, 10, 14), date(2026, 10, 22))
    state = clock.compute(cal, start=date(2026, 9, 28), today=date(2026, 11, 5), pauses=[pause], extension=20)
    # 9 Nov + 20 working days = Mon 7 Dec.
    assert state.due == date(2026, 12, 7) and state.limit == 40


def test_fee_pause_from_notice_to_payment(cal):
    pause = clock.Pause("fee", date(2026, 11, 3), date(2026, 11, 10))
    state = clock.compute(cal, start=date(2026, 11, 2), today=date(2026, 11, 12), pauses=[pause])
    # Day 1 = 3 Nov (notice day counted); 4–10 Nov paused (5 working days); due moves 5 days.
    assert state.due == date(2026, 12, 7)


def test_overdue_counts_negative(cal):
    state = clock.compute(cal, start=date(2026, 11, 2), today=date(2026, 12, 2))
    assert state.due == date(2026, 11, 30) and state.remaining == -2


def test_art35_stated_deadline_replaces_computed(cal):
    state = clock.compute(cal, start=date(2026, 11, 2), today=date(2026, 11, 2), stated_due=date(2027, 1, 29))
    assert state.due == date(2027, 1, 29) and state.stated
    assert state.provisional  # 2027 is not in the calendar yet


def test_deadline_in_unknown_year_is_provisional(cal):
    state = clock.compute(cal, start=date(2026, 12, 15), today=date(2026, 12, 15))
    assert state.provisional
    # 16–31 Dec: 12 working days; 8 more on Mon–Fri in 2027 less Fri 1 Jan (元旦, fixed by
    # 《全国年节及纪念日放假办法》) → Wed 13 Jan 2027.
    assert state.due == date(2027, 1, 13)
