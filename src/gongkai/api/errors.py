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


def exception_handler(exc, context):
    """DRF's handler, with the generic English details replaced by Chinese ones."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        for kind, message in MESSAGES.items():
            if isinstance(exc, kind) and isinstance(response.data, dict) and "detail" in response.data:
                if kind is exceptions.PermissionDenied and str(exc.detail) != exceptions.PermissionDenied.default_detail:
                    break  # a specific message from our own code is kept
                response.data["detail"] = message
                break
    return response
