"""Benchmark: search latency at 100k and 1M items (issue #9; targets: p95 ≤ 30 ms at 1M items and
≤ 2× the raw Tantivy query).

On a demo database with N bulk items (bench/dataset.py; built once per N and reused) and its index
(built by `gongkai search reindex` if there is none; bench/reindex.py times that), a fixed mix of
queries, each run --repeats times, measured three ways in the same run:

  HTTP      GET /api/v1/search/?q=… on gunicorn (2 workers), from a client in a second process,
            one request at a time (latency, not throughput); the whole API: parse, Tantivy,
            re-check of the hits against the database, titles and snippets, JSON.
  Tantivy   the floor: in this process, the query as search() builds it (analyzer.parse_query →
            Tantivy query) and `searcher.search(limit=10, count=True)`, nothing else.
  FTS5      what a database-only design gives: SQLite FTS5 over the same publications, top 10 by
            bm25 plus the count (two statements).

and, to show where the time of a request goes: `query.search()` in this process (everything but
HTTP), the same without snippets and highlighted titles (Tantivy + the re-check of the hits
against the database), and a small static file through the same client and server (the floor
of a request: TCP connect, gunicorn, WhiteNoise).

The FTS5 table (built once, beside the database: fts5.sqlite3) holds the analyzer's own tokens so
that it matches exactly what the index matches: per publication six columns, title_words,
title_chars, title_docnos, body_words, body_chars, body_docnos, each the `document_fields` stream
of every text of that source (the texts PublicationSource gives the index) joined by spaces, with
a `_` token between two texts so that no phrase spans them (Tantivy leaves a position gap
between two values of a field). Tokenizer `unicode61` with `_ : -` as token characters splits
exactly at those spaces (every analyzer token is Han characters, [a-z0-9] or `docno:…-…`);
contentless (`content=''`), as only the index is needed. A query clause becomes
`{title_F body_F} : "t1 t2 …"` (a phrase of consecutive tokens within one column, or one term),
the clauses joined by AND; ranking `bm25(fts, 3, 3, 3, 1, 1, 1)` (the index's title boost). The
run checks that FTS5 and Tantivy (restricted to publications) count the same hits for every query.

    .venv/bin/python bench/search.py --items 100000 [--repeats 20] [--data-dir DIR] [--jobs 2] [--no-fts]

Build times at 1M items: the bulk items ~2 min, `search reindex` and the FTS5 table 20–25 min each
on 2 cores (both bound by the Python analyzer; see bench/reindex.py): --no-fts leaves the FTS5
baseline out. Run under `nice -n 10` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import dataset

# (kind of query, query): one of each kind a person types.
QUERIES = [
    ("1 char", "车"), ("1 char", "证"), ("1 char", "警"),
    ("2 chars", "户口"), ("2 chars", "护照"), ("2 chars", "签注"), ("2 chars", "反诈"),
    ("3+ chars", "驾驶证"), ("3+ chars", "户口迁移"), ("3+ chars", "电动自行车"), ("3+ chars", "政府信息公开"),
    ("3+ chars", "出入境管理支队"),
    ("Latin/digits", "C1"), ("Latin/digits", "110"), ("Latin/digits", "12123"), ("Latin/digits", "C1驾照"),
    ("doc number", "明公〔2019〕12号"), ("doc number", "〔2021〕5号"), ("doc number", "明公交〔2024〕100号"),
    ("Traditional", "護照"), ("Traditional", "戶口遷移"), ("Traditional", "駕駛證"),
    ("multi-word", "户口 迁移"), ("multi-word", "反诈 宣传"), ("multi-word", "交通 事故 认定"),
    ("multi-word", "C1 驾驶证 换证"), ("multi-word", "三元分局 户籍 窗口"),
    ("no hit", "乾隆皇帝"),
]
FTS_COLUMNS = ["title_words", "title_chars", "title_docnos", "body_words", "body_chars", "body_docnos"]
FTS_FILE = "fts5.sqlite3"
STATIC = "/static/gongkai/favicon.svg"
SEPARATOR = " _ "


# --- the client (second process) ---------------------------------------------------------------------

def client(base: str) -> None:
    """Read paths (JSON) from stdin, GET each in turn on one keep-alive connection (gunicorn's sync
    workers close it after each response; http.client then reconnects), print the seconds of each
    and any failure (JSON)."""
    import http.client

    paths = json.load(sys.stdin)
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    times, failures = [], []
    for path in paths:
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": "application/json"})
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            failures.append(f"{path}: {exc!r}")
            continue
        times.append(time.perf_counter() - t0)
        if response.status != 200:
            failures.append(f"{path}: HTTP {response.status} {body[:200]!r}")
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
    json.dump({"times": times, "failures": failures}, sys.stdout)


def http_times(base: str, paths: list[str]) -> tuple[list[float], list[str]]:
    done = subprocess.run([sys.executable, __file__, "--client", base], input=json.dumps(paths),
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    return result["times"], result["failures"]


# --- FTS5 -----------------------------------------------------------------------------------------------

def _fts_rows(bounds: tuple[int, int]) -> list[tuple]:
    """FTS5 rows of the public publications with lo <= pk < hi (in a worker process)."""
    from gongkai.search import analyzer
    from gongkai.search.sources import SOURCES

    lo, hi = bounds
    source = SOURCES["publication"]
    rows = []
    qs = source.indexing(source.public().filter(pk__gte=lo, pk__lt=hi).order_by("pk"))
    for doc in map(source.document, qs.iterator(chunk_size=source.chunk)):
        cols = []
        for texts in (doc.titles, doc.texts):
            fields = [analyzer.document_fields(t) for t in texts if t]
            for stream in (analyzer.WORDS, analyzer.CHARS, analyzer.DOCNOS):
                cols.append(SEPARATOR.join(f[stream] for f in fields if f[stream]))
        rows.append((doc.object_id, *cols))
    return rows


def build_fts(folder: Path, jobs: int) -> tuple[Path, float]:
    """The FTS5 table of the publications (reused if complete); its path and build seconds."""
    from multiprocessing import get_context

    from django.db import connections

    from gongkai.search.sources import SOURCES

    path = folder / FTS_FILE
    public = SOURCES["publication"].public()
    total = public.count()
    if path.exists():
        with sqlite3.connect(path) as db:
            try:
                if db.execute("SELECT n FROM built").fetchone()[0] == total:
                    return path, 0.0
            except sqlite3.Error:
                pass
        path.unlink()
    print(f"building the FTS5 table of {total:,} publications ({jobs} processes) …", flush=True)
    ids = list(public.order_by("pk").values_list("pk", flat=True))
    step = 2000
    ranges = [(ids[i], ids[min(i + step, len(ids)) - 1] + 1) for i in range(0, len(ids), step)]
    t0 = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(FTS_COLUMNS)}, content='', "
               "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_:-'\")")
    connections.close_all()  # the workers are forked: no shared connection
    done = 0
    with get_context("fork").Pool(jobs) as pool:
        for rows in pool.imap(_fts_rows, ranges):
            db.executemany(f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            done += len(rows)
            if done % 50_000 < step:
                print(f"  {done:,}/{total:,}", flush=True)
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.execute("CREATE TABLE built (n INTEGER)")
    db.execute("INSERT INTO built VALUES (?)", (done,))
    db.commit()
    db.close()
    return path, time.perf_counter() - t0


def fts_expression(parsed) -> str:
    return " AND ".join(
        f"{{title_{c.field} body_{c.field}}} : \"{' '.join(c.terms)}\"" for c in parsed.clauses)


# --- measuring --------------------------------------------------------------------------------------------

def run(label: str, func, repeats: int) -> dict[str, list[float]]:
    """Seconds of each call of func(query), per query; one unmeasured call of each first."""
    for _, q in QUERIES:
        func(q)
    times: dict[str, list[float]] = {q: [] for _, q in QUERIES}
    for _ in range(repeats):
        for _, q in QUERIES:
            t0 = time.perf_counter()
            func(q)
            times[q].append(time.perf_counter() - t0)
    print(f"  {label}: done", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--data-dir")
    parser.add_argument("--jobs", type=int, default=2, help="processes building the FTS5 table")
    parser.add_argument("--no-fts", action="store_true", help="without the FTS5 baseline (its build takes long)")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client(args.client)
        return
    folder = dataset.data_dir(args.items, args.data_dir)
    info = dataset.ensure(args.items, folder)
    dataset.setup_django(folder)

    import tantivy

    from gongkai.search import index, query
    from gongkai.search.sources import KIND_CODES, SOURCES

    dataset.ensure_indexed(folder)
    fts_path, fts_seconds = (None, 0.0) if args.no_fts else build_fts(folder, args.jobs)
    public = SOURCES["publication"].public().count()
    docs = index.reader().searcher().num_docs

    def raw_tantivy(q: str, kind_only: bool = False):
        parsed = query.parse(q)
        clauses = query._text_query(parsed)
        if kind_only:
            clauses.append(query._term("kind", KIND_CODES["publication"]))
        return index.reader().searcher().search(tantivy.Query.boolean_query(clauses), limit=10, count=True)

    fts = sqlite3.connect(fts_path) if fts_path else None
    weights = ", ".join(["3.0"] * 3 + ["1.0"] * 3)

    def raw_fts(q: str):
        expression = fts_expression(query.parse(q))
        top = fts.execute(f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, {weights}) LIMIT 10",
                          (expression,)).fetchall()
        count = fts.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()[0]
        return top, count

    # Same matches: FTS5 and Tantivy (publications only) count the same hits for every query.
    counts = {}
    for _, q in QUERIES:
        counts[q] = raw_tantivy(q, kind_only=True).count
        if fts and counts[q] != (f_count := raw_fts(q)[1]):
            print(f"  WARNING: {q!r}: Tantivy {counts[q]} hits, FTS5 {f_count}")

    print(f"search over {docs:,} indexed documents ({public:,} public publications), {len(QUERIES)} queries "
          f"× {args.repeats}; {dataset.machine()}", flush=True)
    times = {"tantivy": run("raw Tantivy", raw_tantivy, args.repeats)}
    if fts:
        times["fts"] = run("raw FTS5", raw_fts, args.repeats)
    # Where the time of a whole search goes: search() in this process, then without its snippets
    # and highlighted titles (what is left: the re-check of the hits against the database).
    times["search"] = run("search() in-process", query.search, args.repeats)
    real_snippet, real_highlight = query.snippet, query.highlight
    query.snippet = query.highlight = lambda *a: ""
    try:
        times["bare"] = run("search() without snippets", query.search, args.repeats)
    finally:
        query.snippet, query.highlight = real_snippet, real_highlight
    with dataset.server(folder) as srv:
        base = srv.base
        endpoint = "/api/v1/search/"
        _, failures = http_times(base, [f"{endpoint}?q=%E6%88%B7%E5%8F%A3"])
        if failures:
            print(f"  {endpoint} not answering ({failures[0][:120]}); measuring the search page /sousuo/")
            endpoint = "/sousuo/"
        paths = [f"{endpoint}?{urllib.parse.urlencode({'q': q})}" for _, q in QUERIES]
        http_times(base, paths)  # warm-up: index readers opened in both workers
        http_times(base, paths)
        samples, failures = http_times(base, paths * args.repeats)
        for failure in failures[:5]:
            print(f"  FAILED {failure}")
        if not failures:
            times["http"] = {q: samples[i::len(QUERIES)] for i, (_, q) in enumerate(QUERIES)}
        # The floor of a request through the same client and server: a small static file.
        static, _ = http_times(base, [STATIC] * (len(QUERIES) * args.repeats))
        print("  HTTP: done", flush=True)
    report(args, info, docs, counts, endpoint, times, static, fts_seconds)


def report(args, info, docs, counts, endpoint, times, static, fts_seconds) -> None:
    p = dataset.percentile
    flat = {key: [t for ts in by_query.values() for t in ts] for key, by_query in times.items()}

    def median_ms(key: str, q: str) -> str:
        return f"{statistics.median(times[key][q]) * 1000:8.2f}" if key in times else "       —"

    print()
    print("median ms per query:")
    print(f"{'kind of query':14} {'query':16} {'hits':>9} {'Tantivy':>8} {'FTS5':>8} {'search()':>8} {'HTTP':>8}")
    for kind, q in QUERIES:
        print(f"{kind:14} {q:16} {counts[q]:>9,} {median_ms('tantivy', q)} {median_ms('fts', q)} "
              f"{median_ms('search', q)} {median_ms('http', q)}")
    print()
    t95 = p(flat["tantivy"], 95)
    rows = [("raw Tantivy (floor)", flat["tantivy"]), ("raw FTS5 bm25 (database only)", flat.get("fts")),
            ("search() in-process, no snippets", flat["bare"]), ("search() in-process", flat["search"]),
            (f"HTTP {endpoint} (gunicorn)", flat.get("http")), ("HTTP static file (same client)", static)]
    print(f"{args.items:,} bulk items ({docs:,} documents in the index), {len(QUERIES)} queries × {args.repeats}:")
    for label, samples in rows:
        if samples:
            print(f"  {label:34} p50 {p(samples, 50) * 1000:7.2f} ms  p95 {p(samples, 95) * 1000:7.2f} ms  "
                  f"max {max(samples) * 1000:7.1f} ms   p95 ratio to Tantivy {p(samples, 95) / t95:6.1f}×")
    if "http" in flat:
        h95 = p(flat["http"], 95)
        print(f"  target HTTP p95 ≤ 30 ms: {'met' if h95 <= 0.030 else 'missed'} ({h95 * 1000:.1f} ms); "
              f"≤ 2× raw Tantivy: {'met' if h95 <= 2 * t95 else 'missed'} ({h95 / t95:.1f}×)")
    if "fts" in flat:
        print(f"  FTS5 p95 / Tantivy p95: {p(flat['fts'], 95) / t95:.1f}×; FTS5 table built in {fts_seconds:.0f} s"
              + (" (reused)" if not fts_seconds else ""))
    print(f"  database built {info.get('built')}, bulk insert {info.get('bulk_rate') or 0:,} items/s; "
          f"at the end: {dataset.machine()}")


if __name__ == "__main__":
    main()
