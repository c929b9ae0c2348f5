"""The search relevance set (issue #9): fixed items and queries with the items a person expects.

The corpus (relevance/corpus.json) is loaded through the `make` fixture, indexed with
`indexer.sync()` and searched through `query.search`, the path of the search page and the API. A
query's *expected* items are every item a person would expect for the words as typed — in
Simplified or Traditional characters, any width, with or without spaces — judged from the texts,
not from the engine; no synonyms (电动车 does not find 电动自行车). Distractors share characters
but not the word (口岸 for 户口, 照片 for 护照, 交通 … 管制 far apart for 交通管制).

Metrics per query (ranked results, fetched page by page at `MAX_PER_PAGE`):

* P@10 = (expected items among the first 10) / min(10, |expected|);
* recall = (expected items anywhere in the results) / |expected|;
* for a query that should find nothing (|expected| = 0): P@10 = 1 if it finds nothing, else 0;
  recall = 1;
* also printed, not asserted: FP@10, the unexpected items among the first 10.

Asserted: mean P@10 and mean recall over all queries at least 0.9, and recall 1.0 for every query."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gongkai.search import indexer
from gongkai.search.models import Kind
from gongkai.search.query import MAX_PER_PAGE, search

HERE = Path(__file__).parent / "relevance"
TOP = 10
THRESHOLD = 0.9
CATEGORIES = ("one_char", "two_char", "three_plus", "latin_digits", "docno", "traditional", "spaces_punct",
              "fullwidth", "mixed", "multiword", "quoted")


def _load(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _create(make, item: dict):
    fields = {k: v for k, v in item.items() if k not in ("key", "kind", "published")}
    published = date.fromisoformat(item["published"])
    match item["kind"]:
        case Kind.PUBLICATION:
            return make.publication(published=published, **fields)
        case Kind.GUIDE:
            return make.guide(published=published, **fields)
        case Kind.QA:
            return make.qa(published=published, **fields)
        case Kind.BULLETIN:
            return make.bulletin(published=published, **fields)
    raise ValueError(f"{item['key']}: unknown kind {item['kind']!r}")


def _ranked(text: str, keys: dict) -> list[str]:
    """Keys of every hit, in rank order, across all pages."""
    ranked, page = [], 1
    while True:
        found = search(text, page=page, per_page=MAX_PER_PAGE)
        ranked += [keys[(hit.result.kind, hit.result.object_id)] for hit in found.hits]
        if not found.has_next:
            return ranked
        page += 1


@dataclass
class Row:
    query: dict
    precision: float  # P@10
    recall: float
    unexpected: list[str]  # unexpected keys among the first 10
    missed: list[str]  # expected keys not found at all


def _score(query: dict, ranked: list[str]) -> Row:
    expected, top = set(query["expected"]), ranked[:TOP]
    unexpected = [key for key in top if key not in expected]
    missed = sorted(expected - set(ranked))
    if not expected:
        return Row(query, 0.0 if ranked else 1.0, 1.0, unexpected, missed)
    precision = sum(key in expected for key in top) / min(TOP, len(expected))
    return Row(query, precision, 1 - len(missed) / len(expected), unexpected, missed)


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


def test_relevance_set(make, capsys):
    corpus, queries = _load("corpus.json")["items"], _load("queries.json")["queries"]
    known = {item["key"] for item in corpus}
    assert len(known) == len(corpus) >= 150, "corpus keys must be unique, at least 150 items"
    assert len(queries) >= 60 and len({q["id"] for q in queries}) == len(queries)
    for q in queries:
        assert q["category"] in CATEGORIES, q
        assert set(q["expected"]) <= known, f"{q['id']}: unknown keys {set(q['expected']) - known}"

    keys = {}
    for item in corpus:
        obj = _create(make, item)
        keys[(item["kind"], obj.pk)] = item["key"]
    indexer.sync()

    rows = [_score(q, _ranked(q["text"], keys)) for q in queries]
    by_category = defaultdict(list)
    for row in rows:
        by_category[row.query["category"]].append(row)
    mean_p, mean_r = _mean(r.precision for r in rows), _mean(r.recall for r in rows)
    lines = ["", f"Search relevance set: {len(corpus)} items, {len(queries)} queries",
             f"{'category':<14}{'queries':>8}{'P@10':>8}{'recall':>8}{'FP@10':>8}"]
    for category in CATEGORIES:
        group = by_category.get(category, [])
        if group:
            lines.append(f"{category:<14}{len(group):>8}{_mean(r.precision for r in group):>8.3f}"
                         f"{_mean(r.recall for r in group):>8.3f}{sum(len(r.unexpected) for r in group):>8}")
    lines.append(f"{'overall':<14}{len(rows):>8}{mean_p:>8.3f}{mean_r:>8.3f}"
                 f"{sum(len(r.unexpected) for r in rows):>8}")
    imperfect = [r for r in rows if r.precision < 1 or r.recall < 1 or r.unexpected]
    if imperfect:
        lines.append(f"queries below 1.0 or with unexpected items in the top {TOP}:")
    for r in imperfect:
        q = r.query
        lines.append(f"  {q['id']} {q['category']:<13} {q['text']!r:<20} P@10 {r.precision:.2f} recall {r.recall:.2f}"
                     f"  missed {r.missed or '-'}  unexpected {r.unexpected or '-'}")
    with capsys.disabled():
        print("\n".join(lines))

    assert mean_p >= THRESHOLD, f"mean P@10 {mean_p:.3f} < {THRESHOLD}"
    assert mean_r >= THRESHOLD, f"mean recall {mean_r:.3f} < {THRESHOLD}"
    misses = [f"{r.query['id']} {r.query['text']!r} missed {r.missed}" for r in rows
              if r.recall < 1]
    assert not misses, "queries missing expected items:\n" + "\n".join(misses)
