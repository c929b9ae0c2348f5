"""Workbench pages of the mailbox: the letter queue, staff entry, the letter page with one small
POST form per step (the steps' table is `interaction_steps.py`), the Art. 39 conversions both
ways, and the statistics with charts and XLSX.

Every letter is fetched through `selectors.staff_letters`, so a letter outside the user's units
is a 404 on every page; every write is a service call, which checks the permission again."""

import io
from datetime import date
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
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import selectors as application_selectors
from gongkai.applications.models import Status as ApplicationStatus
from gongkai.core import clock
from gongkai.core.access import can, scope_units
from gongkai.core.models import DisclosureBody, Unit
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order
from gongkai.core.text import no_formulas
from gongkai.interaction import actions, selectors, services, stats, workflow
from gongkai.interaction.models import Kind, Letter, LetterChannel, LetterTopic, Status

from ..forms import interaction as f
from ..pages import apply_errors, capability_required
from .interaction_steps import PANELS, form_for

HANDLE = workflow.HANDLE
CODE_KEY = "gk_wb_letter_code"        # a just-entered letter's query code, shown once
APP_CODE_KEY = "gk_wb_query_code"     # the applications' key: their case page shows the code once


def _today():
    return clock.today()


staff_required = capability_required(*selectors.STAFF_CAPABILITIES)


def _get(request, pk) -> Letter:
    return get_object_or_404(selectors.staff_letters(request.user), pk=pk)


# --- The queue ------------------------------------------------------------------------------

def _is_office(user) -> bool:
    return workflow.is_office(user)


@staff_required
def letters(request):
    user, day = request.user, _today()
    scope = selectors.staff_letters(user)
    params = request.GET
    status = params.get("status", "") if params.get("status", "") in Status.values else ""
    kind = params.get("kind", "") if params.get("kind", "") in Kind.values else ""
    channel = params.get("channel", "") if params.get("channel", "") in LetterChannel.values else ""
    unit = params.get("unit", "")
    overdue, answered = params.get("overdue") == "1", params.get("answered") == "1"
    qs = selectors.queue(user, status=status, kind=kind, channel=channel, unit_id=int(unit) if unit.isdigit() else None,
                         overdue=overdue, open_only=not answered, day=day)
    page = Paginator(qs, 30).get_page(params.get("page"))
    rows = [{"letter": letter, "urgency": selectors.urgency(letter, day), "writer": selectors.writer_view(user, letter)}
            for letter in page]
    query = params.copy()
    query.pop("page", None)
    return render(request, "workbench/interaction/list.html", {
        "page": page, "rows": rows, "query": query.urlencode(), "statuses": Status.choices, "status": status,
        "kinds": Kind.choices, "kind": kind, "channels": LetterChannel.choices, "channel": channel,
        "units": tree_order(Unit.objects.filter(pk__in=scope.values("unit"))), "unit": unit, "overdue": overdue,
        "answered": answered, "today": day, "can_register": bool(_entry_bodies(user)),
        "is_office": _is_office(user)})


# --- Staff entry ----------------------------------------------------------------------------

def _entry_bodies(user) -> list[DisclosureBody]:
    return [b for b in DisclosureBody.objects.select_related("unit").order_by("unit__path") if can(user, HANDLE, b.unit)]


@login_required
def entry(request):
    bodies = _entry_bodies(request.user)
    if not bodies:
        raise PermissionDenied("您没有登记来信的权限")
    now = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    form = f.LetterEntryForm(request.POST or None, bodies=bodies, initial={
        "body": bodies[0].pk, "channel": "phone", "received_at": now, "wants_reply": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = next(b for b in bodies if b.pk == data["body"])
        try:
            letter, code = services.register(actor=request.user, body=body, data=data, channel=data["channel"],
                                             received_at=data["received_at"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[CODE_KEY] = {"letter": letter.pk, "code": code}
            return redirect("workbench:letter", pk=letter.pk)
    return render(request, "workbench/interaction/new.html", {"form": form})


# --- The letter page (its steps' table is `interaction_steps.py`) --------------------------

def _marked(text: str, findings) -> str:
    """The text, escaped, with each finding wrapped in <mark>."""
    parts, pos = [], 0
    for finding in findings:
        parts.append(escape(text[pos:finding.start]))
        parts.append(format_html('<mark class="finding" title="{}">{}</mark>', finding.label,
                                 text[finding.start:finding.end]))
        pos = finding.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts).replace("\n", "<br>"))  # noqa: S308 (escaped above)


def _letter_context(request, letter: Letter, bound: dict | None = None, findings=None) -> dict:
    user, day, bound = request.user, _today(), bound or {}
    offers = workflow.offers(letter, user)
    allowed = {o.step.name for o in offers if not o.reason}
    steps = [{"name": o.step.name, "label": o.step.label, "panel": PANELS[o.step.name],
              "form": bound.get(o.step.name) or form_for(o.step.name, letter, user),
              "open": o.step.name in bound or (not bound and PANELS[o.step.name].first),
              "url": reverse("workbench:letter_action", args=[letter.pk, o.step.name])}
             for o in offers if not o.reason and o.step.name in PANELS and PANELS[o.step.name].panel]
    timeline = sorted([("event", e.at, e) for e in letter.events.select_related("actor")]
                      + [("note", n.created_at, n) for n in letter.notes.select_related("author")],
                      key=lambda row: row[1])
    checked = None
    if findings is not None:
        form = bound.get("publish")
        texts = {"subject": form.data.get("public_subject", ""), "content": form.data.get("public_content", ""),
                 "reply": form.data.get("public_reply", "")}
        checked = [{"label": services.PARTS[part], "html": _marked(texts[part], [x for x in findings if x.part == part]),
                    "count": sum(1 for x in findings if x.part == part)} for part in services.PARTS]
    linked_app = letter.converted_to or letter.source_application
    return {
        "letter": letter, "today": day, "urgency": selectors.urgency(letter, day),
        "reply_days": settings.GONGKAI_LETTER_REPLY_DAYS,
        "writer": selectors.writer_view(user, letter), "steps": steps, "timeline": timeline,
        "same_writer": selectors.same_writer(letter, user)[:20],
        # 四眼原则: what the person may not take only because of it is not offered; the page says why.
        "four_eyes_refusal": next((o.reason for o in offers if o.four_eyes), ""),
        "note_form": bound.get("add_note") or (form_for("add_note", letter, user) if "add_note" in allowed else None),
        "note_open": "add_note" in bound, "findings": findings, "checked": checked,
        "public": selectors.public_text(letter),
        "may_convert": "convert_to_application" in allowed,
        "linked_app": linked_app,
        "linked_app_visible": bool(linked_app and application_selectors.staff_applications(user)
                                   .filter(pk=linked_app.pk).exists()),
    }


@staff_required
def letter(request, pk):
    letter = _get(request, pk)
    context = _letter_context(request, letter)
    shown = request.session.pop(CODE_KEY, None)
    if shown and shown.get("letter") == letter.pk:
        context["query_code"] = shown["code"]
    return render(request, "workbench/interaction/detail.html", context)


@require_POST
@staff_required
def action(request, pk, action):
    step = workflow.STEPS.get(action)
    if step is None or action not in PANELS:
        raise Http404("没有这项操作")
    letter = _get(request, pk)
    denied = workflow.permission_refusal(action, letter, request.user)
    if denied:
        raise PermissionDenied(denied)
    form = form_for(action, letter, request.user, data=request.POST)
    findings = None
    if form.is_valid():
        try:
            result = actions.LETTER[action](request.user, letter, form.cleaned_data)
            letter.refresh_from_db()
            message = PANELS[action].done(letter, result)
        except services.PersonalDataFound as exc:
            findings = exc.findings
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("workbench:letter", pk=letter.pk)
    # Nothing was written (each service is one transaction): the letter as stored, the form
    # with its errors in place, and the errors once more at the top.
    letter = _get(request, pk)
    problems = [str(e) for errors in form.errors.values() for e in errors]
    messages.error(request, f"{step.label}未完成：" + "；".join(problems))
    return render(request, "workbench/interaction/detail.html",
                  _letter_context(request, letter, {action: form}, findings=findings))


# --- Art. 39 conversions --------------------------------------------------------------------

def _application_units(user):
    """Units the user handles applications for that belong to a disclosure body."""
    body_paths = list(DisclosureBody.objects.values_list("unit__path", flat=True))
    units = scope_units(user, Capability.APPLICATIONS_HANDLE)
    return units.filter(pk__in=[u.pk for u in units.only("pk", "path") if any(u.path.startswith(p) for p in body_paths)])


@staff_required
def to_application(request, pk):
    """A letter that asks for government information becomes a disclosure application (Art. 39)."""
    letter = _get(request, pk)
    if not can(request.user, HANDLE, letter.unit):
        raise PermissionDenied("您没有办理该来信的权限")
    units = _application_units(request.user)
    form = f.ToApplicationForm(request.POST or None, units=units, initial={
        "unit": letter.body.unit_id, "applicant_kind": "person", "name": letter.writer_name, "phone": letter.phone,
        "email": letter.email, "id_type": "resident_id", "description": letter.content, "items": 1,
        "medium": "electronic" if letter.email else "paper", "collection": "email" if letter.email else "post"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = units.filter(pk=data["unit"]).first()
        try:
            if unit is None:
                raise ValidationError({"unit": "请选择承办单位"})
            app, code = services.convert_to_application(actor=request.user, letter=letter, unit=unit, data=data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # The application's page shows its query code once, as after a staff entry.
            request.session[APP_CODE_KEY] = {"app": app.pk, "code": code}
            messages.success(request, f"来信已转为政府信息公开申请（受理编号{app.tracking_number}），来信办结。")
            return redirect("workbench:application", pk=app.pk)
    return render(request, "workbench/interaction/to_application.html", {"letter": letter, "form": form})


@login_required
def from_application(request, pk):
    """An application that is really a petition or complaint becomes a letter (Art. 39 ¶1): the
    application closes with the 不作为政府信息公开申请处理告知书. Linked from the application's
    case page."""
    app = get_object_or_404(application_selectors.staff_applications(request.user), pk=pk)
    if not (can(request.user, HANDLE, app.unit) and can(request.user, Capability.APPLICATIONS_HANDLE, app.unit)):
        raise PermissionDenied("您没有将该申请转为来信的权限")
    other = LetterTopic.objects.filter(code="other").first()
    form = f.FromApplicationForm(request.POST or None, initial={"kind": "director", "topic": other.pk if other else None})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            letter, code = services.convert_from_application(
                actor=request.user, app=app, kind=d["kind"], topic=LetterTopic.objects.filter(pk=d["topic"]).first(),
                subject=d["subject"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[CODE_KEY] = {"letter": letter.pk, "code": code}
            messages.success(request, f"申请已按不作为政府信息公开申请处理办结，并转为来信{letter.tracking_number}。")
            return redirect("workbench:letter", pk=letter.pk)
    return render(request, "workbench/interaction/from_application.html", {
        "app": app, "form": form, "processing": app.status == ApplicationStatus.PROCESSING})


# --- Statistics -----------------------------------------------------------------------------

def _stats(request):
    day = _today()
    form = f.StatsForm(request.GET or None)
    start, end = form.period(day)
    if not form.is_bound:
        form = f.StatsForm(initial={"start": start, "end": end})
    rows = selectors.stats_rows(request.user, start, end)
    topics = list(LetterTopic.objects.values_list("name", flat=True))
    groups = [
        ("channel", "按来信渠道", stats.group(rows, lambda r: r.channel, LetterChannel.labels)),
        ("topic", "按来信分类", stats.group(rows, lambda r: r.topic, topics)),
        ("kind", "按来信类型", stats.group(rows, lambda r: r.kind, Kind.labels)),
        ("unit", "按承办单位", stats.group(rows, lambda r: r.unit)),
    ]
    return form, start, end, rows, groups


def _chart_data(groups, months) -> dict:
    data = {key: {"title": title, "labels": [label for label, _ in items], "values": [s.received for _, s in items]}
            for key, title, items in groups}
    data["unit"]["answered"] = [s.answered for _, s in groups[3][2]]
    data["month"] = {"title": "每月来信", "labels": [m for m, _ in months], "values": [n for _, n in months]}
    return data


@staff_required
def stats_page(request):
    form, start, end, rows, groups = _stats(request)
    summary = stats.summarize(rows)
    months = stats.monthly(rows, start, end)
    query = request.GET.urlencode()
    day = _today()
    last = day.year - 1
    months_back = day.year * 12 + day.month - 1 - 11  # the month eleven months before this one
    periods = [("本年度", date(day.year, 1, 1), day), (f"{last}年", date(last, 1, 1), date(last, 12, 31)),
               ("近12个月", date(months_back // 12, months_back % 12 + 1, 1), day)]
    return render(request, "workbench/interaction/stats.html", {
        "form": form, "start": start, "end": end, "summary": summary, "groups": groups, "months": months,
        "chart_data": _chart_data(groups, months), "query": query,
        "periods": [{"label": label, "query": f"start={a:%Y-%m-%d}&end={b:%Y-%m-%d}", "current": (a, b) == (start, end)}
                    for label, a, b in periods]})


def _rate_cells(s: stats.Summary) -> list:
    return [s.received, s.answered, s.reply_rate.percent, s.replied, s.on_time, s.on_time_rate.percent, s.closed,
            s.completion_rate.percent, s.rated, s.satisfied, s.basic, s.unsatisfied, s.satisfaction_rate.percent]


RATE_HEADERS = ["收到", "已答复（含办结）", "答复率", "已答复", "按期答复", "按期答复率", "已办结", "办结率",
                "已评价", "满意", "基本满意", "不满意", "满意率"]


@never_cache
@staff_required
def stats_export(request):
    """The same figures as the page, as an XLSX workbook: one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    form, start, end, rows, groups = _stats(request)
    summary = stats.summarize(rows)
    wb = Workbook()
    sheet = wb.active
    sheet.title = "概况"
    sheet.append([f"来信统计（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"])
    sheet.append(RATE_HEADERS)
    sheet.append(_rate_cells(summary))
    for _key, title, items in groups:
        ws = wb.create_sheet(title.removeprefix("按"))
        ws.append([title.removeprefix("按")] + RATE_HEADERS)
        for label, s in items:
            ws.append([label] + _rate_cells(s))
    ws = wb.create_sheet("每月来信")
    ws.append(["月份", "收到"])
    for month, count in stats.monthly(rows, start, end):
        ws.append([month, count])
    for ws in wb.worksheets:
        for cell in ws[1 if ws.title != "概况" else 2]:
            cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 22
    buffer = io.BytesIO()
    no_formulas(wb).save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"来信统计_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = (f"attachment; filename=\"letters-{start:%Y%m%d}-{end:%Y%m%d}.xlsx\"; "
                                       f"filename*=UTF-8''{quote(name, safe='')}")
    return response

