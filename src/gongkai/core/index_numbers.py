"""Index numbers (索引号): the pattern a disclosure body sets (`DisclosureBody.index_pattern`) and
the numbers drawn from it when an item is published. Pure."""

import re
import string
from datetime import date

PLACEHOLDERS = {"org18", "org9", "year", "month", "serial"}


class IndexPatternError(ValueError):
    pass


def org9(org_code: str) -> str:
    """The 9-character organisation code inside an 18-character unified social credit code
    (characters 9–17); a 9-character code is returned as it is."""
    code = org_code.strip().upper()
    if len(code) == 18:
        return code[8:17]
    return code


def check_pattern(pattern: str) -> None:
    names = set(re.findall(r"{(\w+)(?::[^}]*)?}", pattern))
    unknown = names - PLACEHOLDERS
    if unknown:
        raise IndexPatternError(f"索引号格式中有未知的占位符：{'、'.join(sorted(unknown))}")
    if "serial" not in names:
        raise IndexPatternError("索引号格式必须包含流水号 {serial}")
    if "year" not in names:
        raise IndexPatternError("索引号格式必须包含年份 {year}（流水号按年重新编排）")


def format_index_number(pattern: str, *, org_code: str, on: date, serial: int) -> str:
    check_pattern(pattern)
    return pattern.format(org18=org_code.strip().upper(), org9=org9(org_code), year=on.year, month=on.month,
                          serial=serial)


def matcher(pattern: str, org_code: str) -> re.Pattern[str] | None:
    """A regular expression matching the numbers `pattern` produces for this body, with the year
    and serial as groups; None if the pattern cannot be read."""
    parts, seen = [], set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return None
    for literal, name, _spec, _conversion in parsed:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name == "org18":
            parts.append(re.escape(org_code.strip().upper()))
        elif name == "org9":
            parts.append(re.escape(org9(org_code)))
        elif name == "month":
            parts.append(r"\d{1,2}")
        elif name in ("year", "serial"):
            digits = r"\d{4}" if name == "year" else r"\d+"
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{digits})")
            seen.add(name)
        else:
            return None
    return re.compile("".join(parts), re.IGNORECASE)
