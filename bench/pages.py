"""Benchmark: public pages under load (issue #9; target ≥ 500 requests/s for the item and catalog
pages, anonymous visitors).

gunicorn (2 sync workers: the machine's 2 cores) serves the demo database with N bulk items
(bench/dataset.py; built once per N and reused); `wrk` (C, one thread, keep-alive connections,
Debian package `wrk`) in a second process loads one target at a time for --seconds:

  static        a stylesheet served by WhiteNoise from the same server: the baseline, what the
                server stack does without Django views (requests/s of every page is compared to it)
  item          one item page /xxgk/<id>/, over and over (a popular item)
  item ×2000    2,000 different item pages in turn (each process meets each page once per round)
  catalog       the catalog /xxgk/mulu/ (first page, every visitor sees it)
  catalog ×100  pages 1–10 of the catalog under ten topics, in turn
  search        the search page /sousuo/?q=户口
  search mix    the search page for the search benchmark's 28 queries in turn

A request is what an anonymous visitor without cookies sends. The caching headers each target
answered with are printed (Cache-Control, ETag, Last-Modified, Vary).

    .venv/bin/python bench/pages.py --items 100000 [--seconds 10] [--connections 8] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import dataset
from search import QUERIES

STATIC = "/static/gongkai/css/portal.css"
HEADERS = ("Cache-Control", "ETag", "Last-Modified", "Vary")
LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def wrk(base: str, paths: list[str], seconds: int, connections: int, workdir: Path) -> dict:
    """Requests/s and latency of `paths` (in turn) under wrk; non-2xx answers and errors counted."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    if len(paths) > 1:
        script = workdir / f"paths-{abs(hash(tuple(paths)))}.lua"
        script.write_text(LUA % ", ".join(json.dumps(p) for p in paths))  # URL-encoded: ASCII
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, base + paths[0]], capture_output=True, text=True, check=True).stdout

    def number(pattern: str, default: float = 0.0) -> float:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else default

    def ms(label: str) -> float:
        found = re.search(rf"{label}\s+([0-9.]+)(us|ms|s)\b", out)
        if not found:
            return float("nan")
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    return {"rps": number(r"Requests/sec:\s+([0-9.]+)"), "p50": ms("50%"), "p99": ms("99%"),
            "bad": int(number(r"Non-2xx or 3xx responses:\s+([0-9]+)")),
            "errors": sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) ([0-9]+)", out)),
            "requests": int(number(r"([0-9]+) requests in"))}


def first_request(base: str, path: str) -> tuple[float, str]:
    """Seconds of the first request of a path (nothing cached for it yet) and what it answered."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=300) as r:
        size = len(r.read())
        seconds = time.perf_counter() - t0
        shown = [f"{h}: {r.headers[h]}" for h in HEADERS if r.headers.get(h)]
        return seconds, f"{r.status}, {size:,} bytes; " + ("; ".join(shown) or "no caching headers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before each measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    folder = dataset.data_dir(args.items, args.data_dir)
    info = dataset.ensure(args.items, folder)
    dataset.setup_django(folder)

    from gongkai.publications.selectors import public_publications, public_topics

    dataset.ensure_indexed(folder)
    rng = random.Random(9)
    ids = list(public_publications().values_list("pk", flat=True))
    items = [f"/xxgk/{pk}/" for pk in rng.sample(ids, min(2000, len(ids)))]
    topics = [t.pk for t in public_topics() if t.publications.exists()][:10]
    catalog_pages = [f"/xxgk/mulu/?topic={t}&page={p}" for t in topics for p in range(1, 11)]
    searches = [f"/sousuo/?{urllib.parse.urlencode({'q': q})}" for _, q in QUERIES]
    targets = [
        ("static (baseline)", [STATIC]),
        ("item", items[:1]),
        ("item ×2000", items),
        ("catalog", ["/xxgk/mulu/"]),
        (f"catalog ×{len(catalog_pages)}", catalog_pages),
        ("search 户口", ["/sousuo/?q=%E6%88%B7%E5%8F%A3"]),
        (f"search mix ×{len(searches)}", searches),
    ]
    results = {}
    with dataset.server(folder, workers=args.workers) as srv, tempfile.TemporaryDirectory() as tmp:
        for label, paths in targets:
            srv.wait_idle()
            seen = first_request(srv.base, paths[0])
            wrk(srv.base, paths, args.warmup, args.connections, Path(tmp))  # both workers, their caches
            srv.wait_idle()
            results[label] = (wrk(srv.base, paths, args.seconds, args.connections, Path(tmp)), seen)
            r = results[label][0]
            print(f"  {label:18} {r['rps']:8,.0f} requests/s", flush=True)
    static = results["static (baseline)"][0]["rps"]
    print()
    print(f"pages, {args.items:,} bulk items ({len(ids):,} public publications); gunicorn {args.workers} sync "
          f"workers, wrk 1 thread × {args.connections} connections × {args.seconds} s; {dataset.machine()}")
    print(f"  {'target':18} {'requests/s':>10} {'÷ static':>8} {'p50 ms':>8} {'p99 ms':>8} {'first ms':>9}  "
          f"{'target ≥ 500/s':14}")
    for label, _ in targets:
        r, (first, _) = results[label]
        goal = "" if not label.startswith(("item", "catalog")) else ("met" if r["rps"] >= 500 else "missed")
        problems = f"  {r['bad']} non-2xx" if r["bad"] else ""
        problems += f"  {r['errors']} socket errors" if r["errors"] else ""
        print(f"  {label:18} {r['rps']:10,.0f} {r['rps'] / static:8.2f} {r['p50']:8.1f} {r['p99']:8.1f} "
              f"{first * 1000:9.0f}  {goal:14}{problems}")
    print("  first ms: the first request of the target's first path, before anything of it was cached")
    print("  answers and caching headers (first request of each target):")
    for label, _ in targets:
        print(f"    {label:18} {results[label][1][1]}")
    print(f"  database built {info.get('built')}")


if __name__ == "__main__":
    main()
