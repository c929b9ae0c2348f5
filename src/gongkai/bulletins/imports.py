"""Import of weekly bulletins from a spreadsheet (XLSX or CSV, read by `core.tables`): every row
checked before anything is written.

`check_rows` checks each data row against the same rules as the form (body within the user's
reach, a real ISO week that has begun, counts as non-negative whole numbers, no duplicate of the
file or of the database, no personal data in the texts). Errors read "第 N 行：…" with N as the
spreadsheet shows it. The write is `services.import_bulletins`."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gongkai.core import tables
from gongkai.core.access import can
from gongkai.core.models import DisclosureBody, User

from . import findings
from .models import CATEGORIES, Bulletin, week_start

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

C = tables.Column
COLUMNS: tuple[tables.Column, ...] = (
    C("body", "公开主体", True, "公开主体全称、单位名称、简称或单位代码，如：三明市公安局三元分局、350404",
      aliases=("主体", "单位")),
    C("year", "年份", True, "ISO 周所属年份，如 2026"),
    C("week", "周次", True, "ISO 周次 1–53，如 47（2026-11-16 至 2026-11-22）", aliases=("周",)),
    # Short headers people type (刑事 for 刑事警情) are accepted too.
    *[C(code, label, True, "非负整数", aliases=(label.removesuffix("警情"),)) for code, label in CATEGORIES],
    C("comparison", "对比说明", help="可不填"),
    C("notable_cases", "典型警情", help="可不填；不得含有身份证号码、手机号码等个人信息"),
    C("prevention_advice", "防范提示", help="可不填"),
)


@dataclass
class CleanRow:
    number: int
    body: DisclosureBody
    year: int
    week: int
    fields: dict


class BulletinReport(tables.ImportReport):
    def details(self, *, written: bool) -> str:
        return "草稿，请逐份核对后提交审核" if written else ""


def _body_lookup() -> dict[str, DisclosureBody]:
    lookup = {}
    for body in DisclosureBody.objects.select_related("unit"):
        for key in (body.letter_name, body.unit.name, body.unit.short_name, body.unit.code):
            if key:
                lookup.setdefault(key, body)
    return lookup


def check_rows(*, actor: User, filename: str, data: bytes) -> BulletinReport:
    report = BulletinReport.of(filename, data, measure="份", thing="通报")
    table = report.read(data, columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is None:
        return report
    bodies = _body_lookup()
    seen: dict[tuple[int, int, int], int] = {}
    for source in table.rows:
        row = tables.Row(source, COLUMNS)
        clean = _check_row(row, actor=actor, bodies=bodies, seen=seen)
        if row.errors:
            report.errors.extend(row.errors)
        else:
            report.rows.append(clean)
    return report


def _check_row(row: tables.Row, *, actor: User, bodies: dict, seen: dict) -> CleanRow | None:
    from . import services
    from .services.bulletins import check_week, clean_fields, duplicate_message

    # The messages name their column themselves (they are the form's): errors of the whole row.
    body = bodies.get(row.text["body"])
    if body is None:
        row.error("", f"“公开主体”中的“{row.text['body']}”不是已设立的公开主体")
    elif not can(actor, services.BULLETIN_CAPABILITY, body.unit):
        row.error("", f"您无权填报“{body.letter_name}”的警情通报")
    fields = {code: row.values.get(code) for code in services.COUNT_FIELDS}
    fields.update({code: row.text[code] for code in findings.TEXT_FIELDS})
    year, week = row.text["year"], row.text["week"]
    try:
        check_week(year, week)
    except ValidationError as exc:
        for message in exc.messages:
            row.error("", message)
    try:
        fields = clean_fields(fields)
    except ValidationError as exc:
        for message in exc.messages:
            row.error("", message)
    found = findings.scan_texts({f: fields.get(f, "") for f in findings.TEXT_FIELDS})
    if found:
        row.error("", findings.findings_message(found).removesuffix("。请删除或改写后再提交"))
    if row.errors or body is None:
        return None
    year, week = int(year), int(week)
    key = (body.pk, year, week)
    if key in seen:
        row.error("", f"与第 {seen[key]} 行重复：同一公开主体同一周只能有一份通报")
    elif Bulletin.objects.filter(body=body, year=year, week=week, status__in=[
            Bulletin.Status.DRAFT, Bulletin.Status.IN_REVIEW, Bulletin.Status.PUBLISHED]).exists():
        row.error("", duplicate_message(body, year, week))
    seen.setdefault(key, row.number)
    return CleanRow(number=row.number, body=body, year=year, week=week, fields=fields)


def template_workbook() -> bytes:
    """An empty import template with the header row and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "警情通报"
    ws.append([c.label for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    monday = week_start(2026, 47)
    ws.append(["三明市公安局三元分局", 2026, 47, 12, 35, 28, 1, "与上周相比，刑事警情下降 7.7%",
               f"{monday.month}月{monday.day}日，城关派出所破获一起盗窃电动车案，抓获嫌疑人 1 名。",
               "请将电动车停放在有监控的车棚，加装防盗锁。"])
    for column, width in zip("ABCDEFGHIJ", [24, 8, 8, 10, 10, 10, 10, 30, 50, 40], strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
