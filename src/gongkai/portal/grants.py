"""What a browser has proved it may see of a case it started (an application, a letter): held in
the session, never in a URL. Writing or a successful lookup with number and query code grants the
case's id; pages and downloads check the grant on every request. The receipt's numbers are kept
for one showing only; "结束查询" drops everything, for shared or public computers."""

from dataclasses import dataclass
from functools import wraps

from django.shortcuts import render

from gongkai.core.access import STAFF_REFUSED

MAX_GRANTS = 10  # the most recent cases a session may see; older grants fall off


@dataclass(frozen=True)
class SessionGrants:
    prefix: str  # "gk_apply", "gk_letter": one set of keys per kind of case

    @property
    def _keys(self) -> tuple[str, str, str]:
        return f"{self.prefix}_grants", f"{self.prefix}_receipt", f"{self.prefix}_current"

    def grant(self, request, pk: int) -> None:
        key = self._keys[0]
        ids = [i for i in request.session.get(key, []) if i != pk]
        request.session[key] = (ids + [pk])[-MAX_GRANTS:]

    def granted(self, request, pk) -> bool:
        return pk in request.session.get(self._keys[0], [])

    def issue_receipt(self, request, pk: int, tracking_number: str, code: str) -> None:
        """After a submission: grant the case and keep its number and code for the receipt page."""
        self.grant(request, pk)
        request.session[self._keys[1]] = {"pk": pk, "tracking_number": tracking_number, "code": code}

    def take_receipt(self, request) -> dict | None:
        """The receipt's numbers, once: they leave the session here."""
        shown = request.session.pop(self._keys[1], None)
        return shown if shown and self.granted(request, shown.get("pk")) else None

    def open(self, request, pk: int) -> None:
        """After a successful lookup: grant the case and make it the one the result page shows."""
        self.grant(request, pk)
        request.session[self._keys[2]] = pk

    def current(self, request) -> int | None:
        pk = request.session.get(self._keys[2])
        return pk if pk is not None and self.granted(request, pk) else None

    def forget(self, request) -> None:
        for key in self._keys:
            request.session.pop(key, None)


def applicant_only(view):
    """The public tracking pages act for the citizen who holds the query code; a staff session
    (a clerk who read a code, or a grant carried into a login) is refused (issue #16, hole 6)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return render(request, "portal/staff_refused.html", {"message": STAFF_REFUSED}, status=403)
        return view(request, *args, **kwargs)
    return wrapped
