"""互动交流 on the public site: the published Q&A (list and pages), writing a letter with its
one-time receipt, and the writer's lookup with number and query code, where they read the reply
and rate it.

Only `selectors.public_letters()` reaches the Q&A pages, and only its public text. What a browser
may see of a letter it wrote is held in the session (`grants.SessionGrants`); the result page
checks the grant on every request. A wrong code and an unknown number answer alike."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.middleware import body_limit, client_ip
from gongkai.core.ratelimit import hit, limited
from gongkai.core.views import rate_limited
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Kind, Letter

from ..forms.interaction import LetterForm, RatingForm, TrackForm
from ..grants import SessionGrants, applicant_only

COLUMN = "互动交流"
NOT_FOUND = "未找到与来信编号和查询码相符的来信，请核对后重试"

GRANTS = SessionGrants("gk_letter")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- The public Q&A -------------------------------------------------------------------------

def interaction(request):
    """互动交流: how to write, how to follow a letter, and the published Q&A."""
    items = selectors.public_letters()
    topics = list(selectors.public_topics())
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    topic = next((t for t in topics if t.pk == _int(request.GET.get("topic"))), None)
    if kind:
        items = items.filter(kind=kind)
    if topic:
        items = items.filter(topic=topic)
    page = Paginator(items.order_by("-published_at", "-id"), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"letter": letter, "text": selectors.public_text(letter)} for letter in page]
    return render(request, "portal/mailbox/list.html", {
        "column": COLUMN, "page": page, "rows": rows, "kinds": Kind.choices, "kind": kind, "topics": topics,
        "topic": topic, "query": query.urlencode(), "reply_days": settings.GONGKAI_LETTER_REPLY_DAYS})


def qa(request, pk):
    letter = selectors.public_letters().filter(pk=pk).first()
    if letter is None:
        raise Http404("该问答不存在或已撤回")
    return render(request, "portal/mailbox/detail.html",
                  {"column": COLUMN, "letter": letter, "text": selectors.public_text(letter)})


# --- Writing --------------------------------------------------------------------------------

# A body too large for a letter counts against the letter limit (core/middleware.py).
@body_limit(rate=("letter", "GONGKAI_RATE_LETTER"))
@never_cache
def write(request):
    form = LetterForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        form.precheck()
        if not form.errors:
            # Count letters, not typing mistakes: a writer correcting the form is not locked out.
            if not hit("letter", client_ip(request) or "-", settings.GONGKAI_RATE_LETTER):
                return rate_limited(request)
            try:
                letter, code = services.submit_online(body=form.cleaned_data["body"], data=form.service_data())
            except ValidationError as exc:
                form.apply_service_errors(exc)
            else:
                GRANTS.issue_receipt(request, letter.pk, letter.tracking_number, code)
                return redirect("portal:letter_receipt")
    return render(request, "portal/mailbox/write.html", {
        "column": COLUMN, "form": form, "reply_days": settings.GONGKAI_LETTER_REPLY_DAYS})


@never_cache
def receipt(request):
    """Shows the number and query code once: they leave the session with this view."""
    shown = GRANTS.take_receipt(request)
    letter = None
    if shown:
        letter = Letter.objects.filter(pk=shown["pk"]).select_related("body__unit", "unit", "topic").first()
    if letter is None:
        return render(request, "portal/mailbox/receipt.html", {"column": COLUMN, "gone": True})
    return render(request, "portal/mailbox/receipt.html", {
        "column": COLUMN, "letter": letter, "view": selectors.public_view(letter),
        "tracking_number": shown["tracking_number"], "code": shown["code"]})


# --- Tracking -------------------------------------------------------------------------------

@applicant_only
@never_cache
@limited("letter_lookup", "GONGKAI_RATE_LOOKUP")
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        letter = selectors.find_for_writer(form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
        if letter is None:
            form.add_error(None, NOT_FOUND)
        else:
            GRANTS.open(request, letter.pk)
            return redirect("portal:letter_track_result")
    return render(request, "portal/mailbox/track.html", {"column": COLUMN, "form": form})


def _current(request) -> Letter | None:
    letter_id = GRANTS.current(request)
    if letter_id is None:
        return None
    return Letter.objects.filter(pk=letter_id).select_related("body__unit", "unit", "topic").first()


def _result(request, letter: Letter, rating_form=None):
    view = selectors.public_view(letter)
    if rating_form is None and view["may_rate"]:
        rating_form = RatingForm()
    return render(request, "portal/mailbox/result.html", {
        "column": COLUMN, "letter": letter, "view": view, "rating_form": rating_form})


@applicant_only
@never_cache
def track_result(request):
    letter = _current(request)
    if letter is None:
        return redirect("portal:letter_track")
    return _result(request, letter)


@applicant_only
@require_POST
def rate(request):
    """满意度评价, once per letter (the service refuses a second one)."""
    letter = _current(request)
    if letter is None:
        return redirect("portal:letter_track")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _result(request, letter, form)
    try:
        services.rate(letter=letter, value=form.cleaned_data["satisfaction"], comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "感谢您的评价！")
    return redirect("portal:letter_track_result")


@require_POST
def forget(request):
    """结束查询: drop every grant, for a shared or public computer."""
    GRANTS.forget(request)
    messages.success(request, "已结束查询。再次查看须重新输入来信编号和查询码。")
    return redirect("portal:letter_track")
