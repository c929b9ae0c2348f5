"""Benchmark: the statutory clock of an application.

Measures `clock.compute()` for cases with a restart, a closed consultation pause, an open fee
pause and an extension (what every queue row and every calendar change recomputes) against, as the
baseline in the same run, a plain `add_working_days(start, 20)`. Prints figures and the ratio, and
what recomputing every open case after a calendar change costs at that rate.

    .venv/bin/python bench/clock.py [N]
"""

import os
import sys
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench")
django.setup()

from chinese_calendar import constants  # noqa: E402
from common import timed  # noqa: E402  (bench/ is the script's folder)

from gongkai.applications import clock  # noqa: E402
from gongkai.core.workdays import Calendar  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    calendar = Calendar(overrides={d: False for d in constants.holidays} | {d: True for d in constants.workdays},
                        held_years=frozenset(range(2004, 2027)))
    first = date(2024, 1, 2)
    starts = [first + timedelta(days=i % 900) for i in range(n)]

    def full_case(start: date) -> clock.ClockState:
        pauses = [clock.Pause("consultation", start + timedelta(days=5), start + timedelta(days=12)),
                  clock.Pause("fee", start + timedelta(days=15), None, start + timedelta(days=40))]
        return clock.compute(calendar, start=start, today=start + timedelta(days=20), extension=20, pauses=pauses)

    # A sanity check: a case without pauses gives the plain deadline.
    for s in starts[:500]:
        assert clock.compute(calendar, start=s, today=s).due == calendar.add_working_days(s, 20).date
    ours = timed(full_case, starts)
    plain = timed(lambda s: clock.compute(calendar, start=s, today=s), starts)
    base = timed(lambda s: calendar.add_working_days(s, 20), starts)
    print(f"application clock over {n} cases (median of 3 runs)")
    print(f"  restart+2 pauses+extension {ours * 1000:8.1f} ms  {ours / n * 1e6:7.2f} µs/case  ratio {ours / base:5.1f}×")
    print(f"  no pauses                  {plain * 1000:8.1f} ms  {plain / n * 1e6:7.2f} µs/case  ratio {plain / base:5.1f}×")
    print(f"  add_working_days(s, 20)    {base * 1000:8.1f} ms  {base / n * 1e6:7.2f} µs/case  (baseline)")
    print(f"  recomputing 10 000 open cases after a calendar change: ~{ours / n * 10000:.2f} s of clock arithmetic")


if __name__ == "__main__":
    main()
