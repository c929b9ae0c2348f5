"""Rate limits for the public forms and lookups (apply, track).

django-ratelimit needs memcached or Redis for atomic counters, which a one-command SQLite install
does not have; one counter row per client and fixed window, incremented with an atomic UPDATE,
works on both databases and across workers."""

import hashlib
import time
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import F

from .middleware import client_ip
from .models import RateCounter

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"5/h" → (5, 3600)."""
    count, _, unit = rate.partition("/")
    return int(count), _UNITS[unit]


def hit(scope: str, ident: str, rate: str, now: float | None = None) -> bool:
    """Count one request; True if it is within the limit."""
    limit, period = parse_rate(rate)
    window = int((now or time.time()) // period)
    key = f"{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True).first()
    if window % 97 == 0:
        RateCounter.objects.filter(window__lt=window - 1, key__startswith=scope + ":").delete()
    return count <= limit


def within(scope: str, ident: str, rate: str, now: float | None = None) -> bool:
    """Whether `ident` is still within the limit, without counting a request."""
    limit, period = parse_rate(rate)
    window = int((now or time.time()) // period)
    key = f"{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"
    count = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0
    return count < limit


# Failed logins per address, over any accounts (a password sprayed over user names), whatever the
# way in: the workbench's form and the API's token endpoint both authenticate through Django, whose
# `user_login_failed` signal counts here (core/apps.py). Stopped, not slowed with a delay, which
# would hold a server process per attempt.
LOGIN_FAILURES = "login-failures"
LOGIN_STOPPED = "本地址登录失败次数过多，已暂停登录，请一小时后再试；如需立即登录，请联系系统管理员。"


def login_allowed(request) -> bool:
    """Whether the client's address may still try to log in (GONGKAI_RATE_LOGIN_FAILURES)."""
    from django.conf import settings

    return within(LOGIN_FAILURES, client_ip(request) or "-", settings.GONGKAI_RATE_LOGIN_FAILURES)


def count_login_failure(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of Django's `user_login_failed`."""
    from django.conf import settings

    if request is not None:
        hit(LOGIN_FAILURES, client_ip(request) or "-", settings.GONGKAI_RATE_LOGIN_FAILURES)


def limited(scope: str, rate_setting: str, methods: tuple[str, ...] = ("POST",)):
    """View decorator: over the limit, answer 429 in Chinese (JSON under /api/)."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.conf import settings

            from .views import rate_limited
            if request.method in methods and not hit(scope, client_ip(request) or "-",
                                                     getattr(settings, rate_setting)):
                return rate_limited(request)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
