"""Searching: what the portal's search page and `GET /api/v1/search/` call.

`search(...)` parses the query with the analyzer, asks the index for one page of hits, and
re-checks every hit against the database's public selectors before it is shown: an item withdrawn
a moment ago is dropped here even if no indexer has run since. Snippets are cut from the
database's text, not from the index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.bounds import FIRST_YEAR, LAST_YEAR
from gongkai.core.models import DisclosureBody, Unit

from . import analyzer, index, indexer
from .models import Change, Kind
from .sources import KIND_CODES, KINDS_BY_CODE, SNIPPET_SOURCE_CHARS, SOURCES, Result, local_date

SORTS = {"relevance": "相关度", "date": "发布日期"}
PER_PAGE = 10
MAX_PER_PAGE = 50
SNIPPET_CHARS = 120  # characters of context shown per hit
SNIPPET_BEFORE = 30  # of which before the first match
PENDING_CHECK_MAX = 2000  # change-log rows not yet applied that a search checks (see _withdrawn_pending)
SNIPPET_BUDGET = 40_000  # characters scanned for the snippet of one hit (find_spans: ~1M chars/s)


class SearchError(ValueError):
    """A search that cannot run as asked; `message` is Chinese and shown as it is."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Hit:
    result: Result
    title_html: SafeString
    snippet_html: SafeString

    @property
    def date(self):
        return local_date(self.result.date)


@dataclass
class Filters:
    kind: str = ""
    topic: str = ""  # topic code, descendants included
    unit: str = ""  # unit code
    body: str = ""  # unit code of the disclosure body
    year: int | None = None


@dataclass
class Page:
    text: str
    terms: list[str]
    filters: Filters
    sort: str
    page: int
    per_page: int
    count: int  # exact up to `count_cap`
    capped: bool  # more than `count_cap` matched
    hits: list[Hit] = field(default_factory=list)
    kind_counts: dict[str, int] | None = None  # matches per kind, the kind filter left out

    def kind_count_label(self, kind: str) -> str:
        n = (self.kind_counts or {}).get(kind, 0)
        return f"{count_cap():,}+" if n > count_cap() else f"{n:,}"

    @property
    def count_cap(self) -> int:
        return count_cap()

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def count_cap() -> int:
    return int(getattr(settings, "GONGKAI_SEARCH_COUNT_CAP", 10_000))


# --- query building ---------------------------------------------------------------------------------

def _clause_query(clause: analyzer.Clause, source: str) -> tantivy.Query:
    name = f"{source}_{clause.field}"
    if len(clause.terms) == 1:  # tantivy panics on a one-term phrase
        return tantivy.Query.term_query(index.SCHEMA, name, clause.terms[0], index_option="freq")
    return tantivy.Query.phrase_query(index.SCHEMA, name, list(clause.terms))


def _text_query(parsed: analyzer.Query) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    return [(tantivy.Occur.Must, tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(_clause_query(c, "title"), index.TITLE_BOOST)),
        (tantivy.Occur.Should, _clause_query(c, "body")),
    ])) for c in parsed.clauses]


def _term(name: str, value: int) -> tuple[tantivy.Occur, tantivy.Query]:
    return (tantivy.Occur.Must, tantivy.Query.term_query(index.SCHEMA, name, value))


# One indexed lookup each, per search: not cached, so a topic sealed or a code reused counts at once.
def _topic_id(code: str) -> int | None:
    # The topics are a kind's own (proactive disclosure files its items under them).
    return next((found for source in SOURCES.values() if (found := source.topic_id(code)) is not None), None)


def _unit_id(code: str) -> int | None:
    return Unit.objects.filter(code=code).values_list("pk", flat=True).first()


def _body_id(code: str) -> int | None:
    return DisclosureBody.objects.filter(unit__code=code).values_list("pk", flat=True).first()


def _filter_clauses(filters: Filters, *, kind: bool = True) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    clauses = []
    if filters.kind and kind:
        if filters.kind not in KIND_CODES:
            raise SearchError("内容类型不正确，可选：" + "、".join(f"{k}（{Kind(k).label}）" for k in KIND_CODES),
                              "invalid_kind")
        clauses.append(_term("kind", KIND_CODES[filters.kind]))
    for name, code, lookup, message in (
        ("topic", filters.topic, _topic_id, "没有这个主题分类"),
        ("unit", filters.unit, _unit_id, "没有这个发布单位"),
        ("body", filters.body, _body_id, "没有这个公开主体"),
    ):
        if code:
            pk = lookup(code) if len(code) <= 30 else None
            if pk is None:
                raise SearchError(f"{message}：{code[:30]}", f"invalid_{name}")
            clauses.append(_term(name, pk))
    if filters.year is not None:
        if not FIRST_YEAR <= filters.year <= LAST_YEAR:
            raise SearchError("年份不正确", "invalid_year")
        clauses.append(_term("year", filters.year))
    return clauses


# --- snippets ----------------------------------------------------------------------------------------

def _mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """`text[start:end]` escaped, with the spans in it wrapped in <mark>; whitespace runs become
    one space (layout of extracted text)."""
    end = len(text) if end is None else end
    out, at = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out.append(escape(_squash(text[at:a])))
        out.append(f"<mark>{escape(_squash(text[a:b]))}</mark>")
        at = b
    out.append(escape(_squash(text[at:end])))
    return "".join(out)


_LAYOUT_SPACE = re.compile(rf"(?<=[{analyzer.HAN_CLASS}])\s+(?=[{analyzer.HAN_CLASS}])")


def _squash(s: str) -> str:
    """Layout whitespace of extracted text: none between two Han characters, one space elsewhere."""
    if not s.strip():
        return " " if s else ""
    return " ".join(_LAYOUT_SPACE.sub("", s).split())


_SENTENCE_END = re.compile(r"[。！？；!?;\n]")


def _snippet_start(text: str, match: int) -> int:
    """Where a snippet before the match at `match` starts: after the last sentence end within
    `SNIPPET_BEFORE` characters, else `SNIPPET_BEFORE` characters before (not mid-sentence when
    it can be helped)."""
    start = max(0, match - SNIPPET_BEFORE)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, match)]
    return ends[-1] if ends else start


def highlight(text: str, parsed: analyzer.Query) -> SafeString:
    return mark_safe(_mark(text, analyzer.find_spans(text, parsed)))  # noqa: S308 - escaped in _mark


def snippet(texts: list[str], parsed: analyzer.Query, budget: int = SNIPPET_BUDGET) -> SafeString:
    """About `SNIPPET_CHARS` characters of the first text that matches, around its first match,
    the matches marked; the start of the first non-empty text if none matches. At most `budget`
    characters are scanned (a hit that matched in its title only must not cost every attachment)."""
    for text in texts:
        if not text:
            continue
        if budget <= 0:
            break
        text = text[:min(SNIPPET_SOURCE_CHARS, budget)]
        budget -= len(text)
        spans = analyzer.find_spans(text, parsed)
        if spans:
            start = _snippet_start(text, spans[0][0])
            end = min(len(text), start + SNIPPET_CHARS)
            html = _mark(text, spans, start, end).strip()
            return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
    for text in texts:
        if text and text.strip():
            cut = text[:SNIPPET_CHARS]
            return mark_safe(escape(_squash(cut).strip()) + ("…" if len(text) > SNIPPET_CHARS else ""))  # noqa: S308
    return mark_safe("")  # noqa: S308


# --- search ---------------------------------------------------------------------------------------

def parse(text) -> analyzer.Query:
    try:
        return analyzer.parse_query(text)
    except analyzer.QueryError as exc:
        raise SearchError(exc.message, exc.code) from None


def _withdrawn_pending(path) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Must-not clauses for what the change log says has changed since generation `path` last
    synced and is no longer public: counts (of a page, of a kind) must not tell that a withdrawn
    item holds the words searched for, even before the indexer has run. Usually no row is pending
    (one indexed query)."""
    state = index.load_state(path)
    if state is None:
        return []
    named: dict[str, set[int]] = {}
    for kind, object_id in (Change.objects.filter(indexer.pending(state)).exclude(kind=Kind.UNIT)
                            .values_list("kind", "object_id")[:PENDING_CHECK_MAX]):
        named.setdefault(kind, set()).add(object_id)
    return [(tantivy.Occur.MustNot, tantivy.Query.term_query(index.SCHEMA, "key", index.key(kind, object_id)))
            for kind, ids in named.items() if kind in SOURCES
            for object_id in ids - SOURCES[kind].public_ids(ids)]


def _kind_counts(searcher, parsed: analyzer.Query, filters: Filters, excluded) -> dict[str, int]:
    """Matches per kind under the other filters, in one pass over the kind fast field (the tabs of
    the search page)."""
    everywhere = tantivy.Query.boolean_query(
        _text_query(parsed) + _filter_clauses(filters, kind=False) + excluded)
    found = searcher.aggregate(everywhere, {"kinds": {"terms": {"field": "kind", "size": len(KIND_CODES)}}})
    counts = {kind: 0 for kind in KIND_CODES}
    for bucket in found["kinds"]["buckets"]:
        counts[KINDS_BY_CODE[int(bucket["key"])]] = bucket["doc_count"]
    return counts


def search(text, *, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
           per_page: int = PER_PAGE, kind_counts: bool = False) -> Page:
    """One page of public results for what a person typed (and, with `kind_counts`, the matches
    per kind). Raises `SearchError` (a Chinese message) for a query or filter that cannot be
    searched."""
    parsed = parse(text)
    filters = filters or Filters()
    if sort not in SORTS:
        raise SearchError("排序方式不正确，可选：relevance（相关度）、date（发布日期）", "invalid_sort")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchError(f"每页条数应在 1 到 {MAX_PER_PAGE} 之间。", "invalid_per_page")
    cap = count_cap()
    if page < 1 or (page - 1) * per_page >= cap:
        raise SearchError(f"页码不正确：最多显示前 {cap:,} 条结果，请增加关键词或筛选条件缩小范围", "invalid_page")
    try:
        path, idx = index.current_reader()
    except index.Missing:
        return Page(parsed.text, analyzer.highlight_terms(parsed), filters, sort, page, per_page, 0, False)
    searcher = idx.searcher()
    excluded = _withdrawn_pending(path)
    query = tantivy.Query.boolean_query(_text_query(parsed) + _filter_clauses(filters) + excluded)
    options = {"order_by_field": "date"} if sort == "date" else {}
    found = searcher.search(query, limit=per_page, count=True, offset=(page - 1) * per_page, **options)
    addresses = [address for _, address in found.hits]
    keys = list(zip(searcher.fast_field_values("kind", addresses),
                    searcher.fast_field_values("oid", addresses), strict=True))
    wanted: dict[str, list[int]] = {}
    for code, oid in keys:
        wanted.setdefault(KINDS_BY_CODE[code], []).append(oid)
    public: dict[tuple[str, int], Result] = {}
    for kind, ids in wanted.items():
        for oid, result in SOURCES[kind].results(ids).items():
            public[(kind, oid)] = result
    hits = []
    for code, oid in keys:
        result = public.get((KINDS_BY_CODE[code], oid))
        if result is None:
            continue  # withdrawn since it was indexed: never shown
        hits.append(Hit(result, highlight(result.title, parsed), snippet(result.texts, parsed)))
    dropped = len(keys) - len(hits)
    count = max(0, found.count - dropped)
    return Page(parsed.text, analyzer.highlight_terms(parsed), filters, sort, page, per_page,
                min(count, cap), count > cap, hits,
                _kind_counts(searcher, parsed, filters, excluded) if kind_counts else None)
