"""The signed-in person's own pages: login (and its lockout), password, the home page."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from gongkai.applications import selectors as application_selectors
from gongkai.applications.models import Reminder
from gongkai.bulletins import selectors as bulletin_selectors
from gongkai.core import clock, passwords, ratelimit, services
from gongkai.core.access import has_capability
from gongkai.core.calendar import add_working_days, get_calendar
from gongkai.core.models import AuditEvent, Unit, User
from gongkai.core.permissions import Capability
from gongkai.interaction import selectors as letter_selectors
from gongkai.publications import selectors as publication_selectors
from gongkai.reports import selectors as report_selectors

from ..forms.home import LoginForm, PasswordChangeForm
from ..pages import apply_errors

# --- Login ----------------------------------------------------------------------------------

class LoginView(auth_views.LoginView):
    """Axes locks an account after 5 failures from one address; an address that fails across many
    accounts is stopped for the rest of the hour (core/ratelimit.py, `login_allowed`)."""

    template_name = "workbench/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    # Django's LoginView puts its own `site` (the request host) into the context; ours wins.
    extra_context = {"site": settings.GONGKAI_SITE}

    def post(self, request, *args, **kwargs):
        if not ratelimit.login_allowed(request):
            form = self.get_form()
            form.errors.clear()
            return render(request, self.template_name, {"form": form, "lockout_message": ratelimit.LOGIN_STOPPED,
                                                        "site": settings.GONGKAI_SITE}, status=429)
        return super().post(request, *args, **kwargs)


def locked_out(request, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = LoginForm(request, data=request.POST or None)
    form.errors.clear()
    message = (f"该账号因在本地址连续 {settings.AXES_FAILURE_LIMIT} 次密码错误已被锁定，请 {minutes} 分钟后再试，"
               "或联系系统管理员解锁（在其他地点登录不受影响）。")
    return render(request, "workbench/login.html", {"form": form, "lockout_message": message}, status=403)


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(user=request.user, old_password=form.cleaned_data["old_password"],
                                         new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:
                form.add_error("new_password", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("workbench:home")
    user = request.user
    return render(request, "workbench/password_change.html", {
        "form": form, "forced": user.must_change_password,
        "expired": not user.must_change_password and passwords.expired(user, clock.now()),
        "max_age": settings.GONGKAI_PASSWORD_MAX_AGE_DAYS})


# --- Home -----------------------------------------------------------------------------------

@login_required
def home(request):
    user = request.user
    roles = list(user.roles.all())
    day = clock.today()
    context = {
        "roles": roles,
        "capabilities": sorted({label for role in roles for label in role.capability_labels()}),
        "body": user.unit.disclosure_body() if user.unit_id else None,
        "today": day,
        "today_is_working": get_calendar().is_working_day(day),
        "reply_due": add_working_days(day, 20),
    }
    if any(has_capability(user, c) for c in publication_selectors.STAFF_CAPABILITIES):
        context["review_count"] = len(publication_selectors.review_queue(user))
        context["overdue_count"] = publication_selectors.due_and_overdue(user, day, within_days=0).count()
    if any(has_capability(user, c) for c in application_selectors.STAFF_CAPABILITIES):
        soon = get_calendar().add_working_days(day, 5).date
        context["applications_due_count"] = application_selectors.queue(user).filter(due_on__lte=soon).count()
        unread = Reminder.objects.filter(user=user, read_at__isnull=True)
        context["unread_reminder_count"] = unread.count()
        context["unread_reminders"] = unread.select_related("application")[:5]
    if has_capability(user, letter_selectors.HANDLE):
        context["letters_open_count"] = letter_selectors.queue(user).count()
        context["letters_overdue_count"] = letter_selectors.queue(user, overdue=True, day=day).count()
    if has_capability(user, Capability.BULLETINS_MANAGE):
        context["bulletins_review_count"] = bulletin_selectors.review_queue(user).count()
    if has_capability(user, Capability.REPORTS_MANAGE):
        context["report_due"] = report_selectors.due(user, day)
    if has_capability(user, Capability.AUDIT_VIEW):
        context["recent_events"] = AuditEvent.objects.all()[:8]
    if has_capability(user, Capability.UNITS_MANAGE):
        context["unit_count"] = Unit.objects.count()
        context["user_count"] = User.objects.count()
        context["locked"] = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).count()
    return render(request, "workbench/home.html", context)
