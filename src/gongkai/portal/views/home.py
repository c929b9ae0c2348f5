from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.core import clock
from gongkai.core.calendar import add_working_days, get_calendar
from gongkai.core.models import DisclosureBody

from ..forms.home import DeadlineForm

LARGE_TEXT_COOKIE = "gk_large"


def home(request):
    bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
    return render(request, "portal/home.html", {"bodies": bodies, "column": "首页"})


def deadline(request):
    """期限计算器: the same arithmetic the bureau uses for its statutory deadlines."""
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_valid():
        start, days = form.cleaned_data["start"], form.cleaned_data["days"]
        due = add_working_days(start, days)
        calendar = get_calendar()
        result = {"start": start, "days": days, "due": due,
                  "remaining": calendar.working_days_between(clock.today(), due.date)}
        result["overdue"] = max(0, -result["remaining"])
    return render(request, "portal/deadline.html", {"form": form, "result": result, "column": "期限计算器"})


def toggle_large_text(request):
    """长辈版: the site's own large-text, high-contrast mode, remembered in a cookie."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.COOKIES.get(LARGE_TEXT_COOKIE):
        response.delete_cookie(LARGE_TEXT_COOKIE)
    else:
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response
