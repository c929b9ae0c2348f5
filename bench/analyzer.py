"""Benchmark: the search analyzer on real text.

Runs the analyzer over the seed documents (shared/seeds/*.txt beside the checkout, or the files
given), one paragraph per item, and prints tokens per second for what the index calls
(`document_fields`), for `tokens` with offsets, for `find_spans` (what snippets call) and for
`normalize` alone, against two baselines measured in the same run on the same text: NFKC alone and
a plain `str.split`. Also queries per second for `parse_query` on a
fixed mix, and what the analyzer alone allows for index builds (items per second at the corpus'
mean item length).

    .venv/bin/python bench/analyzer.py [REPEATS] [FILES...]
"""

import sys
import unicodedata
from pathlib import Path

from common import timed  # noqa: E402  (bench/ is the script's folder)

from gongkai.search import analyzer

QUERIES = [
    "户口迁移", "戶口遷移", "户口 迁移", "车", "证", "护照", "護照", "身分證", "C1驾照", "ｃ１ 驾照",
    "5G车", "110", "e-mail", "明公〔2016〕5号", "明公（２０１６）第5号", "“谁公开、谁审查”",
    "政府信息公开 年度报告", "行政复议", "依申请公开", "  户口迁移！！ ",
]



def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    paths = sys.argv[2:] or sorted(Path(__file__).resolve().parents[2].glob("shared/seeds/*.txt"))
    # Items of one paragraph each, as titles and bodies come to the index.
    items = [p for path in paths for p in open(path, encoding="utf-8").read().split("\n\n") if p.strip()]
    chars = sum(map(len, items))
    n_tokens = sum(len(v.split()) for item in items for v in analyzer.document_fields(item).values())
    assert n_tokens == sum(len(analyzer.tokens(item)) for item in items)

    fields = timed(analyzer.document_fields, items, repeats)
    with_offsets = timed(analyzer.tokens, items, repeats)
    normalised = timed(analyzer.normalize, items, repeats)
    nfkc = timed(lambda s: unicodedata.normalize("NFKC", s), items, repeats)
    split = timed(str.split, items, repeats)
    queries = timed(analyzer.parse_query, QUERIES, repeats * 20)
    spans_query = analyzer.parse_query("户口迁移 公开 2016")
    spans = timed(lambda s: analyzer.find_spans(s, spans_query), items, repeats)

    def row(label, seconds, note=""):
        print(f"  {label:34} {seconds * 1000:8.1f} ms  {n_tokens / seconds / 1e6:6.2f} M tokens/s  "
              f"{chars / seconds / 1e6:6.2f} M chars/s  ×{seconds / nfkc:6.1f} NFKC  ×{seconds / split:6.1f} split"
              f"{note}")

    print(f"analyzer over {len(paths)} files, {len(items)} items, {chars} characters, {n_tokens} tokens "
          f"(median of {repeats} runs)")
    row("document_fields (index)", fields)
    row("tokens (with offsets)", with_offsets)
    row("find_spans (snippets)", spans)
    row("normalize (NFKC+t2s+lower)", normalised)
    row("NFKC alone (baseline)", nfkc)
    row("str.split (baseline)", split)
    per_item = fields / len(items) * 1000 / (chars / len(items))  # seconds per 1,000 characters
    print(f"  parse_query: {len(QUERIES) / queries:,.0f} queries/s ({queries / len(QUERIES) * 1e6:.1f} µs each)")
    print(f"  index build, analyzer alone: {1 / per_item:,.0f} items/s of 1,000 characters "
          f"({chars / len(items):.0f} characters per item here)")


if __name__ == "__main__":
    main()
