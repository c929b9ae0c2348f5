import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .context import RequestContext, reset_request_context, set_request_context


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind GONGKAI_PROXY_COUNT trusted proxies the
    X-Forwarded-For entry they appended (counted from the right; the left part is the client's
    to forge)."""
    if settings.GONGKAI_TRUST_PROXY:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        count = max(1, settings.GONGKAI_PROXY_COUNT)
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


class ControlCharacterMiddleware:
    """A NUL in the address or a query parameter is never a real request, and PostgreSQL refuses
    it in any text comparison (DataError, so a 500). Answer 400 before any view filters on it.
    Form and JSON fields are checked by Django's and DRF's own null-character validators."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in vs)
                                          for k, vs in request.GET.lists()):
            message = "请求中含有不允许的字符，请检查后重试。"
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
            # Before the session and user exist: a page that needs neither.
            return HttpResponseBadRequest(
                "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>请求有误</title>"
                f"<h1>请求有误</h1><p>{message}</p><p><a href=\"/\">返回首页</a></p></html>")
        return self.get_response(request)


# --- Request size -----------------------------------------------------------------------------
# Django reads a multipart body whole (to memory or a temporary file) before a form can say
# "文件过大": a 200 MB body was read to the end first. The size a request announces is checked
# here, before anything reads the body; Django then reads no more than it announced.

# Room for a form's other fields and the multipart envelope around its file.
FORM_FIELDS_BYTES = 1024 * 1024


def body_limit(max_file_bytes: int | str | None = None, *, public: bool = False,
               rate: tuple[str, str] | None = None):
    """View decorator for RequestSizeMiddleware. The view takes a file of `max_file_bytes` (bytes,
    or the name of the setting that holds them) and FORM_FIELDS_BYTES more; other views take
    DATA_UPLOAD_MAX_MEMORY_SIZE. The larger limit is for signed-in staff unless `public`.
    `rate`, the (scope, setting) of the view's rate limit (core/ratelimit.py): an anonymous request
    refused for its size counts against it, so refused uploads cannot be tried endlessly."""
    def decorator(view):
        view.body_limit = (max_file_bytes, public, rate)
        return view
    return decorator


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class RequestSizeMiddleware:
    """413 for a body larger than its view takes, from Content-Length alone; 411 for a body sent
    without one (chunked), which Django would otherwise read as empty. After the session and user
    exist (the limit depends on who asks), before CSRF or a view reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .views import request_refused

        meta = request.META
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing then either
        if "HTTP_TRANSFER_ENCODING" in meta and not meta.get("CONTENT_LENGTH"):
            return request_refused(request, 411, "请求须注明内容长度（Content-Length），请使用浏览器或常规客户端重新提交。")
        default = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if default is None or length <= default:
            return self.get_response(request)
        max_file, public, rate = self._limits(request)
        if max_file is not None and (public or request.user.is_authenticated):
            if length <= max_file + FORM_FIELDS_BYTES:
                return self.get_response(request)
            shown = max_file
        else:
            shown = default
        if rate is not None and not request.user.is_authenticated:
            from .ratelimit import hit
            hit(rate[0], client_ip(request) or "-", getattr(settings, rate[1]))
        return request_refused(request, 413, f"上传内容过大：不能超过 {_mb(shown)}。请压缩或拆分文件后重新提交。")

    @staticmethod
    def _limits(request) -> tuple[int | None, bool, tuple[str, str] | None]:
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return None, False, None
        max_file, public, rate = getattr(view, "body_limit", (None, False, None))
        if isinstance(max_file, str):
            max_file = getattr(settings, max_file)
        return max_file, public, rate


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


class SecondFactorMiddleware:
    """A session with only the password sees the second-factor pages and nothing else of the
    workbench or the API (core/second_factor.py). API keys are issued only against a code, so a
    request authenticated by key (DRF, later than this) is not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if settings.GONGKAI_SECOND_FACTOR and user.is_authenticated and not user.is_verified():
            allowed = {reverse("workbench:second_factor"), reverse("workbench:second_factor_enrol"),
                       reverse("workbench:logout"), reverse("workbench:login"), reverse("api-token")}
            if request.path in allowed:
                return self.get_response(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "须先在工作台完成双因素认证"}, status=403)
            if request.path.startswith("/workbench/"):
                return redirect(f"{reverse('workbench:second_factor')}?{urlencode({'next': request.get_full_path()}, safe='/')}")
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A user whose password was set by someone else, or has passed its maximum age, changes it
    before doing anything else (core/passwords.py, `must_change`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import clock, passwords

        user = request.user
        if user.is_authenticated and passwords.must_change(user, clock.now()):
            allowed = {reverse("workbench:password_change"), reverse("workbench:logout"),
                       reverse("workbench:second_factor"), reverse("workbench:second_factor_enrol")}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "须先在工作台修改密码（首次登录、密码被重置或已过期）"}, status=403)
            if request.path.startswith("/workbench/") and request.path not in allowed:
                return redirect("workbench:password_change")
        return self.get_response(request)
