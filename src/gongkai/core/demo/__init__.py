"""Demo data: a realistic city bureau, named as in the seeds. Each feature adds its own part with
`register` in its AppConfig.ready(), so `gongkai demo` builds everything in one go,
deterministically per seed; the builders are imported only when a demo is built."""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.core import clock

DEMO_PASSWORD = "Gongkai#2026"
# Every demo account's authenticator secret (base32, as an authenticator app takes it), printed by
# `gongkai demo` and in the README, so a tester can log in with any TOTP app.
DEMO_TOTP_SECRET = "I5XW 4Z3L MFUS AZDF NVXS AYLD MNXX K3TU"

_builders: dict[str, int] = {"gongkai.core.demo.kernel.build_kernel": 0}
_items: list[str] = []


@dataclass
class DemoContext:
    rng: random.Random
    scale: int
    units: dict[str, object] = field(default_factory=dict)  # by unit code
    users: dict[str, object] = field(default_factory=dict)  # by username
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, unit)


def register(order: int, builder: str) -> None:
    """Add a demo builder (the dotted path of a function taking a DemoContext); builders run in
    `order` (the kernel is 0)."""
    _builders[builder] = order


def register_items(generator: str) -> None:
    """Add what `gongkai demo --items N` runs (the dotted path of `generate(n, seed=, progress=)`)."""
    if generator not in _items:
        _items.append(generator)


def item_generators() -> list[Callable]:
    return [import_string(path) for path in _items]


@contextmanager
def same_day() -> Iterator[None]:
    """The demo is dated relative to today and asks for the time at every step; a build running
    across local midnight would date its first half one day and its second half the next. Within
    this block the clock keeps running but stops at the end of the day the build began."""
    start, began = clock.now(), time.monotonic()
    local = timezone.localtime(start)
    last = local.replace(hour=23, minute=59, second=59, microsecond=999999)

    def now() -> datetime:
        return min(start + timedelta(seconds=time.monotonic() - began), last)

    with clock.override(now=now):
        yield


def so_far(moment: datetime, back: timedelta) -> datetime:
    """`moment`, or `back` before now if that is earlier: nothing in the demo happened later than
    the real now. A moment of today never slips into yesterday: just after midnight, when `back`
    before now is still yesterday, today's moments are squeezed into the minutes since midnight,
    keeping their order (a letter numbered today was received today)."""
    now = clock.now()
    latest = now - back
    if moment <= latest:
        return moment
    began = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if latest >= began or moment < began:
        return latest
    return began + (now - began) * ((moment - began) / timedelta(days=1))


def build(seed: int, scale: int, content: bool = True) -> DemoContext:
    """Build the demo bureau; with content=False only its units and people (for quick tests)."""
    ctx = DemoContext(rng=random.Random(seed), scale=scale)
    with same_day():
        for path, order in sorted(_builders.items(), key=lambda item: item[1]):
            if content or order == 0:
                import_string(path)(ctx)
        enrol_demo_accounts()
    return ctx


def enrol_demo_accounts() -> None:
    """Demo accounts (those that skip the first-login password change) get the published secret."""
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.core import second_factor
    from gongkai.core.models import User

    key = base64.b32decode(DEMO_TOTP_SECRET.replace(" ", "")).hex()
    for user in User.objects.filter(must_change_password=False, is_active=True):
        if not second_factor.is_enrolled(user):
            TOTPDevice.objects.create(user=user, name=second_factor.AUTHENTICATOR, key=key, confirmed=True)
