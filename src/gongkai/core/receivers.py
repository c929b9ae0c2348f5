"""What the core does when Django or django-axes announce something about a login.

Logins, logouts, failed logins and lockouts go into the audit trail (等保 三级: security audit
covers every user's important security events), and a logout ends the person's API keys.
"""

from . import audit
from .middleware import client_ip

USERNAME_LENGTH = 150  # what a User.username can hold; anything longer typed at the form is cut


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None


def logged_in(sender, request, user, **kwargs) -> None:
    audit.record(action="auth.login", actor=user, obj=user, ip=_ip(request))


def logged_out(sender, request, user, **kwargs) -> None:
    if user is None:  # an anonymous visitor pressing "退出"
        return
    from . import services

    services.revoke_api_tokens(user=user, because="logout")
    audit.record(action="auth.logout", actor=user, obj=user, ip=_ip(request))


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    from .models import User

    username = str(credentials.get("username", ""))[:USERNAME_LENGTH]
    user = User.objects.filter(username=username).first()
    # The account, when there is one, is the object; the actor is nobody: it was not them.
    audit.record(action="auth.login_failed", actor=None, unit=user.unit if user else None,
                 object_type="core.user", object_id=str(user.pk) if user else "", object_repr=username,
                 ip=_ip(request))


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    from .models import User

    username = str(username or "")[:USERNAME_LENGTH]
    user = User.objects.filter(username=username).first()
    audit.record(action="auth.locked_out", actor=None, unit=user.unit if user else None,
                 object_type="core.user", object_id=str(user.pk) if user else "", object_repr=username,
                 ip=ip_address or _ip(request))
