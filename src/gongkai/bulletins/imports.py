"""XLSX import of weekly bulletins: every row checked before anything is written.

`check_rows` reads the first sheet, finds the header row, and checks each data row against the
same rules as the form (body within the user's reach, a real ISO week that has begun, counts as
non-negative whole numbers, no duplicate of the file or of the database, no personal data in the
texts). Errors read "第 N 行：…" with N as the spreadsheet shows it. The write is
`services.import_bulletins`."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from gongkai.core.access import can
from gongkai.core.files import kinds
from gongkai.core.models import DisclosureBody, User

from . import findings
from .models import CATEGORIES, Bulletin, week_start

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# (code, header label, required, help)
COLUMNS = [
    ("body", "公开主体", True, "公开主体全称、单位名称、简称或单位代码，如：三明市公安局三元分局、350404"),
    ("year", "年份", True, "ISO 周所属年份，如 2026"),
    ("week", "周次", True, "ISO 周次 1–53，如 47（2026-11-16 至 2026-11-22）"),
    *[(code, label, True, "非负整数") for code, label in CATEGORIES],
    ("comparison", "对比说明", False, "可不填"),
    ("notable_cases", "典型警情", False, "可不填；不得含有身份证号码、手机号码等个人信息"),
    ("prevention_advice", "防范提示", False, "可不填"),
]
LABELS = {code: label for code, label, _, _ in COLUMNS}
# Short headers people type (刑事 for 刑事警情) are accepted too.
ALIASES = {label: code for code, label, _, _ in COLUMNS} | {code: code for code, *_ in COLUMNS} | {
    label.removesuffix("警情"): code for code, label in CATEGORIES} | {"主体": "body", "单位": "body", "周": "week"}


@dataclass
class Row:
    number: int
    body: DisclosureBody
    year: int
    week: int
    fields: dict


@dataclass
class Report:
    filename: str = ""
    errors: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    created: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"文件中有 {len(self.errors)} 处错误，未导入任何通报。请改正后重新上传。"
        return f"已导入 {len(self.created)} 份警情通报（草稿），请逐份核对后提交审核。"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(data: bytes) -> list[tuple[int, list]]:
    import openpyxl

    if not data:
        raise ValueError("文件为空")
    if len(data) > MAX_BYTES:
        raise ValueError(f"文件过大：不能超过 {MAX_BYTES // (1024 * 1024)} MB")
    kind = kinds.sniff(data)
    if kind != "xlsx":
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise ValueError("不支持旧版 Excel 97-2003（.xls）格式：请另存为 .xlsx 后再导入")
        raise ValueError("只能导入 Excel 工作簿（.xlsx）；文件类型按内容识别，与扩展名无关")
    try:
        kinds.check_zip(data, "Excel")  # an XLSX is a zip: no bomb reaches openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except kinds.ExtractError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValueError("Excel 文件已损坏或格式不正确，无法读取") from None
    try:
        rows = []
        for number, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            if any(_text(v) for v in values):
                rows.append((number, list(values)))
            if len(rows) > MAX_ROWS + 6:
                raise ValueError(f"数据超过 {MAX_ROWS} 行，请分成几个文件导入")
    except ValueError:
        raise
    except Exception:  # read lazily: a sheet holding more than the archive declares fails here
        raise ValueError("Excel 文件已损坏或格式不正确，无法读取") from None
    finally:
        wb.close()
    return rows


def _header(values: list) -> dict[str, int]:
    mapping = {}
    for index, value in enumerate(values):
        code = ALIASES.get(_text(value).replace("*", "").replace("（必填）", "").strip())
        if code and code not in mapping:
            mapping[code] = index
    return mapping


def _body_lookup() -> dict[str, DisclosureBody]:
    lookup = {}
    for body in DisclosureBody.objects.select_related("unit"):
        for key in (body.letter_name, body.unit.name, body.unit.short_name, body.unit.code):
            if key:
                lookup.setdefault(key, body)
    return lookup


def check_rows(*, actor: User, filename: str, data: bytes) -> Report:
    from . import services

    report = Report(filename=filename)
    try:
        raw = _read(data)
    except ValueError as exc:
        report.errors.append(str(exc))
        return report
    header_at = next((i for i, (_, values) in enumerate(raw[:6]) if len(_header(values)) >= 3), None)
    if header_at is None:
        report.errors.append("找不到表头：第 1 行应为列名（公开主体、年份、周次、刑事警情……），请下载导入模板对照")
        return report
    mapping = _header(raw[header_at][1])
    missing = [label for code, label, required, _ in COLUMNS if required and code not in mapping]
    if missing:
        report.errors.append(f"缺少必填列：{'、'.join(missing)}")
        return report
    bodies = _body_lookup()
    seen: dict[tuple[int, int, int], int] = {}
    data_rows = raw[header_at + 1:]
    if not data_rows:
        report.errors.append("文件中只有表头，没有数据行")
        return report
    for number, values in data_rows:
        cell = {code: (values[i] if i < len(values) else None) for code, i in mapping.items()}
        problems = []
        body = bodies.get(_text(cell["body"]))
        if body is None:
            problems.append(f"“公开主体”中的“{_text(cell['body'])}”不是已设立的公开主体")
        elif not can(actor, services.BULLETIN_CAPABILITY, body.unit):
            problems.append(f"您无权填报“{body.letter_name}”的警情通报")
        fields = {code: cell.get(code) for code in services.COUNT_FIELDS}
        fields.update({code: _text(cell.get(code)) for code in findings.TEXT_FIELDS})
        year, week = _text(cell["year"]), _text(cell["week"])
        try:
            services._check_week(year, week)
        except ValidationError as exc:
            problems.extend(exc.messages)
        try:
            fields = services._clean_fields(fields)
        except ValidationError as exc:
            problems.extend(exc.messages)
        found = findings.scan_texts({f: fields.get(f, "") for f in findings.TEXT_FIELDS})
        if found:
            problems.append(findings.findings_message(found).removesuffix("。请删除或改写后再提交"))
        if not problems and body is not None:
            year, week = int(year), int(week)
            key = (body.pk, year, week)
            if key in seen:
                problems.append(f"与第 {seen[key]} 行重复：同一公开主体同一周只能有一份通报")
            elif Bulletin.objects.filter(body=body, year=year, week=week, status__in=[
                    Bulletin.Status.DRAFT, Bulletin.Status.IN_REVIEW, Bulletin.Status.PUBLISHED]).exists():
                problems.append(services._duplicate_message(body, year, week))
            seen.setdefault(key, number)
        if problems:
            report.errors.extend(f"第 {number} 行：{p}" for p in problems)
        else:
            report.rows.append(Row(number=number, body=body, year=year, week=week, fields=fields))
    return report


def template_workbook() -> bytes:
    """An empty import template with the header row and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "警情通报"
    ws.append([label for _, label, _, _ in COLUMNS])
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
