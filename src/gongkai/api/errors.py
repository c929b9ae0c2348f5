"""The API's one translation of errors: a service's Chinese ValidationError and PermissionDenied
(Django's) become 400 and 403 answers with their messages; DRF's and Django's generic English
details become Chinese. Views call services directly and let them raise."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "需要登录或提供有效的令牌",
    exceptions.AuthenticationFailed: "认证失败：用户名、密码或令牌不正确",
    exceptions.PermissionDenied: "您没有执行此操作的权限",
    exceptions.NotFound: "未找到",
    exceptions.MethodNotAllowed: "不支持该请求方法",
    exceptions.Throttled: "请求过于频繁，请稍后再试",
}


def _ours(message) -> bool:
    """A message our own code wrote (in Chinese) is kept; DRF's and Django's generic English ones
    ("No Letter matches the given query." names our models) are replaced."""
    return any(ord(ch) > 127 for ch in str(message))


def _from_service(exc):
    """A service's refusal, as the API answers it: field errors by field, others as `detail`."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or MESSAGES[exceptions.PermissionDenied])
    return exc


def exception_handler(exc, context):
    """DRF's handler, after a service's errors are translated, with the generic English details
    replaced by Chinese ones."""
    exc = _from_service(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict) or "detail" not in response.data:
        return response
    if isinstance(exc, Http404):
        if not _ours(exc):
            response.data["detail"] = MESSAGES[exceptions.NotFound]
        return response
    for kind, message in MESSAGES.items():
        if isinstance(exc, kind):
            if not _ours(exc.detail):
                response.data["detail"] = message
            break
    return response
