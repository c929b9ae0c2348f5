"""The annual report in the national format (2021): sections 二, 三 and 四 computed from the
records, the five consistency rules of `annual-report.md`, and the JSON shape of the API.

Pure reads: one `values_list` query per model (publications, enforcement figures, applications,
remedies), aggregated in Python, so a year of 100,000 applications takes a fraction of a second.
Every cell keeps the ids of the records it counts, for drill-down.

What counts, and why (the periods are calendar years in the bureau's time zone):

Section 二, 第二十条第（一）项 (publications whose 文件类型 is 规章 or 行政规范性文件, attribute
主动公开). An item counts for a year only if it was public on 31 December of that year: published
by then (published_at) and not withdrawn by then (withdrawn_at). 撤回 takes an item back from
every public path (published in error, decision revoked): the bureau did not let that document
stand, so it is not counted as issued or in force for a year in which it was withdrawn; a later
withdrawal does not rewrite the year in which it was public, so a past year computes the same
numbers today as it did on 31 December. Drafts, items in review and non-public items never count.
- 本年制发件数: published in the year.
- 本年废止件数: repealed (repealed_on) in the year. Expiry by term (失效) is not 废止.
- 现行有效件数: neither repealed (repealed_on) nor expired (valid_until, the day it ceases to
  have effect) by 31 December. An item marked 已失效 without a date is taken as no longer in
  force: the record does not say it was. 已修改 (amended) documents remain in force.
第二十条第（五）（六）（八）项 come from EnforcementFigures of the body (and its branches) for the year.

Section 三 (applications), per `annual-report.md` and regulation.md §3:
- 一 received: received_on (the Art. 31 date) in the year.
- 二 carried in: received before 1 January and not decided before 1 January.
- （一）–（六）: decided (decided_on, the date the reply was issued) in the year, in the row of its
  outcome (outcomes.py: one application, one row). （七）总计 counts every application decided in
  the year directly, not as a sum, so rule 2 really checks that every outcome found a row.
- 四 carried out: received by 31 December and not decided by 31 December.
- Never formally received (待确认受理, received_on empty): not an application yet under Art. 31
  (internet and fax applications are received when both sides confirm), so it is in no row; it
  counts in the year it is confirmed.
- Withdrawn by the applicant: an outcome like any other, （六）其他处理 3 "其他", in the year the
  closing reply is issued; no supplement in time is （六）1 and no fee in time （六）2, both in the
  year the case was closed as lapsed.
- Referred (not this body's information, Art. 36(五)): （四）无法提供 1 with "does not exist",
  as regulation.md's outcome table says; the other agency counts the application it receives.
- A reply drafted but awaiting approval is not decided: the case is still open (carried over).
- Ledger-imported cases count like any other (their received_on and decided_on are the ledger's).
- Columns follow applicant_kind; 总计 counts every application directly, so rule 3 catches an
  applicant type outside the six.

Section 四 (remedies): reconsiderations and lawsuits filed (filed_on) in the year, counted once, in
the year they were filed; a case pending from an earlier year is not counted again when it
ends (section 四 has no carry-over rows, unlike section 三). The result is as at 31 December:
one concluded later is 尚未审结 for the year it was filed. A ledger record with a result but no
concluded date is taken at its result (old ledgers give results, not dates).

Scope: `body`'s own records (record.body is the body), or with `with_branches` those of every
disclosure body whose unit is the body's unit or below it (Unit.path prefix), summed."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from gongkai.applications import outcomes
from gongkai.applications.models import Application, Remedy
from gongkai.core.models import DisclosureBody
from gongkai.publications.models import EnforcementFigures, Publication

from . import labels as L

APPLICATION = "applications.Application"
REMEDY = "applications.Remedy"
PUBLICATION = "publications.Publication"
ENFORCEMENT = "publications.EnforcementFigures"


@dataclass(frozen=True)
class Cell:
    """One number of the report and the records behind it (ids of `model`, "app_label.Model")."""

    value: int | Decimal
    ids: tuple[int, ...]
    model: str


CellKey = tuple[str, str]  # (row key, column key) as in labels.py


@dataclass
class AnnualReport:
    body_id: int
    body_code: str
    body_name: str
    year: int
    with_branches: bool
    section2: dict[CellKey, Cell] = field(default_factory=dict)
    section3: dict[CellKey, Cell] = field(default_factory=dict)
    section4: dict[CellKey, Cell] = field(default_factory=dict)

    def value(self, section: str, row: str, column: str) -> int | Decimal:
        """`report.value("三", "received", "person")`."""
        return self.section(section)[(row, column)].value

    def cell(self, section: str, row: str, column: str) -> Cell:
        return self.section(section)[(row, column)]

    def section(self, section: str) -> dict[CellKey, Cell]:
        return {"二": self.section2, "三": self.section3, "四": self.section4}[section]


@dataclass(frozen=True)
class Failure:
    """A consistency rule of annual-report.md that the report breaks."""

    rule: int
    section: str                    # "三" or "四"
    cells: tuple[CellKey, ...]      # the cells the rule compares
    expected: int
    actual: int
    message: str                    # in Chinese, naming the cells and both numbers


# --- compute -------------------------------------------------------------------------------------

def _cell(ids: Iterable[int], model: str) -> Cell:
    ids = tuple(sorted(ids))
    return Cell(len(ids), ids, model)


def _local_date(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value is not None else None


def _scope(body: DisclosureBody, with_branches: bool, prefix: str = "") -> Q:
    if with_branches:
        return Q(**{f"{prefix}body__unit__path__startswith": body.unit.path})
    return Q(**{f"{prefix}body_id": body.pk})


def _section2(body: DisclosureBody, year: int, with_branches: bool) -> dict[CellKey, Cell]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    P = Publication
    found: dict[CellKey, list[int]] = {key: [] for key in L.SECTION2_CELLS}
    forms = {P.LegalForm.RULE: "rule", P.LegalForm.NORMATIVE: "normative"}
    rows = (P.objects.filter(_scope(body, with_branches), attribute=P.Attribute.PROACTIVE,
                             legal_form__in=list(forms), status__in=[P.Status.PUBLISHED, P.Status.WITHDRAWN],
                             published_at__isnull=False)
            .values_list("id", "legal_form", "published_at", "withdrawn_at", "validity", "repealed_on",
                         "valid_until"))
    for pk, form, published_at, withdrawn_at, validity, repealed_on, valid_until in rows:
        published_on, withdrawn_on = _local_date(published_at), _local_date(withdrawn_at)
        if published_on > end or (withdrawn_on is not None and withdrawn_on <= end):
            continue  # not public on 31 December of the year
        row = forms[form]
        if published_on >= start:
            found[(row, L.ISSUED)].append(pk)
        if repealed_on is not None and start <= repealed_on <= end:
            found[(row, L.REPEALED)].append(pk)
        repealed = repealed_on is not None and repealed_on <= end
        expired = (valid_until is not None and valid_until <= end) or (
            valid_until is None and validity == P.Validity.EXPIRED)
        if not repealed and not expired:
            found[(row, L.IN_FORCE)].append(pk)
    cells = {key: _cell(ids, PUBLICATION) for key, ids in found.items() if key[0] in forms.values()}

    figures = list(EnforcementFigures.objects.filter(_scope(body, with_branches), year=year)
                   .values_list("id", "licences", "penalties", "coercive_measures", "fees_wan_yuan"))
    ids = tuple(sorted(f[0] for f in figures))
    cells[("licence", L.DECISIONS)] = Cell(sum(f[1] for f in figures), ids, ENFORCEMENT)
    cells[("penalty", L.DECISIONS)] = Cell(sum(f[2] for f in figures), ids, ENFORCEMENT)
    cells[("coercive", L.DECISIONS)] = Cell(sum(f[3] for f in figures), ids, ENFORCEMENT)
    cells[("fee", L.AMOUNT)] = Cell(sum((f[4] for f in figures), Decimal("0")), ids, ENFORCEMENT)
    return {key: cells[key] for key in L.SECTION2_CELLS}


def _section3(body: DisclosureBody, year: int, with_branches: bool) -> dict[CellKey, Cell]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    row_of = {o.code: o.report_row for o in outcomes.OUTCOMES}
    kinds = {c.key for c in L.APPLICANT_COLUMNS}
    found: dict[CellKey, list[int]] = defaultdict(list)
    # Everything that touches the year: received in it, or received earlier and not decided
    # before 1 January. (A reply dated before its receipt is then received but never decided, and
    # rule 1 shows it.)
    rows = (Application.objects.filter(_scope(body, with_branches), received_on__isnull=False,
                                       received_on__lte=end)
            .filter(Q(received_on__gte=start) | Q(decided_on__isnull=True) | Q(decided_on__gte=start))
            .values_list("id", "applicant_kind", "received_on", "decided_on", "outcome"))
    for pk, kind, received_on, decided_on, outcome in rows:
        columns = (kind, L.TOTAL) if kind in kinds else (L.TOTAL,)
        marks = [L.RECEIVED if received_on >= start else L.CARRIED_IN]
        if decided_on is None or decided_on > end:
            marks.append(L.CARRIED_OUT)
        elif decided_on >= start:
            marks.append(L.TOTAL)
            if outcome in row_of:
                marks.append(row_of[outcome])
        for mark in marks:
            for column in columns:
                found[(mark, column)].append(pk)
    return {(row.key, col.key): _cell(found.get((row.key, col.key), ()), APPLICATION)
            for row in L.COUNTED_ROWS for col in L.SECTION3_COLUMNS}


def _section4(body: DisclosureBody, year: int, with_branches: bool) -> dict[CellKey, Cell]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    results = {c.key for c in L.RESULT_COLUMNS}
    found: dict[CellKey, list[int]] = defaultdict(list)
    rows = (Remedy.objects.filter(_scope(body, with_branches, "application__"), filed_on__gte=start,
                                  filed_on__lte=end)
            .values_list("id", "kind", "result", "concluded_on"))
    for pk, kind, result, concluded_on in rows:
        if concluded_on is not None and concluded_on > end:
            result = L.PENDING  # the result came after the statistics period
        found[(kind, L.TOTAL)].append(pk)
        if result in results:
            found[(kind, result)].append(pk)
    return {key: _cell(found.get(key, ()), REMEDY) for key in L.SECTION4_CELLS}


def compute(body: DisclosureBody, year: int, *, with_branches: bool = False) -> AnnualReport:
    """Sections 二, 三 and 四 of `body`'s report for `year` (with its branches if asked)."""
    return AnnualReport(
        body_id=body.pk, body_code=body.unit.code, body_name=body.letter_name, year=year,
        with_branches=with_branches,
        section2=_section2(body, year, with_branches),
        section3=_section3(body, year, with_branches),
        section4=_section4(body, year, with_branches),
    )


# --- check ---------------------------------------------------------------------------------------

def _name3(row: str, column: str) -> str:
    return f"“{L.SECTION3_ROW[row].label}”行“{L.column_label('三', column)}”列"


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Failure]:
    """The five rules of annual-report.md; rule 5 only when last year's report is given."""
    failures: list[Failure] = []
    v3 = {key: cell.value for key, cell in report.section3.items()}
    leaves = [r.key for r in L.OUTCOME_ROWS]

    for col in L.SECTION3_COLUMNS:
        c = col.key
        left, right = v3[(L.RECEIVED, c)] + v3[(L.CARRIED_IN, c)], v3[(L.TOTAL, c)] + v3[(L.CARRIED_OUT, c)]
        if left != right:
            failures.append(Failure(
                1, "三", ((L.RECEIVED, c), (L.CARRIED_IN, c), (L.TOTAL, c), (L.CARRIED_OUT, c)), left, right,
                f"规则1：“{col.label}”列 一+二（{v3[(L.RECEIVED, c)]}+{v3[(L.CARRIED_IN, c)]}={left}）"
                f"应等于（七）总计+四（{v3[(L.TOTAL, c)]}+{v3[(L.CARRIED_OUT, c)]}={right}）"))

    for col in L.SECTION3_COLUMNS:
        c = col.key
        expected = sum(v3[(r, c)] for r in leaves)
        if expected != v3[(L.TOTAL, c)]:
            failures.append(Failure(
                2, "三", ((L.TOTAL, c), *((r, c) for r in leaves)), expected, v3[(L.TOTAL, c)],
                f"规则2：“{col.label}”列（七）总计为{v3[(L.TOTAL, c)]}，"
                f"应等于{len(leaves)}个办理结果分项之和{expected}"))

    for row in L.COUNTED_ROWS:
        r = row.key
        expected = sum(v3[(r, c.key)] for c in L.APPLICANT_COLUMNS)
        if expected != v3[(r, L.TOTAL)]:
            failures.append(Failure(
                3, "三", ((r, L.TOTAL), *((r, c.key) for c in L.APPLICANT_COLUMNS)), expected, v3[(r, L.TOTAL)],
                f"规则3：{_name3(r, L.TOTAL)}为{v3[(r, L.TOTAL)]}，应等于六类申请人之和{expected}"))

    for row in L.SECTION4_ROWS:
        r = row.key
        expected = sum(report.section4[(r, c.key)].value for c in L.RESULT_COLUMNS)
        actual = report.section4[(r, L.TOTAL)].value
        if expected != actual:
            failures.append(Failure(
                4, "四", ((r, L.TOTAL), *((r, c.key) for c in L.RESULT_COLUMNS)), expected, actual,
                f"规则4：“{L.row_label('四', r)}”总计为{actual}，应等于维持、纠正、其他、尚未审结之和{expected}"))

    if previous is not None:
        for col in L.SECTION3_COLUMNS:
            c = col.key
            expected, actual = previous.section3[(L.CARRIED_OUT, c)].value, v3[(L.CARRIED_IN, c)]
            if expected != actual:
                failures.append(Failure(
                    5, "三", ((L.CARRIED_IN, c),), expected, actual,
                    f"规则5：{_name3(L.CARRIED_IN, c)}为{actual}，应等于{previous.year}年度报告"
                    f"“{L.SECTION3_ROW[L.CARRIED_OUT].label}”的{expected}"))
    return failures


# --- to_dict -------------------------------------------------------------------------------------

def json_number(value: int | Decimal) -> int | float:
    return float(value) if isinstance(value, Decimal) else value


def to_dict(report: AnnualReport, *, with_ids: bool = False) -> dict:
    """The JSON shape of GET /api/v1/reports/annual/{year}/: each section a list of rows, each with
    its official `label` and `values` keyed by the official column labels. Section 三's headings
    without numbers (三、本年度办理结果, （三）–（六）) are rows with `values` null, so the list is the
    official table in its order. With `with_ids`, each row also has `ids` keyed like `values`."""

    def row(key: str, label: str, cells: list[tuple[str, Cell]] | None, **extra) -> dict:
        data = {"key": key, "label": label, **extra,
                "values": None if cells is None else {lbl: json_number(c.value) for lbl, c in cells}}
        if with_ids:
            data["ids"] = None if cells is None else {lbl: list(c.ids) for lbl, c in cells}
        return data

    section2 = [{
        "key": block.key, "title": block.title, "columns": list(block.header),
        "rows": [row(r.key, r.label, [(c.label, report.section2[(r.key, c.key)]) for c in block.columns])
                 for r in block.rows],
    } for block in L.SECTION2]
    section3 = [row(r.key, r.label, [(c.label, report.section3[(r.key, c.key)]) for c in L.SECTION3_COLUMNS]
                    if r.counted else None, level=r.level)
                for r in L.SECTION3_ROWS]
    section4 = [row(r.key, r.label, [(c.label, report.section4[(r.key, c.key)]) for c in L.SECTION4_COLUMNS],
                    group=r.group)
                for r in L.SECTION4_ROWS]
    return {
        "year": report.year,
        "body": {"code": report.body_code, "name": report.body_name},
        "with_branches": report.with_branches,
        "period": {"start": date(report.year, 1, 1).isoformat(), "end": date(report.year, 12, 31).isoformat()},
        "sections": {
            "二": {"title": L.SECTION_TITLES["proactive"], "blocks": section2},
            "三": {"title": L.SECTION_TITLES["applications"], "columns": [c.label for c in L.SECTION3_COLUMNS],
                  "rows": section3},
            "四": {"title": L.SECTION_TITLES["remedies"], "columns": [c.label for c in L.SECTION4_COLUMNS],
                  "rows": section4},
        },
    }
