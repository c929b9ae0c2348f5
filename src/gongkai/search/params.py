"""The search's parameters as a visitor or an API client sends them (q, kind, topic, unit, body,
year, sort, page, per_page): one reader for the search page and the API, so both refuse the same
things with the same Chinese messages. A malformed number is refused here; what only the search
can judge (the query, unknown codes, a page beyond the count cap) is refused by `query.search`."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.http import urlencode

from . import query
from .query import SearchError

_POSITIVE = re.compile(r"0*[1-9][0-9]*")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass
class Params:
    text: str | None  # None: no query was sent
    filters: query.Filters = field(default_factory=query.Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = query.PER_PAGE

    def url_query(self, **changes: str) -> str:
        """The URL query of these parameters but the page (empty ones and defaults left out), with
        `changes` applied: what the page links add a page number to."""
        f = self.filters
        values = {"q": self.text or "", "kind": f.kind, "topic": f.topic, "unit": f.unit, "body": f.body,
                  "year": str(f.year or ""), "sort": "" if self.sort == "relevance" else self.sort}
        values.update(changes)
        return urlencode([(k, v) for k, v in values.items() if v])


def _positive(value: str, message: str, code: str) -> int:
    if not _POSITIVE.fullmatch(value):
        raise SearchError(message, code)
    digits = value.lstrip("0")
    return int(digits) if len(digits) <= 9 else 10**9  # beyond any limit: the search says which


def read_params(params: Mapping, *, per_page: bool = False) -> Params:
    """q, kind, topic, unit, body, year, sort, page (and per_page where allowed) as sent. Raises
    `SearchError` for a page, year or page size that is not a number."""
    def get(name: str) -> str:
        return (params.get(name) or "").strip()

    year = get("year")
    if year and not _YEAR.fullmatch(year):
        raise SearchError("年份不正确，应为四位数字，如 2026。", "invalid_year")
    page = _positive(get("page") or "1", "页码不正确，应为正整数。", "invalid_page")
    size = query.PER_PAGE
    if per_page and get("per_page"):
        size = _positive(get("per_page"), f"每页条数应在 1 到 {query.MAX_PER_PAGE} 之间。", "invalid_per_page")
    return Params(
        text=params.get("q"), sort=get("sort") or "relevance", page=page, per_page=size,
        filters=query.Filters(kind=get("kind"), topic=get("topic"), unit=get("unit"), body=get("body"),
                              year=int(year) if year else None))


def run(params: Params, *, kind_counts: bool = False) -> query.Page:
    return query.search(params.text, filters=params.filters, sort=params.sort, page=params.page,
                        per_page=params.per_page, kind_counts=kind_counts)
