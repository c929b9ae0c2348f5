"""Import of past applications from a bureau's ledger (政府信息公开申请台账), so the annual report
can cover the years before the system. See docs/applications-import.md.

All or nothing, as the catalog import (publications/importer.py): every row is checked first;
if any row is bad nothing is written and every problem is reported as "第 N 行：……" (N is the
row number a spreadsheet program shows); otherwise all rows are written in one transaction.
The file is read by the kernel's table reader (`core.tables`) and its words by `ledger_words`
(listed values, the outcome matcher); this module holds the columns, the row checks and the writer.

- `validate(table, default_body=..., actor=...)` checks every row against the database and
  returns `(rows, errors)`; `parse(filename, data, ...)` reads and checks. Neither writes
  anything, so an upload page can show the result before importing.
- `import_ledger(actor=..., filename=..., data=..., default_body=..., dry_run=False)` is the
  service: permission, one transaction, one audit event ("application.import") for the file.

A little over the house's 400 lines because a row has fifteen columns, each checked by its own
small function, and the writer trusts exactly what those checks let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import audit, clock, tables
from gongkai.core.access import can, has_capability
from gongkai.core.cells import norm, parse_date
from gongkai.core.models import AuditEvent, DisclosureBody, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.services import next_sequence_value, reserve_sequence_value

from . import ledger_words as words
from . import regimes, services, workflow
from .models import ApplicantKind, Application, Remedy

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# The 2008 regulation (国务院令第492号) came into force on this day; nothing was received before it.
EARLIEST = date(2008, 5, 1)
# Importing history feeds the annual report: the head of the disclosure office (or a leader of
# the body) does it, not every handler.
CAPABILITY = Capability.APPLICATIONS_APPROVE
DEFAULT_NAME = "（台账导入）"


C = tables.Column
COLUMNS: tuple[tables.Column, ...] = (
    C("tracking_number", "受理编号", aliases=("编号", "申请编号", "number")),
    C("body", "公开主体", aliases=("受理机关",)),
    C("applicant_kind", "申请人类型", True, aliases=("applicant_type",)),
    C("name", "申请人", aliases=("申请人姓名", "申请人名称", "申请人姓名/名称", "姓名/名称", "applicant")),
    C("channel", "申请渠道", True, aliases=("申请方式",)),
    C("received_on", "收到申请日期", True, aliases=("收到日期", "受理日期", "received")),
    C("description", "申请内容", aliases=("申请公开的内容", "申请公开内容", "content")),
    C("outcome", "办理结果", aliases=("答复结果", "处理结果", "result")),
    C("decided_on", "答复日期", aliases=("办结日期", "replied_on")),
    C("extended", "是否延期", aliases=("延期", "延期答复", "extension")),
    C("reconsideration", "复议结果", aliases=("行政复议", "行政复议结果")),
    C("reconsideration_filed_on", "复议申请日期", aliases=("复议日期",)),
    C("litigation", "诉讼类型", aliases=("行政诉讼", "litigation_kind")),
    C("litigation_result", "诉讼结果", aliases=("行政诉讼结果",)),
    C("litigation_filed_on", "起诉日期"),
)
LABELS = {c.code: c.label for c in COLUMNS}


class LedgerError(tables.RowError):
    """The ledger's messages have the column as their subject ("“答复日期”不能为空"), and read so."""

    def __str__(self) -> str:
        return f"第 {self.row} 行：" + (f"“{self.column}”" if self.column else "") + self.message


@dataclass
class LedgerRow:
    """A row that passed every check: what will be written."""

    number: int
    body: DisclosureBody
    tracking_number: str  # "" when one is to be assigned
    applicant_kind: str
    name: str
    channel: str
    received_on: date
    description: str
    outcome: str          # "" = still open at the end of the ledger (carried over)
    decided_on: date | None
    extension_days: int
    remedies: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- checking the rows


class _Bodies:
    def __init__(self):
        self.by_key: dict[str, set[DisclosureBody]] = {}
        self.units = {u.code: u for u in Unit.objects.all()}
        for body in DisclosureBody.objects.select_related("unit"):
            for name in (body.unit.code, body.letter_name, body.unit.name, body.unit.short_name):
                if name:
                    self.by_key.setdefault(norm(name), set()).add(body)

    def find(self, text: str) -> DisclosureBody:
        found = self.by_key.get(norm(text), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            raise ValueError(f"有多个公开主体名为“{text}”，请改填单位代码")
        if text.strip() in self.units:
            raise ValueError(f"“{self.units[text.strip()].name}”不是公开主体，请填写其所属的公开主体")
        raise ValueError(f"未找到公开主体“{text}”（可填单位代码或文书署名，如 350400 或 三明市公安局）")


def find_body(text: str) -> DisclosureBody:
    """A disclosure body by unit code, 文书署名, unit name or short name (the command's --body)."""
    return _Bodies().find(text)


def validate(table: tables.Table, *, default_body: DisclosureBody | None = None,
             actor: User | None = None) -> tuple[list[LedgerRow], list[LedgerError]]:
    """Check every row; returns the good rows and every problem (by row). Writes nothing."""
    bodies = _Bodies()
    today = clock.today()
    rows: list[LedgerRow] = []
    errors: list[LedgerError] = []
    seen: dict[str, dict] = {"numbers": {}, "cases": {}}
    for source in table.rows:
        row = tables.Row(source, COLUMNS, error=LedgerError)
        clean = _check_row(row, bodies=bodies, default_body=default_body, actor=actor, today=today, seen=seen)
        if row.errors:
            errors.extend(row.errors)
        else:
            rows.append(clean)
    errors.extend(_check_existing(rows))
    errors.sort(key=lambda e: e.row)
    bad = {e.row for e in errors}
    return [r for r in rows if r.number not in bad], errors


def _check_row(row: tables.Row, *, bodies: _Bodies, default_body: DisclosureBody | None, actor: User | None,
               today: date, seen: dict) -> LedgerRow | None:
    text = row.text
    tracking = _tracking(row, seen["numbers"])
    body = _body(row, bodies, default_body, actor)
    kind = _choice(row, "applicant_kind", words.KINDS, f"应为{'、'.join(ApplicantKind.labels)}之一")
    name = text["name"] or DEFAULT_NAME
    if len(name) > 100:
        row.error("name", "不能超过 100 字")
    channel = _choice(row, "channel", words.CHANNELS, "应为网上申请、当面申请、挂号信、平信、传真、电子邮件或其他")
    received_on = _day(row, "received_on", today)
    if not text["received_on"]:
        row.error("received_on", "不能为空")
    elif received_on and received_on < EARLIEST:
        row.error("received_on", f"{received_on:%Y-%m-%d} 早于《政府信息公开条例》施行日期 2008-05-01")
        received_on = None
    outcome, decided_on = _outcome(row, today, received_on)
    # 是否延期 is read against the regulation of the day received (2008: at most 15 working days).
    extension_days = row.clean("extended", words.extension, regimes.of(received_on)) or 0
    remedies = _remedies(row, today, body, decided_on, closed=bool(text["outcome"]))
    if text["name"] and text["description"] and body and received_on:
        key = (body.pk, received_on, name, text["description"])
        if key in seen["cases"]:
            row.error("", f"与第 {seen['cases'][key]} 行重复（公开主体、申请人、收到申请日期和申请内容均相同）")
        else:
            seen["cases"][key] = row.number
    if row.errors:
        return None
    return LedgerRow(number=row.number, body=body, tracking_number=tracking, applicant_kind=kind, name=name,
                     channel=channel, received_on=received_on, description=text["description"], outcome=outcome,
                     decided_on=decided_on if outcome else None, extension_days=extension_days, remedies=remedies)


def _day(row: tables.Row, code: str, today: date) -> date | None:
    if not row.text[code]:
        return None
    value = row.clean(code, parse_date)
    if value is not None and value > today:
        row.error(code, f"{value:%Y-%m-%d} 晚于今天")
        return None
    return value


def _choice(row: tables.Row, code: str, choices: dict[str, str], expected: str) -> str | None:
    value = choices.get(norm(row.text[code]))
    if not row.text[code]:
        row.error(code, "不能为空")
    elif value is None:
        row.error(code, f"{expected}，不能是“{row.text[code]}”")
    return value


def _tracking(row: tables.Row, seen: dict[str, int]) -> str:
    tracking = row.text["tracking_number"].upper()
    if len(tracking) > 30:
        row.error("tracking_number", "不能超过 30 个字符")
    elif tracking in seen:
        row.error("tracking_number", f"“{tracking}”与第 {seen[tracking]} 行重复")
    elif tracking:
        seen[tracking] = row.number
    return tracking


def _body(row: tables.Row, bodies: _Bodies, default: DisclosureBody | None, actor: User | None) -> DisclosureBody | None:
    body = default
    if row.text["body"]:
        try:
            body = bodies.find(row.text["body"])
        except ValueError as exc:
            row.error("body", str(exc))
            return None
    elif body is None:
        row.error("body", "不能为空（导入时未指定默认公开主体）")
    if body is not None and actor is not None and not can(actor, CAPABILITY, body.unit):
        row.error("body", f"“{body.letter_name}”不在您的管理范围内")
        return None
    return body


def _outcome(row: tables.Row, today: date, received_on: date | None) -> tuple[str, date | None]:
    """办理结果 and 答复日期: both, or neither for a case still open at the end of the ledger."""
    text = row.text
    outcome = ""
    if text["outcome"]:
        try:
            outcome = words.match_outcome(text["outcome"])
        except ValueError as exc:
            row.error("outcome", str(exc))
    decided_on = _day(row, "decided_on", today)
    if text["outcome"] and not text["decided_on"]:
        row.error("decided_on", "不能为空：填写了办理结果时必须填写答复日期")
    if text["decided_on"] and not text["outcome"]:
        row.error("outcome", "为空，但填写了答复日期（未办结、结转下年的申请两者都不填）")
    if decided_on and received_on and decided_on < received_on:
        row.error("decided_on", f"{decided_on:%Y-%m-%d} 早于收到申请日期 {received_on:%Y-%m-%d}")
        decided_on = None
    return outcome, decided_on


def _authority(row: tables.Row, body: DisclosureBody | None, field: str, code: str) -> bool:
    """The body names the authority a remedy went to (workflow.remedy_unset): a row is not given a
    made-up one. Without a body the row has its error already."""
    if body is None:
        return False
    if getattr(body, field).strip():
        return True
    label = dict(workflow.REMEDY_SETTINGS)[field]
    row.error(code, f"{body.letter_name}尚未设置“{label}”：请在“单位与公开主体”中打开本机关的“公开主体设置”填写后再导入")
    return False


def _remedies(row: tables.Row, today: date, body: DisclosureBody | None, decided_on: date | None,
              closed: bool) -> list[dict]:
    """Reconsideration and litigation of the reply, as Remedy fields."""
    text, error = row.text, row.error
    remedies: list[dict] = []
    if not (text["reconsideration"] or text["litigation"] or text["litigation_result"]):
        for code in ("reconsideration_filed_on", "litigation_filed_on"):
            if text[code]:
                error(code, f"已填写，但没有{'复议结果' if code.startswith('re') else '诉讼类型'}")
        return remedies
    if not closed:
        error("reconsideration" if text["reconsideration"] else "litigation",
              "未办结的申请不能有复议或诉讼（复议、诉讼针对的是答复）")
        return remedies
    results = "维持、纠正、其他或尚未审结"
    reconsidered = None
    if text["reconsideration"]:
        result = words.REMEDY_RESULTS.get(norm(text["reconsideration"]))
        filed_on = _day(row, "reconsideration_filed_on", today) or decided_on
        if result is None:
            error("reconsideration", f"应为{results}，不能是“{text['reconsideration']}”")
        elif filed_on and decided_on and filed_on < decided_on:
            error("reconsideration_filed_on", f"{filed_on:%Y-%m-%d} 早于答复日期 {decided_on:%Y-%m-%d}")
        elif filed_on and _authority(row, body, "reconsideration_authority", "reconsideration"):
            reconsidered = result
            remedies.append({"kind": Remedy.Kind.RECONSIDERATION, "result": result, "filed_on": filed_on,
                             "authority": body.reconsideration_authority.strip()})
    elif text["reconsideration_filed_on"]:
        error("reconsideration_filed_on", "已填写，但没有复议结果")
    if text["litigation"] or text["litigation_result"]:
        kind = words.LITIGATION_KINDS.get(norm(text["litigation"]))
        result = words.REMEDY_RESULTS.get(norm(text["litigation_result"] or "尚未审结"))
        earliest = remedies[0]["filed_on"] if remedies else decided_on
        filed_on = _day(row, "litigation_filed_on", today) or earliest
        if not text["litigation"]:
            error("litigation", "为空，但填写了诉讼结果（诉讼类型应为直接起诉或复议后起诉）")
        elif kind is None:
            error("litigation", f"应为“直接起诉”或“复议后起诉”，不能是“{text['litigation']}”")
        elif kind == Remedy.Kind.LITIGATION_AFTER and not text["reconsideration"]:
            error("litigation", "复议后起诉须同时填写复议结果")
        elif kind == Remedy.Kind.LITIGATION_AFTER and reconsidered == Remedy.Result.PENDING:
            error("litigation", "复议尚未审结，不能是复议后起诉")
        if result is None:
            error("litigation_result", f"应为{results}，不能是“{text['litigation_result']}”")
        elif kind and filed_on and earliest and filed_on < earliest:
            error("litigation_filed_on", f"{filed_on:%Y-%m-%d} 早于{'复议申请' if remedies else '答复'}日期 "
                                         f"{earliest:%Y-%m-%d}")
        elif kind and filed_on and _authority(row, body, "litigation_court", "litigation"):
            remedies.append({"kind": kind, "result": result, "filed_on": filed_on,
                             "authority": body.litigation_court.strip()})
    elif text["litigation_filed_on"]:
        error("litigation_filed_on", "已填写，但没有诉讼类型")
    return remedies


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _check_existing(rows: list[LedgerRow]) -> list[LedgerError]:
    """Duplicates against what is already in the system."""
    errors = []
    numbers = [r.tracking_number for r in rows if r.tracking_number]
    taken: set[str] = set()
    for chunk in _chunks(numbers):
        taken.update(Application.objects.filter(tracking_number__in=chunk).values_list("tracking_number", flat=True))
    # Cases imported earlier, by (body, received, name, content), on the days this file covers.
    imported: dict[tuple, str] = {}
    for chunk in _chunks(sorted({r.received_on for r in rows})):
        for values in (Application.objects.filter(imported=True, received_on__in=chunk)
                       .values_list("body_id", "received_on", "name", "description", "tracking_number")):
            imported.setdefault(values[:4], values[4])
    for row in rows:
        if row.tracking_number in taken:
            errors.append(LedgerError(row.number, LABELS["tracking_number"], f"“{row.tracking_number}”已被系统中的申请使用"))
        elif row.name != DEFAULT_NAME and row.description:
            twin = imported.get((row.body.pk, row.received_on, row.name, row.description))
            if twin:
                errors.append(LedgerError(row.number, "", f"与已导入的申请 {twin} 相同（公开主体、申请人、收到申请日期和"
                                                          "申请内容均相同），不能重复导入"))
    return errors


def parse(filename: str, data: bytes, *, default_body: DisclosureBody | None = None,
          actor: User | None = None) -> tuple[list[LedgerRow], list[str]]:
    """Read and check a ledger file: (good rows, every problem as it reads). Writes nothing."""
    report = LedgerReport.of(filename, data)
    table = report.read(data, columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is not None:
        report.rows, report.errors = validate(table, default_body=default_body, actor=actor)
    return report.rows, report.messages()


# --------------------------------------------------------------------------- importing


@dataclass
class LedgerReport(tables.ImportReport):
    measure: str = "件"
    thing: str = "申请"
    numbers_assigned: int = 0

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.outcome)

    @property
    def open(self) -> int:
        return sum(1 for r in self.rows if not r.outcome)

    @property
    def remedies(self) -> int:
        return sum(len(r.remedies) for r in self.rows)

    def details(self, *, written: bool) -> str:
        counts = f"已办结 {self.closed} 件，未办结（结转）{self.open} 件，复议诉讼 {self.remedies} 件"
        return f"{counts}；新编受理编号 {self.numbers_assigned} 个" if written else counts


_SYSTEM_NUMBER = re.compile(r"(\d+)-(\d{4})-(\d+)")


def _reserve(body: DisclosureBody, number: str) -> None:
    """A kept number in the system's own form (350400-2026-0017) moves that year's sequence past
    it, so a new application never draws it again."""
    match = _SYSTEM_NUMBER.fullmatch(number)
    if not match or match.group(1) != body.unit.code:
        return
    year, serial = int(match.group(2)), int(match.group(3))
    if 1900 <= year <= 2999 and serial < 2**31:
        reserve_sequence_value(body=body, name="application", year=year, value=serial)


def _assign(body: DisclosureBody, year: int, taken: set[str]) -> str:
    while True:
        serial = next_sequence_value(body=body, name="ledger", year=year)
        number = f"{body.unit.code}-{year}-L{serial:04d}"
        if number not in taken and not Application.objects.filter(tracking_number=number).exists():
            taken.add(number)
            return number


def _write(actor: User, report: LedgerReport) -> None:
    taken = {r.tracking_number for r in report.rows if r.tracking_number}
    for row in report.rows:
        if row.tracking_number:
            _reserve(row.body, row.tracking_number)
    by_body: dict[str, int] = {}
    for row in report.rows:
        if not can(actor, CAPABILITY, row.body.unit):  # checked in validation too
            raise PermissionDenied(f"您没有导入“{row.body.letter_name}”申请台账的权限")
        number = row.tracking_number
        if not number:
            number = _assign(row.body, row.received_on.year, taken)
            report.numbers_assigned += 1
        services.import_ledger_row(
            actor=actor, body=row.body, tracking_number=number, applicant_kind=row.applicant_kind, name=row.name,
            channel=row.channel, received_on=row.received_on, description=row.description, outcome=row.outcome,
            decided_on=row.decided_on, extension_days=row.extension_days,
            remedies=[{**r, "summary": "台账导入"} for r in row.remedies],
            note=f"由申请台账导入（{report.filename[:100]} 第 {row.number} 行）")
        report.imported.append(number)
        by_body[row.body.letter_name] = by_body.get(row.body.letter_name, 0) + 1
    audit.record(action="application.import", actor=actor, object_type="applications.ledger",
                 object_id=report.sha256, object_repr=report.filename[:200],
                 after={"file": report.filename, "sha256": report.sha256, "format": report.format,
                        "rows": report.total_rows, "imported": len(report.imported), "closed": report.closed,
                        "open": report.open, "remedies": report.remedies,
                        "numbers_assigned": report.numbers_assigned, "by_body": by_body,
                        "first": report.imported[0], "last": report.imported[-1]})


def import_ledger(*, actor: User, filename: str, data: bytes, default_body: DisclosureBody | None = None,
                  dry_run: bool = False) -> LedgerReport:
    """Check every row; write all of them in one transaction only if none is bad."""
    if not has_capability(actor, CAPABILITY):
        raise PermissionDenied("您没有导入申请台账的权限")
    if default_body is not None and not can(actor, CAPABILITY, default_body.unit):
        raise PermissionDenied(f"“{default_body.letter_name}”不在您的管理范围内")
    report = LedgerReport.of(filename, data, dry_run=dry_run)
    table = report.read(data, columns=COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is None:
        return report
    earlier = AuditEvent.objects.filter(action="application.import", object_id=report.sha256).first()
    if earlier:
        report.file_error(f"该文件已于 {timezone.localtime(earlier.at):%Y-%m-%d %H:%M} 导入过（内容完全相同），不能重复导入")
        return report
    try:
        with transaction.atomic():
            if not dry_run:
                # Serialise imports: the duplicate checks must see what a concurrent run wrote.
                list(DisclosureBody.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
            report.rows, report.errors = validate(table, default_body=default_body, actor=actor)
            if report.ok and not dry_run:
                _write(actor, report)
            else:
                transaction.set_rollback(True)
    except IntegrityError:
        report.numbers_assigned = 0
        report.file_error("导入时受理编号与他人同时写入的申请冲突，未导入任何申请，请重新导入")
    return report
