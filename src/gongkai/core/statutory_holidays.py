"""The holidays that 《全国年节及纪念日放假办法》 (as revised in 2024, in force from
1 January 2025) fixes by date: regulation.md §7. Pure: no Django, tested directly.

The State Council's yearly arrangement moves days around them (调休) and is published only each
autumn, but these dates are known for any year in advance. The calendar leaves them out of the
provisional count for a year whose arrangement is not entered yet; once it is entered, only the
entered days count.

Only the holiday dates themselves are fixed by the rule. A holiday falling on a Saturday or Sunday
gives no day off in lieu here: 补休 and make-up working weekends exist only in the yearly
arrangement, so none are invented.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from lunar_python import Lunar

# The revised rule (4-day Spring Festival with 除夕, 2-day Labour Day) holds from this year on;
# earlier years are all in the seeded calendar, and are not guessed with today's rule.
IN_FORCE_FROM = 2025

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


@dataclass(frozen=True)
class HolidaySpan:
    name: str
    first: date
    last: date


def _solar(lunar: Lunar) -> date:
    solar = lunar.getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> MappingProxyType:
    """date -> holiday name for every statutory day off in `year` (empty before the rule held)."""
    if year < IN_FORCE_FROM:
        return MappingProxyType({})
    days: dict[date, str] = {date(year, 1, 1): NEW_YEAR}
    # 正月初一 of the lunar year that begins in `year` (always between 21 January and 20 February).
    chuyi = _solar(Lunar.fromYmd(year, 1, 1))
    # 除夕 is the last day of the twelfth lunar month (廿九 or 三十), i.e. the day before 初一.
    for offset in range(-1, 3):
        days[chuyi + timedelta(days=offset)] = SPRING_FESTIVAL
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    days[date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = QINGMING
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = LABOUR_DAY
    # Month 5 and 8 (positive) are the regular months, never a leap month of the same number.
    days[_solar(Lunar.fromYmd(year, 5, 5))] = DRAGON_BOAT
    # 中秋 may fall on 1–3 October (as in 2031): that day is off once, named 国庆节; no day is added.
    days[_solar(Lunar.fromYmd(year, 8, 15))] = MID_AUTUMN
    for day in (1, 2, 3):
        days[date(year, 10, day)] = NATIONAL_DAY
    return MappingProxyType(dict(sorted(days.items())))


def holiday_spans(year: int) -> list[HolidaySpan]:
    """The statutory holidays of `year` as runs of consecutive days with one name, for display."""
    spans: list[HolidaySpan] = []
    for day, name in statutory_holidays(year).items():
        last = spans[-1] if spans else None
        if last and last.name == name and last.last + timedelta(days=1) == day:
            spans[-1] = HolidaySpan(name, last.first, day)
        else:
            spans.append(HolidaySpan(name, day, day))
    return spans
