"""Benchmark: the sensitive-content scanner.

Scans the seed documents' own text (repeated up to ~1 MB, with identifiers planted every few
lines) and, as the baseline in the same run, the cheapest possible pass over the same text: one
regex for runs of 11+ digits with no validation. Prints throughput and the ratio.

    .venv/bin/python bench/scanner.py
"""

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.core.scanner import scan  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PLANTED = ["联系人张建国，身份证号350403199003071237。", "车主王小红 闽G12345。", "值班手机13805981234。",
           "退款至 6222 0200 0000 0000 006。", "秘密★1年"]


def corpus(target_bytes: int) -> str:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))] or ["公安机关信息公开。"]
    base = "\n".join(texts)
    lines, out, size, i = base.splitlines(), [], 0, 0
    while size < target_bytes:
        line = lines[i % len(lines)]
        if i % 7 == 0:
            line += PLANTED[i % len(PLANTED)]
        out.append(line)
        size += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(out)


def timed(func, text, repeats=5):
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = func(text)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), result


def main() -> None:
    naive = re.compile(r"\d{11,}")
    for size in (100_000, 1_000_000):
        text = corpus(size)
        ours, findings = timed(scan, text)
        base, matches = timed(lambda t: naive.findall(t), text)
        mb = len(text.encode("utf-8")) / 1e6
        print(f"text {mb:.2f} MB ({len(text)} characters)")
        print(f"  scanner            {ours * 1000:8.1f} ms  {mb / ours:6.1f} MB/s  {len(findings)} findings")
        print(f"  baseline \\d{{11,}}   {base * 1000:8.1f} ms  {mb / base:6.1f} MB/s  {len(matches)} matches (no checks)")
        print(f"  ratio scanner/baseline {ours / base:6.1f}x")


if __name__ == "__main__":
    main()
