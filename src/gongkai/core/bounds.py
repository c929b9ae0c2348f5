"""How far back and ahead a date typed by a person may go: the year filter of a list, the
deadline calculator's start. No record of a bureau lies outside these years, and year 0 or 10000
cannot even be a date in Asia/Shanghai (a lookup on them would fail with a server error)."""

from datetime import date

FIRST_YEAR, LAST_YEAR = 1949, 2100
YEAR_MESSAGE = f"年份不正确：请填写{FIRST_YEAR}至{LAST_YEAR}之间的四位年份"
DATE_MESSAGE = f"日期超出范围：请填写{FIRST_YEAR}年至{LAST_YEAR}年之间的日期"


def parse_year(value: str | None) -> int | None:
    """A year filter from a query string: None when absent or empty; ValueError(YEAR_MESSAGE)
    when it is not a year in range."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValueError(YEAR_MESSAGE)
    return int(text)


def date_in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR
