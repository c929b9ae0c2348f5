"""The bureau's one clock (core/clock.py): pinned once, seen everywhere; the demo's overrides nest
and leave nothing behind."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from gongkai.core import clock
from tests.conftest import SHANGHAI


def test_today_is_the_date_in_shanghai_not_utc(pin_today):
    # 23:30 UTC on 6 December is 07:30 on 7 December in Shanghai.
    pin_today(datetime(2026, 12, 6, 23, 30, tzinfo=UTC))
    assert clock.today() == date(2026, 12, 7)


def test_pin_moves_the_clock_and_django_alike(pin_today):
    pin_today(date(2027, 1, 5))
    assert clock.today() == date(2027, 1, 5) == timezone.localdate()
    assert timezone.localtime(clock.now()).hour == 10
    pin_today(date(2027, 11, 20), hour=15)
    assert clock.today() == date(2027, 11, 20)
    assert timezone.localtime(clock.now()).hour == 15


def test_overrides_nest_and_are_undone(pin_today):
    pin_today(date(2026, 12, 7))
    noon = datetime(2026, 3, 2, 12, tzinfo=SHANGHAI)
    with clock.override(now=lambda: noon):
        assert clock.now() == noon and clock.today() == date(2026, 3, 2)
        with clock.override(today=lambda: date(2026, 3, 3)):
            assert clock.today() == date(2026, 3, 3)
            assert clock.now() == noon  # kept from the enclosing override
        assert clock.today() == date(2026, 3, 2)
    assert clock.today() == date(2026, 12, 7)


def test_a_source_that_asks_the_clock_sees_the_clock_outside_it(pin_today):
    pin_today(date(2026, 12, 7))
    with clock.override(now=lambda: clock.now() - timedelta(days=1)):
        assert clock.today() == date(2026, 12, 6)
