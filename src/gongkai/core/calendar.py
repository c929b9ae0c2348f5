"""The calendar as the rest of the system sees it: loaded from the database, cached per region,
reloaded when an administrator changes it. Deadline owners register a recomputer so that open
deadlines follow the calendar (privacy-lessons.md: Alaveteli #7292)."""

import threading
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db.models import Count, Max

from .models import CalendarDay, CalendarYear, Region
from .workdays import Calendar, Due

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Calendar]] = {}
_recomputers: list[Callable[[], int]] = []


def _version(regions: list[str]) -> tuple:
    agg = CalendarYear.objects.filter(region__in=regions).aggregate(n=Count("id"), t=Max("changed_at"))
    return (agg["n"], agg["t"])


def get_calendar(region: str | None = None) -> Calendar:
    """The calendar of a region: the national arrangement plus the region's own holidays.

    A year counts as held when the national arrangement for it has been entered; a region's
    additions are optional extras on top of it."""
    region = region or settings.GONGKAI_DEFAULT_REGION
    regions = [Region.NATIONAL] if region == Region.NATIONAL else [Region.NATIONAL, region]
    version = _version(regions)
    with _lock:
        hit = _cache.get(region)
        if hit and hit[0] == version:
            return hit[1]
    overrides: dict[date, bool] = {}
    # National first, then the region, so a regional entry wins on the same date.
    for r in regions:
        for d, kind in CalendarDay.objects.filter(region=r).values_list("date", "kind"):
            overrides[d] = kind == CalendarDay.Kind.WORKDAY
    held = frozenset(CalendarYear.objects.filter(region=Region.NATIONAL).values_list("year", flat=True))
    cal = Calendar(overrides=overrides, held_years=held)
    with _lock:
        _cache[region] = (version, cal)
    return cal


def add_working_days(start: date, days: int, region: str | None = None) -> Due:
    return get_calendar(region).add_working_days(start, days)


def on_calendar_change(func: Callable[[], int]) -> Callable[[], int]:
    """Register a function that recomputes its open deadlines and returns how many changed."""
    _recomputers.append(func)
    return func


def recompute_deadlines() -> int:
    return sum(func() for func in list(_recomputers))


def first_unentered_year() -> int | None:
    """The year after the last national arrangement entered: deadlines running into it are 暂定."""
    last = CalendarYear.objects.filter(region=Region.NATIONAL).aggregate(m=Max("year"))["m"]
    return None if last is None else last + 1


def missing_next_year(today: date) -> int | None:
    """From the reminder day on (1 November), the next year if its arrangement is not entered."""
    month, day = settings.GONGKAI_CALENDAR_REMINDER
    if (today.month, today.day) < (month, day):
        return None
    nxt = today.year + 1
    if CalendarYear.objects.filter(region=Region.NATIONAL, year=nxt).exists():
        return None
    return nxt
