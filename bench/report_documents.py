"""Benchmark: rendering the annual report (gongkai.reports.document) as PDF (Typst), DOCX
(python-docx) and XLSX (openpyxl).

Renders one report of the national format (opening, sections 一–六 with a page of narrative, the
tables of sections 二–四, two adjustments, a correction note) N times in each format. Each run
changes a few numbers and the version, as successive reports do; Typst still reuses the layout
of unchanged parts between compilations within one process, and that reuse is part of what is
measured. Baselines, measured in the same run: for PDF and DOCX the typical notice of
bench/documents.py (so the ratio says what a report costs against a letter), for XLSX a workbook
with the same numbers written as one plain sheet (no labels, merges, styles or comments). The
first PDF, which also builds the font index, is reported on its own. Prints figures and ratios.

    .venv/bin/python bench/report_documents.py [N]
"""

import io
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench")
django.setup()

import pypdf  # noqa: E402
from documents import BODY  # noqa: E402  (bench/documents.py: the notice it times is the baseline)
from openpyxl import Workbook  # noqa: E402

from gongkai.documents import Letter, render_docx, render_pdf  # noqa: E402
from gongkai.reports import annual  # noqa: E402
from gongkai.reports import labels as L  # noqa: E402
from gongkai.reports.document.pdf import render_report_pdf  # noqa: E402
from gongkai.reports.document.sheet import render_report_xlsx  # noqa: E402
from gongkai.reports.document.word import render_report_docx  # noqa: E402

OVERVIEW = "\n".join([
    "2025年，三明市公安局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，围绕中心工作深化政务公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "（一）主动公开。全年通过门户网站、政务新媒体等渠道主动公开政府信息1234条，其中规范性文件10件，"
    "政策解读23篇，警情通报52期。",
    "（二）依申请公开。全年新收政府信息公开申请27件，上年结转4件，均在法定期限内答复。",
    "（三）政府信息管理。严格落实公开前保密审查制度，动态调整主动公开目录，对规范性文件实行清理和有效性标注。",
    "（四）平台建设。优化门户网站“政府信息公开”专栏，实现依申请公开网上办理、进度查询和答复送达。",
    "（五）监督保障。将政务公开工作纳入绩效考评，按季度通报各单位公开情况。",
])
PROBLEMS = ("一是公开内容还不够全面，部分执法信息更新不够及时。二是政策解读形式较为单一。\n"
            "2026年，我局将进一步完善公开目录，丰富解读形式，加强业务培训，推动政府信息公开工作提质增效。")


def figures(i: int) -> dict:
    """A consistent report whose numbers change with `i`."""
    cell = lambda value: annual.Cell(value, (), annual.APPLICATION)  # noqa: E731
    leaves = [r.key for r in L.OUTCOME_ROWS]
    kinds = [c.key for c in L.APPLICANT_COLUMNS]
    s3 = {(r, c): cell((a * 3 + b + i) % 7) for a, r in enumerate(leaves) for b, c in enumerate(kinds)}
    for c in kinds:
        total = sum(s3[(r, c)].value for r in leaves)
        s3[(L.TOTAL, c)], s3[(L.CARRIED_IN, c)] = cell(total), cell(2)
        s3[(L.RECEIVED, c)], s3[(L.CARRIED_OUT, c)] = cell(total + 1), cell(3)
    for r in L.COUNTED_ROWS:
        s3[(r.key, L.TOTAL)] = cell(sum(s3[(r.key, c)].value for c in kinds))
    s2 = {k: cell(Decimal("12.3456") if k[0] == "fee" else 100 + n + i) for n, k in enumerate(L.SECTION2_CELLS)}
    s4 = {k: cell(0) for k in L.SECTION4_CELLS}
    return annual.to_dict(annual.AnnualReport(1, "350400", "三明市公安局", 2025, False, s2, s3, s4), with_ids=True)


def report(i: int) -> dict:
    return {
        "title": "三明市公安局2025年政府信息公开工作年度报告", "issuer": "三明市公安局", "year": 2025,
        "date": "2026-01-20",
        "opening": "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
                   "（国办公开办函〔2021〕30号）要求编制。\n本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。",
        "narrative": {"一": OVERVIEW, "五": PROBLEMS, "六": "本机关2025年未收取信息处理费。"},
        "figures": figures(i),
        "adjustments": [
            {"section": "三", "row": "1.属于国家秘密", "column": "自然人", "computed": 3, "value": 5,
             "reason": "2020年前纸质台账补录"},
            {"section": "四", "row": "行政复议", "column": "总计", "computed": 0, "value": 1,
             "reason": "系统启用前的行政复议台账"},
        ],
        "correction": "第1版第三部分“（七）总计”行数据有误，已更正。",
        "version": i + 2,
    }


def letter(i: int) -> Letter:
    # The typical notice of bench/documents.py (this script's folder is on sys.path when it runs).
    return Letter(issuer="三明市公安局", number=f"明公信告〔2026〕{i + 1}号", title="政府信息公开申请补正通知书",
                  addressee=f"申请人{i + 1}", paragraphs=BODY, signed_on=date(2026, 10, 23),
                  attachments=["政府信息公开申请补正材料清单"],
                  footer_note="（本文书中的日期按工作日计算，标注“暂定”的日期待国务院公布次年节假日安排后确定）")


def plain_xlsx(doc: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in doc["figures"]["sections"]["三"]["rows"]:
        ws.append([row["label"], *(row["values"] or {}).values()])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed(render, make, n):
    runs, size = [], 0
    for i in range(n):
        item = make(i)
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
    first = render_report_pdf(report(0))
    cold = time.perf_counter() - t0
    # Same content first: a benchmark of a wrong renderer measures nothing.
    reader = pypdf.PdfReader(io.BytesIO(first))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    assert "三、收到和处理政府信息公开申请情况" in text and "2026年1月20日" in text and "更正说明" in text
    pages = len(reader.pages)

    rows = {
        "PDF ": (timed(render_report_pdf, report, n), timed(render_pdf, letter, n), "letter"),
        "DOCX": (timed(render_report_docx, report, n), timed(render_docx, letter, n), "letter"),
        "XLSX": (timed(render_report_xlsx, report, n), timed(plain_xlsx, report, n), "plain sheet"),
    }
    print(f"one annual report ({pages} PDF pages, 3 tables, 2 adjustments), {n} renders each; "
          f"baselines: the notice of bench/documents.py (PDF, DOCX), one plain sheet of the numbers (XLSX)")
    print(f"  first PDF (builds the font index)  {cold * 1000:8.1f} ms")
    for fmt, ((mean, p95, size), (b_mean, b_p95, b_size), name) in rows.items():
        print(f"  {fmt} {'report':<11} mean {mean * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   {size / 1024:6.1f} KB")
        print(f"  {fmt} {name:<11} mean {b_mean * 1000:7.1f} ms   p95 {b_p95 * 1000:7.1f} ms   "
              f"{b_size / 1024:6.1f} KB")
        print(f"  {fmt} ratio report/{name}  {mean / b_mean:6.2f}x")


if __name__ == "__main__":
    main()
