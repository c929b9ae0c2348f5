"""The statutory clock of an application (regulation.md §3), pure: no Django, tested directly.

Art. 33: reply within 20 working days of receipt; the day of receipt is not counted. Art. 30: a
supplement request stops the clock, and it restarts — from zero — on the day the supplement is
received; a request sent after the 7th working day is the bureau's fault and only pauses it
(a "supplement" pause: counting goes on from where it stood). Art. 33 ¶2: time spent consulting a third party or another agency is not counted; the
fee measures let the time from fee notice to payment be treated the same way. An approved
extension adds up to 20 working days. Art. 35: a stated longer deadline replaces the computed one.

A pause covers the working days *after* the day the letter went out, up to and including the day
the answer came; counting resumes the next working day. While a pause is open the due date is
computed as if it lasted to its limit (15 working days for a consultation, the payment deadline
for a fee), so screens can sort by it, and the state says the clock is paused.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.workdays import Calendar


@dataclass(frozen=True)
class Pause:
    kind: str                 # "consultation" | "fee" | "supplement"
    start: date               # the day the letter went out
    end: date | None = None   # the day the answer (or payment) arrived; None while open
    limit: date | None = None  # the latest day the pause can last

    def last_day(self, today: date) -> date:
        if self.end is not None:
            return self.end
        if self.limit is not None:
            return max(self.limit, today)
        return today

    def covers(self, day: date, today: date) -> bool:
        return self.start < day <= self.last_day(today)

    def is_open(self, today: date) -> bool:
        return self.end is None or self.end > today


@dataclass(frozen=True)
class ClockState:
    due: date
    provisional: bool
    paused: bool           # a pause is open today
    elapsed: int           # working days counted so far (pauses excluded)
    remaining: int         # working days left; negative when overdue
    limit: int             # working days allowed (20 + extension)
    stated: bool = False   # the due date is a stated deadline under Art. 35


def _counted_days(calendar: Calendar, start: date, pauses: tuple[Pause, ...], today: date):
    """Yield (day, provisional-so-far) for every counted working day after `start`."""
    day, provisional = start, False
    while True:
        day += timedelta(days=1)
        if not calendar.holds(day.year):
            provisional = True
        if calendar.is_working_day(day) and not any(p.covers(day, today) for p in pauses):
            yield day, provisional


def compute(calendar: Calendar, *, start: date, today: date, days: int = 20, extension: int = 0,
            pauses: Iterable[Pause] = (), stated_due: date | None = None) -> ClockState:
    pauses = tuple(p for p in pauses if p.last_day(today) > start)
    limit = days + extension
    due, provisional, elapsed, counted = start, False, 0, 0
    for day, prov in _counted_days(calendar, start, pauses, today):
        counted += 1
        if day <= today:
            elapsed = counted
        if counted == limit:
            due, provisional = day, prov
            break
    if limit == 0:
        provisional = not calendar.holds(start.year)
    paused = any(p.is_open(today) and p.start <= today for p in pauses)
    if today > due:
        # Overdue: count the working days past the due date (pauses closed by now).
        remaining = -sum(1 for d in _days_between(due, today) if calendar.is_working_day(d)
                         and not any(p.covers(d, today) for p in pauses))
    else:
        remaining = limit - elapsed
    if stated_due is not None:
        remaining = calendar.working_days_between(today, stated_due)
        provisional = calendar.is_provisional_range(start, stated_due)
        return ClockState(stated_due, provisional, paused, elapsed, remaining, limit, stated=True)
    return ClockState(due, provisional, paused, elapsed, remaining, limit)


def _days_between(after: date, upto: date):
    day = after
    while day < upto:
        day += timedelta(days=1)
        yield day
