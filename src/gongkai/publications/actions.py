"""How the review steps of a publication are taken from what a person sent: one table, under the
step's names, for the workbench's forms and the API's bodies alike (both send `opinion`, `reason`,
`decision`, `statement`, and for a decision's change `change`, `changed_on`, `document`). Which steps exist and when they may be taken is `workflow.py`'s.

The other steps carry a file, a corrected version or one part of the item, and each has a page
of its own in the workbench: `ELSEWHERE` says where, for the API to answer callers who ask."""

from collections.abc import Callable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date

from . import services, workflow
from .models import Publication

Take = Callable[[object, Publication, Mapping], object]  # (actor, item, fields) → what the service returned


def _day(value) -> date | None:
    """A date from the API (already a date) or a form (text); a malformed one is refused here."""
    if value in (None, "") or isinstance(value, date):
        return value or None
    try:
        day = parse_date(str(value))
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({"changed_on": "日期格式应为 年-月-日，如 2026-12-01"})
    return day


PUBLICATION: dict[str, Take] = {
    "submit_for_review": lambda actor, pub, fields: services.submit_for_review(actor=actor, publication=pub),
    "approve": lambda actor, pub, fields: services.approve(actor=actor, publication=pub,
                                                           opinion=fields.get("opinion", "")),
    "reject": lambda actor, pub, fields: services.reject(actor=actor, publication=pub,
                                                         opinion=fields.get("opinion", "")),
    "record_decision_change": lambda actor, pub, fields: services.record_decision_change(
        actor=actor, publication=pub, change=fields.get("change", ""), changed_on=_day(fields.get("changed_on")),
        document=fields.get("document", "")),
    "withdraw": lambda actor, pub, fields: services.withdraw(actor=actor, publication=pub,
                                                             reason=fields.get("reason", ""),
                                                             statement=fields.get("statement", "")),
    "reevaluate": lambda actor, pub, fields: services.reevaluate(actor=actor, publication=pub,
                                                                 decision=fields.get("decision", ""),
                                                                 reason=fields.get("reason", "")),
}
ELSEWHERE = {
    "update_draft": "PATCH /api/v1/staff/publications/<id>/",
    "add_attachment": "工作台", "remove_attachment": "工作台", "check_now": "工作台",
    "acknowledge_finding": "工作台", "redact_finding": "工作台", "correct": "工作台",
}
assert PUBLICATION.keys() | ELSEWHERE.keys() == workflow.STEPS.keys() and not PUBLICATION.keys() & ELSEWHERE.keys()
