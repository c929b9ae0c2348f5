"""Staff credentials for the API: the session (the workbench's) or a key issued by
POST /api/v1/auth/token/ (api/views/core.py, ObtainToken) that ends (core.services: issue_api_token, api_token_user)."""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from gongkai.core import services

KEYWORD = "Token"


class ExpiringTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`, checked on every request against what the key is now."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("令牌格式不正确") from None
        user = services.api_token_user(key)
        if user is None:
            raise exceptions.AuthenticationFailed("令牌无效或已失效（过期、长时间未用、修改密码、变更角色或退出登录后失效），请重新申请")
        return user, None

    def authenticate_header(self, request):
        return KEYWORD
