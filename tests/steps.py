"""What the tests of every workflow ask a service: did it take the step, or why not."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

MISSING = "（无可办理的对象）"


class Missing(Exception):
    """The case has nothing the step could act on (no consultation, no notice, no finding)."""


class _Undo(Exception):
    pass


def verdict(call: Callable[[], object]) -> str:
    """"" if `call` (a service taking a step) went through, undone at once; else its refusal in
    the words the person would read, or MISSING when there was nothing to act on."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return ""
    except PermissionDenied as exc:
        return str(exc)
    except ValidationError as exc:
        return "；".join(exc.messages)
    except Missing:
        return MISSING
