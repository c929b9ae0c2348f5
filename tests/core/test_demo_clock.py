"""The demo's clock near midnight: `gongkai demo` dates everything relative to now, so a build just
after midnight, or one that runs into midnight, must not date today's letters yesterday or
tomorrow (their numbers carry today's date)."""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.demo import same_day, so_far
from tests.conftest import SHANGHAI

DAY = date(2027, 11, 23)  # a Tuesday


def at(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, clock_time(hour, minute, second), tzinfo=SHANGHAI)


def test_five_minutes_after_midnight_todays_moments_stay_today_in_order(pin_today):
    pin_today(at(0, 5))
    moments = [so_far(at(hour), timedelta(minutes=30)) for hour in (8, 9, 12, 16)]
    assert all(timezone.localdate(m) == DAY for m in moments)
    assert moments == sorted(moments) and len(set(moments)) == 4
    assert moments[-1] < clock.now()


def test_far_enough_from_midnight_a_later_moment_is_moved_back_before_now(pin_today):
    pin_today(at(10))
    assert so_far(at(9), timedelta(minutes=30)) == at(9)
    moved = so_far(at(16), timedelta(minutes=30))
    assert at(9, 29) < moved <= at(9, 31)


def test_yesterdays_evening_stays_yesterday(pin_today):
    pin_today(at(0, 5))
    evening = at(21, day=DAY - timedelta(days=1))
    assert so_far(evening, timedelta(minutes=30)) == evening


def test_a_build_running_into_midnight_stays_on_the_day_it_began(pin_today):
    pin_today(at(23, 59, 59))
    with same_day():
        time.sleep(1.2)
        assert timezone.localdate(clock.now()) == DAY
        assert timezone.localdate(so_far(at(16), timedelta(minutes=5))) == DAY
    assert timezone.localdate(clock.now()) == DAY + timedelta(days=1)
