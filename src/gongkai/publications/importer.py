"""Import of a legacy catalog: the items a body already published on its old website, from an
XLSX workbook (first sheet) or a CSV file, checked row by row before anything is written.

All or nothing per run: `import_catalog` validates every row first. If any row is bad, nothing is
written and the report names every bad row with its row number, column and a Chinese message
("第 5 行“发布日期”：……"). If every row is good, `services.import_published` writes all items in
one transaction. See docs/import.md.

The file is read by the kernel's table reader (`core.tables`); this module holds the columns, the
cleaners of their values and the check of a row against the database (units, topics, duplicates,
scope) and the sensitive-content scanner: `validate_rows(rows, actor=...)`. Over the house's 400
lines because a catalog item has fifteen columns, each with its own rule (one small method each).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CharField
from django.utils import timezone

from gongkai.core import clock, index_numbers, scanner, tables
from gongkai.core.access import can, has_capability
from gongkai.core.cells import CellError, cell_text, parse_date
from gongkai.core.models import DisclosureBody, Unit, User

from . import services
from .models import CatalogTopic, Genre, Publication, PublicationChannel
from .services import ACKNOWLEDGE_CAPABILITY, IMPORT_CAPABILITY

P = Publication

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Findings listed per cell in a message; the rest are counted.
MAX_FINDINGS_LISTED = 10

KIND_LABELS = scanner.KIND_LABELS

C = tables.Column
COLUMNS: tuple[tables.Column, ...] = (
    C("index_number", "索引号", help="可不填。填写的原索引号原样保留，不得与已有索引号重复；"
                                   "不填则按公开主体的索引号规则、以发布日期所在年份自动编排"),
    C("title", "信息名称", True, "必填，不超过 200 字"),
    C("summary", "内容概述"),
    C("unit", "发布机构", help="单位名称、简称、公开主体署名或单位代码；须在您的管理范围内并属于某个公开主体。"
                             "不填为您所在的公开主体"),
    C("created_on", "生成日期", True, "必填。信息形成或者变更之日，如 2016-03-05、2016/3/5、2016年3月5日"),
    C("published_at", "发布日期", True, "必填。日期或日期时间（2016-03-05 09:30），不得早于生成日期，不得晚于今天"),
    C("document_number", "文号", help="如：明公〔2016〕5号"),
    C("topic", "主题分类", True, "必填。分类名称或编码（如 交通管理 或 0803）；不能是依法封存的分类"),
    C("genre", "体裁分类", help="可不填。如：通知、公告、通告"),
    C("keywords", "关键词"),
    C("channels", "公开渠道", help="渠道名称，多个用“、”或“,”分隔；不填为政府网站"),
    C("validity", "有效性", help="有效、已修改、已废止或已失效；不填为有效"),
    C("repealed_on", "废止日期", help="有效性为“已废止”时必填"),
    C("legal_form", "文件类型", help="规章、行政规范性文件，或不填"),
    C("body_text", "正文"),
)
COLUMN_LABELS = {c.code: c.label for c in COLUMNS}

VALIDITY = {label: value for value, label in P.Validity.choices} | {v: v for v in P.Validity.values}
LEGAL_FORMS = {"规章": P.LegalForm.RULE, "行政规范性文件": P.LegalForm.NORMATIVE, "规范性文件": P.LegalForm.NORMATIVE,
               "rule": P.LegalForm.RULE, "normative": P.LegalForm.NORMATIVE, "无": "", "-": "", "—": ""}


@dataclass
class CleanRow:
    """A row that passed every check: what `services.import_published` writes."""

    number: int
    unit: Unit
    body: DisclosureBody
    fields: dict
    channels: list[PublicationChannel]
    index_number: str  # "" when one is to be assigned
    published_at: datetime
    findings: list[tuple[str, scanner.Finding]] = field(default_factory=list)


@dataclass
class CatalogReport(tables.ImportReport):
    measure: str = "条"
    thing: str = "信息"
    acknowledge_findings: bool = False
    index_numbers_kept: int = 0
    index_numbers_assigned: int = 0
    findings_acknowledged: int = 0

    def details(self, *, written: bool) -> str:
        if not written:
            return ""
        return f"保留原索引号 {self.index_numbers_kept} 条，新编索引号 {self.index_numbers_assigned} 条"


# --------------------------------------------------------------------------- cell values


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _codes(text: str) -> list[str]:
    # A code like 0803 typed into a number cell arrives as 803.
    candidates = [text]
    if text.isdigit() and len(text) % 2:
        candidates.append("0" + text)
    return candidates


def clean_validity(value) -> str:
    text = cell_text(value)
    if not text:
        return P.Validity.VALID
    if text not in VALIDITY:
        raise CellError(f"有效性应为有效、已修改、已废止或已失效，不能是“{text}”")
    return VALIDITY[text]


def clean_legal_form(value) -> str:
    text = cell_text(value)
    if text and text not in LEGAL_FORMS:
        raise CellError(f"文件类型应为“规章”“行政规范性文件”或不填，不能是“{text}”")
    return LEGAL_FORMS.get(text, "")


def clean_published(value, *, now: datetime) -> tuple[datetime, date]:
    """发布日期 as an aware datetime (midnight when no time is given) and its day."""
    published = parse_date(value, with_time=True)
    if isinstance(published, datetime):
        at, day = timezone.make_aware(published), published.date()
    else:
        at, day = timezone.make_aware(datetime.combine(published, time.min)), published
    if day > timezone.localdate(now) or at > now:
        raise CellError(f"发布日期 {cell_text(published)} 晚于现在：导入的应是已经发布的信息")
    return at, day


class _Lookups:
    """Everything a row is checked against, loaded once per run."""

    def __init__(self, actor: User):
        self.actor = actor
        self.topics_by_code = {t.code: t for t in CatalogTopic.objects.all()}
        self.topics_by_name: dict[str, list[CatalogTopic]] = {}
        for t in self.topics_by_code.values():
            self.topics_by_name.setdefault(t.name, []).append(t)
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.channels = {}
        for c in PublicationChannel.objects.all():
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
                index_numbers.check_pattern(services.index_pattern(body))
                self._pattern_errors[body.pk] = ""
            except index_numbers.IndexPatternError as exc:
                self._pattern_errors[body.pk] = f"公开主体“{body.letter_name}”的索引号格式有误（{exc}），无法自动编排索引号"
        return self._pattern_errors[body.pk]

    def default_unit(self) -> Unit | None:
        unit = self.actor.unit if self.actor.unit_id else None
        body = self.body_of(unit) if unit else None
        return body.unit if body else None

    def unit(self, value) -> Unit:
        text = cell_text(value)
        matches: dict[int, Unit] = {}
        for code in _codes(text):
            if code in self.units_by_code:
                matches = {self.units_by_code[code].pk: self.units_by_code[code]}
                break
        matches = matches or self.units_by_name.get(text, {})
        if len(matches) > 1:
            raise CellError(f"有 {len(matches)} 个单位名为“{text}”，请改填单位代码")
        if not matches:
            raise CellError(f"未找到单位“{text}”（可填单位名称、简称、公开主体署名或单位代码）")
        return next(iter(matches.values()))

    def topic(self, value) -> CatalogTopic:
        text = cell_text(value)
        topic = next((self.topics_by_code[c] for c in _codes(text) if c in self.topics_by_code), None)
        if topic is None:
            named = self.topics_by_name.get(text, [])
            if len(named) > 1:
                raise CellError(f"有多个名为“{text}”的主题分类，请改填分类编码")
            if not named:
                raise CellError(f"未找到主题分类“{text}”（可填分类名称或编码，如 0803）")
            topic = named[0]
        if topic.is_sealed:
            raise CellError(f"“{topic.name}”依《治安管理处罚法》第一百三十六条封存，不得逐件公开，只计入统计数据")
        if not topic.is_active:
            raise CellError(f"主题分类“{topic.name}”已停用")
        return topic

    def genre(self, value) -> Genre | None:
        text = cell_text(value)
        if text and text not in self.genres:
            raise CellError(f"未知的体裁分类“{text}”；可用：{'、'.join(self.genres)}")
        return self.genres.get(text)

    def channels_of(self, value) -> list[PublicationChannel]:
        names = list(dict.fromkeys(n for n in re.split(r"[、,，;；\s]+", cell_text(value)) if n))
        unknown = [n for n in names if n not in self.channels]
        if unknown:
            raise CellError(f"未知的公开渠道{''.join(f'“{n}”' for n in unknown)}；可用：{self.channel_names}")
        return list(dict.fromkeys(self.channels[n] for n in names)) or list(self.default_channels)


# --------------------------------------------------------------------------- validation


def validate_rows(rows: list[tables.SourceRow], *, actor: User, acknowledge_findings: bool = False,
                  report: CatalogReport | None = None) -> CatalogReport:
    """Check every row; bad rows go to `report.errors`, good ones to `report.rows`."""
    report = report or CatalogReport()
    report.acknowledge_findings = acknowledge_findings
    report.total_rows = len(rows)
    check = _Check(actor, acknowledge_findings)
    candidates = []
    for source in rows:
        row = tables.Row(source, COLUMNS)
        clean = check.row(row)
        if row.errors:
            report.errors.extend(row.errors)
        else:
            candidates.append(clean)
    report.errors.extend(_check_existing(candidates))
    bad = set(report.bad_rows)
    report.rows = [row for row in candidates if row.number not in bad]
    return report


class _Check:
    """The checks of one run: what they are checked against, and what earlier rows held."""

    def __init__(self, actor: User, acknowledge_findings: bool):
        self.actor, self.acknowledge = actor, acknowledge_findings
        self.lookups = _Lookups(actor)
        self.now = clock.now()
        self.today = timezone.localdate(self.now)
        self.max_lengths = {f.name: f.max_length for f in P._meta.get_fields() if isinstance(f, CharField)}
        self.seen_keys: dict[tuple[str, date], int] = {}
        self.seen_index: dict[str, int] = {}

    def row(self, row: tables.Row) -> CleanRow | None:
        fields = self.texts(row)
        index_number = self.index_number(row)
        unit, body = self.unit(row)
        fields["created_on"], published_at, published_on = self.dates(row)
        fields["topic"] = row.clean("topic", self.lookups.topic) if row.text["topic"] else None
        if not row.text["topic"]:
            row.error("topic", "不能为空")
        fields["genre"] = row.clean("genre", self.lookups.genre)
        channels = row.clean("channels", self.lookups.channels_of) or []
        validity = row.clean("validity", clean_validity)
        fields["validity"] = validity or P.Validity.VALID
        fields["repealed_on"] = self.repealed_on(row, validity, fields["created_on"])
        fields["legal_form"] = row.clean("legal_form", clean_legal_form) or ""
        if not index_number and body is not None and unit is not None and self.lookups.pattern_error(body):
            row.error("index_number", self.lookups.pattern_error(body))
        findings = self.findings(row, fields, unit)
        if fields["title"] and published_on:
            key = (fields["title"], published_on)
            if key in self.seen_keys:
                row.error("title", f"与第 {self.seen_keys[key]} 行重复（信息名称和发布日期相同）")
            else:
                self.seen_keys[key] = row.number
        if row.errors:
            return None
        return CleanRow(number=row.number, unit=unit, body=body, fields=fields, channels=channels,
                        index_number=index_number, published_at=published_at, findings=findings)

    def texts(self, row: tables.Row) -> dict:
        fields = {code: row.text[code] for code in ("summary", "body_text", "document_number", "keywords")}
        fields["title"] = re.sub(r"[ \t]*\n\s*", " ", row.text["title"])
        if not fields["title"]:
            row.error("title", "不能为空")
        for name in ("title", "document_number", "keywords"):
            limit = self.max_lengths[name]
            if len(fields[name]) > limit:
                row.error(name, f"不能超过 {limit} 字（现有 {len(fields[name])} 字）")
        return fields

    def index_number(self, row: tables.Row) -> str:
        number = row.text["index_number"]
        if len(number) > self.max_lengths["index_number"]:
            row.error("index_number", f"不能超过 {self.max_lengths['index_number']} 个字符")
        elif number in self.seen_index:
            row.error("index_number", f"索引号“{number}”与第 {self.seen_index[number]} 行重复")
        elif number:
            self.seen_index[number] = row.number
        return number

    def unit(self, row: tables.Row) -> tuple[Unit | None, DisclosureBody | None]:
        """发布机构 (or the actor's own body): in the actor's scope, within a disclosure body."""
        if row.text["unit"]:
            unit = row.clean("unit", self.lookups.unit)
        else:
            unit = self.lookups.default_unit()
            if unit is None:
                row.error("unit", "不能为空：您所在单位不属于任何公开主体，请填写发布机构")
        if unit is None:
            return None, None
        body = self.lookups.body_of(unit)
        if not can(self.actor, IMPORT_CAPABILITY, unit):
            row.error("unit", f"“{unit.name}”不在您的管理范围内")
            return None, body
        if body is None:
            row.error("unit", f"“{unit.name}”不属于任何公开主体，请先设置公开主体")
            return None, None
        return unit, body

    def dates(self, row: tables.Row) -> tuple[date | None, datetime | None, date | None]:
        """生成日期, and 发布日期 (its moment and its day): past, and published after created."""
        created_on = published = None
        for code in ("created_on", "published_at"):
            if not row.text[code]:
                row.error(code, "不能为空")
        if row.text["created_on"]:
            created_on = row.clean("created_on", parse_date)
        if row.text["published_at"]:
            published = row.clean("published_at", clean_published, now=self.now)
        published_at, published_on = published or (None, None)
        if published_on and created_on and published_on < created_on:
            row.error("published_at", f"发布日期 {published_on:%Y-%m-%d} 早于生成日期 {created_on:%Y-%m-%d}")
            published_at = None
        if created_on and created_on > self.today:
            row.error("created_on", f"生成日期 {created_on:%Y-%m-%d} 晚于今天")
        return created_on, published_at, published_on

    def repealed_on(self, row: tables.Row, validity: str | None, created_on: date | None) -> date | None:
        if not row.text["repealed_on"]:
            if validity == P.Validity.REPEALED:
                row.error("repealed_on", "有效性为“已废止”时须填写废止日期")
            return None
        repealed_on = row.clean("repealed_on", parse_date)
        if repealed_on and created_on and repealed_on < created_on:
            row.error("repealed_on", f"废止日期 {repealed_on:%Y-%m-%d} 早于生成日期 {created_on:%Y-%m-%d}")
        return repealed_on

    def findings(self, row: tables.Row, fields: dict, unit: Unit | None) -> list[tuple[str, scanner.Finding]]:
        """Sensitive content: legacy archives are where ID numbers hide. Acknowledged only by one
        who may review confidentiality on the row's unit (先审查、后公开)."""
        acknowledged: list[tuple[str, scanner.Finding]] = []
        for code in ("title", "summary", "body_text"):
            found = scanner.scan(fields[code], today=self.today)
            if not found:
                continue
            if self.acknowledge and unit is not None and can(self.actor, ACKNOWLEDGE_CAPABILITY, unit):
                acknowledged.extend((code, f) for f in found)
                continue
            listed = "、".join(f"{KIND_LABELS.get(f.kind, f.kind)}“{f.text}”" for f in found[:MAX_FINDINGS_LISTED])
            more = f"等 {len(found)} 处" if len(found) > MAX_FINDINGS_LISTED else ""
            message = f"含有敏感信息：{listed}{more}。请删除或遮盖后重新导入"
            if self.acknowledge and unit is not None:
                message += "（确认敏感信息可以公开须有保密审查权限）"
            row.error(code, message)
        return acknowledged


def _check_existing(rows: list[CleanRow]) -> list[tables.RowError]:
    """Duplicates against what is already in the catalog (any status)."""
    errors = []
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
            errors.append(tables.RowError(row.number, COLUMN_LABELS["index_number"],
                                          f"索引号“{row.index_number}”已被信息“{taken[row.index_number]}”使用"))
        key = (row.fields["title"], timezone.localdate(row.published_at))
        if key in existing:
            where = f"（索引号 {existing[key]}）" if existing[key] else ""
            errors.append(tables.RowError(row.number, COLUMN_LABELS["title"],
                                          f"目录中已有同名且发布日期相同的信息{where}，不能重复导入"))
    return errors


# --------------------------------------------------------------------------- importing


def import_catalog(*, actor: User, filename: str, data: bytes, dry_run: bool = False,
                   acknowledge_findings: bool = False) -> CatalogReport:
    """Validate every row; write all of them in one transaction only if none is bad.

    `dry_run` checks without writing. `acknowledge_findings` lets a row whose title, summary or
    body holds scanner findings through, recording each finding as acknowledged; it needs the
    confidentiality-review capability on the row's unit (先审查、后公开)."""
    if not has_capability(actor, IMPORT_CAPABILITY):
        raise PermissionDenied("您没有导入目录的权限")
    report = CatalogReport.of(filename, data, dry_run=dry_run, acknowledge_findings=acknowledge_findings)
    table = report.read(data, columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is None:
        return report
    if "index_number" not in table.columns:
        report.warnings.append("没有“索引号”列：全部按公开主体的索引号规则自动编排")
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
        report.index_numbers_kept = report.index_numbers_assigned = report.findings_acknowledged = 0
        report.file_error("导入时目录已被他人同时修改（索引号冲突），未导入任何信息，请重新导入")
    return report


def _write(actor: User, report: CatalogReport) -> None:
    source = {"file": report.filename, "sha256": report.sha256, "size": report.size, "format": report.format,
              "rows": report.total_rows}
    created = services.import_published(actor=actor, rows=report.rows, source=source)
    report.imported = [pub.pk for pub in created]
    report.index_numbers_kept = sum(1 for row in report.rows if row.index_number)
    report.index_numbers_assigned = len(created) - report.index_numbers_kept
    report.findings_acknowledged = sum(len(row.findings) for row in report.rows)


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
        ws.column_dimensions[tables.column_letter(index)].width = 40 if column.code in ("title", "body_text") else 16
    ws.freeze_panes = "A2"
    for code, values in (("validity", [label for _, label in P.Validity.choices]),
                         ("legal_form", ["规章", "行政规范性文件"])):
        letter = tables.column_letter([c.code for c in COLUMNS].index(code))
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
    for topic in CatalogTopic.objects.all():
        remark = "依法封存，不能导入" if topic.is_sealed else ("已停用" if not topic.is_active else "")
        notes.append([topic.code, "　" * topic.depth + topic.name, remark])
    notes.append([])
    notes.append(["体裁分类", "、".join(Genre.objects.values_list("name", flat=True))])
    notes.append(["公开渠道", "、".join(PublicationChannel.objects.values_list("name", flat=True))])
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
