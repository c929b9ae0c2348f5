"""Reads of the annual report: which reports a user keeps, the published versions the public sees,
the records behind a cell (drill-down), and the tables as the pages draw them."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody

from . import annual
from . import labels as L
from .models import AnnualReport, ReportVersion
from .services import CAPABILITY


def staff_reports(user) -> QuerySet[AnnualReport]:
    return (AnnualReport.objects.filter(body__unit__in=scope_units(user, CAPABILITY).values("pk"))
            .select_related("body__unit"))


def public_versions() -> QuerySet[ReportVersion]:
    """The current (latest) version of every published report: what the portal and the API show.
    Earlier versions stay reachable from it as 历史版本."""
    latest = {}
    for pk, report_id, number in ReportVersion.objects.values_list("pk", "report_id", "number"):
        if number > latest.get(report_id, (0, 0))[1]:
            latest[report_id] = (pk, number)
    return (ReportVersion.objects.filter(pk__in=[pk for pk, _ in latest.values()])
            .select_related("report__body__unit").defer("pdf", "docx", "xlsx"))


def versions_of(report: AnnualReport) -> QuerySet[ReportVersion]:
    return report.versions.order_by("-number").defer("pdf", "docx", "xlsx")


# --- Drill-down ----------------------------------------------------------------------------------

def records(cell: annual.Cell) -> QuerySet:
    """The records a cell counts, in the model it names."""
    from django.apps import apps

    model = apps.get_model(cell.model)
    qs = model.objects.filter(pk__in=cell.ids)
    related = {"applications.Application": ("unit",), "applications.Remedy": ("application",),
               "publications.Publication": ("unit",), "publications.EnforcementFigures": ("body__unit",)}
    return qs.select_related(*related.get(cell.model, ()))


# --- Tables as drawn ----------------------------------------------------------------------------

@dataclass
class CellView:
    value: object
    key: tuple[str, str, str]       # (section, row key, column key)
    adjusted: bool = False
    failing: bool = False


@dataclass
class RowView:
    label: str
    level: int = 0
    heading: bool = False           # a row without numbers (三、本年度办理结果, （三）–（六）)
    group: str = ""
    cells: list[CellView] = field(default_factory=list)


@dataclass
class BlockView:
    title: str
    header: tuple[str, ...]
    rows: list[RowView]


@dataclass
class Tables:
    section2: list[BlockView]
    section3: list[RowView]
    section4: list[RowView]


def tables(figures: dict, *, adjusted=frozenset(), failing=frozenset()) -> Tables:
    """The three tables from `annual.to_dict` output (a working copy's or a frozen version's),
    each number with its cell key, so pages can link it and mark adjusted or failing cells."""
    sections = figures["sections"]

    def cells(section: str, row_key: str, values: dict, columns) -> list[CellView]:
        return [CellView(values[c.label], (section, row_key, c.key), (section, row_key, c.key) in adjusted,
                         (section, row_key, c.key) in failing) for c in columns]

    blocks = []
    for block, data in zip(L.SECTION2, sections["二"]["blocks"], strict=True):
        rows = {r["key"]: r for r in data["rows"]}
        blocks.append(BlockView(block.title, block.header, [
            RowView(r.label, cells=cells("二", r.key, rows[r.key]["values"], block.columns)) for r in block.rows]))
    rows3 = {r["key"]: r for r in sections["三"]["rows"]}
    section3 = [RowView(r.label, r.level, heading=not r.counted,
                        cells=cells("三", r.key, rows3[r.key]["values"], L.SECTION3_COLUMNS) if r.counted else [])
                for r in L.SECTION3_ROWS]
    rows4 = {r["key"]: r for r in sections["四"]["rows"]}
    section4 = [RowView(r.label, group=r.group, cells=cells("四", r.key, rows4[r.key]["values"], L.SECTION4_COLUMNS))
                for r in L.SECTION4_ROWS]
    return Tables(blocks, section3, section4)


def failing_cells(failures: list[annual.Failure]) -> set[tuple[str, str, str]]:
    return {(f.section, row, column) for f in failures for row, column in f.cells}


# --- The API's shape -----------------------------------------------------------------------------

def api_document(version: ReportVersion) -> dict:
    """GET /api/v1/reports/annual/{year}/: sections 二, 三 and 四 each a list of rows with the
    official `label` and `values` keyed by the official column labels; section 三's rows also
    name their `group` (（三）不予公开 …) since the leaf labels (1.属于国家秘密) repeat per group."""
    doc = version.document
    sections = doc["figures"]["sections"]
    two = [{"block": block["title"], "label": row["label"], "values": row["values"]}
           for block in sections["二"]["blocks"] for row in block["rows"]]
    three, group = [], ""
    for row in sections["三"]["rows"]:
        if row["level"] == 1:
            group = row["label"]
        elif row["level"] == 0:
            group = ""
        if row["values"] is not None:
            three.append({"label": row["label"], "group": group if row["level"] == 2 else "",
                          "values": row["values"]})
    four = [{"label": row["label"], "group": row.get("group", ""), "values": row["values"]}
            for row in sections["四"]["rows"]]
    return {
        "year": doc["year"], "body": doc["figures"]["body"], "with_branches": doc["figures"]["with_branches"],
        "title": doc["title"], "version": version.number, "published_at": version.published_at,
        "correction": version.correction,
        "sections": {"二": two, "三": three, "四": four},
        "text": {"opening": doc["opening"], **doc["narrative"]},
        "adjustments": [{k: a[k] for k in ("section", "row", "column", "computed", "value", "reason")}
                        for a in doc["adjustments"]],
    }


# --- The 31 January reminder ---------------------------------------------------------------------

@dataclass
class Due:
    year: int                       # the report year
    deadline: date
    late: bool
    missing: list                   # the bodies in the user's scope whose report is not published


def due(user, day: date) -> Due:
    """From 1 January the office is reminded that last year's report is due on 31 January (Art. 50);
    the reminder stays, marked late, until every body in scope has published."""
    year = day.year - 1
    bodies = (DisclosureBody.objects.filter(unit__in=scope_units(user, CAPABILITY).values("pk"))
              .select_related("unit").order_by("unit__path"))
    published = set(ReportVersion.objects.filter(report__year=year, report__with_branches=False)
                    .values_list("report__body_id", flat=True))
    deadline = date(day.year, 1, 31)
    return Due(year, deadline, day > deadline, [b for b in bodies if b.pk not in published])
