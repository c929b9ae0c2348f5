"""The frame every kind of planned item is drawn in: the window of days (22 months back to
yesterday, working days only), the units of each body and their names, and the made-up people,
numbers and plates the texts carry. Pure: the seeded random generator and the calendar only."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gongkai.core.demo.kernel import BODIES, GIVEN, SURNAMES
from gongkai.core.scanner import id_check_char
from gongkai.core.workdays import Calendar

from .items import (
    CITY,
    CITY_UNITS,
    SANYUAN,
    SANYUAN_UNITS,
    SHAXIAN,
    SHAXIAN_UNITS,
    TRAFFIC_UNITS,
    Item,
    cn_date,
    joined,
)

PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class PlannerBase:
    def __init__(self, rng: random.Random, scale: int, today: date, cal: Calendar, names: dict[str, tuple]):
        self.rng, self.scale, self.today, self.cal, self.names = rng, scale, today, cal, names
        month = today.year * 12 + today.month - 1 - 22
        self.start = date(month // 12, month % 12 + 1, 1)
        self.end = today - timedelta(days=1)
        self.workdays = [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]
        self.workdays = [d for d in self.workdays if cal.is_working_day(d)]
        self.items: list[Item] = []
        self.years = list(range(self.start.year, today.year + 1))
        extra = sorted(c for c in names if len(c) > 8 and c[:6] in (SANYUAN, SHAXIAN) and c[6] == "9"
                       and len(c) == 11)
        self.pools = {
            CITY: CITY_UNITS,
            SANYUAN: SANYUAN_UNITS + [c for c in extra if c.startswith(SANYUAN)],
            SHAXIAN: SHAXIAN_UNITS + [c for c in extra if c.startswith(SHAXIAN)],
        }

    # --- helpers -------------------------------------------------------------------------------

    def n(self, base: int) -> int:
        return base * self.scale

    def day(self, months=None, lo: date | None = None, hi: date | None = None) -> date:
        lo, hi = lo or self.start, hi or self.end
        days = [d for d in self.workdays if lo <= d <= hi and (months is None or d.month in months)]
        if not days:
            days = [d for d in self.workdays if lo <= d <= hi] or [hi]
        return self.rng.choice(days)

    def recent(self, back: int) -> date:
        """A working day in the last `back` calendar days (not today)."""
        return self.day(lo=self.today - timedelta(days=back))

    def add_wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n).date

    def body_of(self, unit: str) -> str:
        return SANYUAN if unit.startswith(SANYUAN) else SHAXIAN if unit.startswith(SHAXIAN) else CITY

    def name(self, unit: str) -> str:
        return self.names[unit][0]

    def short(self, unit: str) -> str:
        return self.names[unit][1] or self.names[unit][0]

    def kind_of(self, unit: str) -> str:
        if unit in (CITY, SANYUAN, SHAXIAN):
            return "h"
        if unit in TRAFFIC_UNITS:
            return "t"
        return "s" if self.names[unit][2] in ("station", "post") else "o"

    def stations(self, body: str | None = None) -> list[str]:
        bodies = [body] if body else [SANYUAN, SHAXIAN]
        return [c for b in bodies for c in self.pools[b] if self.names[c][2] == "station"]

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))

    def masked(self) -> str:
        return self.rng.choice(SURNAMES) + "某"

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def publish_on(self, item: Item) -> date:
        item.published_on = self.add_wd(item.created_on, item.lag)
        return item.published_on

    # --- what every notice carries ------------------------------------------------------------

    def signed(self, text: str, genre: str, unit: str, day: date) -> str:
        """A notice ends like one: 特此通告/公告/通知, the issuing authority, the date."""
        if genre not in ("通告", "公告", "通知"):
            return text
        return joined(text, f"特此{genre}。", BODIES[self.body_of(unit)]["letter_name"], cn_date(day))

    def number_prefix(self, unit: str) -> str:
        return {CITY: "明公", SANYUAN: "明三公", SHAXIAN: "明沙公"}[self.body_of(unit)]

    # --- made-up personal data (the planted items' and the scanner's) -------------------------

    def mobile(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(str(self.rng.randint(0, 9)) for _ in range(9))

    def id_number(self, area: str) -> str:
        born = date(self.rng.randint(1965, 2002), self.rng.randint(1, 12), self.rng.randint(1, 28))
        first = f"{area}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
        return first + id_check_char(first)

    def plate(self) -> str:
        return f"闽G{self.rng.choice(PLATE_LETTERS)}{self.rng.randint(1000, 9999)}"
