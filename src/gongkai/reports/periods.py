"""Calendar months and quarters in the bureau's time zone, as the oversight pages and the quarterly
circular name them ("2026-03", "2026-Q1") and show them ("2026年3月", "2026年第一季度"). Pure."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError

FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008
QUARTER_NAMES = "一二三四"


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter in the bureau's time zone."""

    start: date
    end: date
    key: str      # "2026-03" or "2026-Q1": what the pages put in their addresses
    label: str    # "2026年3月" or "2026年第一季度"

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.key

    def months(self) -> list["Period"]:
        result, day = [], self.start
        while day <= self.end:
            result.append(month(day.year, day.month))
            day = result[-1].end + timedelta(days=1)
        return result

    def span(self) -> str:
        """"7月1日至9月30日"."""
        return f"{self.start.month}月{self.start.day}日至{self.end.month}月{self.end.day}日"


def _month_end(year: int, m: int) -> date:
    return (date(year + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), _month_end(year, m), f"{year:04d}-{m:02d}", f"{year}年{m}月")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(date(year, first, 1), _month_end(year, first + 2), f"{year:04d}-Q{q}",
                  f"{year}年第{QUARTER_NAMES[q - 1]}季度")


def shift(period: Period, months: int) -> Period:
    """The month `months` months after (or before) a month."""
    index = period.start.year * 12 + period.start.month - 1 + months
    return month(index // 12, index % 12 + 1)


def last_full_month(today: date) -> Period:
    return shift(month(today.year, today.month), -1)


def last_full_quarter(today: date) -> Period:
    q = (today.month - 1) // 3  # the quarter before this one, 0 meaning last year's fourth
    return quarter(today.year - 1, 4) if q == 0 else quarter(today.year, q)


def parse_month(text: str, today: date) -> Period:
    """"2026-03" → that month; a clear message for anything else, or a month not yet begun."""
    try:
        year, m = (int(part) for part in (text or "").strip().split("-"))
        period = month(year, m)
    except (TypeError, ValueError):
        raise ValidationError({"month": "月份格式应为“2026-03”"}) from None
    if year < FIRST_YEAR or period.start > today:
        raise ValidationError({"month": f"只能查看{FIRST_YEAR}年以来、本月及以前的月份"})
    return period


def parse_quarter(text: str, today: date) -> Period:
    """"2026-Q3" → that quarter, which must have ended: a circular reports a finished quarter."""
    try:
        year, q = (text or "").strip().upper().split("-Q")
        period = quarter(int(year), int(q))
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"quarter": "季度格式应为“2026-Q3”"}) from None
    if period.start.year < FIRST_YEAR or period.end >= today:
        raise ValidationError({"quarter": "只能生成已经结束的季度的通报"})
    return period


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    result = [last_full_quarter(today)]
    while len(result) < count:
        p = result[-1]
        q = (p.start.month - 1) // 3 + 1
        result.append(quarter(p.start.year - 1, 4) if q == 1 else quarter(p.start.year, q - 1))
    return result
