"""历年统计表 in the workbench: the older tables (三明 2016, 广州 2011 …) computed from the records by a
legacy template for a body and a year, every number linked to the records behind it, an XLSX
export, the template editor (rows added, removed, reordered; audited) and the yearly figures the
records do not hold. Capability `reports.manage`, scoped by the body's unit."""

import io
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.text import no_formulas
from gongkai.reports import legacy, legacy_measures, legacy_services
from gongkai.reports.models import LegacyFigure, LegacyTemplate

from ..forms.legacy import BaseRowFormSet, ChooseForm, FiguresForm, RowForm, TemplateForm
from ..pages import apply_errors, capability_required

CAP = legacy_measures.CAPABILITY


# --- Choosing a table ----------------------------------------------------------------------------

def _query(body, year, with_branches) -> str:
    params = {"body": body.unit.code, "year": year}
    if with_branches:
        params["branches"] = "1"
    return urlencode(params)


@capability_required(CAP)
def legacy_tables(request):
    """The templates, and the choice of template, body and year that opens a table."""
    templates = list(legacy.visible_templates(request.user))
    bodies = list(legacy.bodies(request.user))
    form = ChooseForm(request.GET or None, templates=templates, bodies=bodies,
                      initial={"year": clock.today().year - 1, "template": templates[0].pk if templates else None})
    if request.GET and form.is_valid():
        body = next(b for b in bodies if b.unit.code == form.cleaned_data["body"])
        url = reverse("workbench:legacy_table", args=[form.cleaned_data["template"]])
        return redirect(f"{url}?{_query(body, form.cleaned_data['year'], form.cleaned_data['branches'])}")
    return render(request, "workbench/legacy/list.html", {
        "form": form, "templates": [(t, legacy.can_edit(request.user, t), t.rows.count()) for t in templates],
        "can_create": bool(bodies)})


def _resolve(request, pk):
    """The template, body, year and scope a table page names; 404 outside the user's scope."""
    template = get_object_or_404(legacy.visible_templates(request.user), pk=pk)
    body = legacy.bodies(request.user).filter(unit__code=request.GET.get("body", "")).first()
    if body is None:
        raise Http404("没有这个公开主体，或不在您的权限范围内")
    try:
        year = legacy_services.check_year(request.GET.get("year"))
    except ValidationError:
        raise Http404("年度不正确") from None
    return template, body, year, request.GET.get("branches") == "1"


@capability_required(CAP)
def legacy_table(request, pk):
    template, body, year, with_branches = _resolve(request, pk)
    table = legacy.compute(template, body, year, with_branches=with_branches)
    templates = list(legacy.visible_templates(request.user))
    bodies = list(legacy.bodies(request.user))
    form = ChooseForm(initial={"template": template.pk, "body": body.unit.code, "year": year,
                               "branches": with_branches}, templates=templates, bodies=bodies)
    return render(request, "workbench/legacy/table.html", {
        "template": template, "table": table, "body": body, "form": form, "query": _query(body, year, with_branches),
        "can_edit": legacy.can_edit(request.user, template),
        "unfilled": any(c.unfilled for r in table.rows for c in r.cells.values())})


@capability_required(CAP)
def legacy_cell(request, pk, row, column):
    """The records behind one number (or the yearly figures it sums)."""
    template, body, year, with_branches = _resolve(request, pk)
    table = legacy.compute(template, body, year, with_branches=with_branches)
    try:
        line = table.row(row)
        cell = line.cells[column]
    except (StopIteration, KeyError):
        raise Http404("没有这个单元格") from None
    col = next(c for c in table.columns if c.key == column)
    records = list(legacy.records(cell)[:500]) if cell.model else []
    return render(request, "workbench/legacy/cell.html", {
        "template": template, "table": table, "row": line, "column": col, "cell": cell, "records": records,
        "count": len(cell.ids), "model": cell.model, "value": legacy.number(cell.value),
        "query": _query(body, year, with_branches), "body": body,
        "figure_keys": dict((f.key, f.label) for f in legacy_measures.FIGURES),
        "measure": legacy_measures.MEASURE_BY_KEY.get(line.measure)})


@never_cache
@capability_required(CAP)
def legacy_xlsx(request, pk):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    template, body, year, with_branches = _resolve(request, pk)
    table = legacy.compute(template, body, year, with_branches=with_branches)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = 2 + len(table.columns)
    ws.append([table.title + ("（含下级机关汇总）" if with_branches else "")])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for block in table.blocks:
        ws.append([])
        if block.title:
            ws.append([block.title])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        header = ["指标名称", "计量单位", *(c.label for c in table.columns)]
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font, cell.border = Font(bold=True), box
            cell.alignment = Alignment(horizontal="center")
        for row in block.rows:
            values = [row.cells[c.key].value for c in table.columns]
            ws.append([row.label, row.unit, *[float(v) if not isinstance(v, int) else v for v in values]])
            cells = ws[ws.max_row]
            cells[0].alignment = Alignment(indent=row.level * 2)
            cells[1].alignment = Alignment(horizontal="center")
            for cell in cells:
                cell.border = box
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 10
    for letter in "CDEF"[:len(table.columns)]:
        ws.column_dimensions[letter].width = 14
    buffer = io.BytesIO()
    no_formulas(wb).save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"{table.title}.xlsx"
    response["Content-Disposition"] = (f"attachment; filename=\"legacy-{template.pk}-{body.unit.code}-{year}.xlsx\"; "
                                       f"filename*=UTF-8''{quote(name, safe='')}")
    return response


# --- The template editor -------------------------------------------------------------------------

RowFormSet = forms.formset_factory(RowForm, formset=BaseRowFormSet, extra=3, can_order=True, can_delete=True,
                                   max_num=legacy_measures.MAX_ROWS, absolute_max=legacy_measures.MAX_ROWS + 20)


def _row_initial(rows) -> list[dict]:
    return [{"block": r.block, "label": r.label, "unit": r.unit, "level": r.level, "measure": r.measure,
             "params": legacy_measures.format_params(r.params), "ORDER": i} for i, r in enumerate(rows, start=1)]


def _reference() -> list[dict]:
    return [{"measure": m, "params": [(p, p.choices() if p.choices else [("是", ""), ("否", "")]) for p in m.params]}
            for m in legacy_measures.MEASURES]


def _editor(request, template: LegacyTemplate | None, source: LegacyTemplate | None = None):
    if request.method == "POST":
        form, formset = TemplateForm(request.POST), RowFormSet(request.POST, prefix="rows")
        if form.is_valid() and formset.is_valid():
            rows = [f.cleaned_data for f in formset.ordered_forms]
            try:
                saved = legacy_services.save_template(actor=request.user, template=template, rows=rows, **form.cleaned_data)
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                row_errors = errors.pop("rows", [])  # shown above the rows, the rest on the form's fields
                if errors:
                    apply_errors(form, ValidationError(errors))
            else:
                messages.success(request, f"已保存模板“{saved.name}”。")
                return redirect("workbench:legacy_template", pk=saved.pk)
        else:
            row_errors = list(formset.non_form_errors())
            if formset.is_valid():  # the header is wrong: still say what is wrong with the rows
                try:
                    legacy_services.clean_rows([f.cleaned_data for f in formset.ordered_forms])
                except ValidationError as exc:
                    row_errors += exc.message_dict.get("rows", [])
    else:
        origin = template or source
        initial = None
        if origin is not None:
            initial = {"name": origin.name if template else f"{origin.name}（副本）", "title": origin.title,
                       "year_label": origin.year_label, "cumulative_label": origin.cumulative_label,
                       "note": origin.note}
        else:
            initial = {"title": "{主体}{年度}年政府信息公开统计报表", "year_label": "{年度}年度",
                       "cumulative_label": "历年累计"}
        form = TemplateForm(initial=initial)
        formset = RowFormSet(prefix="rows", initial=_row_initial(origin.rows.order_by("position")) if origin else None)
        row_errors = []
    return render(request, "workbench/legacy/edit.html", {
        "template": template, "form": form, "formset": formset, "row_errors": row_errors, "reference": _reference(),
    })


@capability_required(CAP)
def legacy_template_new(request):
    source = None
    if request.GET.get("from"):
        if not str(request.GET["from"]).isdigit():
            raise Http404("没有这个模板")
        source = get_object_or_404(legacy.visible_templates(request.user), pk=request.GET["from"])
    return _editor(request, None, source)


@capability_required(CAP)
def legacy_template(request, pk):
    template = get_object_or_404(legacy.visible_templates(request.user), pk=pk)
    if not legacy.can_edit(request.user, template):
        messages.info(request, "该模板由政务公开办维护，您可以复制后修改。")
        return redirect(f"{reverse('workbench:legacy_template_new')}?from={template.pk}")
    return _editor(request, template)


@require_POST
@capability_required(CAP)
def legacy_template_delete(request, pk):
    template = get_object_or_404(legacy.visible_templates(request.user), pk=pk)
    legacy_services.delete_template(actor=request.user, template=template)
    messages.success(request, f"已删除模板“{template.name}”。")
    return redirect("workbench:legacy_tables")


# --- Yearly figures ------------------------------------------------------------------------------

@capability_required(CAP)
def legacy_figures(request):
    bodies = list(legacy.bodies(request.user))
    body = next((b for b in bodies if b.unit.code == request.GET.get("body")), None)
    if body is None and request.GET.get("body"):
        raise Http404("没有这个公开主体，或不在您的权限范围内")
    body = body or (bodies[0] if bodies else None)
    try:
        year = legacy_services.check_year(request.GET.get("year") or clock.today().year - 1)
    except ValidationError:
        year = clock.today().year - 1
    current = legacy.figures_of(body, year) if body else {}
    initial = {k: legacy.number(f.value) for k, f in current.items()}
    initial["note"] = next((f.note for f in current.values() if f.note), "")
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and body and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            legacy_services.save_figures(actor=request.user, body=body, year=year, values=data, note=note)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存{body.letter_name}{year}年的填报数。")
            return redirect(f"{reverse('workbench:legacy_figures')}?body={body.unit.code}&year={year}")
    entered = (LegacyFigure.objects.filter(body__in=bodies).select_related("body")
               .order_by("-year", "body__unit__path", "key"))
    labels = {f.key: f for f in legacy_measures.FIGURES}
    return render(request, "workbench/legacy/figures.html", {
        "form": form, "bodies": bodies, "body": body, "year": year,
        "years": list(range(clock.today().year, legacy_measures.FIRST_YEAR - 1, -1)),
        "entered": [(f, labels.get(f.key), legacy.number(f.value)) for f in entered]})
