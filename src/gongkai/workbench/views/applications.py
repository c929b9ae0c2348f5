"""Workbench pages of disclosure on application: the handling queue, staff entry, the case page
with one small POST form per step (the steps' table is `application_steps.py`), notice and
identity-proof downloads, notice templates.

Every case is fetched through `selectors.staff_applications`, so a case outside the user's units
is a 404 on every page; every write is a service call, which checks the permission again."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import actions, deadlines, fees, notices, outcomes, selectors, services, workflow
from gongkai.applications.models import Application, NoticeKind, NoticeTemplate, Status
from gongkai.applications.regimes import of as regulation_of
from gongkai.core import clock
from gongkai.core.access import can, has_capability, scope_units
from gongkai.core.calendar import get_calendar
from gongkai.core.downloads import file_response
from gongkai.core.files.kinds import sniff
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order

from ..forms import applications as f
from ..pages import apply_errors, capability_required
from .application_steps import ITEM_FIELD, PANELS, form_for

A = Application
CODE_KEY = "gk_wb_query_code"  # the query code of a just-registered case, shown once then dropped
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _today():
    # The services' "today": the one clock every deadline on these pages is computed against.
    return clock.today()


staff_required = capability_required(*selectors.STAFF_CAPABILITIES)
HANDLE, APPROVE = workflow.HANDLE, workflow.APPROVE


def _id(raw: str) -> int | None:
    # "²" is a digit to str.isdigit() but not to int(); an id past 64 bits overflows the database.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _get(request, pk) -> Application:
    return get_object_or_404(selectors.staff_applications(request.user), pk=pk)


# --- The queue ------------------------------------------------------------------------------

@staff_required
def queue(request):
    user, day = request.user, _today()
    scope = selectors.staff_applications(user)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    unit, handler = request.GET.get("unit", ""), request.GET.get("handler", "")
    closed = request.GET.get("closed") == "1"
    qs = selectors.queue(user, status=status, unit_id=_id(unit), handler_id=_id(handler), open_only=not closed)
    page = Paginator(qs.prefetch_related("consultations"), 30).get_page(request.GET.get("page"))
    rows = [{"app": app, "urgency": selectors.urgency(app, day), "applicant": selectors.applicant_view(user, app)}
            for app in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workbench/applications/queue.html", {
        "page": page, "rows": rows, "query": query.urlencode(), "statuses": Status.choices, "status": status,
        "units": tree_order(Unit.objects.filter(pk__in=scope.values("unit"))), "unit": unit,
        "handlers": User.objects.filter(pk__in=scope.exclude(handler=None).values("handler")).order_by("username"),
        "handler": handler, "closed": closed, "today": day,
        "can_register": has_capability(user, Capability.APPLICATIONS_HANDLE)})


# --- Staff entry ----------------------------------------------------------------------------

def _entry_units(user):
    """Units the user handles that belong to a disclosure body (only a body receives applications)."""
    body_paths = list(DisclosureBody.objects.values_list("unit__path", flat=True))
    units = scope_units(user, Capability.APPLICATIONS_HANDLE)
    return units.filter(pk__in=[u.pk for u in units.only("pk", "path")
                                if any(u.path.startswith(p) for p in body_paths)])


@capability_required(Capability.APPLICATIONS_HANDLE)
def entry(request):
    units = _entry_units(request.user)
    now = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    form = f.EntryForm(request.POST or None, units=units, initial={
        "unit": request.user.unit_id, "channel": "in_person", "submitted_at": now, "applicant_kind": "person",
        "id_type": "resident_id", "items": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app, code = services.register(actor=request.user, unit=units.get(pk=data["unit"]), data=data,
                                          channel=data["channel"], submitted_at=data["submitted_at"],
                                          received_on=data["received_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # Kept server-side in the session only until the case page shows it; never in a cookie.
            request.session[CODE_KEY] = {"app": app.pk, "code": code}
            return redirect("workbench:application", pk=app.pk)
    return render(request, "workbench/applications/new.html", {"form": form})


# --- The case page --------------------------------------------------------------------------

def _notice_rows(app, applicant, form, bound, allowed) -> list[dict]:
    rows = []
    for notice in app.notices.prefetch_related("deliveries").select_related("issued_by"):
        # The addressee of most notices is the applicant: masked like the applicant panel.
        addressee = applicant.name if notice.addressee == app.name else notice.addressee
        rows.append({"notice": notice, "addressee": addressee, "deliveries": list(notice.deliveries.all()),
                     "form": form("record_delivery", notice.pk) if "record_delivery" in allowed else None,
                     "open": f"record_delivery:{notice.pk}" in bound})
    return rows


def _supplement_warning(app, day, allowed) -> str:
    if "request_supplement" in allowed and app.received_on and deadlines.supplement_days_late(app, day):
        used = get_calendar(app.body.region).working_days_between(app.received_on, day)
        return (f"今天已是收到申请后的第{used}个工作日，超过条例第三十条规定的"
                f"{settings.GONGKAI_SUPPLEMENT_WITHIN_DAYS}个工作日；仍可发出补正通知，但将记录为逾期告知，"
                "答复期限只在补正期间暂停，收到补正后继续计算，不重新计算。")
    return ""


def _fee_preview(app, allowed) -> dict | None:
    if "notify_fee" not in allowed:
        return None
    try:
        bands = services.fee_bands(app, "per_item", app.items)
    except (ValidationError, ValueError):
        bands = []
    return {"before": services.items_before_this_month(app), "items": app.items,
            "lines": fees.describe(bands, "件"), "total": fees.total(bands)}


def _duplicates(app, user) -> list[dict]:
    duplicates = services.possible_duplicates(app) if app.is_open else []
    visible = set(selectors.staff_applications(user).filter(pk__in=[d.pk for d in duplicates])
                  .values_list("pk", flat=True))
    return [{"app": d, "visible": d.pk in visible} for d in duplicates]


def _case_context(request, app: Application, bound: dict | None = None) -> dict:
    user, day, bound = request.user, _today(), bound or {}
    offers = workflow.offers(app, user, day)
    allowed = {o.step.name for o in offers if not o.reason}

    def form(name, item=None):
        key = name if item is None else f"{name}:{item}"
        if key in bound:
            return bound[key]
        return form_for(name, app, user, item=item)

    steps = [{"name": o.step.name, "label": o.step.label, "panel": PANELS[o.step.name], "form": form(o.step.name),
              "open": o.step.name in bound or (not bound and PANELS[o.step.name].first),
              "url": reverse("workbench:application_action", args=[app.pk, o.step.name])}
             for o in offers if not o.reason and PANELS[o.step.name].panel]
    applicant = selectors.applicant_view(user, app)
    consultations = [{"c": c, "form": form("record_consultation_answer", c.pk)
                      if "record_consultation_answer" in allowed and not c.answered_on else None,
                      "open": f"record_consultation_answer:{c.pk}" in bound}
                     for c in app.consultations.all()]
    timeline = sorted([("event", e.at, e) for e in app.events.select_related("actor")]
                      + [("note", n.created_at, n) for n in app.notes.select_related("author")],
                      key=lambda row: row[1])
    return {
        "app": app, "state": deadlines.clock_state(app, day), "today": day, "urgency": selectors.urgency(app, day),
        "applicant": applicant, "may_see_personal": not applicant.masked,
        # Art. 39: a petition filed as an application becomes a mailbox letter (interaction app).
        "may_convert": app.status == Status.PROCESSING and can(user, Capability.INTERACTION_HANDLE, app.unit)
        and can(user, HANDLE, app.unit),
        "steps": steps, "notice_rows": _notice_rows(app, applicant, form, bound, allowed),
        "consultations": consultations, "timeline": timeline,
        "note_form": form("add_note") if "add_note" in allowed else None, "note_open": "add_note" in bound,
        "remedies": list(app.remedies.all()), "remedy_form": form("record_remedy") if "record_remedy" in allowed
        else None, "remedy_open": "record_remedy" in bound,
        "supplement_warning": _supplement_warning(app, day, allowed), "fee_preview": _fee_preview(app, allowed),
        "duplicates": _duplicates(app, user),
        "pending_extension": workflow.pending_extension_days(app),
        "regulation": regulation_of(app.received_on),
        "withheld": [outcomes.BY_CODE[c].label.removeprefix("不予公开：") for c in app.withheld_reasons
                     if c in outcomes.BY_CODE],
        "may_handle": can(user, HANDLE, app.unit),
        # 四眼原则: what the person may not take only because of it is not offered; the page says why.
        "four_eyes_refusals": list(dict.fromkeys(o.reason for o in offers if o.four_eyes)),
        # A body without its remedy settings cannot reply: whoever holds a reply step learns which
        # setting is missing before drafting or approving (workflow.remedy_unset).
        "remedy_unset": workflow.remedy_unset(app) if app.is_open and any(
            o.step.name in ("decide", "approve_reply", "close_lapsed") for o in offers) else "",
    }


@staff_required
def case(request, pk):
    app = _get(request, pk)
    shown = request.session.pop(CODE_KEY, None)
    context = _case_context(request, app)
    if shown and shown.get("app") == app.pk:
        context["registered"] = shown.get("registered", True)
        context["query_code"] = shown["code"]
        context["receipt"] = app.notices.filter(kind=NoticeKind.RECEIPT).first()
    services.mark_reminders_read(actor=request.user, app=app)
    return render(request, "workbench/applications/detail.html", context)


@require_POST
@staff_required
def action(request, pk, action):
    step = workflow.STEPS.get(action)
    if step is None:
        raise Http404("没有这项操作")
    app = _get(request, pk)
    if not can(request.user, step.capability, app.unit):
        raise PermissionDenied("您没有执行此操作的权限")
    item = None
    if action in ITEM_FIELD:
        raw = request.POST.get(ITEM_FIELD[action], "")
        item = _id(raw)
    form = form_for(action, app, request.user, data=request.POST, item=item)
    if form.is_valid():
        try:
            result = actions.APPLICATION[action](request.user, app, form.cleaned_data)
            app.refresh_from_db()
            message = PANELS[action].done(app, result)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("workbench:application", pk=app.pk)
    # Nothing was written (each service is one transaction); show the case as stored, the form
    # with its errors in place, and the errors once more at the top.
    app = _get(request, pk)
    problems = [str(e) for errors in form.errors.values() for e in errors]
    messages.error(request, f"{step.label}未完成：" + "；".join(problems))
    key = action if item is None else f"{action}:{item}"
    return render(request, "workbench/applications/detail.html", _case_context(request, app, {key: form}))


# --- Downloads ------------------------------------------------------------------------------

def _attachment(response: HttpResponse, fallback: str, filename: str) -> HttpResponse:
    # An ASCII name for old clients, the real (Chinese) name per RFC 5987 for the rest; every
    # byte outside the unreserved set is percent-encoded, so no quote or semicolon gets through.
    response["Content-Disposition"] = (f"attachment; filename=\"{fallback}\"; "
                                       f"filename*=UTF-8''{quote(filename, safe='')}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@staff_required
def notice_file(request, pk, notice_pk, ext):
    if ext not in CONTENT_TYPES:
        raise Http404("文书不存在")
    app = _get(request, pk)
    notice = get_object_or_404(app.notices, pk=notice_pk)
    if not selectors.may_see_personal(request.user, app):
        # Letters to the applicant carry their name, and the receipt their query code: only
        # those who may see the applicant's personal data download them (privacy-lessons.md).
        if notice.consultation_id is None:
            raise PermissionDenied("您无权查看申请人个人信息，不能下载致申请人的文书")
    content = bytes(notice.pdf if ext == "pdf" else notice.docx)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    return _attachment(response, f"{app.tracking_number}-notice-{notice.pk}.{ext}", f"{notice.number}{notice.title}.{ext}")


@never_cache
@staff_required
def identity_proof(request, pk):
    app = _get(request, pk)
    if not selectors.may_see_personal(request.user, app):
        raise PermissionDenied("您无权查看申请人个人信息")
    try:
        name, content = services.identity_proof_for(actor=request.user, app=app)
    except ValidationError:
        raise Http404("该申请没有上传身份证明文件") from None
    return file_response(content, kind=sniff(content), filename=f"{app.tracking_number}-{name}", inline=False)


# --- Notice templates -----------------------------------------------------------------------

def _may_edit_templates(user) -> bool:
    # The same rule as services.save_notice_template: the wording binds the whole bureau.
    return can(user, APPROVE, None) or can(user, Capability.ROLES_MANAGE, None)


@login_required
def notice_templates(request):
    if not (has_capability(request.user, APPROVE) or has_capability(request.user, Capability.ROLES_MANAGE)):
        raise PermissionDenied("您没有访问此页面的权限")
    saved = {t.kind: t for t in NoticeTemplate.objects.select_related("updated_by")}
    rows = [{"kind": kind, "label": label, "saved": saved.get(kind),
             "title": saved[kind].title if kind in saved else notices.DEFAULTS[kind][0]}
            for kind, label in NoticeKind.choices]
    return render(request, "workbench/applications/notice_templates.html",
                  {"rows": rows, "may_edit": _may_edit_templates(request.user)})


@login_required
def notice_template_edit(request, kind):
    if kind not in NoticeKind.values:
        raise Http404("没有这种文书")
    if not _may_edit_templates(request.user):
        raise PermissionDenied("只有政务公开办或系统管理员可以修改文书模板")
    title, lines = notices.wording(kind)
    form = f.NoticeTemplateForm(request.POST or None, initial={"title": title, "body": "\n".join(lines)})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_notice_template(actor=request.user, kind=kind, title=form.cleaned_data["title"],
                                          body=form.cleaned_data["body"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:
                form.add_error("body", exc)
        else:
            messages.success(request, f"已保存“{NoticeKind(kind).label}”的模板，此后出具的文书使用新措辞。")
            return redirect("workbench:notice_templates")
    default_title, default_lines = notices.DEFAULTS[kind]
    return render(request, "workbench/applications/notice_template_edit.html", {
        "form": form, "kind": kind, "label": NoticeKind(kind).label, "placeholders": notices.PLACEHOLDERS,
        "default_title": default_title, "default_lines": default_lines,
        "appends_remedy": kind in notices.REPLY_KINDS})


@require_POST
@staff_required
def reissue_query_code(request, pk):
    """A new query code for an applicant who lost theirs, shown once on the case page."""
    app = _get(request, pk)
    try:
        code = services.reissue_query_code(actor=request.user, app=app)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        request.session[CODE_KEY] = {"app": app.pk, "code": code, "registered": False}
    return redirect("workbench:application", pk=app.pk)


@require_POST
@staff_required
def receipt_with_code(request, pk, ext):
    """The applicant's copy of the receipt with their code, for the page that shows the code once."""
    if ext not in CONTENT_TYPES:
        raise Http404("文书不存在")
    app = _get(request, pk)
    try:
        notice, content = services.receipt_with_code(app=app, code=request.POST.get("code", ""), ext=ext)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("workbench:application", pk=app.pk)
    if not selectors.may_see_personal(request.user, app):
        raise PermissionDenied("您无权查看申请人个人信息，不能下载致申请人的文书")
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    return _attachment(response, f"{app.tracking_number}-receipt.{ext}", f"{notice.number}{notice.title}（申请人留存）.{ext}")
