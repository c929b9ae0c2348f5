"""工作督查: the monthly ranking of units (武汉 2008: 每月排名通报各单位) and the figures of the
quarterly circular (上海 2013: 季度通报制度), computed from the records. Pure reads: one
`values_list` query per kind of work over the whole window asked for, aggregated in Python; every
number is an `annual.Cell` with the ids of the records it counts, for drill-down.

Three kinds of work, each credited to the unit on the record (Publication.unit 发布机构,
Application.unit and Letter.unit 承办单位):

    publication   主动公开     done = published (published_at, local date);  due = publish_due_on
                  (Art. 26: 20 working days from the date created, or the topic's tighter limit,
                  or a few working days after its policy for an interpretation)
    application   依申请公开   done = reply issued (decided_on);             due = due_on
                  (the stored clock: 20 working days, pauses, the approved extension, Art. 35)
    letter        信箱来信     done = reply released to the writer (replied_on); due = due_on

For each kind and period:

    done      done in the period (the volume; a publication withdrawn by the end of the period
              is not counted, as in the annual report)
    due       whose deadline falls in the period and that is settled: done (on any day), or its
              deadline has passed (before today). Not yet done and not yet due: not counted yet.
    on_time   of `due`, done on or before the deadline
    late      of `due`, done after the deadline or not done at all
    open      of `late`, still not done today

    rate = on_time / due

The rate is taken over the deadlines that fell in the period, not over the work done in it: an
item a unit leaves unanswered past its deadline counts against the month of the deadline at
once (a unit cannot improve its rate by sitting on late cases), and a past month's figures stay
what they were — a late item done later stays late. Items without a deadline (catalog imported
from an old site, an application closed while waiting for a supplement) count as done but not
in a rate; non-public items (attribute 依申请公开/不予公开) are not proactive work and never count.

Score and rank: the score of a unit is the mean of its rates, in per cent, over the kinds it has
something `due` in (each rate weighted equally); a unit with nothing due in the period is
listed but not ranked. Units are ranked by score, highest first; equal scores (compared exactly,
as fractions) share a rank and the next rank is skipped (1, 2, 2, 4). Within a rank units are in
tree order.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.core.access import scope_units
from gongkai.core.models import Unit
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order
from gongkai.interaction.models import Letter
from gongkai.interaction.selectors import unit_labels
from gongkai.publications.models import Publication

from .annual import Cell
from .periods import Period, month, shift

CAPABILITIES = (Capability.REPORTS_MANAGE, Capability.STATS_VIEW)
CIRCULAR_CAPABILITY = Capability.REPORTS_MANAGE

PUBLICATION, APPLICATION, LETTER = "publication", "application", "letter"
KINDS = (PUBLICATION, APPLICATION, LETTER)
MODELS = {PUBLICATION: "publications.Publication", APPLICATION: "applications.Application",
          LETTER: "interaction.Letter"}
KIND_LABELS = {PUBLICATION: "主动公开", APPLICATION: "依申请公开", LETTER: "信箱来信"}
DONE_LABELS = {PUBLICATION: "发布信息", APPLICATION: "答复申请", LETTER: "答复来信"}
RATE_LABELS = {PUBLICATION: "按期公开率", APPLICATION: "按期答复率", LETTER: "按期答复率"}
UNIT_WORDS = {PUBLICATION: "条", APPLICATION: "件", LETTER: "件"}
FIGURES = ("done", "due", "on_time", "late", "open")
FIGURE_LABELS = {"done": "办结（发布、答复）", "due": "期限届满（应办结）", "on_time": "按期办结",
                 "late": "逾期", "open": "逾期尚未办结"}


# --- Scope ----------------------------------------------------------------------------------------

def scope(user) -> QuerySet[Unit]:
    """The units whose work a user may see ranked: `reports.manage` ∪ `stats.view`."""
    units = None
    for capability in CAPABILITIES:
        scoped = scope_units(user, capability)
        units = scoped if units is None else (units | scoped)
    return units


def circular_scope(user) -> QuerySet[Unit]:
    return scope_units(user, CIRCULAR_CAPABILITY)


# --- The records ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One record as the figures see it."""

    kind: str
    pk: int
    unit_id: int
    ref: str                   # a publication's title; the tracking number of an application or letter
    due_on: date | None
    done_on: date | None       # published / replied, local date; None while not done
    gone_on: date | None = None  # a publication's withdrawal (local date)
    subject: str = ""          # a letter's subject


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _local(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _fetch(unit_ids: list[int], start: date, end: date) -> dict[str, list[Item]]:
    """Every record done, or due, in [start, end] in the given units: three queries."""
    after = end + timedelta(days=1)
    pubs = (Publication.objects.filter(unit_id__in=unit_ids, attribute=Publication.Attribute.PROACTIVE)
            .exclude(status=Publication.Status.NOT_PUBLIC)
            .filter(Q(published_at__gte=_aware(start), published_at__lt=_aware(after))
                    | Q(publish_due_on__gte=start, publish_due_on__lte=end))
            .values_list("pk", "unit_id", "title", "publish_due_on", "published_at", "withdrawn_at"))
    apps = (Application.objects.filter(unit_id__in=unit_ids)
            .filter(Q(decided_on__gte=start, decided_on__lte=end) | Q(due_on__gte=start, due_on__lte=end))
            .values_list("pk", "unit_id", "tracking_number", "due_on", "decided_on"))
    letters = (Letter.objects.filter(unit_id__in=unit_ids)
               .filter(Q(replied_on__gte=start, replied_on__lte=end) | Q(due_on__gte=start, due_on__lte=end))
               .values_list("pk", "unit_id", "tracking_number", "subject", "due_on", "replied_on"))
    return {
        PUBLICATION: [Item(PUBLICATION, pk, unit, title, due, _local(published), _local(withdrawn))
                      for pk, unit, title, due, published, withdrawn in pubs],
        APPLICATION: [Item(APPLICATION, pk, unit, number, due, decided) for pk, unit, number, due, decided in apps],
        LETTER: [Item(LETTER, pk, unit, number, due, replied, subject=subject)
                 for pk, unit, number, subject, due, replied in letters],
    }


# --- The figures --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measure:
    """One kind of work of one unit (or of all of them) in a period."""

    kind: str
    done: Cell
    due: Cell
    on_time: Cell
    late: Cell
    open: Cell

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.on_time.value, self.due.value) if self.due.value else None

    @property
    def percent(self) -> str:
        return percent(self.rate)

    def cell(self, figure: str) -> Cell:
        if figure not in FIGURES:
            raise KeyError(figure)
        return getattr(self, figure)


def percent(value: Fraction | None) -> str:
    """"96.7%"; "—" when there is nothing to divide."""
    return "—" if value is None else f"{float(value * 100):.1f}%"


def points(value: Fraction | None) -> str:
    """A score as the tables print it: "96.7"."""
    return "—" if value is None else f"{float(value * 100):.1f}"


def _measure(kind: str, items: Iterable[Item], period: Period, today: date) -> Measure:
    buckets: dict[str, list[int]] = {f: [] for f in FIGURES}
    for item in items:
        if (item.done_on is not None and period.start <= item.done_on <= period.end
                and not (item.gone_on is not None and item.gone_on <= period.end)):
            buckets["done"].append(item.pk)
        if item.due_on is None or not period.start <= item.due_on <= period.end:
            continue
        if item.done_on is None and item.due_on >= today:
            continue  # not done, and it still may be done in time
        buckets["due"].append(item.pk)
        if item.done_on is not None and item.done_on <= item.due_on:
            buckets["on_time"].append(item.pk)
        else:
            buckets["late"].append(item.pk)
            if item.done_on is None:
                buckets["open"].append(item.pk)
    model = MODELS[kind]
    return Measure(kind, **{f: Cell(len(ids), tuple(sorted(ids)), model) for f, ids in buckets.items()})


def score(measures: Iterable[Measure]) -> Fraction | None:
    """The mean of the rates a unit has (exact), None when it has none."""
    rates = [m.rate for m in measures if m.rate is not None]
    return sum(rates, Fraction(0)) / len(rates) if rates else None


@dataclass
class UnitRow:
    unit_id: int
    label: str
    measures: dict[str, Measure]
    rank: int | None = None

    @property
    def score(self) -> Fraction | None:
        return score(self.measures.values())

    @property
    def score_text(self) -> str:
        return points(self.score)

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def publication(self) -> Measure:
        return self.measures[PUBLICATION]

    @property
    def application(self) -> Measure:
        return self.measures[APPLICATION]

    @property
    def letter(self) -> Measure:
        return self.measures[LETTER]

    def late_count(self) -> int:
        return sum(m.late.value for m in self.measures.values())


@dataclass
class Ranking:
    period: Period
    today: date
    rows: list[UnitRow]                 # ranked units by rank, then the others in tree order
    total: UnitRow                      # every unit of the scope together
    items: dict[tuple[str, int], Item] = field(repr=False, default_factory=dict)

    @property
    def ranked(self) -> list[UnitRow]:
        return [r for r in self.rows if r.ranked]

    @property
    def unranked(self) -> list[UnitRow]:
        return [r for r in self.rows if not r.ranked]

    @property
    def partial(self) -> bool:
        """The period has not ended: its figures will still grow."""
        return self.period.end >= self.today

    def row(self, unit_id: int | None) -> UnitRow:
        if unit_id is None:
            return self.total
        for r in self.rows:
            if r.unit_id == unit_id:
                return r
        raise KeyError(unit_id)

    def records(self, cell: Cell) -> list[Item]:
        """The records behind a cell, in the order of their deadline (then done date)."""
        kind = next(k for k, model in MODELS.items() if model == cell.model)
        found = [self.items[(kind, pk)] for pk in cell.ids]
        return sorted(found, key=lambda i: (i.due_on or date.max, i.done_on or date.max, i.pk))


def _rank(rows: list[UnitRow]) -> None:
    scored = [r.score for r in rows if r.score is not None]
    for r in rows:
        s = r.score
        r.rank = None if s is None else 1 + sum(1 for other in scored if other > s)


class Records:
    """The records of some units over a window of months: rank any period inside it."""

    def __init__(self, units: Iterable[Unit], start: date, end: date, today: date):
        self.units = tree_order(units)
        self.start, self.end, self.today = start, end, today
        ids = [u.pk for u in self.units]
        self.by_kind = _fetch(ids, start, end)
        self.labels = unit_labels(ids) if ids else {}
        self.items = {(i.kind, i.pk): i for items in self.by_kind.values() for i in items}

    def _measures(self, period: Period, unit_id: int | None = None) -> dict[str, Measure]:
        if period.start < self.start or period.end > self.end:
            raise ValueError("period outside the window fetched")
        return {kind: _measure(kind, (i for i in items if unit_id is None or i.unit_id == unit_id), period,
                               self.today)
                for kind, items in self.by_kind.items()}

    def ranking(self, period: Period) -> Ranking:
        per_unit: dict[int, dict[str, list[Item]]] = defaultdict(lambda: {k: [] for k in KINDS})
        for kind, items in self.by_kind.items():
            for item in items:
                per_unit[item.unit_id][kind].append(item)
        rows = []
        for unit in self.units:
            if not unit.is_active and unit.pk not in per_unit:
                continue
            measures = {k: _measure(k, per_unit[unit.pk][k] if unit.pk in per_unit else [], period, self.today)
                        for k in KINDS}
            rows.append(UnitRow(unit.pk, self.labels.get(unit.pk, unit.name), measures))
        _rank(rows)
        order = {r.unit_id: i for i, r in enumerate(rows)}
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, order[r.unit_id]))
        total = UnitRow(0, "合计", self._measures(period))
        return Ranking(period, self.today, rows, total, self.items)

    def trend(self, last: Period, months: int = 12) -> list[tuple[Period, dict[str, Measure]]]:
        """The whole scope's figures for each of the `months` months ending with `last`."""
        return [(p, self._measures(p)) for p in (shift(last, -n) for n in range(months - 1, -1, -1))]


def records(units: Iterable[Unit], period: Period, today: date, *, months_before: int = 0) -> Records:
    """The records for `period` and, for a trend, the `months_before` months before it."""
    start = shift(month(period.start.year, period.start.month), -months_before).start
    return Records(units, start, period.end, today)


def ranking(user, period: Period, today: date) -> Ranking:
    return records(scope(user), period, today).ranking(period)
