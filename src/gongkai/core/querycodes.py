"""Query codes (查询码) that let a citizen follow an application or a letter: generated once,
shown once, stored only as a keyed hash. A scope keeps the codes of different things apart."""

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: codes are read aloud on the phone and copied from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def digest(code: str, scope: str = "") -> str:
    value = scope + (code or "").strip().replace("-", "").replace(" ", "").upper()
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def matches(stored: str, code: str, scope: str = "") -> bool:
    return hmac.compare_digest(stored, digest(code, scope))
