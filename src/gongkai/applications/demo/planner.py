"""The demo's plan: every case with its day of receipt, spread over last year and this one (the
closed ones answered well before today, the open ones as many working days back as they wait),
decided by the seeded random generator and the calendar alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from gongkai.core.workdays import Calendar

from .cases import (
    CARRIED_OVER,
    CITY,
    CLOSED,
    FILLER,
    FILLER_PLACES,
    OPEN,
    QUERY_TRAFFIC,
    SANYUAN,
    SHAXIAN,
    Case,
)


def plan(rng, scale: int, today: date, cal: Calendar) -> list[Case]:
    """Every case with its day of receipt (or of submission, for a letter or fax)."""
    year = today.year if today >= date(today.year, 3, 1) else today.year - 1
    start = date(year - 1, 1, 6)
    end = _back(cal, today, 45)  # the closed cases are answered well before today
    closed = [replace(c) for c in CLOSED]
    for i in range((scale - 1) * 20):
        outcome, text, answer = FILLER[i % len(FILLER)]
        place = rng.choice(FILLER_PLACES)
        body = rng.choice([CITY, SANYUAN, SHAXIAN])
        closed.append(Case(f"filler{i}", body, rng.choice(["online", "in_person", "email"]), "person",
                           text.format(p=place), outcome=outcome, days=rng.randint(3, 15),
                           reply=answer if outcome not in ("query",) else "",
                           reason=answer if outcome == "query" else "",
                           extra={"query_law": QUERY_TRAFFIC} if outcome == "query" else {}))
    # Spread over the window in a shuffled order, except: the first answer to the applicant who
    # asks again comes first and the repeat last; the cases that went to review or court come
    # early, so that the reviews and judgments are in the past.
    first = [c for c in closed if c.key == "hukou"]
    last = [c for c in closed if c.key == "hukou_again"]
    remedied = [c for c in closed if c.remedies]
    others = [c for c in closed if c not in first + last + remedied]
    rng.shuffle(others)
    order = list(first)
    for case in remedied:
        order += [case] + others[:1]
        others = others[1:]
    order += others + last
    span = (end - start).days
    for i, case in enumerate(order):
        offset = int(span * (i + 0.2 + 0.6 * rng.random()) / len(order))
        case.received = _next_working(cal, start + timedelta(days=offset))
    carried = [replace(c) for c in CARRIED_OVER]
    for case in carried:
        case.received = _next_working(cal, date(year - 1, 12, case.when[1]))
    open_ = [replace(c) for c in OPEN]
    for case in open_:
        case.received = _back(cal, today, case.when[1])
    cases = order + carried + open_
    for case in cases:
        # Years in the texts are relative to the day the case came in.
        for name in ("description", "reply", "reason"):
            text = getattr(case, name).replace("{上年}", str(case.received.year - 1))
            setattr(case, name, text.replace("{本年}", str(case.received.year)))
    return cases


def _next_working(cal: Calendar, day: date) -> date:
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


def _back(cal: Calendar, day: date, n: int) -> date:
    """The working day `n` working days before `day`."""
    while n > 0:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day
