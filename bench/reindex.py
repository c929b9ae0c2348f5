"""Benchmark: the index build, `gongkai search reindex` from the database (issue #9; target ≥ 5,000
items/s).

On the demo database with N bulk items (bench/dataset.py; built once per N and reused), runs
`gongkai search reindex` and reports its rate. To show what bounds it, the steps of a build are
timed alone in this process on a sample of the same publications:

  read        the documents from the database (PublicationSource.documents): the baseline, what
              any index build must do
  analyze     analyzer.document_fields over every text of each document (pure Python)
  to_tantivy  analyze + the Tantivy documents built from the tokens (what reindex does per item)
  add         adding those Tantivy documents to a new index and committing (Rust, 2 threads)

A build does read → to_tantivy → add one item after the other in one process, so its rate is
about 1 / (1/read + 1/to_tantivy + 1/add).

    .venv/bin/python bench/reindex.py --items 100000 [--sample 5000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time

import dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5000, help="publications timed step by step")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    folder = dataset.data_dir(args.items, args.data_dir)
    info = dataset.ensure(args.items, folder)
    dataset.setup_django(folder)

    import tantivy

    from gongkai.search import analyzer, index, indexer
    from gongkai.search.sources import SOURCES

    source = SOURCES["publication"]
    # A sample from the middle of the bulk items (not the demo's own, which are shorter).
    ids = list(source.public().order_by("pk").values_list("pk", flat=True))
    start = max(0, len(ids) // 2 - args.sample // 2)
    sample = ids[start:start + args.sample]

    t0 = time.perf_counter()
    docs = list(source.documents(sample))
    read = time.perf_counter() - t0
    chars = sum(len(t) for d in docs for t in (*d.titles, *d.texts) if t)
    t0 = time.perf_counter()
    for d in docs:
        for t in (*d.titles, *d.texts):
            if t:
                analyzer.document_fields(t)
    analyze = time.perf_counter() - t0
    t0 = time.perf_counter()
    built = [index.to_tantivy(d) for d in docs]
    convert = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        idx = tantivy.Index(index.SCHEMA, path=tmp, reuse=False)
        t0 = time.perf_counter()
        w = idx.writer(indexer.REINDEX_HEAP, indexer.REINDEX_THREADS)
        for doc in built:
            w.add_document(doc)
        w.commit()
        w.wait_merging_threads()
        add = time.perf_counter() - t0

    total = indexer._total()
    t0 = time.perf_counter()
    out = dataset.gongkai(folder, "search", "reindex", "--quiet")
    wall = time.perf_counter() - t0
    found = re.search(r"重建完成：([0-9,]+) 条，用时 ([0-9.]+) 秒", out)
    added, seconds = (int(found.group(1).replace(",", "")), float(found.group(2))) if found else (total, wall)
    rate = added / seconds

    n = len(docs)
    per = {"read": read / n, "analyze": analyze / n, "to_tantivy": convert / n, "add": add / n}
    bound = 1 / (per["read"] + per["to_tantivy"] + per["add"])
    print(f"index build: {args.items:,} bulk items, {added:,} documents; {dataset.machine()}")
    print(f"  gongkai search reindex     {rate:8,.0f} items/s  ({seconds:.1f} s; {wall:.1f} s with start-up)"
          f"  target ≥ 5,000: {'met' if rate >= 5000 else 'missed'}")
    print(f"  steps alone, on {n:,} of the same publications ({chars / n:,.0f} characters each):")
    for label, key in (("read from the database", "read"), ("analyzer alone", "analyze"),
                       ("analyzer + Tantivy documents", "to_tantivy"), ("add to Tantivy + commit", "add")):
        print(f"    {label:30} {1 / per[key]:8,.0f} items/s  {per[key] * 1e6:7.0f} µs/item"
              f"  ({per[key] / per['read']:4.1f}× reading)")
    print(f"    read + to_tantivy + add in turn: {bound:,.0f} items/s (what one process can do)")
    print(f"  reindex per item: {1 / rate * 1e6:.0f} µs = {per['read'] / (1 / rate):.0%} reading, "
          f"{per['analyze'] / (1 / rate):.0%} analyzer, "
          f"{(per['to_tantivy'] - per['analyze']) / (1 / rate):.0%} Tantivy documents, "
          f"{per['add'] / (1 / rate):.0%} indexing; ratio to reading alone {(1 / rate) / per['read']:.1f}×")
    print(f"  analyzer: {chars / analyze / 1e6:.2f} M characters/s")
    print(f"  database built {info.get('built')}: bulk insert {info.get('bulk_rate') or 0:,} items/s")


if __name__ == "__main__":
    main()
