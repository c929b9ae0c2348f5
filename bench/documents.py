"""Benchmark: rendering an official letter (gongkai.documents) as PDF (Typst) and DOCX (python-docx).

Renders a typical notice (8 body paragraphs, an attachment, a 版记) N times in each format and, as
the baseline in the same run, a letter with a single paragraph, so the ratio shows what the body
costs on top of the fixed work (template, header, fonts). Each run changes the number and the
addressee, as real letters do; Typst still reuses the layout of unchanged paragraphs between
compilations within one process, and that reuse is part of what is measured. The first render,
which also builds the font index, is reported on its own. Prints figures and the ratios.

    .venv/bin/python bench/documents.py [N]
"""

import io
import os
import statistics
import sys
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench")
django.setup()

import pypdf  # noqa: E402

from gongkai.documents import Letter, render_docx, render_pdf  # noqa: E402

BODY = [
    "本机关于2026年10月9日收到您提交的政府信息公开申请。经审查，您的申请内容不够明确，根据"
    "《中华人民共和国政府信息公开条例》第三十条的规定，请您对申请作出补正。",
    "一、补正事项",
    "1.请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述；",
    "2.请写明所需政府信息的形成时间范围及制作或者保存机关；",
    "3.请提供申请人身份证明的复印件。",
    "二、补正期限",
    "请您自收到本通知书之日起15个工作日内（即2026年11月13日前）提交补正材料。无正当理由逾期不补正的，"
    "视为放弃申请，本机关不再处理该政府信息公开申请。",
    "如有疑问，请在工作日上午8:00至12:00、下午14:30至17:30致电0598-8888888咨询。",
]


def letter(i: int, paragraphs: list[str]) -> Letter:
    return Letter(
        issuer="三明市公安局",
        number=f"明公信告〔2026〕{i + 1}号",
        title="政府信息公开申请补正通知书",
        addressee=f"申请人{i + 1}",
        paragraphs=paragraphs,
        signed_on=date(2026, 10, 23),
        attachments=["政府信息公开申请补正材料清单"],
        footer_note="（本文书中的日期按工作日计算，标注“暂定”的日期待国务院公布次年节假日安排后确定）",
    )


def timed(render, paragraphs, n):
    runs, size = [], 0
    for i in range(n):
        item = letter(i, paragraphs)
        t0 = time.perf_counter()
        out = render(item)
        runs.append(time.perf_counter() - t0)
        size = len(out)
    runs.sort()
    p95 = runs[min(n - 1, round(0.95 * (n - 1)))]
    return statistics.mean(runs), p95, size


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    t0 = time.perf_counter()
    first = render_pdf(letter(0, BODY))
    cold = time.perf_counter() - t0
    # Same content first: a benchmark of a wrong renderer measures nothing.
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(first)).pages)
    assert "政府信息公开申请补正通知书" in text and "2026年10月23日" in text
    pages = len(pypdf.PdfReader(io.BytesIO(first)).pages)

    rows = {}
    for fmt, render in (("PDF ", render_pdf), ("DOCX", render_docx)):
        rows[fmt] = (timed(render, BODY, n), timed(render, BODY[:1], n))
    print(f"one letter, {len(BODY)} paragraphs ({pages} pages), {n} renders each, "
          f"baseline a 1-paragraph letter")
    print(f"  first PDF (builds the font index)  {cold * 1000:8.1f} ms")
    for fmt, ((mean, p95, size), (b_mean, b_p95, b_size)) in rows.items():
        print(f"  {fmt} notice    mean {mean * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   {size / 1024:6.1f} KB")
        print(f"  {fmt} baseline  mean {b_mean * 1000:7.1f} ms   p95 {b_p95 * 1000:7.1f} ms   "
              f"{b_size / 1024:6.1f} KB")
        print(f"  {fmt} ratio notice/baseline  {mean / b_mean:6.2f}x")


if __name__ == "__main__":
    main()
