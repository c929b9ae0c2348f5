"""Import of a legacy catalog: the items a body already published on its old website, from an
XLSX workbook (first sheet) or a CSV file, checked row by row before anything is written.

All or nothing per run: `import_catalog` validates every row first. If any row is bad, nothing is
written and the report names every bad row with its row number, column and a Chinese message
("第 5 行“发布日期”：……"). If every row is good, all items are written in one transaction.
See docs/import.md.

- `read_table(filename, data)` turns the bytes into numbered rows of raw cell values keyed by
  column code (pure: no database).
- `validate_rows(rows, actor=...)` checks every row against the database (units, topics,
  duplicates, scope) and the sensitive-content scanner, and returns an `ImportReport`.
- `import_catalog(actor=..., filename=..., data=...)` is the service: permission, transaction,
  one audit event per item ("publication.import") and one for the run ("catalog.import").
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CharField
from django.utils import timezone

from gongkai.core import audit, clock, index_numbers, scanner
from gongkai.core.access import can, has_capability
from gongkai.core.cells import FULL_WIDTH, CellError, cell_text, parse_date
from gongkai.core.files import kinds
from gongkai.core.models import DisclosureBody, Sequence, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.services import next_sequence_value
from gongkai.search import changes as search

from .models import Channel, Finding, Genre, Publication, Topic
from .services import EDITABLE

P = Publication

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Rows above the header that may be skipped (a title line such as "××局政府信息公开目录").
MAX_ROWS_BEFORE_HEADER = 5
# Findings listed per cell in a message; the rest are counted.
MAX_FINDINGS_LISTED = 10

IMPORT_CAPABILITY = Capability.PUBLICATIONS_MANAGE
ACKNOWLEDGE_CAPABILITY = Capability.PUBLICATIONS_CONFIDENTIALITY
ACKNOWLEDGE_REASON = "导入旧网站已公开的目录时确认可公开"

KIND_LABELS = scanner.KIND_LABELS


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    required: bool = False
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("index_number", "索引号", help="可不填。填写的原索引号原样保留，不得与已有索引号重复；"
                                        "不填则按公开主体的索引号规则、以发布日期所在年份自动编排"),
    Column("title", "信息名称", True, "必填，不超过 200 字"),
    Column("summary", "内容概述"),
    Column("unit", "发布机构", help="单位名称、简称、公开主体署名或单位代码；须在您的管理范围内并属于某个公开主体。"
                                  "不填为您所在的公开主体"),
    Column("created_on", "生成日期", True, "必填。信息形成或者变更之日，如 2016-03-05、2016/3/5、2016年3月5日"),
    Column("published_at", "发布日期", True, "必填。日期或日期时间（2016-03-05 09:30），不得早于生成日期，不得晚于今天"),
    Column("document_number", "文号", help="如：明公〔2016〕5号"),
    Column("topic", "主题分类", True, "必填。分类名称或编码（如 交通管理 或 0803）；不能是依法封存的分类"),
    Column("genre", "体裁分类", help="可不填。如：通知、公告、通告"),
    Column("keywords", "关键词"),
    Column("channels", "公开渠道", help="渠道名称，多个用“、”或“,”分隔；不填为政府网站"),
    Column("validity", "有效性", help="有效、已修改、已废止或已失效；不填为有效"),
    Column("repealed_on", "废止日期", help="有效性为“已废止”时必填"),
    Column("legal_form", "文件类型", help="规章、行政规范性文件，或不填"),
    Column("body_text", "正文"),
)
COLUMN_LABELS = {c.code: c.label for c in COLUMNS}
REQUIRED = [c.code for c in COLUMNS if c.required]

VALIDITY = {label: value for value, label in P.Validity.choices} | {v: v for v in P.Validity.values}
LEGAL_FORMS = {"规章": P.LegalForm.RULE, "行政规范性文件": P.LegalForm.NORMATIVE, "规范性文件": P.LegalForm.NORMATIVE,
               "rule": P.LegalForm.RULE, "normative": P.LegalForm.NORMATIVE, "无": "", "-": "", "—": ""}



class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for people (Chinese)."""


# --------------------------------------------------------------------------- the report


@dataclass
class RowError:
    row: int
    column: str  # the column's Chinese label, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"第 {self.row} 行“{self.column}”：{self.message}"
        return f"第 {self.row} 行：{self.message}"


@dataclass
class CleanRow:
    """A row that passed every check: what will be written."""

    number: int
    unit: Unit
    body: DisclosureBody
    fields: dict
    channels: list[Channel]
    index_number: str  # "" when one is to be assigned
    published_at: datetime
    findings: list[tuple[str, scanner.Finding]] = field(default_factory=list)


@dataclass
class ImportReport:
    filename: str = ""
    sha256: str = ""
    size: int = 0
    format: str = ""
    dry_run: bool = False
    acknowledge_findings: bool = False
    total_rows: int = 0
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    items: list[CleanRow] = field(default_factory=list, repr=False)
    imported: list[int] = field(default_factory=list)  # publication ids, in file order
    index_numbers_kept: int = 0
    index_numbers_assigned: int = 0
    findings_acknowledged: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def good_rows(self) -> int:
        return self.total_rows - len(self.bad_rows)

    def sorted_errors(self) -> list[RowError]:
        order = {c.label: i for i, c in enumerate(COLUMNS)}
        return sorted(self.errors, key=lambda e: (e.row, order.get(e.column, -1)))

    def messages(self) -> list[str]:
        return list(self.file_errors) + [str(e) for e in self.sorted_errors()]

    def summary(self) -> str:
        if self.file_errors:
            return "文件无法导入：" + "；".join(self.file_errors)
        if self.errors:
            return (f"共 {self.total_rows} 行数据，其中 {len(self.bad_rows)} 行有错误（{len(self.errors)} 处），"
                    "未导入任何信息。请改正后重新导入。")
        if self.dry_run:
            return f"检查通过：共 {self.total_rows} 行数据均无错误。仅检查，未导入。"
        return (f"已导入 {len(self.imported)} 条信息（保留原索引号 {self.index_numbers_kept} 条，"
                f"新编索引号 {self.index_numbers_assigned} 条）。")


# --------------------------------------------------------------------------- reading the file


@dataclass
class SourceRow:
    number: int  # the row number a spreadsheet program shows (the header is usually row 1)
    values: dict[str, object]


@dataclass
class Table:
    format: str
    header_row: int
    rows: list[SourceRow]
    warnings: list[str]


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


_OTHER_KINDS = {"pdf": "PDF 文件", "docx": "Word 文档（DOCX）", "png": "图片", "jpeg": "图片", "gif": "图片",
                "webp": "图片"}


def _file_kind(filename: str, data: bytes) -> str:
    """"xlsx" or "csv", decided by the content; the extension only sharpens the error message."""
    ext = _extension(filename)
    kind = kinds.sniff(data)
    if kind == "xlsx":
        return "xlsx"
    if kind in _OTHER_KINDS:
        raise ImportFileError(f"文件内容是{_OTHER_KINDS[kind]}，不是目录表格。只能导入 XLSX 或 CSV 文件")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版 Excel 97-2003（.xls）格式：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("文件是压缩包或其他 Office 文档，不是 Excel 工作簿（.xlsx）。只能导入 XLSX 或 CSV 文件")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<head", b"<meta")):
        raise ImportFileError("文件内容是网页（HTML/XML），不是 Excel 工作簿或 CSV。旧网站导出的“.xls”常是网页，"
                              "请用 Excel 打开后另存为 .xlsx 再导入")
    if ext in ("xlsx", "xlsm", "xls"):
        raise ImportFileError(f"文件扩展名为 .{ext}，但内容不是 Excel 工作簿（文件类型按内容识别）。"
                              "请用 Excel 另存为 .xlsx 后再导入")
    if ext not in ("csv", "txt", ""):
        raise ImportFileError(f"不支持 .{ext} 文件：只能导入 XLSX 或 CSV 文件")
    return "csv"


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), "UTF-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            pass
    raise ImportFileError("无法识别文件的文字编码：CSV 文件应为 UTF-8 或 GBK/GB18030 编码（Excel 默认的“CSV（逗号分隔）”即可）")


def _csv_rows(data: bytes) -> tuple[str, list[tuple[int, list]]]:
    text, encoding = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line and "，" not in first_line else ","
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            rows.append((number, row))
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误（第 {len(rows) + 1} 行附近）：{exc}") from None
    return f"CSV（{encoding}）", rows


def _xlsx_rows(data: bytes) -> tuple[str, list[tuple[int, list]]]:
    import openpyxl

    try:
        kinds.check_zip(data, "Excel")  # an XLSX is a zip: no bomb reaches openpyxl
    except kinds.ExtractError as exc:
        raise ImportFileError(str(exc)) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError("Excel 文件已损坏或格式不正确，无法读取") from None
    try:
        if not wb.worksheets:
            raise ImportFileError("Excel 文件中没有工作表")
        ws = wb.worksheets[0]
        rows, data_rows = [], 0
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            values = list(row)
            if not _blank(values):
                data_rows += 1
                if data_rows > MAX_ROWS + MAX_ROWS_BEFORE_HEADER + 1:
                    raise ImportFileError(f"数据超过 {MAX_ROWS} 行，请分成几个文件导入")
            rows.append((number, values))
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError("Excel 文件已损坏或格式不正确，无法读取") from None
    finally:
        wb.close()
    return "XLSX", rows


def _blank(values) -> bool:
    return all(cell_text(v) == "" for v in values)


def _column_name(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _header_key(value) -> str:
    text = cell_text(value).translate(FULL_WIDTH).strip()
    text = re.sub(r"[（(]\s*(必填|选填|可选)\s*[)）]$", "", text)
    return text.strip("* \t").lower()


_HEADER_LOOKUP = {c.label.lower(): c.code for c in COLUMNS} | {c.code: c.code for c in COLUMNS}


def _header_mapping(values: list) -> tuple[dict[str, int], list[str], list[str]]:
    """(code -> column index, unknown headers, problems) for one row read as the header."""
    mapping: dict[str, int] = {}
    unknown, problems = [], []
    for index, value in enumerate(values):
        key = _header_key(value)
        if not key:
            continue
        code = _HEADER_LOOKUP.get(key)
        if code is None:
            unknown.append(f"“{cell_text(value)}”（第 {_column_name(index)} 列）")
        elif code in mapping:
            problems.append(f"“{COLUMN_LABELS[code]}”列出现了两次（第 {_column_name(mapping[code])} 列和第 "
                            f"{_column_name(index)} 列）")
        else:
            mapping[code] = index
    return mapping, unknown, problems


def read_table(filename: str, data: bytes) -> Table:
    """The file's data rows, numbered as a spreadsheet program shows them. Raises ImportFileError."""
    if not data:
        raise ImportFileError("文件为空")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"文件过大：不能超过 {MAX_BYTES // (1024 * 1024)} MB，请分成几个文件导入")
    kind = _file_kind(filename, data)
    fmt, raw_rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    non_blank = [(n, values) for n, values in raw_rows if not _blank(values)]
    if not non_blank:
        raise ImportFileError("文件为空：没有表头，也没有数据")
    # The header is the first row naming known columns; a title line or two above it is skipped.
    header_at = 0
    for i, (_, values) in enumerate(non_blank[:MAX_ROWS_BEFORE_HEADER + 1]):
        if len(_header_mapping(values)[0]) >= 2:
            header_at = i
            break
    header_row, header_values = non_blank[header_at]
    mapping, unknown, problems = _header_mapping(header_values)
    if problems:
        raise ImportFileError("；".join(problems))
    missing = [COLUMN_LABELS[c] for c in REQUIRED if c not in mapping]
    if missing:
        raise ImportFileError(
            f"缺少必填列：{'、'.join(missing)}。第 {header_row} 行应为表头，可用的列名：{'、'.join(COLUMN_LABELS.values())}"
            "（也可用英文代码，如 title）。请下载导入模板对照")
    warnings = []
    if header_at:
        warnings.append(f"表头在第 {header_row} 行，前面的 {header_at} 行（标题等）已跳过")
    if unknown:
        warnings.append(f"未识别的列已忽略：{'、'.join(unknown)}")
    if "index_number" not in mapping:
        warnings.append("没有“索引号”列：全部按公开主体的索引号规则自动编排")
    rows = []
    for number, values in non_blank[header_at + 1:]:
        rows.append(SourceRow(number, {code: values[i] if i < len(values) else None for code, i in mapping.items()}))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"数据超过 {MAX_ROWS} 行，请分成几个文件导入")
    if not rows:
        raise ImportFileError("文件中只有表头，没有数据行")
    return Table(format=fmt, header_row=header_row, rows=rows, warnings=warnings)


# --------------------------------------------------------------------------- cell values


# --------------------------------------------------------------------------- validation


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _Lookups:
    """Everything a row is checked against, loaded once per run."""

    def __init__(self, actor: User):
        self.actor = actor
        self.topics_by_code = {t.code: t for t in Topic.objects.all()}
        self.topics_by_name: dict[str, list[Topic]] = {}
        for t in self.topics_by_code.values():
            self.topics_by_name.setdefault(t.name, []).append(t)
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.channels = {}
        for c in Channel.objects.all():
            self.channels[c.name] = c
            self.channels[c.code] = c
        self.channel_names = "、".join(dict.fromkeys(c.name for c in self.channels.values()))
        self.default_channels = [c for c in self.channels.values() if c.code == "website"][:1]
        self._pattern_errors: dict[int, str] = {}
        units = list(Unit.objects.all())
        self.units_by_code = {u.code: u for u in units}
        self.units_by_name: dict[str, dict[int, Unit]] = {}
        by_pk = {u.pk: u for u in units}
        for u in units:
            for name in (u.name, u.short_name):
                if name:
                    self.units_by_name.setdefault(name, {})[u.pk] = u
        self.bodies_by_unit: dict[int, DisclosureBody | None] = {}
        for body in DisclosureBody.objects.all():
            if body.unit_id in by_pk:
                self.units_by_name.setdefault(body.letter_name, {})[body.unit_id] = by_pk[body.unit_id]
        self._body_cache: dict[int, DisclosureBody | None] = {}

    def body_of(self, unit: Unit) -> DisclosureBody | None:
        if unit.pk not in self._body_cache:
            self._body_cache[unit.pk] = unit.disclosure_body()
        return self._body_cache[unit.pk]

    def pattern_error(self, body: DisclosureBody) -> str:
        if body.pk not in self._pattern_errors:
            try:
                index_numbers.check_pattern(_pattern(body))
                self._pattern_errors[body.pk] = ""
            except index_numbers.IndexPatternError as exc:
                self._pattern_errors[body.pk] = f"公开主体“{body.letter_name}”的索引号格式有误（{exc}），无法自动编排索引号"
        return self._pattern_errors[body.pk]

    def default_unit(self) -> Unit | None:
        unit = self.actor.unit if self.actor.unit_id else None
        body = self.body_of(unit) if unit else None
        return body.unit if body else None


def _codes(text: str) -> list[str]:
    # A code like 0803 typed into a number cell arrives as 803.
    candidates = [text]
    if text.isdigit() and len(text) % 2:
        candidates.append("0" + text)
    return candidates


def validate_rows(rows: list[SourceRow], *, actor: User, acknowledge_findings: bool = False,
                  report: ImportReport | None = None) -> ImportReport:
    """Check every row; bad rows go to `report.errors`, good ones to `report.items`."""
    report = report or ImportReport()
    report.acknowledge_findings = acknowledge_findings
    report.total_rows = len(rows)
    lookups = _Lookups(actor)
    now = clock.now()
    local_today = timezone.localdate(now)
    max_lengths = {f.name: f.max_length for f in P._meta.get_fields() if isinstance(f, CharField)}
    seen_keys: dict[tuple[str, date], int] = {}
    seen_index: dict[str, int] = {}
    candidates: list[CleanRow] = []

    for source in rows:
        errors: list[RowError] = []

        def error(code: str, message: str, _errors=errors, _row=source.number) -> None:
            _errors.append(RowError(_row, COLUMN_LABELS.get(code, ""), message))

        value = source.values.get
        text = {code: cell_text(value(code)) for code in COLUMN_LABELS}
        fields: dict = {}

        title = re.sub(r"[ \t]*\n\s*", " ", text["title"])
        if not title:
            error("title", "不能为空")
        fields["title"] = title
        fields["summary"] = text["summary"]
        fields["body_text"] = text["body_text"]
        fields["document_number"] = text["document_number"]
        fields["keywords"] = text["keywords"]
        for name in ("title", "document_number", "keywords"):
            limit = max_lengths[name]
            if len(fields[name]) > limit:
                error(name, f"不能超过 {limit} 字（现有 {len(fields[name])} 字）")

        index_number = text["index_number"]
        if index_number:
            if len(index_number) > max_lengths["index_number"]:
                error("index_number", f"不能超过 {max_lengths['index_number']} 个字符")
            elif index_number in seen_index:
                error("index_number", f"索引号“{index_number}”与第 {seen_index[index_number]} 行重复")
            else:
                seen_index[index_number] = source.number

        # 发布机构
        unit = body = None
        if text["unit"]:
            matches: dict[int, Unit] = {}
            for code in _codes(text["unit"]):
                if code in lookups.units_by_code:
                    matches = {lookups.units_by_code[code].pk: lookups.units_by_code[code]}
                    break
            if not matches:
                matches = lookups.units_by_name.get(text["unit"], {})
            if len(matches) > 1:
                error("unit", f"有 {len(matches)} 个单位名为“{text['unit']}”，请改填单位代码")
            elif not matches:
                error("unit", f"未找到单位“{text['unit']}”（可填单位名称、简称、公开主体署名或单位代码）")
            else:
                unit = next(iter(matches.values()))
        else:
            unit = lookups.default_unit()
            if unit is None:
                error("unit", "不能为空：您所在单位不属于任何公开主体，请填写发布机构")
        if unit is not None:
            body = lookups.body_of(unit)
            if not can(actor, IMPORT_CAPABILITY, unit):
                error("unit", f"“{unit.name}”不在您的管理范围内")
                unit = None
            elif body is None:
                error("unit", f"“{unit.name}”不属于任何公开主体，请先设置公开主体")
                unit = None

        # Dates
        created_on = published = None
        if not text["created_on"]:
            error("created_on", "不能为空")
        else:
            try:
                created_on = parse_date(value("created_on"))
            except CellError as exc:
                error("created_on", str(exc))
        fields["created_on"] = created_on
        if not text["published_at"]:
            error("published_at", "不能为空")
        else:
            try:
                published = parse_date(value("published_at"), with_time=True)
            except CellError as exc:
                error("published_at", str(exc))
        published_at = published_on = None
        if published is not None:
            if isinstance(published, datetime):
                published_at = timezone.make_aware(published)
                published_on = published.date()
            else:
                published_at = timezone.make_aware(datetime.combine(published, time.min))
                published_on = published
            if published_on > local_today or published_at > now:
                error("published_at", f"发布日期 {cell_text(published)} 晚于现在：导入的应是已经发布的信息")
                published_at = None
            elif created_on and published_on < created_on:
                error("published_at", f"发布日期 {published_on:%Y-%m-%d} 早于生成日期 {created_on:%Y-%m-%d}")
                published_at = None
        if created_on and created_on > local_today:
            error("created_on", f"生成日期 {created_on:%Y-%m-%d} 晚于今天")

        # Catalog metadata
        topic = None
        if not text["topic"]:
            error("topic", "不能为空")
        else:
            topic = next((lookups.topics_by_code[c] for c in _codes(text["topic"]) if c in lookups.topics_by_code),
                         None)
            if topic is None:
                named = lookups.topics_by_name.get(text["topic"], [])
                if len(named) > 1:
                    error("topic", f"有多个名为“{text['topic']}”的主题分类，请改填分类编码")
                elif not named:
                    error("topic", f"未找到主题分类“{text['topic']}”（可填分类名称或编码，如 0803）")
                else:
                    topic = named[0]
            if topic is not None and topic.is_sealed:
                error("topic", f"“{topic.name}”依《治安管理处罚法》第一百三十六条封存，不得逐件公开，只计入统计数据")
                topic = None
            elif topic is not None and not topic.is_active:
                error("topic", f"主题分类“{topic.name}”已停用")
                topic = None
        fields["topic"] = topic

        genre = None
        if text["genre"]:
            genre = lookups.genres.get(text["genre"])
            if genre is None:
                error("genre", f"未知的体裁分类“{text['genre']}”；可用：{'、'.join(lookups.genres)}")
        fields["genre"] = genre

        channels: list[Channel] = []
        if text["channels"]:
            for name in dict.fromkeys(n for n in re.split(r"[、,，;；\s]+", text["channels"]) if n):
                channel = lookups.channels.get(name)
                if channel is None:
                    error("channels", f"未知的公开渠道“{name}”；可用：{lookups.channel_names}")
                elif channel not in channels:
                    channels.append(channel)
        else:
            channels = list(lookups.default_channels)

        validity = P.Validity.VALID
        if text["validity"]:
            validity = VALIDITY.get(text["validity"])
            if validity is None:
                error("validity", f"有效性应为有效、已修改、已废止或已失效，不能是“{text['validity']}”")
        fields["validity"] = validity or P.Validity.VALID

        repealed_on = None
        if text["repealed_on"]:
            try:
                repealed_on = parse_date(value("repealed_on"))
            except CellError as exc:
                error("repealed_on", str(exc))
            else:
                if created_on and repealed_on < created_on:
                    error("repealed_on", f"废止日期 {repealed_on:%Y-%m-%d} 早于生成日期 {created_on:%Y-%m-%d}")
        elif validity == P.Validity.REPEALED:
            error("repealed_on", "有效性为“已废止”时须填写废止日期")
        fields["repealed_on"] = repealed_on

        legal_form = LEGAL_FORMS.get(text["legal_form"], None) if text["legal_form"] else ""
        if legal_form is None:
            error("legal_form", f"文件类型应为“规章”“行政规范性文件”或不填，不能是“{text['legal_form']}”")
        fields["legal_form"] = legal_form or ""

        if not index_number and body is not None and unit is not None and lookups.pattern_error(body):
            error("index_number", lookups.pattern_error(body))

        # Sensitive content: legacy archives are where ID numbers hide.
        findings: list[tuple[str, scanner.Finding]] = []
        for code in ("title", "summary", "body_text"):
            found = scanner.scan(fields[code], today=local_today)
            if not found:
                continue
            if acknowledge_findings and unit is not None and can(actor, ACKNOWLEDGE_CAPABILITY, unit):
                findings.extend((code, f) for f in found)
                continue
            listed = "、".join(f"{KIND_LABELS.get(f.kind, f.kind)}“{f.text}”" for f in found[:MAX_FINDINGS_LISTED])
            more = f"等 {len(found)} 处" if len(found) > MAX_FINDINGS_LISTED else ""
            message = f"含有敏感信息：{listed}{more}。请删除或遮盖后重新导入"
            if acknowledge_findings and unit is not None:
                message += "（确认敏感信息可以公开须有保密审查权限）"
            error(code, message)

        if title and published_on:
            key = (title, published_on)
            if key in seen_keys:
                error("title", f"与第 {seen_keys[key]} 行重复（信息名称和发布日期相同）")
            else:
                seen_keys[key] = source.number

        if errors:
            report.errors.extend(errors)
            continue
        candidates.append(CleanRow(number=source.number, unit=unit, body=body, fields=fields, channels=channels,
                                   index_number=index_number, published_at=published_at, findings=findings))

    _check_existing(report, candidates)
    bad = set(report.bad_rows)
    report.items = [row for row in candidates if row.number not in bad]
    return report


def _check_existing(report: ImportReport, rows: list[CleanRow]) -> None:
    """Duplicates against what is already in the catalog (any status)."""
    numbers = [r.index_number for r in rows if r.index_number]
    taken = {}
    for chunk in _chunks(numbers):
        taken.update(P.objects.filter(index_number__in=chunk).values_list("index_number", "title"))
    titles = list({r.fields["title"] for r in rows})
    existing: dict[tuple[str, date], str] = {}
    for chunk in _chunks(titles):
        for title, published_at, index_number in (P.objects.filter(title__in=chunk, published_at__isnull=False)
                                                  .values_list("title", "published_at", "index_number")):
            existing[(title, timezone.localdate(published_at))] = index_number or ""
    for row in rows:
        if row.index_number in taken:
            report.errors.append(RowError(row.number, COLUMN_LABELS["index_number"],
                                          f"索引号“{row.index_number}”已被信息“{taken[row.index_number]}”使用"))
        key = (row.fields["title"], timezone.localdate(row.published_at))
        if key in existing:
            where = f"（索引号 {existing[key]}）" if existing[key] else ""
            report.errors.append(RowError(row.number, COLUMN_LABELS["title"],
                                          f"目录中已有同名且发布日期相同的信息{where}，不能重复导入"))


# --------------------------------------------------------------------------- writing


def _index_regex(pattern: str, org_code: str) -> re.Pattern[str] | None:
    """A regular expression matching the index numbers `pattern` produces for this body, with
    the year and serial as groups; None if the pattern cannot be read."""
    parts, seen = [], set()
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return None
    for literal, name, _spec, _conversion in parsed:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name == "org18":
            parts.append(re.escape(org_code.strip().upper()))
        elif name == "org9":
            parts.append(re.escape(index_numbers.org9(org_code)))
        elif name == "month":
            parts.append(r"\d{1,2}")
        elif name in ("year", "serial"):
            digits = r"\d{4}" if name == "year" else r"\d+"
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{digits})")
            seen.add(name)
        else:
            return None
    return re.compile("".join(parts), re.IGNORECASE)


def _pattern(body: DisclosureBody) -> str:
    return body.index_pattern or settings.GONGKAI_INDEX_PATTERN


def _reserve_legacy_number(body: DisclosureBody, number: str) -> None:
    """A kept legacy number that the body's own pattern could produce later (same year, same
    serial) pushes that year's sequence past it, so publication never draws it again."""
    regex = _index_regex(_pattern(body), body.org_code)
    match = regex.fullmatch(number) if regex else None
    if not match or "year" not in regex.groupindex or "serial" not in regex.groupindex:
        return
    year, serial = int(match["year"]), int(match["serial"])
    if not (1900 <= year <= 2999 and 0 < serial < 2**31):
        return
    seq, _ = Sequence.objects.select_for_update().get_or_create(body=body, name="index", year=year)
    if seq.last_value < serial:
        Sequence.objects.filter(pk=seq.pk).update(last_value=serial)


def _assign_index_number(body: DisclosureBody, on: date, taken: set[str]) -> str:
    pattern = _pattern(body)
    while True:
        serial = next_sequence_value(body=body, name="index", year=on.year)
        number = index_numbers.format_index_number(pattern, org_code=body.org_code, on=on, serial=serial)
        if number not in taken and not P.objects.filter(index_number=number).exists():
            return number


def _snapshot(pub: Publication, channels: list[Channel]) -> dict:
    data = audit.snapshot(pub, EDITABLE + ["unit", "body", "status", "index_number", "published_at"])
    data["channels"] = sorted(c.code for c in channels)
    return data


def _write(actor: User, report: ImportReport) -> None:
    """Items first, audit events last: the audit chain's head stays locked (every audited write
    in the system waits for it) only for the last part of the run, not for all of it."""
    taken = {row.index_number for row in report.items if row.index_number}
    for row in report.items:
        if row.index_number:
            _reserve_legacy_number(row.body, row.index_number)
    now = clock.now()
    created: list[tuple[CleanRow, Publication]] = []
    links, findings = [], []
    Link = P.channels.through
    for row in report.items:
        if not can(actor, IMPORT_CAPABILITY, row.unit):  # checked in validation too
            raise PermissionDenied(f"您没有在“{row.unit.name}”导入目录的权限")
        if row.index_number:
            number = row.index_number
            report.index_numbers_kept += 1
        else:
            number = _assign_index_number(row.body, timezone.localdate(row.published_at), taken)
            taken.add(number)
            report.index_numbers_assigned += 1
        pub = P(body=row.body, unit=row.unit, created_by=actor, status=P.Status.PUBLISHED,
                attribute=P.Attribute.PROACTIVE, current_step="", index_number=number,
                published_at=row.published_at, **row.fields)
        pub.save()
        created.append((row, pub))
        links.extend(Link(publication_id=pub.pk, channel_id=c.pk) for c in row.channels)
        findings.extend(Finding(publication=pub, source=source, kind=f.kind, start=f.start, end=f.end,
                                text=f.text[:200], state=Finding.State.ACKNOWLEDGED, reason=ACKNOWLEDGE_REASON,
                                resolved_by=actor, resolved_at=now) for source, f in row.findings)
    Link.objects.bulk_create(links, batch_size=500)
    Finding.objects.bulk_create(findings, batch_size=500)
    search.changed(search.Kind.PUBLICATION, *(pub.pk for _, pub in created))
    report.findings_acknowledged = len(findings)

    by_body: dict[str, int] = {}
    for row, pub in created:
        after = {**_snapshot(pub, row.channels), "row": row.number, "file": report.filename,
                 "file_sha256": report.sha256}
        if row.findings:
            after["findings_acknowledged"] = [{"source": source, "kind": f.kind, "text": f.text[:200]}
                                              for source, f in row.findings]
        audit.record(action="publication.import", actor=actor, obj=pub, unit=pub.unit, after=after)
        report.imported.append(pub.pk)
        by_body[row.body.letter_name] = by_body.get(row.body.letter_name, 0) + 1
    audit.record(
        action="catalog.import", actor=actor, object_type="publications.catalog", object_id=report.sha256,
        object_repr=report.filename[:200],
        after={"file": report.filename, "sha256": report.sha256, "size": report.size, "format": report.format,
               "rows": report.total_rows, "imported": len(report.imported),
               "index_numbers_kept": report.index_numbers_kept,
               "index_numbers_assigned": report.index_numbers_assigned,
               "findings_acknowledged": report.findings_acknowledged, "by_body": by_body,
               "first_id": report.imported[0] if report.imported else None,
               "last_id": report.imported[-1] if report.imported else None})


def import_catalog(*, actor: User, filename: str, data: bytes, dry_run: bool = False,
                   acknowledge_findings: bool = False) -> ImportReport:
    """Validate every row; write all of them in one transaction only if none is bad.

    `dry_run` checks without writing. `acknowledge_findings` lets a row whose title, summary or
    body holds scanner findings through, recording each finding as acknowledged; it needs the
    confidentiality-review capability on the row's unit (先审查、后公开)."""
    if not has_capability(actor, IMPORT_CAPABILITY):
        raise PermissionDenied("您没有导入目录的权限")
    report = ImportReport(filename=filename, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                          dry_run=dry_run, acknowledge_findings=acknowledge_findings)
    try:
        table = read_table(filename, data)
    except ImportFileError as exc:
        report.file_errors.append(str(exc))
        return report
    report.format, report.warnings = table.format, list(table.warnings)
    try:
        with transaction.atomic():
            if not dry_run:
                # Serialise imports: the duplicate checks below must see what a concurrent run wrote.
                list(DisclosureBody.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
            validate_rows(table.rows, actor=actor, acknowledge_findings=acknowledge_findings, report=report)
            if report.ok and not dry_run:
                _write(actor, report)
            else:
                transaction.set_rollback(True)
    except IntegrityError:
        report.imported, report.index_numbers_kept, report.index_numbers_assigned = [], 0, 0
        report.findings_acknowledged = 0
        report.file_errors.append("导入时目录已被他人同时修改（索引号冲突），未导入任何信息，请重新导入")
    return report


# --------------------------------------------------------------------------- the template


def template_workbook() -> bytes:
    """An empty XLSX with the header row, and a second sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目录"
    ws.append([c.label for c in COLUMNS])
    for index, column in enumerate(COLUMNS):
        cell = ws.cell(row=1, column=index + 1)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        ws.column_dimensions[_column_name(index)].width = 40 if column.code in ("title", "body_text") else 16
    ws.freeze_panes = "A2"
    for code, values in (("validity", [label for _, label in P.Validity.choices]),
                         ("legal_form", ["规章", "行政规范性文件"])):
        letter = _column_name([c.code for c in COLUMNS].index(code))
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.add_data_validation(rule)

    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "必填", "说明"])
    for column in COLUMNS:
        notes.append([column.label, "是" if column.required else "", column.help])
    notes.append([])
    notes.append(["只导入第一个工作表“目录”；第 1 行为表头，列的顺序不限。任何一行有错误时整个文件都不导入。"])
    notes.append([])
    notes.append(["主题分类编码", "名称", "说明"])
    for topic in Topic.objects.all():
        remark = "依法封存，不能导入" if topic.is_sealed else ("已停用" if not topic.is_active else "")
        notes.append([topic.code, "　" * topic.depth + topic.name, remark])
    notes.append([])
    notes.append(["体裁分类", "、".join(Genre.objects.values_list("name", flat=True))])
    notes.append(["公开渠道", "、".join(Channel.objects.values_list("name", flat=True))])
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in notes[1]:
        cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Registered in apps.py.
AUDIT_LABELS = {
    "publication.import": "导入公开信息",
    "catalog.import": "导入目录",
}
