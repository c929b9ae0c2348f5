"""The second factor's pages: the code after the password, enrolling an authenticator with a QR
code, the recovery codes, and the administrator's reset (core/second_factor.py)."""

from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from gongkai.core import second_factor
from gongkai.core.access import scope_units
from gongkai.core.models import User
from gongkai.core.permissions import Capability

from ..forms.second_factor import CodeForm, EnrolForm
from ..pages import capability_required


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("workbench:home")


def _with_next(name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return f"{reverse(name)}?{urlencode({'next': target}, safe='/')}" if target else reverse(name)


@login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not second_factor.is_enrolled(user):
        return redirect(_with_next("workbench:second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.check(user=user, token=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", "验证码不正确、已使用或已过期；多次输错后需等待片刻再试。")
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(request, f"您使用了一个恢复码，还剩 {left} 个。手机找回前可继续使用；"
                                          "如手机丢失，请联系系统管理员重置双因素认证。")
            return redirect(_next(request))
    return render(request, "workbench/second_factor.html", {"form": form, "next": _next(request)})


@login_required
def enrol(request):
    user = request.user
    if second_factor.is_enrolled(user):
        return redirect(_with_next("workbench:second_factor", request))
    device = second_factor.pending_enrolment(user) or second_factor.start_enrolment(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_enrolment(user=user, device=device, token=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            django_otp.login(request, device)
            return render(request, "workbench/recovery_codes.html", {"codes": codes, "next": _next(request),
                                                                     "enrolled": True})
    return render(request, "workbench/second_factor_enrol.html", {
        "form": form, "next": _next(request), "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_for_typing(device)})


@login_required
def recovery_codes(request):
    if request.method == "POST":
        codes = second_factor.new_recovery_codes(user=request.user)
        return render(request, "workbench/recovery_codes.html", {"codes": codes, "next": reverse("workbench:home")})
    left = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, "workbench/recovery_codes.html", {"left": left})


@require_POST
@capability_required(Capability.USERS_MANAGE)
def reset(request, pk):
    user = get_object_or_404(User.objects.filter(unit__in=scope_units(request.user, Capability.USERS_MANAGE)), pk=pk)
    try:
        second_factor.reset(actor=request.user, user=user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已重置“{user.display_name}”的双因素认证：其下次登录时须重新绑定身份验证器。")
    return redirect("workbench:user_edit", pk=user.pk)
