"""年度报告 in the workbench: the list of reports, the working copy (tables computed from the
records with the checks, the text of sections 一/五/六, adjustments, publication) and the records
behind every number."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody
from gongkai.reports import annual, selectors, services
from gongkai.reports.downloads import file_response
from gongkai.reports.models import Adjustment, ReportVersion

from ..forms.reports import AdjustForm, OpenForm, PublishForm, TextForm
from ..pages import apply_errors, capability_required

CAP = services.CAPABILITY

def _bodies(user):
    return list(DisclosureBody.objects.filter(unit__in=scope_units(user, CAP).values("pk"))
                .select_related("unit").order_by("unit__path"))


@capability_required(CAP)
def report_list(request):
    bodies = _bodies(request.user)
    form = OpenForm(request.POST or None, bodies=bodies, initial={"year": clock.today().year - 1})
    if request.method == "POST" and form.is_valid():
        body = next(b for b in bodies if b.pk == form.cleaned_data["body"])
        try:
            report = services.open_report(actor=request.user, body=body, year=form.cleaned_data["year"],
                                          with_branches=form.cleaned_data["with_branches"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("workbench:annual_report", pk=report.pk)
    reports = list(selectors.staff_reports(request.user).prefetch_related(
        Prefetch("versions", queryset=ReportVersion.objects.only("id", "report_id", "number"))))
    return render(request, "workbench/reports/list.html", {
        "form": form, "reports": reports, "due": selectors.due(request.user, clock.today())})


def _get(request, pk):
    return get_object_or_404(selectors.staff_reports(request.user), pk=pk)


def _context(report, figs: services.Figures, **extra) -> dict:
    adjusted = set(figs.adjusted)
    failing = selectors.failing_cells(figs.failures)
    return {
        "report": report, "figs": figs, "title": services.title(report), "opening": services.opening(report),
        "tables": selectors.tables(annual.to_dict(figs.report), adjusted=adjusted, failing=failing),
        "adjustments": [(services.cell_name(*key), cell, adj) for key, (cell, adj) in figs.adjusted.items()],
        "versions": selectors.versions_of(report), "link_cells": True, **extra}


@capability_required(CAP)
def report_detail(request, pk):
    report = _get(request, pk)
    figs = services.figures(report)
    text_form = TextForm(initial={f: getattr(report, f) for f in services.NARRATIVE.values()})
    return render(request, "workbench/reports/detail.html",
                  _context(report, figs, text_form=text_form, publish_form=PublishForm()))


@require_POST
@capability_required(CAP)
def report_text(request, pk):
    report = _get(request, pk)
    form = TextForm(request.POST)
    if form.is_valid():
        try:
            services.save_text(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存文字部分。")
            return redirect("workbench:annual_report", pk=report.pk)
    return render(request, "workbench/reports/detail.html",
                  _context(report, services.figures(report), text_form=form, publish_form=PublishForm()))


@require_POST
@capability_required(CAP)
def report_publish(request, pk):
    report = _get(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.publish(actor=request.user, report=report, correction=form.cleaned_data["correction"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已公布{services.title(report)}（第{version.number}版）。")
            return redirect("workbench:annual_report", pk=report.pk)
    text_form = TextForm(initial={f: getattr(report, f) for f in services.NARRATIVE.values()})
    return render(request, "workbench/reports/detail.html",
                  _context(report, services.figures(report), text_form=text_form, publish_form=form))


@capability_required(CAP)
def report_cell(request, pk, section, row, column):
    """The records behind one number, and its adjustment."""
    report = _get(request, pk)
    figs = services.figures(report)
    try:
        cell = figs.report.cell(section, row, column)
    except KeyError:
        raise Http404("没有这个单元格") from None
    adjustment = figs.adjusted.get((section, row, column))
    computed = adjustment[0] if adjustment else cell
    form = AdjustForm(request.POST or None, initial={"value": annual.json_number(cell.value),
                                                     "reason": adjustment[1].reason if adjustment else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust(actor=request.user, report=report, section=section, row=row, column=column,
                            **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已调整该单元格，调整将随报告公开。")
            return redirect("workbench:annual_report", pk=report.pk)
    return render(request, "workbench/reports/cell.html", {
        "report": report, "name": services.cell_name(section, row, column), "cell": cell, "computed": computed,
        "adjustment": adjustment[1] if adjustment else None, "records": selectors.records(computed)[:500],
        "count": len(computed.ids), "model": computed.model, "form": form,
        "failures": [f for f in figs.failures if (row, column) in f.cells and f.section == section]})


@require_POST
@capability_required(CAP)
def report_unadjust(request, pk, adjustment_pk):
    report = _get(request, pk)
    adjustment = get_object_or_404(Adjustment, pk=adjustment_pk, report=report)
    services.remove_adjustment(actor=request.user, adjustment=adjustment)
    messages.success(request, "已撤销调整，该单元格恢复为系统统计数。")
    return redirect("workbench:annual_report", pk=report.pk)


@capability_required(CAP)
def report_file(request, pk, number, ext):
    report = _get(request, pk)
    version = get_object_or_404(report.versions, number=number)
    return file_response(version, ext)
