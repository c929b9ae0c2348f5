from functools import wraps

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.applications import selectors as application_selectors
from gongkai.applications.models import Reminder
from gongkai.bulletins import selectors as bulletin_selectors
from gongkai.core import clock, passwords, ratelimit, services
from gongkai.core.access import has_capability, scope_units
from gongkai.core.audit import object_types, verify
from gongkai.core.calendar import add_working_days, get_calendar
from gongkai.core.models import AuditEvent, CalendarYear, DisclosureBody, Role, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order
from gongkai.core.workdays import WorkdayError, parse_arrangement
from gongkai.interaction import selectors as letter_selectors
from gongkai.publications import selectors as publication_selectors
from gongkai.reports import selectors as report_selectors

from .forms import (
    AuditFilterForm,
    CalendarYearForm,
    DisclosureBodyForm,
    LoginForm,
    PasswordChangeForm,
    ResetPasswordForm,
    RoleForm,
    UnitForm,
    UserForm,
)


def capability_required(*capabilities):
    """The page is for holders of any of `capabilities` (in any unit: the view scopes the data)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_capability(request.user, c) for c in capabilities):
                raise PermissionDenied("您没有访问此页面的权限")
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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


# --- Units ----------------------------------------------------------------------------------

@capability_required(Capability.UNITS_MANAGE)
def units(request):
    visible = tree_order(scope_units(request.user, Capability.UNITS_MANAGE).select_related("parent"))
    bodies = {b.unit_id: b for b in DisclosureBody.objects.all()}
    staff = dict(User.objects.values_list("unit").annotate(n=Count("id")))
    rows = [{"unit": u, "body": bodies.get(u.pk), "staff": staff.get(u.pk, 0)} for u in visible]
    return render(request, "workbench/units.html", {"rows": rows})


@capability_required(Capability.UNITS_MANAGE)
def unit_edit(request, pk=None):
    unit = get_object_or_404(scope_units(request.user, Capability.UNITS_MANAGE), pk=pk) if pk else None
    parents = scope_units(request.user, Capability.UNITS_MANAGE)
    if unit:
        parents = parents.exclude(path__startswith=unit.path)
    form = UnitForm(request.POST or None, instance=unit, parents=parents,
                    initial={"parent": request.GET.get("parent")} if not unit else None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            if unit:
                unit = services.update_unit(actor=request.user, unit=unit, **data)
            else:
                unit = services.create_unit(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存单位“{unit.name}”。")
            return redirect("workbench:units")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑单位：{unit.name}" if unit else "新增单位", "back": "workbench:units"})


@capability_required(Capability.UNITS_MANAGE)
def body_edit(request, unit_pk):
    unit = get_object_or_404(scope_units(request.user, Capability.UNITS_MANAGE), pk=unit_pk)
    body = DisclosureBody.objects.filter(unit=unit).first()
    form = DisclosureBodyForm(request.POST or None, instance=body,
                              initial=None if body else {"letter_name": unit.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_disclosure_body(actor=request.user, unit=unit,
                                          **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{unit.name}”的公开主体设置。")
            return redirect("workbench:units")
    title = f"公开主体设置：{unit.name}" if body else f"设为公开主体：{unit.name}"
    return render(request, "workbench/form_page.html", {
        "form": form, "title": title, "back": "workbench:units",
        "intro": "公开主体以自己的名义主动公开政府信息、受理公开申请、发布年度报告，文书编号和索引号按主体分别编排。"})


# --- Users ----------------------------------------------------------------------------------

@capability_required(Capability.USERS_MANAGE)
def users(request):
    visible_units = scope_units(request.user, Capability.USERS_MANAGE)
    qs = User.objects.filter(unit__in=visible_units).select_related("unit").prefetch_related("roles")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(name__icontains=q) | Q(unit__name__icontains=q))
    locked = set(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
                 .values_list("username", flat=True))
    page = Paginator(qs.order_by("unit__path", "username"), 50).get_page(request.GET.get("page"))
    return render(request, "workbench/users.html", {"page": page, "q": q, "locked": locked})


@capability_required(Capability.USERS_MANAGE)
def user_edit(request, pk=None):
    visible_units = scope_units(request.user, Capability.USERS_MANAGE)
    user = get_object_or_404(User.objects.filter(unit__in=visible_units), pk=pk) if pk else None
    form = UserForm(request.POST or None, instance=user, units=visible_units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if user:
                user = services.update_user(actor=request.user, user=user, roles=list(data["roles"]),
                                            **{f: data[f] for f in ["username", "name", "unit", "phone", "is_active"]})
            else:
                user = services.create_user(actor=request.user, username=data["username"], name=data["name"],
                                            unit=data["unit"], phone=data["phone"], password=data["password"],
                                            roles=list(data["roles"]))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:
                form.add_error("password", exc)
        except PermissionDenied as exc:  # 三员分立: one's own roles are changed by someone else
            form.add_error("roles", str(exc))
        else:
            messages.success(request, f"已保存用户“{user.display_name}”。")
            return redirect("workbench:users")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑用户：{user.display_name}" if user else "新增用户", "back": "workbench:users",
        "extra": "workbench/user_actions.html" if user else None, "subject": user})


@capability_required(Capability.USERS_MANAGE)
def user_reset_password(request, pk):
    user = get_object_or_404(User.objects.filter(unit__in=scope_units(request.user, Capability.USERS_MANAGE)), pk=pk)
    form = ResetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(actor=request.user, user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            messages.success(request, f"已重置“{user.display_name}”的密码，其下次登录时须修改密码。")
            return redirect("workbench:users")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"重置密码：{user.display_name}", "back": "workbench:users"})


@require_POST
@capability_required(Capability.USERS_MANAGE)
def user_unlock(request, pk):
    user = get_object_or_404(User.objects.filter(unit__in=scope_units(request.user, Capability.USERS_MANAGE)), pk=pk)
    services.unlock_user(actor=request.user, user=user)
    messages.success(request, f"已解除“{user.display_name}”的登录锁定。")
    return redirect("workbench:users")


# --- Roles ----------------------------------------------------------------------------------

@capability_required(Capability.ROLES_MANAGE)
def roles(request):
    return render(request, "workbench/roles.html",
                  {"roles": Role.objects.annotate(user_count=Count("users")).order_by("id")})


@capability_required(Capability.ROLES_MANAGE)
def role_edit(request, pk=None):
    role = get_object_or_404(Role, pk=pk) if pk else None
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.save_role(actor=request.user, role=role,
                                      **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:  # 三员分立: a role one holds is changed by someone else
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存角色“{role.name}”。")
            return redirect("workbench:roles")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑角色：{role.name}" if role else "新增角色", "back": "workbench:roles"})


# --- Calendar -------------------------------------------------------------------------------

@capability_required(Capability.CALENDAR_MANAGE)
def calendar(request):
    years = CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind="holiday")),
        workdays=Count("days", filter=Q(days__kind="workday")),
    ).select_related("entered_by").order_by("region", "-year")
    return render(request, "workbench/calendar.html", {"years": years})


@capability_required(Capability.CALENDAR_MANAGE)
def calendar_year(request, pk):
    year = get_object_or_404(CalendarYear, pk=pk)
    return render(request, "workbench/calendar_year.html", {"year": year, "days": year.days.all()})


@capability_required(Capability.CALENDAR_MANAGE)
def calendar_enter(request):
    initial = {}
    if request.GET.get("year"):
        initial["year"] = request.GET["year"]
    form = CalendarYearForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            days = parse_arrangement(data["text"], data["year"])
            cal_year, changed = services.enter_calendar_year(
                actor=request.user, region=data["region"], year=data["year"], source=data["source"], days=days)
        except WorkdayError as exc:
            form.add_error("text", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已录入 {cal_year}：{len(days)} 个调整日期，重新计算了 {changed} 个期限。")
            return redirect("workbench:calendar")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": "录入节假日安排", "back": "workbench:calendar", "multipart": True,
        "intro": "录入国务院办公厅公布的下一年度节假日安排，或本地区的特有节假日（如广西“三月三”）。"
                 "重新录入同一年份会整体替换原有安排；录入后所有未办结事项的期限自动重新计算。"})


# --- Audit ----------------------------------------------------------------------------------

@capability_required(Capability.AUDIT_VIEW)
def audit(request):
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.all()
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(Q(object_repr__icontains=d["q"]) | Q(actor_name__icontains=d["q"])
                           | Q(unit_name__icontains=d["q"]))
        if d["action"]:
            qs = qs.filter(action__startswith=d["action"])
        if d["object_type"]:
            qs = qs.filter(object_type__in=object_types(d["object_type"]))
        if d["date_from"]:
            qs = qs.filter(at__date__gte=d["date_from"])
        if d["date_to"]:
            qs = qs.filter(at__date__lte=d["date_to"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workbench/audit.html", {"form": form, "page": page, "query": query.urlencode()})


@capability_required(Capability.AUDIT_VIEW)
def audit_event(request, seq):
    return render(request, "workbench/audit_event.html", {"event": get_object_or_404(AuditEvent, seq=seq)})


@require_POST
@capability_required(Capability.AUDIT_VIEW)
def audit_verify(request):
    result = verify()
    if result.ok:
        messages.success(request, f"审计日志完整：共 {result.checked} 条记录，哈希链校验通过；"
                                  f"与 {result.checkpoints} 个库外检查点一致。")
        for warning in result.warnings:
            messages.warning(request, warning)
    else:
        messages.error(request, f"审计日志校验失败：{result.problem}")
    return redirect("workbench:audit")
