"""Benchmark: the working-day clock.

Measures `Calendar.add_working_days(start, 20)` (the Art. 33 reply deadline) over many start dates
and, as the baseline in the same run, the same count done with `chinese_calendar.is_workday` day by
day (what code without its own calendar table would do). Prints figures and the ratio.

    .venv/bin/python bench/workdays.py [N]
"""

import os
import sys
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench")
django.setup()

import chinese_calendar  # noqa: E402
from chinese_calendar import constants  # noqa: E402
from common import timed  # noqa: E402  (bench/ is the script's folder)

from gongkai.core.workdays import Calendar  # noqa: E402


def baseline_add(start: date, days: int) -> date:
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return day



def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    calendar = Calendar(overrides={d: False for d in constants.holidays} | {d: True for d in constants.workdays},
                        held_years=frozenset(range(2004, 2027)))
    first = date(2010, 1, 1)
    starts = [first + timedelta(days=i % 5000) for i in range(n)]
    # Same answers first: a benchmark of a wrong function measures nothing.
    for s in starts[:2000]:
        assert calendar.add_working_days(s, 20).date == baseline_add(s, 20), s
    ours = timed(lambda s: calendar.add_working_days(s, 20), starts)
    base = timed(lambda s: baseline_add(s, 20), starts)
    print(f"add_working_days(start, 20) over {n} start dates (median of 3 runs)")
    print(f"  gongkai Calendar     {ours * 1000:9.1f} ms   {ours / n * 1e6:7.2f} µs/call")
    print(f"  chinese_calendar     {base * 1000:9.1f} ms   {base / n * 1e6:7.2f} µs/call  (baseline)")
    print(f"  ratio baseline/ours  {base / ours:9.2f}x")


if __name__ == "__main__":
    main()
