"""One series, three forms: the chart's data (JSON for the ECharts script), the HTML table beside
it, and the CSV download. All three are built from the same `selectors.series` rows, so what the
chart draws, what the table reads and what the file holds cannot differ."""

import csv
import io

from .models import CATEGORIES


def chart_data(body_name: str, rows) -> dict:
    """What static/gongkai/bulletins/chart.js draws; null marks a week without a bulletin."""
    return {
        "title": f"{body_name}警情趋势（近 {len(rows)} 周）",
        "labels": [row.short_label for row in rows],
        "weeks": [row.label for row in rows],
        "periods": [f"{row.start:%m-%d}—{row.end:%m-%d}" for row in rows],
        "series": [{"code": code, "name": label, "data": [row.value(code) for row in rows]}
                   for code, label in CATEGORIES],
    }


def csv_bytes(body_name: str, rows) -> bytes:
    """UTF-8 with a BOM, so Excel on Chinese Windows opens it without garbling."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["公开主体", "年份", "周次", "起始日", "截止日", *[label for _, label in CATEGORIES], "合计"])
    for row in rows:
        values = row.values
        total = sum(values) if row.bulletin else None
        writer.writerow([body_name, row.year, row.week, f"{row.start:%Y-%m-%d}", f"{row.end:%Y-%m-%d}",
                         *["" if v is None else v for v in values], "" if total is None else total])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
