"""Values read from a spreadsheet cell or a CSV field, as the importers need them: the text a
person sees in the cell, and dates in every spelling the bureau's old systems and clerks use.
Pure: no Django. A value that cannot be read raises `CellError` with a message in Chinese."""

import re
import unicodedata
from datetime import date, datetime, time

# Full-width ASCII (ＡＢＣ１２３, the ideographic space) as typed with a Chinese input method.
FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def cell_text(value) -> str:
    """What the cell shows, as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time.min else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


class CellError(ValueError):
    pass


_PUNCTUATION = re.compile(r"[\s:：\-—–－_·・.。．,，、;；/\\|()（）\[\]【】“”\"'‘’《》<>〈〉?？!！*]+")
_ENUMERATOR = re.compile(r"[（(][一二三四五六七八九十\d]+[）)]|^[一二三四五六七八九十]+、|\d+\s*[.．、]")


def norm(value: str) -> str:
    """The form headers and listed values are compared in: half-width, lower case, no spaces,
    punctuation or the enumerators of the report ("（三）", "1.")."""
    text = unicodedata.normalize("NFKC", value or "").strip().lower()
    text = _ENUMERATOR.sub("", text)
    return _PUNCTUATION.sub("", text)


_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(.*)", re.S)
_TIME_RE = re.compile(r"(?:T\s*)?(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?)?\s*[分秒]?")
DATE_HINT = "请写成 2016-03-05、2016/3/5 或 2016年3月5日"


def parse_date(value, *, with_time: bool = False) -> date | datetime:
    """A date (or, with `with_time`, a naive datetime when a time is given) from a cell value.

    Accepts date and datetime cells, Excel date serial numbers, 20160305, and the spellings
    2016-03-05, 2016/3/5, 2016.3.5 and 2016年3月5日, optionally followed by a time (09:30,
    09:30:15, 9时30分). Raises CellError with a Chinese message."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _from_number(value)
    else:
        result = _from_text(cell_text(value))
    if result.year < 1900:
        raise CellError(f"日期“{cell_text(value)}”不合理")
    if isinstance(result, datetime):
        if with_time and result.time() != time.min:
            return result.replace(microsecond=0)
        return result.date()
    return result


def _from_number(value: float) -> date | datetime:
    if float(value).is_integer() and 19000101 <= value <= 29991231:
        return _from_text(str(int(value)))
    if 0 < value < 2958466:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value)
        except (ValueError, OverflowError):
            pass
    raise CellError(f"无法识别的日期“{cell_text(value)}”，{DATE_HINT}")


def _from_text(raw: str) -> date | datetime:
    text = raw.translate(FULL_WIDTH).strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE_RE.fullmatch(text)
    if not match:
        raise CellError(f"无法识别的日期“{raw}”，{DATE_HINT}")
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        day_value = date(year, month, day)
    except ValueError:
        raise CellError(f"日期“{raw}”不存在") from None
    rest = match.group(4).strip()
    if not rest:
        return day_value
    time_match = _TIME_RE.fullmatch(rest)
    if not time_match:
        raise CellError(f"无法识别的日期时间“{raw}”，时间请写成 09:30 或 09:30:00")
    hour, minute, second = (int(g or 0) for g in time_match.groups())
    try:
        return datetime.combine(day_value, time(hour, minute, second))
    except ValueError:
        raise CellError(f"时间“{rest}”不存在") from None
