import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .context import RequestContext, reset_request_context, set_request_context


def client_ip(request) -> str | None:
    if getattr(settings, "GONGKAI_TRUST_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Expose the acting user and IP to services (for the audit trail) for this request only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request_context(RequestContext(ip=client_ip(request), user=request.user))
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)


class IdleLogoutMiddleware:
    """End a staff session after GONGKAI_IDLE_TIMEOUT without a request."""

    KEY = "gongkai_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.GONGKAI_IDLE_TIMEOUT.total_seconds():
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "长时间未操作，登录已失效，请重新登录"}, status=401)
                messages.info(request, "您已超过 30 分钟未操作，为保护信息安全已自动退出，请重新登录。")
                return redirect(f"{reverse('workbench:login')}?next={request.path}")
            request.session[self.KEY] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A user whose password was set by someone else changes it before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse("workbench:password_change"), reverse("workbench:logout")}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "首次登录须先修改密码"}, status=403)
            if request.path.startswith("/workbench/") and request.path not in allowed:
                return redirect("workbench:password_change")
        return self.get_response(request)
