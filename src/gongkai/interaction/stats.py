"""The mailbox figures bureaus report (seeds: 三明 counts by channel and topic, 广州 a 100 % reply
rate and 98 % satisfaction, 柳州 a 90 % 办结率), as pure arithmetic over rows. No Django: the
selector turns letters into `Row`s, the page, the XLSX export and the tests read these functions.

    reply rate        (已答复 + 已办结) / 收到
    on-time rate      replied on or before the due date / replied
    completion rate   已办结 / 收到
    satisfaction rate (满意 + 基本满意) / rated
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

ANSWERED = frozenset({"replied", "closed"})
CLOSED = "closed"
SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"


@dataclass(frozen=True)
class Row:
    """One letter as the statistics see it (labels, not codes, where a table shows them)."""

    kind: str
    channel: str
    topic: str
    unit: str
    status: str                # status code
    received_on: date
    due_on: date | None
    replied_on: date | None    # the day the reply reached the writer
    satisfaction: str = ""     # satisfied | basic | unsatisfied | ""


@dataclass(frozen=True)
class Rate:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    @property
    def percent(self) -> str:
        """"98.0%"; "—" when there is nothing to divide by."""
        return "—" if not self.den else f"{100 * self.num / self.den:.1f}%"

    def __str__(self) -> str:
        return self.percent


@dataclass(frozen=True)
class Summary:
    received: int = 0
    answered: int = 0      # 已答复 or 已办结
    replied: int = 0       # has a reply date
    on_time: int = 0       # replied on or before its due date
    closed: int = 0        # 已办结
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    @property
    def rated(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def overdue_replies(self) -> int:
        return self.replied - self.on_time

    @property
    def reply_rate(self) -> Rate:
        return Rate(self.answered, self.received)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.replied)

    @property
    def completion_rate(self) -> Rate:
        return Rate(self.closed, self.received)

    @property
    def satisfaction_rate(self) -> Rate:
        return Rate(self.satisfied + self.basic, self.rated)


def summarize(rows: Iterable[Row]) -> Summary:
    received = answered = replied = on_time = closed = 0
    ratings: Counter[str] = Counter()
    for row in rows:
        received += 1
        answered += row.status in ANSWERED
        closed += row.status == CLOSED
        if row.replied_on is not None:
            replied += 1
            on_time += row.due_on is not None and row.replied_on <= row.due_on
        if row.satisfaction:
            ratings[row.satisfaction] += 1
    return Summary(received, answered, replied, on_time, closed, ratings[SATISFIED], ratings[BASIC],
                   ratings[UNSATISFIED])


def group(rows: Iterable[Row], key: Callable[[Row], str], order: Sequence[str] = ()) -> list[tuple[str, Summary]]:
    """A summary per value of `key`: the values of `order` first (with zeros, so a table always
    lists every channel or kind), then any others, most letters first."""
    buckets: dict[str, list[Row]] = {label: [] for label in order}
    for row in rows:
        buckets.setdefault(key(row), []).append(row)
    listed = [(label, summarize(buckets[label])) for label in order]
    others = sorted(((label, summarize(r)) for label, r in buckets.items() if label not in set(order)),
                    key=lambda item: (-item[1].received, item[0]))
    return listed + others


def monthly(rows: Iterable[Row], start: date, end: date) -> list[tuple[str, int]]:
    """Letters received per month of the period, every month listed."""
    counts = Counter(f"{r.received_on:%Y-%m}" for r in rows)
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        label = f"{year:04d}-{month:02d}"
        months.append((label, counts[label]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
