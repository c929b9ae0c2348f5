"""依申请公开 on the public site: the apply form, the one-time receipt page, the tracking lookup with
its result page, the satisfaction question, and the notice downloads.

What a browser may see of an application is held in its session (`grants.SessionGrants`); the
result page and downloads check the grant on every request (and the notice's
`visible_to_applicant`). A wrong code and an unknown number answer alike."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import escape_uri_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import selectors, services
from gongkai.applications.models import Application, Notice, NoticeKind, Status
from gongkai.core.middleware import body_limit, client_ip
from gongkai.core.ratelimit import hit, limited
from gongkai.core.views import rate_limited

from ..forms.applications import ApplyForm, SatisfactionForm, TrackForm
from ..grants import SessionGrants, applicant_only

COLUMN = "依申请公开"
NOT_FOUND = "未找到与受理编号和查询码相符的申请，请核对后重试"

GRANTS = SessionGrants("gk_apply")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# --- Apply ----------------------------------------------------------------------------------

@body_limit("GONGKAI_IDENTITY_PROOF_MAX_BYTES", public=True, rate=("apply", "GONGKAI_RATE_APPLY"))
@never_cache
def apply(request):
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        form.is_valid()
        form.precheck()
        # Count submissions, not typing mistakes: a citizen correcting a form should not be locked
        # out; only what would be written counts against the limit, and every refused file (and
        # every body too large, core/middleware.py), so crafted files cannot be tried endlessly.
        if (not form.errors or form.upload_refused) and not hit("apply", client_ip(request) or "-",
                                                                settings.GONGKAI_RATE_APPLY):
            return rate_limited(request)
        if not form.errors:
            try:
                app, code = services.submit_online(body=form.cleaned_data["body"], data=form.service_data(),
                                                   identity_proof=form.identity_proof_upload())
            except ValidationError as exc:
                form.apply_service_errors(exc)
            else:
                GRANTS.issue_receipt(request, app.pk, app.tracking_number, code)
                return redirect("portal:apply_receipt")
    return render(request, "portal/apply/form.html", {"column": COLUMN, "form": form})


@never_cache
def receipt(request):
    """Shows the tracking number and query code once: they leave the session with this view."""
    shown = GRANTS.take_receipt(request)
    app = Application.objects.filter(pk=shown["pk"]).select_related("body").first() if shown else None
    if app is None:
        return render(request, "portal/apply/receipt.html", {"column": COLUMN, "gone": True})
    receipt_notice = selectors.public_notices(app).filter(kind=NoticeKind.RECEIPT).first()
    return render(request, "portal/apply/receipt.html", {
        "column": COLUMN, "app": app, "view": selectors.public_view(app), "receipt": receipt_notice,
        "tracking_number": shown["tracking_number"], "code": shown["code"]})


@require_POST
@never_cache
@applicant_only
@limited("lookup", "GONGKAI_RATE_LOOKUP")
def receipt_copy(request, app_id: int, ext: str):
    """The receipt with the query code in it, for the applicant who has just been shown the code:
    rendered from the stored receipt (which carries only a mask) and never stored."""
    app = Application.objects.filter(pk=app_id, imported=False).first() if GRANTS.granted(request, app_id) else None
    if app is None or ext not in CONTENT_TYPES:
        raise Http404("文书不存在")
    try:
        notice, content = services.receipt_with_code(app=app, code=request.POST.get("code", ""), ext=ext)
    except ValidationError:
        raise Http404("文书不存在") from None
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    filename = f"{notice.number}{notice.title}.{ext}"
    response["Content-Disposition"] = (f"attachment; filename=\"receipt-{app.pk}.{ext}\"; "
                                       f"filename*=UTF-8''{escape_uri_path(filename)}")
    return response


# --- Tracking -------------------------------------------------------------------------------

@applicant_only
@never_cache
@limited("lookup", "GONGKAI_RATE_LOOKUP")
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        app = selectors.find_for_applicant(form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
        if app is None:
            form.add_error(None, NOT_FOUND)
        else:
            GRANTS.open(request, app.pk)
            return redirect("portal:track_result")
    return render(request, "portal/apply/track.html", {"column": COLUMN, "form": form})


def _current(request) -> Application | None:
    app_id = GRANTS.current(request)
    if app_id is None:
        return None
    return Application.objects.filter(pk=app_id, imported=False).select_related("body__unit").first()


def _result(request, app: Application, satisfaction_form=None):
    if satisfaction_form is None and app.status == Status.CLOSED and not app.satisfaction:
        satisfaction_form = SatisfactionForm()
    return render(request, "portal/apply/result.html", {
        "column": COLUMN, "app": app, "view": selectors.public_view(app),
        "notices": selectors.public_notices(app), "satisfaction_form": satisfaction_form})


@applicant_only
@never_cache
def track_result(request):
    app = _current(request)
    if app is None:
        return redirect("portal:track")
    return _result(request, app)


@applicant_only
@require_POST
def track_satisfaction(request):
    """满意度评价, once per application (the service refuses a second one)."""
    app = _current(request)
    if app is None:
        return redirect("portal:track")
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        return _result(request, app, form)
    try:
        services.record_satisfaction(app=app, value=form.cleaned_data["satisfaction"],
                                     comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "感谢您的评价！")
    return redirect("portal:track_result")


@require_POST
def track_forget(request):
    """结束查询: drop every grant, for a shared or public computer."""
    GRANTS.forget(request)
    messages.success(request, "已结束查询。再次查看须重新输入受理编号和查询码。")
    return redirect("portal:track")


# --- Downloads ------------------------------------------------------------------------------

@applicant_only
@never_cache
def notice_file(request, notice_id: int, ext: str):
    """A notice the applicant may download: granted in this session and visible to the applicant;
    anything else is the same 404, whether or not the notice exists."""
    notice = Notice.objects.filter(pk=notice_id).only("pk", "application_id").first()
    if notice is None or ext not in CONTENT_TYPES or not GRANTS.granted(request, notice.application_id):
        raise Http404("文书不存在")
    app = Application.objects.filter(pk=notice.application_id, imported=False).first()
    notice = selectors.public_notices(app).filter(pk=notice_id).first() if app else None
    if notice is None:
        raise Http404("文书不存在")
    content = bytes(notice.pdf if ext == "pdf" else notice.docx)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    filename = f"{notice.number}{notice.title}.{ext}"
    response["Content-Disposition"] = (f"attachment; filename=\"notice-{notice.pk}.{ext}\"; "
                                       f"filename*=UTF-8''{escape_uri_path(filename)}")
    return response
