"""The bureau's clock: the one place that says what moment and what day it is.

Every caller asks at call time (`clock.now()`, `clock.today()`) and never keeps a copy, so one pin
moves the whole project: in tests the `pin_today` fixture (tests/conftest.py) moves real time with
time-machine; the demo, which builds two years of cases by running each step on the day it
happened, uses `clock.override`. "Today" is the local date in settings.TIME_ZONE
(Asia/Shanghai): deadlines are counted in the bureau's days, not in UTC.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class _Override:
    today: Callable[[], date] | None
    now: Callable[[], datetime] | None
    outer: "_Override | None"


_override: ContextVar[_Override | None] = ContextVar("gongkai_clock", default=None)


def _ask(source: Callable, outer: _Override | None):
    # A source that itself asks the clock (the demo keeps its steps before the real now) sees the
    # clock as it is outside its own override.
    token = _override.set(outer)
    try:
        return source()
    finally:
        _override.reset(token)


def now() -> datetime:
    """The current moment, timezone-aware."""
    state = _override.get()
    while state is not None and state.now is None:
        state = state.outer
    return _ask(state.now, state.outer) if state is not None else timezone.now()


def today() -> date:
    """The bureau's current date."""
    state = _override.get()
    while state is not None and state.today is None:
        state = state.outer
    return _ask(state.today, state.outer) if state is not None else timezone.localdate(now())


@contextmanager
def override(*, today: Callable[[], date] | None = None, now: Callable[[], datetime] | None = None) -> Iterator[None]:
    """Within the block `today()` and/or `now()` answer the given sources; what is not given comes
    from any enclosing override, or the real clock. For back-dating the demo's history, never in
    a request."""
    token = _override.set(_Override(today, now, _override.get()))
    try:
        yield
    finally:
        _override.reset(token)
