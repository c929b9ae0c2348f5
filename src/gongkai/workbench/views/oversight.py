"""工作督查 in the workbench: the monthly ranking of units with charts and the same figures as
tables, the records behind every number, and the quarterly circular as PDF or DOCX. Who sees
what: the units of the user's `reports.manage` or `stats.view` scope; the circular needs
`reports.manage` (编制年度报告与通报) and covers that capability's units."""

from functools import wraps
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from gongkai.core import clock
from gongkai.core.access import has_capability
from gongkai.reports import circular, periods
from gongkai.reports import oversight as O

SORTS = {"rank": "排名", "unit": "单位", O.PUBLICATION: "按期公开率", O.APPLICATION: "申请按期答复率",
         O.LETTER: "来信按期答复率", "late": "逾期件数"}
DETAIL_NAMES = {O.PUBLICATION: "workbench:publication", O.APPLICATION: "workbench:application",
                O.LETTER: "workbench:letter"}


def _today():
    return clock.today()


def oversight_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not any(has_capability(request.user, c) for c in O.CAPABILITIES):
            raise PermissionDenied("您没有访问此页面的权限")
        return view(request, *args, **kwargs)
    return wrapped


def _month(request, day):
    """The month asked for (default: the last full month) and the message if it was not valid."""
    text = request.GET.get("month", "").strip()
    if not text:
        return periods.last_full_month(day), ""
    try:
        return periods.parse_month(text, day), ""
    except ValidationError as exc:
        return periods.last_full_month(day), exc.message_dict["month"][0]


def _sorted(rows: list[O.UnitRow], sort: str, tree: dict[int, int]) -> list[O.UnitRow]:
    if sort == "unit":
        return sorted(rows, key=lambda r: tree[r.unit_id])
    if sort in O.KINDS:
        # Lowest rate first: the page is for finding who needs a reminder.
        return sorted(rows, key=lambda r: (r.measures[sort].rate is None, r.measures[sort].rate or 0,
                                           tree[r.unit_id]))
    if sort == "late":
        return sorted(rows, key=lambda r: (-r.late_count(), tree[r.unit_id]))
    return rows


def _row_view(period: periods.Period, row: O.UnitRow, unit_id: int | None) -> dict:
    """A row of the ranking as the table draws it: every number with the address of its records."""
    kinds = []
    for kind, m in row.measures.items():
        cells = {figure: {"value": m.cell(figure).value, "url": records_url(period, unit_id, kind, figure)}
                 for figure in O.FIGURES}
        kinds.append({"kind": kind, "label": O.KIND_LABELS[kind], "rate": m.percent, **cells})
    return {"rank": row.rank, "label": row.label, "score": row.score_text, "kinds": kinds, "late": row.late_count()}


def _rate(value) -> float | None:
    return None if value is None else round(float(value * 100), 1)


def _chart_data(ranking: O.Ranking, trend) -> dict:
    return {
        "ranking": {"labels": [r.label for r in ranking.ranked], "scores": [_rate(r.score) for r in ranking.ranked],
                    "ranks": [r.rank for r in ranking.ranked]},
        "trend": {
            "labels": [p.key for p, _ in trend],
            "series": [{"key": kind, "name": f"{O.KIND_LABELS[kind]}{O.RATE_LABELS[kind]}",
                        "values": [_rate(m[kind].rate) for _, m in trend],
                        "counts": [f"{m[kind].on_time.value}/{m[kind].due.value}" for _, m in trend]}
                       for kind in O.KINDS],
        },
    }


@never_cache
@oversight_required
def dashboard(request):
    day = _today()
    period, error = _month(request, day)
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        sort = "rank"
    records = O.records(O.scope(request.user), period, day, months_before=11)
    ranking = records.ranking(period)
    trend = records.trend(period)
    tree = {u.pk: i for i, u in enumerate(records.units)}
    may_circulate = has_capability(request.user, O.CIRCULAR_CAPABILITY)
    current = periods.month(day.year, day.month)
    return render(request, "workbench/oversight/dashboard.html", {
        "period": period, "error": error, "ranking": ranking,
        "rows": [_row_view(period, r, r.unit_id) for r in _sorted(ranking.ranked, sort, tree)],
        "unranked": [_row_view(period, r, r.unit_id) for r in ranking.unranked],
        "total": _row_view(period, ranking.total, None), "sort": sort,
        "trend": [{"period": p, "kinds": [m[k] for k in O.KINDS]} for p, m in trend],
        "sorts": [(key, label) for key, label in SORTS.items()],
        "chart_data": _chart_data(ranking, trend), "kinds": O.KINDS,
        "previous": periods.shift(period, -1), "next": periods.shift(period, 1) if period.start < current.start else None,
        "latest": current.key,
        "quarters": periods.recent_quarters(day) if may_circulate else [],
    })


def records_url(period: periods.Period, unit_id: int | None, kind: str, figure: str) -> str:
    query = {"month": period.key, "kind": kind, "figure": figure}
    if unit_id:
        query["unit"] = unit_id
    return reverse("workbench:oversight_records") + "?" + urlencode(query)


RECORDS_SHOWN = 500  # a page, not a dump: the first by deadline; the count says how many there are


@never_cache
@oversight_required
def records(request):
    """The records behind one number of the ranking."""
    day = _today()
    try:
        period = periods.parse_month(request.GET.get("month", ""), day)
    except ValidationError:
        raise Http404("没有这个月份") from None
    kind, figure = request.GET.get("kind", ""), request.GET.get("figure", "")
    if kind not in O.KINDS or figure not in O.FIGURES:
        raise Http404("没有这个统计项")
    unit_text = request.GET.get("unit", "")
    try:
        unit_id = int(unit_text) if unit_text else None
    except ValueError:
        raise Http404("没有这个单位") from None
    ranking = O.records(O.scope(request.user), period, day).ranking(period)
    try:
        row = ranking.row(unit_id)
    except KeyError:
        raise Http404("没有这个单位") from None  # outside the user's scope, or no such unit
    cell = row.measures[kind].cell(figure)
    items = ranking.records(cell)
    total, items = len(items), items[:RECORDS_SHOWN]
    labels = {r.unit_id: r.label for r in ranking.rows}
    return render(request, "workbench/oversight/records.html", {
        "period": period, "ranking": ranking, "row": row, "kind": kind, "kind_label": O.KIND_LABELS[kind],
        "figure_label": O.FIGURE_LABELS[figure], "cell": cell,
        "items": [(i, reverse(DETAIL_NAMES[kind], args=[i.pk]), labels.get(i.unit_id, "")) for i in items],
        "all_units": unit_id is None, "total": total, "shown": RECORDS_SHOWN,
        "back": reverse("workbench:oversight") + "?" + urlencode({"month": period.key})})


@never_cache
@oversight_required
def circular_file(request):
    """The quarter's circular, generated now (and audited), as PDF or DOCX."""
    day = _today()
    if not has_capability(request.user, O.CIRCULAR_CAPABILITY):
        raise PermissionDenied("您没有生成工作通报的权限")
    try:
        period = periods.parse_quarter(request.GET.get("quarter", ""), day)
        document = circular.generate(actor=request.user, period=period, ext=request.GET.get("format", ""),
                                     today=day)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workbench:oversight")
    response = HttpResponse(document.content, content_type=document.content_type)
    disposition = "inline" if document.ext == "pdf" else "attachment"
    response["Content-Disposition"] = (f"{disposition}; filename=\"circular-{period.key}.{document.ext}\"; "
                                       f"filename*=UTF-8''{quote(document.filename, safe='')}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
