"""The older tables computed from the records (one query per model the rows need, aggregated in
Python; every cell keeps the ids it counts, for drill-down), and the reads of the pages. What the
rows may measure is specified in `legacy_measures.py`."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications.models import Application, Remedy
from gongkai.core.access import can, scope_units
from gongkai.core.models import DisclosureBody, User
from gongkai.interaction import models as interaction
from gongkai.publications.models import Publication

from .legacy_measures import (
    ANSWER_GROUP_OF,
    APPLICATION,
    CAPABILITY,
    FIGURE_MODEL,
    LETTER,
    MEASURE_BY_KEY,
    PUBLICATION,
    REMEDY,
    TOTAL,
    YEAR,
    describe,
)
from .models import LegacyFigure, LegacyTemplate

# --- Periods and cells ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: date | None      # None: from the first record (历年累计)
    end: date

    def has(self, day: date | None) -> bool:
        return day is not None and day <= self.end and (self.start is None or day >= self.start)


@dataclass(frozen=True)
class Cell:
    """One number of a legacy table and what is behind it: ids of `model` ("app_label.Model")."""

    value: int | Decimal
    ids: tuple[int, ...]
    model: str
    unfilled: bool = False  # a yearly figure not entered for the year (shown as 0, marked)

    @property
    def display(self) -> str:
        return number(self.value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    period: Period


@dataclass
class Row:
    id: int
    position: int
    block: str
    label: str
    unit: str
    level: int
    measure: str
    params: dict
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def description(self) -> str:
        return describe(self.measure, self.params)


@dataclass
class Block:
    title: str
    rows: list[Row]

    @property
    def has_units(self) -> bool:
        return any(r.unit for r in self.rows)


@dataclass
class Table:
    template_id: int
    template_name: str
    title: str
    body_code: str
    body_name: str
    year: int
    with_branches: bool
    columns: list[Column]
    rows: list[Row]

    @property
    def blocks(self) -> list[Block]:
        """Consecutive rows with the same `block` form one sub-table (广州's 附表1–4)."""
        blocks: list[Block] = []
        for row in self.rows:
            if not blocks or blocks[-1].title != row.block:
                blocks.append(Block(row.block, []))
            blocks[-1].rows.append(row)
        return blocks

    def row(self, pk: int) -> Row:
        return next(r for r in self.rows if r.id == pk)

    def value(self, label: str, column: str = YEAR) -> int | Decimal:
        """The number in the row labelled `label` (the first, if a label repeats) and `column`."""
        return next(r for r in self.rows if r.label == label).cells[column].value


def fill(pattern: str, *, body: str = "", year: int | str = "") -> str:
    return pattern.replace("{主体}", body).replace("{年度}", str(year))


def _scope(body: DisclosureBody, with_branches: bool, prefix: str = "") -> Q:
    if with_branches:
        return Q(**{f"{prefix}body__unit__path__startswith": body.unit.path})
    return Q(**{f"{prefix}body_id": body.pk})


def _day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _cell(found: Iterable[tuple[int, int | Decimal]], model: str, amount: bool = False) -> Cell:
    found = list(found)
    ids = tuple(sorted({pk for pk, _ in found}))
    value = sum((v for _, v in found), Decimal("0") if amount else 0)
    if amount and value == value.to_integral_value():
        value = int(value)
    return Cell(value, ids, model)


# --- The loaders: one query per model, only for the models the rows need ------------------------

def _load_publications(body, with_branches, end: date, need_channels: bool) -> list[tuple]:
    P = Publication
    base = P.objects.filter(_scope(body, with_branches), attribute=P.Attribute.PROACTIVE,
                            status__in=[P.Status.PUBLISHED, P.Status.WITHDRAWN], published_at__isnull=False,
                            published_at__lt=_day_after(end))
    channels: dict[int, set[str]] = defaultdict(set)
    if need_channels:
        through = P.channels.through
        for pk, code in (through.objects.filter(publication__in=base.values("pk"))
                         .values_list("publication_id", "publicationchannel__code")):
            channels[pk].add(code)
    rows = []
    for pk, published_at, withdrawn_at, electronic, form in base.values_list(
            "id", "published_at", "withdrawn_at", "full_text_electronic", "legal_form"):
        rows.append((pk, timezone.localdate(published_at),
                     timezone.localdate(withdrawn_at) if withdrawn_at else None, electronic, form,
                     channels.get(pk, frozenset())))
    return rows


def _load_applications(body, with_branches, end: date) -> list[tuple]:
    return list(Application.objects.filter(_scope(body, with_branches))
                .filter(Q(received_on__lte=end) | Q(decided_on__lte=end) | Q(fee_paid_on__lte=end))
                .values_list("id", "channel", "received_on", "decided_on", "outcome", "due_on", "fee_amount",
                             "fee_paid_on"))


def _load_remedies(body, with_branches, end: date) -> list[tuple]:
    return list(Remedy.objects.filter(_scope(body, with_branches, "application__"), filed_on__lte=end)
                .values_list("id", "kind", "result", "concluded_on", "filed_on"))


def _load_letters(body, with_branches, end: date) -> list[tuple]:
    return list(interaction.Letter.objects.filter(_scope(body, with_branches), received_on__lte=end)
                .values_list("id", "kind", "channel", "topic__code", "received_on"))


def _load_figures(body, with_branches, year: int) -> list[tuple]:
    return list(LegacyFigure.objects.filter(_scope(body, with_branches), year__lte=year)
                .values_list("id", "key", "year", "value"))


# --- The measures' computations ------------------------------------------------------------------

def _publications(rows, params: dict, period: Period) -> Cell:
    channels, forms = set(params.get("channels", ())), set(params.get("legal_forms", ()))
    electronic = params.get("full_text_electronic")
    found = []
    for pk, published_on, withdrawn_on, is_electronic, form, item_channels in rows:
        if not period.has(published_on) or (withdrawn_on is not None and withdrawn_on <= period.end):
            continue
        if channels and not channels & item_channels:
            continue
        if forms and form not in forms:
            continue
        if electronic is not None and is_electronic != electronic:
            continue
        found.append((pk, 1))
    return _cell(found, PUBLICATION)


def _received(rows, params: dict, period: Period) -> Cell:
    channels = set(params.get("channels", ()))
    return _cell(((pk, 1) for pk, channel, received_on, *_ in rows
                  if period.has(received_on) and (not channels or channel in channels)), APPLICATION)


def _in_time(decided_on: date, due_on: date | None) -> str | None:
    """on_time / late against the stored due date, which follows the governing regulation
    (applications/regimes.py: 15 working days before 2019-05-15, 20 after); None without one."""
    if due_on is None:
        return None
    return "on_time" if decided_on <= due_on else "late"


def _answered(rows, params: dict, period: Period) -> Cell:
    groups, timeliness = set(params.get("groups", ())), params.get("timeliness")
    return _cell(((pk, 1) for pk, _channel, _received, decided_on, outcome, due_on, *_ in rows
                  if period.has(decided_on) and (not groups or ANSWER_GROUP_OF.get(outcome, "other") in groups)
                  and (not timeliness or _in_time(decided_on, due_on) == timeliness)),
                 APPLICATION)


def _fees(rows, params: dict, period: Period) -> Cell:
    return _cell(((pk, Decimal(amount)) for pk, *_, amount, paid_on in rows if period.has(paid_on) and amount),
                 APPLICATION, amount=True)


def _remedies(rows, params: dict, period: Period) -> Cell:
    kinds, results = set(params.get("kinds", ())), set(params.get("results", ()))
    found = []
    for pk, kind, result, concluded_on, filed_on in rows:
        if not period.has(filed_on) or (kinds and kind not in kinds):
            continue
        if concluded_on is not None and concluded_on > period.end:
            result = Remedy.Result.PENDING  # the result came after the period
        if results and result not in results:
            continue
        found.append((pk, 1))
    return _cell(found, REMEDY)


def _letters(rows, params: dict, period: Period) -> Cell:
    kinds, channels, topics = (set(params.get(k, ())) for k in ("kinds", "channels", "topics"))
    return _cell(((pk, 1) for pk, kind, channel, topic, received_on in rows
                  if period.has(received_on) and (not kinds or kind in kinds)
                  and (not channels or channel in channels) and (not topics or topic in topics)), LETTER)


def _figures(rows, params: dict, period: Period) -> Cell:
    key = params["key"]
    first = period.start.year if period.start else 0
    found = [(pk, value) for pk, k, year, value in rows if k == key and first <= year <= period.end.year]
    cell = _cell(found, FIGURE_MODEL, amount=True)
    if period.start is not None and not found:
        cell = Cell(cell.value, cell.ids, cell.model, unfilled=True)
    return cell


COMPUTE = {
    "publications": _publications, "applications_received": _received, "applications_answered": _answered,
    "fees_charged": _fees, "remedies": _remedies, "letters": _letters, "figure": _figures,
}


def columns(template: LegacyTemplate, year: int) -> list[Column]:
    cols = [Column(YEAR, fill(template.year_label, year=year), Period(date(year, 1, 1), date(year, 12, 31)))]
    if template.cumulative_label:
        cols.append(Column(TOTAL, fill(template.cumulative_label, year=year), Period(None, date(year, 12, 31))))
    return cols


def compute(template: LegacyTemplate, body: DisclosureBody, year: int, *, with_branches: bool = False) -> Table:
    """The template's table for `body` and `year` (with the bodies below it if asked)."""
    rows = [Row(r.pk, r.position, r.block, r.label, r.unit, r.level, r.measure, r.params)
            for r in template.rows.order_by("position")]
    cols = columns(template, year)
    end = date(year, 12, 31)
    needed = {MEASURE_BY_KEY[r.measure].model for r in rows if r.measure in MEASURE_BY_KEY}
    data = {
        PUBLICATION: lambda: _load_publications(body, with_branches, end,
                                                any(r.params.get("channels") for r in rows
                                                    if r.measure == "publications")),
        APPLICATION: lambda: _load_applications(body, with_branches, end),
        REMEDY: lambda: _load_remedies(body, with_branches, end),
        LETTER: lambda: _load_letters(body, with_branches, end),
        FIGURE_MODEL: lambda: _load_figures(body, with_branches, year),
    }
    loaded = {model: data[model]() for model in needed}
    for row in rows:
        measure = MEASURE_BY_KEY.get(row.measure)
        for col in cols:
            if measure is None:  # a row stored before a measure was removed: shown empty, never guessed
                row.cells[col.key] = Cell(0, (), "", unfilled=True)
                continue
            row.cells[col.key] = COMPUTE[measure.key](loaded[measure.model], row.params, col.period)
    return Table(template.pk, template.name, fill(template.title, body=body.letter_name, year=year), body.unit.code,
                 body.letter_name, year, with_branches, cols, rows)


# --- Reads ---------------------------------------------------------------------------------------

def visible_templates(user: User) -> QuerySet[LegacyTemplate]:
    """The templates a user may use: the shared ones and those of units in the user's scope."""
    return (LegacyTemplate.objects.filter(Q(unit__isnull=True) | Q(unit__in=scope_units(user, CAPABILITY).values("pk")))
            .select_related("unit"))


def can_edit(user: User, template: LegacyTemplate) -> bool:
    return can(user, CAPABILITY, template.unit)


def bodies(user: User) -> QuerySet[DisclosureBody]:
    return (DisclosureBody.objects.filter(unit__in=scope_units(user, CAPABILITY).values("pk"))
            .select_related("unit").order_by("unit__path"))


def records(cell: Cell) -> QuerySet:
    """The records a cell counts, in the model it names."""
    from django.apps import apps

    model = apps.get_model(cell.model)
    related = {APPLICATION: ("unit",), REMEDY: ("application",), PUBLICATION: ("unit",),
               LETTER: ("unit", "topic"), FIGURE_MODEL: ("body__unit",)}
    return model.objects.filter(pk__in=cell.ids).select_related(*related.get(cell.model, ()))


def figures_of(body: DisclosureBody, year: int) -> dict[str, LegacyFigure]:
    return {f.key: f for f in LegacyFigure.objects.filter(body=body, year=year)}


def number(value) -> str:
    """A cell's value as the tables print it: whole numbers without decimals."""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"
    return str(value)
