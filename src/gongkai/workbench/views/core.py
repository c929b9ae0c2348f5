"""The kernel's pages: units and disclosure bodies, users, roles, the calendar, the audit trail."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.core import services
from gongkai.core.access import scope_units
from gongkai.core.audit import object_types, verify
from gongkai.core.calendar import first_unentered_year
from gongkai.core.models import AuditEvent, CalendarYear, DisclosureBody, Role, User
from gongkai.core.permissions import Capability
from gongkai.core.selectors import tree_order
from gongkai.core.statutory_holidays import holiday_spans
from gongkai.core.workdays import WorkdayError, parse_arrangement

from ..forms.core import (
    AuditFilterForm,
    CalendarYearForm,
    DisclosureBodyForm,
    ResetPasswordForm,
    RoleForm,
    UnitForm,
    UserForm,
)
from ..pages import apply_errors, capability_required

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
    form = DisclosureBodyForm(request.POST or None, request.FILES or None, instance=body,
                              initial=None if body else {"letter_name": unit.name})
    if request.method == "POST" and form.is_valid():
        seal = form.cleaned_data["seal_file"] or (None if form.cleaned_data["seal_clear"] else services.KEEP_SEAL)
        try:
            services.save_disclosure_body(actor=request.user, unit=unit, seal=seal,
                                          **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{unit.name}”的公开主体设置。")
            return redirect("workbench:units")
    title = f"公开主体设置：{unit.name}" if body else f"设为公开主体：{unit.name}"
    return render(request, "workbench/form_page.html", {
        "form": form, "title": title, "back": "workbench:units", "multipart": True,
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
    unentered = first_unentered_year()
    return render(request, "workbench/calendar.html", {
        "years": years, "unentered": unentered, "statutory": holiday_spans(unentered) if unentered else []})


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
