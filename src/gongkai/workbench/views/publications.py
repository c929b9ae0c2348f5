"""Workbench pages of proactive disclosure: lists, editor, review, findings, deadlines.

Which buttons and forms an item's page shows is `publications.workflow`'s answer (`offers`); each
step posts to its own address (`ROUTES`), whose view calls the step's service (the review steps
through `publications.actions`, as the API does), which checks the step again and says why not in
the workflow's words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core import clock, four_eyes
from gongkai.core.access import has_capability, scope_units
from gongkai.core.middleware import body_limit
from gongkai.core.models import Unit
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order
from gongkai.publications import actions, selectors, services, workflow
from gongkai.publications.models import CatalogTopic, Finding, Publication

from ..forms.publications import (
    AttachmentForm,
    CorrectionForm,
    DecisionChangeForm,
    OpinionForm,
    PublicationForm,
    ReasonForm,
    ReevaluationForm,
    WithdrawForm,
)
from ..highlight import KIND_LABELS, highlight
from ..pages import apply_errors, capability_required

P = Publication

# Where each step of the workflow is taken: its page, or the address its button or form posts to
# (a per-item step's address holds the attachment's or finding's id after the item's).
ROUTES = {
    "update_draft": "workbench:publication_edit",
    "add_attachment": "workbench:publication_attach",
    "remove_attachment": "workbench:attachment_remove",
    "check_now": "workbench:publication_check",
    "acknowledge_finding": "workbench:finding_acknowledge",
    "redact_finding": "workbench:finding_redact",
    "submit_for_review": "workbench:publication_submit",
    "approve": "workbench:publication_approve",
    "reject": "workbench:publication_reject",
    "correct": "workbench:publication_correct",
    "record_decision_change": "workbench:publication_record_decision_change",
    "withdraw": "workbench:publication_withdraw",
    "reevaluate": "workbench:publication_reevaluate",
}
assert ROUTES.keys() == workflow.STEPS.keys(), "every step of the workflow has its place on the page"


def _message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _any_publication_capability(user) -> bool:
    return any(has_capability(user, c) for c in selectors.STAFF_CAPABILITIES)


def _get(request, pk) -> Publication:
    return get_object_or_404(selectors.staff_publications(request.user), pk=pk)


@login_required
def publication_list(request):
    if not _any_publication_capability(request.user):
        raise PermissionDenied("您没有访问此页面的权限")
    qs = selectors.staff_publications(request.user)
    status, q, topic = request.GET.get("status", ""), request.GET.get("q", "").strip(), request.GET.get("topic", "")
    if status in P.Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(index_number__icontains=q) | Q(document_number__icontains=q))
    if topic.isdigit():
        qs = qs.filter(topic_id=int(topic))
    # Units that have items this user may see; choosing one shows its whole subtree.
    units = tree_order(Unit.objects.filter(pk__in=selectors.staff_publications(request.user).values("unit")))
    unit = request.GET.get("unit", "")
    chosen = next((u for u in units if str(u.pk) == unit), None)
    if chosen:
        qs = qs.filter(unit__path__startswith=chosen.path)
    page = Paginator(qs.order_by("-updated_at", "-id"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workbench/publications/list.html", {
        "page": page, "statuses": P.Status.choices, "status": status, "q": q, "topics": CatalogTopic.objects.all(),
        "topic": topic, "query": query.urlencode(), "today": clock.today(), "unit": unit,
        "units": units,
        "can_draft": has_capability(request.user, Capability.PUBLICATIONS_DRAFT)})


@capability_required(Capability.PUBLICATIONS_DRAFT)
def publication_edit(request, pk=None):
    pub = _get(request, pk) if pk else None
    refused = pub and workflow.refusal("update_draft", pub, actor=request.user)
    if refused:
        messages.error(request, refused)
        return redirect("workbench:publication", pk=pub.pk)
    units = scope_units(request.user, Capability.PUBLICATIONS_DRAFT)
    form = PublicationForm(request.POST or None, instance=pub, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channels = list(data.pop("channels"))
        try:
            if pub:
                pub = services.update_draft(actor=request.user, publication=pub, channels=channels, **data)
            else:
                unit = data.pop("unit")
                pub = services.create_draft(actor=request.user, unit=unit, channels=channels, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("workbench:publication", pk=pub.pk)
    return render(request, "workbench/publications/edit.html", {"form": form, "pub": pub})


def _step_urls(pub: Publication, names, item=None) -> dict[str, str]:
    """The addresses of the steps `names`: on the item, or on one of its attachments or findings."""
    args = [pub.pk] if item is None else [pub.pk, item.pk]
    return {name: reverse(ROUTES[name], args=args) for name in names
            if (workflow.STEPS[name].target is None) == (item is None)}


@login_required
def publication_detail(request, pk):
    pub = _get(request, pk)
    findings = list(pub.findings.all())
    by_source = {}
    for f in findings:
        by_source.setdefault(f.source, []).append(f)
    attachments = list(pub.attachments.all())
    offers = {o.step.name: o for o in workflow.offers(pub, request.user)}
    available = [name for name, o in offers.items() if not o.reason]

    def on(item) -> dict[str, str]:
        return _step_urls(pub, workflow.on_target(pub, item, available), item)

    context = {
        "pub": pub, "findings": [{"f": f, "urls": on(f)} for f in findings], "kind_labels": KIND_LABELS,
        "open_findings": [f for f in findings if f.state == Finding.State.OPEN],
        "title_html": highlight(pub.title, by_source.get("title", [])),
        "summary_html": highlight(pub.summary, by_source.get("summary", [])),
        "body_html": highlight(pub.body_text, by_source.get("body_text", [])),
        "attachments": [{"att": a, "html": highlight(a.text[:20000], by_source.get(f"attachment:{a.pk}", [])),
                         "urls": on(a)} for a in attachments],
        "reviews": pub.reviews.select_related("actor"), "versions": pub.versions.all(),
        "steps": services.steps_for(pub), "urls": _step_urls(pub, available),
        # 四眼原则: a reviewer refused by it only is told why (the review step's), and so is the
        # drafter who holds the confidentiality capability (acknowledging a finding).
        "review": offers.get("approve"), "acknowledge": offers.get("acknowledge_finding"),
        "same_reviewer_label": four_eyes.SAME_REVIEWER_LABEL,
        "opinion_form": OpinionForm(), "reason_form": ReasonForm(), "attachment_form": AttachmentForm(),
        "correction_form": CorrectionForm(), "reevaluation_form": ReevaluationForm(),
        "withdraw_form": _withdraw_form(pub), "decision_change_form": DecisionChangeForm(), "today": clock.today(),
    }
    return render(request, "workbench/publications/detail.html", context)


def _withdraw_form(pub: Publication) -> WithdrawForm:
    """The public statement is asked only of a decision recorded as changed or revoked (the
    service refuses it for any other item)."""
    form = WithdrawForm()
    if pub.decision_change:
        form.fields["reason"].help_text = "留空则以撤回说明为撤回理由"
        form.fields["statement"].required = True
    else:
        del form.fields["statement"]
    return form


def _post_action(request, pk, action, success):
    pub = _get(request, pk)
    try:
        action(pub)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        messages.success(request, success)
    return redirect("workbench:publication", pk=pub.pk)


# What the item's page says after each review step (`actions.PUBLICATION` takes it).
DONE = {
    "submit_for_review": "已提交审核。",
    "approve": "审核通过。",
    "reject": "已退回起草人。",
    "record_decision_change": "已登记，该决定已列入期限提醒，请在撤回期限内撤回并公开说明理由。",
    "withdraw": "已撤回，该信息已从网站所有公开位置移除（被依法变更、撤销的行政执法决定在原网址和目录中只留撤回说明）。",
    "reevaluate": "已记录评审结论。",
}
assert DONE.keys() == actions.PUBLICATION.keys()


@require_POST
@login_required
def publication_step(request, pk, action):
    """A review step from its button or form (`ROUTES` gives each step its own address)."""
    return _post_action(request, pk, lambda p: actions.PUBLICATION[action](request.user, p, request.POST),
                        DONE[action])


@require_POST
@login_required
def publication_check(request, pk):
    pub = _get(request, pk)
    try:
        findings = services.check_now(actor=request.user, publication=pub)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        still_open = sum(f.state == Finding.State.OPEN for f in findings)
        if still_open:
            messages.warning(request, f"发现 {still_open} 处可能的敏感信息，请在下方逐一处理。")
        else:
            messages.success(request, "未发现需要处理的敏感信息。")
    return redirect("workbench:publication", pk=pub.pk)


@body_limit("GONGKAI_ATTACHMENT_MAX_BYTES")
@require_POST
@login_required
def publication_attach(request, pk):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
        return redirect("workbench:publication", pk=pk)
    upload = form.cleaned_data["file"]
    return _post_action(request, pk, lambda p: services.add_attachment(actor=request.user, publication=p,
                                                                       name=upload.name, data=upload.read()),
                        f"已上传附件“{upload.name}”。")


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    pub = _get(request, pk)
    att = get_object_or_404(pub.attachments, pk=attachment_pk)
    return _post_action(request, pk, lambda p: services.remove_attachment(actor=request.user, attachment=att),
                        "已删除附件。")


@require_POST
@login_required
def finding_acknowledge(request, pk, finding_pk):
    pub = _get(request, pk)
    finding = get_object_or_404(pub.findings, pk=finding_pk)
    reason = request.POST.get("reason", "")
    return _post_action(request, pk, lambda p: services.acknowledge_finding(actor=request.user, finding=finding,
                                                                            reason=reason),
                        "已确认该处内容可以公开。")


@require_POST
@login_required
def finding_redact(request, pk, finding_pk):
    pub = _get(request, pk)
    finding = get_object_or_404(pub.findings, pk=finding_pk)
    return _post_action(request, pk, lambda p: services.redact_finding(actor=request.user, finding=finding),
                        "已遮盖。")


@login_required
def publication_correct(request, pk):
    pub = _get(request, pk)
    denied = workflow.permission_refusal("correct", pub, request.user)
    if denied:
        raise PermissionDenied(denied)
    refused = workflow.refusal("correct", pub, actor=request.user)
    if refused:
        messages.error(request, refused)
        return redirect("workbench:publication", pk=pub.pk)
    form = PublicationForm(request.POST or None, instance=pub)
    note_form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and note_form.is_valid():
        data = dict(form.cleaned_data)
        channels = list(data.pop("channels"))
        try:
            services.correct(actor=request.user, publication=pub, note=note_form.cleaned_data["note"],
                             channels=channels, **data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, "已更正，信息页面显示更正说明，原版本已保留。")
            return redirect("workbench:publication", pk=pub.pk)
    return render(request, "workbench/publications/edit.html", {"form": form, "pub": pub, "note_form": note_form,
                                                                 "correcting": True})


@login_required
def review_queue(request):
    return render(request, "workbench/publications/queue.html",
                  {"items": selectors.review_queue(request.user), "today": clock.today()})


@login_required
def deadlines(request):
    if not _any_publication_capability(request.user):
        raise PermissionDenied("您没有访问此页面的权限")
    day = clock.today()
    items = list(selectors.due_and_overdue(request.user, day))
    by_unit = {}
    for pub in items:
        row = by_unit.setdefault(pub.unit, {"unit": pub.unit, "overdue": 0, "due": 0})
        row["overdue" if pub.due_on < day else "due"] += 1
    return render(request, "workbench/publications/deadlines.html", {
        "items": items, "units": sorted(by_unit.values(), key=lambda r: (-r["overdue"], r["unit"].path)),
        "today": day})


@capability_required(Capability.PUBLICATIONS_MANAGE)
def reevaluation_queue(request):
    return render(request, "workbench/publications/reevaluation.html",
                  {"items": selectors.reevaluation_due(request.user, clock.today()), "today": clock.today()})
