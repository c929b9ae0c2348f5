"""Working-day arithmetic (domain/regulation.md §7). Pure: no Django, tested directly.

A `Calendar` knows the dates that differ from Monday–Friday and which years it holds. Counting
never fails for a year it does not hold: it falls back to Monday–Friday less the statutory holidays
of 《全国年节及纪念日放假办法》 (statutory_holidays.py) and says the result is provisional, so every
screen and letter can mark it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .statutory_holidays import statutory_holidays

# More than ten years of working days is not a deadline but a typing error.
MAX_DAYS = 2500


class WorkdayError(ValueError):
    """A request the calendar cannot answer; the message is for people (Chinese)."""


@dataclass(frozen=True)
class Due:
    date: date
    provisional: bool


@dataclass(frozen=True)
class Calendar:
    # date -> True for a make-up working day (调休), False for a day off
    overrides: Mapping[date, bool] = field(default_factory=dict)
    held_years: frozenset[int] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.weekday() >= 5:
            return False
        # An entered year counts only its entered days; for any other year the days the law fixes
        # are known in advance (its make-up working weekends are not, so the count stays provisional).
        return self.holds(day.year) or day not in statutory_holidays(day.year)

    def holds(self, year: int) -> bool:
        return year in self.held_years

    def add_working_days(self, start: date, days: int) -> Due:
        """The date `days` working days after `start`; the day of `start` itself is not counted."""
        if not isinstance(days, int) or isinstance(days, bool):
            raise WorkdayError("天数必须是整数")
        if days < 0:
            raise WorkdayError("天数不能为负数")
        if days > MAX_DAYS:
            raise WorkdayError(f"天数不能超过 {MAX_DAYS} 个工作日")
        day, counted, provisional = start, 0, False
        while counted < days:
            day += timedelta(days=1)
            if not self.holds(day.year):
                provisional = True
            if self.is_working_day(day):
                counted += 1
        return Due(day, provisional)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier):
        the "remaining working days" of a deadline seen from `start`."""
        if end == start:
            return 0
        sign, lo, hi = (1, start, end) if end > start else (-1, end, start)
        count, day = 0, lo
        while day < hi:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count

    def is_provisional_range(self, start: date, end: date) -> bool:
        return any(not self.holds(y) for y in range(min(start, end).year, max(start, end).year + 1))


@dataclass(frozen=True)
class ArrangementDay:
    date: date
    working: bool  # True: make-up working day (调休上班); False: day off
    name: str


_HOLIDAY_WORDS = {"休", "放假", "假", "休息", "holiday", "off"}
_WORKDAY_WORDS = {"班", "上班", "调休", "调休上班", "workday", "work"}


def parse_arrangement(text: str, year: int) -> list[ArrangementDay]:
    """Parse an arrangement typed or pasted by an administrator, one date per line:

        2027-01-01 休 元旦
        2027-02-06,班,春节调休

    Fields may be separated by commas, tabs or spaces; `#` starts a comment. Every problem is
    reported with its line number and nothing is returned unless every line is good."""
    days: list[ArrangementDay] = []
    errors: list[str] = []
    seen: set[date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
        if not line:
            continue
        parts = [p for p in line.replace("，", ",").replace("\t", ",").replace(" ", ",").split(",") if p]
        if len(parts) < 2:
            errors.append(f"第 {number} 行：应为“日期 类型 名称”，如“{year}-01-01 休 元旦”")
            continue
        raw_date, raw_kind, name = parts[0], parts[1].lower(), "".join(parts[2:])
        try:
            day = date.fromisoformat(raw_date.replace("/", "-").replace(".", "-"))
        except ValueError:
            errors.append(f"第 {number} 行：日期“{raw_date}”无法识别，请写成 {year}-01-01 的形式")
            continue
        if day.year != year:
            errors.append(f"第 {number} 行：{day} 不属于 {year} 年")
            continue
        if raw_kind in _HOLIDAY_WORDS:
            working = False
        elif raw_kind in _WORKDAY_WORDS:
            working = True
        else:
            errors.append(f"第 {number} 行：类型“{parts[1]}”应为“休”或“班”")
            continue
        if working and day.weekday() < 5:
            errors.append(f"第 {number} 行：{day} 是周一至周五，本就是工作日，不必登记为调休上班")
            continue
        if day in seen:
            errors.append(f"第 {number} 行：{day} 重复登记")
            continue
        seen.add(day)
        days.append(ArrangementDay(day, working, name or ("调休上班" if working else "")))
    if errors:
        raise WorkdayError("；".join(errors))
    return sorted(days, key=lambda d: d.date)
