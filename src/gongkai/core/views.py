from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.core import fonts


@never_cache
def healthz(request):
    """Liveness with a real database round trip, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    # A server that would print letters without their Chinese characters is not healthy either.
    # (The details, with the server's font folders, are for `gongkai check`, not for the public.)
    if fonts.problems():
        return JsonResponse({"status": "error", "database": connection.vendor,
                             "documents": f"文书字体不能显示中文，请安装 {fonts.PACKAGE} 后重启（gongkai check 查看详情）"},
                            status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "documents": "ok"})


def _error(request, status: int, title: str, message: str):
    # The API answers in JSON, as its schema says, even for an address no route matches.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    # Staff pages keep the workbench frame, everything else the portal's.
    base = "workbench/base.html" if request.path.startswith("/workbench/") else "portal/base.html"
    return render(request, "errors/error.html",
                  {"base": base, "status": status, "title": title, "message": message, "column": title},
                  status=status)


def permission_denied(request, exception=None):
    detail = str(exception) if exception and str(exception) else "您没有访问此页面的权限。"
    return _error(request, 403, "无权访问", detail)


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "您访问的页面不存在或已被删除，请检查地址，或从首页重新进入。")


def bad_request(request, exception=None):
    return _error(request, 400, "请求有误", "请求无法处理，请返回重试。")


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器处理请求时出错，已记录。请稍后再试。"}, status=500)
    # No templates with context here: whatever failed may fail again while rendering.
    html = ("<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>系统繁忙</title>"
            "<h1>系统繁忙</h1><p>服务器处理请求时出错，已记录。请稍后再试。</p><p><a href=\"/\">返回首页</a></p></html>")
    return HttpResponseServerError(html)


def rate_limited(request, exception=None):
    """django-ratelimit's answer: 429, in Chinese (JSON for the API, as every error there)."""
    return _error(request, 429, "操作过于频繁", "操作过于频繁，请稍后再试。")


def request_refused(request, status: int, message: str):
    """RequestSizeMiddleware's answer (413 too large, 411 no length), in Chinese (JSON for the API)."""
    return _error(request, status, "上传内容过大" if status == 413 else "请求有误", message)
