"""Workbench pages of incident bulletins (警情通报) and service guides (办事指南)."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.bulletins import actions, findings, imports, selectors, services, workflow
from gongkai.bulletins.models import CATEGORIES, Bulletin, GuideCategory, ServiceGuide
from gongkai.core.access import can, scope_units
from gongkai.core.downloads import file_response
from gongkai.core.middleware import body_limit
from gongkai.core.models import DisclosureBody

from ..forms.bulletins import (
    BulletinFilterForm,
    BulletinForm,
    BulletinImportForm,
    CorrectionForm,
    GuideEditForm,
    GuideUploadForm,
    ReasonForm,
    ReturnForm,
)
from ..highlight import highlight
from ..pages import apply_errors, capability_required, import_upload

B = Bulletin
BULLETINS = services.BULLETIN_CAPABILITY
GUIDES = services.GUIDE_CAPABILITY
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _bodies(user):
    return DisclosureBody.objects.filter(unit__in=scope_units(user, BULLETINS)).select_related("unit").order_by(
        "unit__path")


def _marked(text: str, found) -> str:
    """The text with each scanner finding marked in place (the workbench's highlight)."""
    marks = [SimpleNamespace(start=f.start, end=f.end, text=f.text, kind=f.kind, state="open", pk=f"{f.field}-{i}")
             for i, f in enumerate(found)]
    return highlight(text, marks)


def _steps(flow: workflow.Workflow, item, user) -> dict:
    """What the detail page offers, from the workflow: `steps` (name → offer, for the steps the
    user can take now), `refusals` (name → why not, for the others the user holds the capability
    for) and `four_eyes` (why the user may not review their own item, or "")."""
    offers = flow.offers(item, user)
    return {"steps": {o.step.name: o for o in offers if not o.reason},
            "refusals": {o.step.name: o.reason for o in offers if o.reason},
            "four_eyes": next((o.reason for o in offers if o.four_eyes), "")}


# --- Bulletins ------------------------------------------------------------------------------

@capability_required(BULLETINS)
def bulletin_list(request):
    bodies = _bodies(request.user)
    form = BulletinFilterForm(request.GET or None, bodies=bodies)
    qs = selectors.staff_bulletins(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["body"]:
            qs = qs.filter(body=data["body"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["year"]:
            qs = qs.filter(year=data["year"])
    page = Paginator(qs.order_by("-week_start", "body__unit__path", "-version"), 40).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workbench/bulletins/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "queue": selectors.review_queue(request.user),
        "categories": CATEGORIES})


@capability_required(BULLETINS)
def bulletin_new(request):
    form = BulletinForm(request.POST or None, bodies=_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            bulletin = services.create_bulletin(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{bulletin.title}”（草稿）。核对无误后请提交审核。")
            return redirect("workbench:bulletin", pk=bulletin.pk)
    return render(request, "workbench/bulletins/edit.html", {"form": form, "bulletin": None})


def _get_bulletin(request, pk) -> Bulletin:
    return get_object_or_404(selectors.staff_bulletins(request.user), pk=pk)


@capability_required(BULLETINS)
def bulletin_edit(request, pk):
    bulletin = _get_bulletin(request, pk)
    if refused := workflow.BULLETIN.refusal("update", bulletin, actor=request.user):
        messages.error(request, f"{refused}。")
        return redirect("workbench:bulletin", pk=bulletin.pk)
    initial = {f: getattr(bulletin, f) for f in services.BULLETIN_FIELDS}
    form = BulletinForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_bulletin(actor=request.user, bulletin=bulletin, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("workbench:bulletin", pk=bulletin.pk)
    return render(request, "workbench/bulletins/edit.html", {"form": form, "bulletin": bulletin})


@capability_required(BULLETINS)
def bulletin_detail(request, pk):
    bulletin = _get_bulletin(request, pk)
    found = findings.bulletin_findings(bulletin)
    texts = [(field, findings.FIELD_LABELS[field],
              _marked(getattr(bulletin, field), [f for f in found if f.field == field]))
             for field in findings.TEXT_FIELDS]
    versions = (B.objects.filter(body=bulletin.body, year=bulletin.year, week=bulletin.week)
                .exclude(pk=bulletin.pk).select_related("created_by").order_by("-version"))
    previous = selectors.previous_published(bulletin)
    return render(request, "workbench/bulletins/detail.html", {
        "bulletin": bulletin, "findings": found, "texts": texts, "versions": versions,
        "rows": [(label, getattr(bulletin, code), getattr(previous, code) if previous else None)
                 for code, label in CATEGORIES],
        "previous": previous, **_steps(workflow.BULLETIN, bulletin, request.user),
        "return_form": ReturnForm(), "reason_form": ReasonForm(), "correction_form": CorrectionForm()})


def _take(request, take, item, done: str):
    """Take a step from the detail page's form: the item after it, with `done` said; or None, with
    the service's refusal said."""
    try:
        result = take(request.user, item, request.POST)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        messages.success(request, done)
        return result
    return None


# What the detail page says after each step of `workflow.BULLETIN` (`actions.BULLETIN` takes it);
# `update` is the edit page.
BULLETIN_DONE = {
    "submit": "已提交审核。",
    "publish": "已审核发布，通报已在网站“警情通报”栏目公开。",
    "return": "已退回填报人。",
    "correct": "已生成更正版本（草稿）：修改后提交审核，发布后替换原通报。",
    "withdraw": "已撤回：该通报已从网站页面、趋势图、数据下载、订阅和接口中全部移除。",
}
assert BULLETIN_DONE.keys() == actions.BULLETIN.keys()


@require_POST
@capability_required(BULLETINS)
def bulletin_action(request, pk, action):
    if action not in actions.BULLETIN:
        raise Http404("未知的操作")
    bulletin = _get_bulletin(request, pk)
    result = _take(request, actions.BULLETIN[action], bulletin, BULLETIN_DONE[action])
    return redirect("workbench:bulletin", pk=(result or bulletin).pk)  # a correction opens the new version


@body_limit(imports.MAX_BYTES)
@capability_required(BULLETINS)
def bulletin_import(request):
    form = BulletinImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid() and (upload := import_upload(form, imports.MAX_BYTES)):
        report = services.import_bulletins(actor=request.user, filename=upload.name, data=upload.read())
        if report.ok:
            messages.success(request, report.summary())
            return redirect("workbench:bulletins")
    return render(request, "workbench/bulletins/import.html", {"form": form, "report": report,
                                                               "columns": imports.COLUMNS})


@capability_required(BULLETINS)
def bulletin_import_template(request):
    response = HttpResponse(imports.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "警情通报导入模板.xlsx")
    return response


# --- Guides ---------------------------------------------------------------------------------

def _get_guide(request, pk) -> ServiceGuide:
    return get_object_or_404(selectors.staff_guides(request.user), pk=pk)


@capability_required(GUIDES)
def guide_list(request):
    qs = selectors.staff_guides(request.user)
    q, status, category = (request.GET.get("q", "").strip(), request.GET.get("status", ""),
                           request.GET.get("category", ""))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(handling_unit__icontains=q))
    if status in ServiceGuide.Status.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    return render(request, "workbench/guides/list.html", {
        "guides": qs.order_by("category__sort_order", "name"), "q": q, "status": status, "category": category,
        "statuses": ServiceGuide.Status.choices, "categories": GuideCategory.objects.all(),
        "may_edit_categories": can(request.user, GUIDES, None)})


@capability_required(GUIDES)
def guide_edit(request, pk=None):
    guide = _get_guide(request, pk) if pk else None
    if guide and (refused := workflow.GUIDE.refusal("update", guide, actor=request.user)):
        messages.error(request, f"{refused}。")
        return redirect("workbench:guide", pk=guide.pk)
    units = scope_units(request.user, GUIDES)
    form = GuideEditForm(request.POST or None, instance=guide, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if guide:
                guide = services.update_guide(actor=request.user, guide=guide, unit=form.cleaned_data["unit"],
                                              **data)
            else:
                guide = services.create_guide(actor=request.user, unit=form.cleaned_data["unit"], **data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "materials" in exc.error_dict:
                exc.error_dict["materials_text"] = exc.error_dict.pop("materials")
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{guide.name}”。")
            return redirect("workbench:guide", pk=guide.pk)
    return render(request, "workbench/guides/edit.html", {"form": form, "guide": guide})


@capability_required(GUIDES)
def guide_detail(request, pk):
    guide = _get_guide(request, pk)
    return render(request, "workbench/guides/detail.html", {
        "guide": guide, "findings": findings.guide_findings(guide), "forms": guide.forms.all(),
        "upload_form": GuideUploadForm(), "reason_form": ReasonForm(), **_steps(workflow.GUIDE, guide, request.user)})


# What the detail page says after each step of `workflow.GUIDE` (`actions.GUIDE` takes it).
GUIDE_DONE = {
    "publish": "已发布，指南已在网站“办事指南”栏目公开。",
    "withdraw": "已撤回：指南及其表格已从网站和接口中移除。",
}
assert GUIDE_DONE.keys() == actions.GUIDE.keys()


@require_POST
@capability_required(GUIDES)
def guide_action(request, pk, action):
    if action not in actions.GUIDE:
        raise Http404("未知的操作")
    guide = _get_guide(request, pk)
    _take(request, actions.GUIDE[action], guide, GUIDE_DONE[action])
    return redirect("workbench:guide", pk=guide.pk)


@body_limit(services.FORM_MAX_BYTES)
@require_POST
@capability_required(GUIDES)
def guide_upload(request, pk):
    guide = _get_guide(request, pk)
    form = GuideUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
        return redirect("workbench:guide", pk=guide.pk)
    upload = form.cleaned_data["file"]
    try:
        services.add_guide_form(actor=request.user, guide=guide, name=upload.name, data=upload.read())
    except ValidationError as exc:
        messages.error(request, _message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已上传“{upload.name}”。")
    return redirect("workbench:guide", pk=guide.pk)


@require_POST
@capability_required(GUIDES)
def guide_form_remove(request, pk, form_pk):
    guide = _get_guide(request, pk)
    form = get_object_or_404(guide.forms, pk=form_pk)
    try:
        services.remove_guide_form(actor=request.user, form=form)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除表格。")
    return redirect("workbench:guide", pk=guide.pk)


@capability_required(GUIDES)
def guide_form_file(request, pk, form_pk):
    guide = _get_guide(request, pk)
    form = get_object_or_404(guide.forms, pk=form_pk)
    try:
        handle = form.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return file_response(handle, kind=form.kind, filename=form.original_name, inline=False)
