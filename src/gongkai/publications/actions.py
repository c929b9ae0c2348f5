"""How the review steps of a publication are taken from what a person sent: one table, under the
step's names, for the workbench's forms and the API's bodies alike (both send `opinion`, `reason`
and `decision`). Which steps exist and when they may be taken is `workflow.py`'s.

The other steps carry a file, a corrected version or one part of the item, and each has a page
of its own in the workbench: `ELSEWHERE` says where, for the API to answer callers who ask."""

from collections.abc import Callable, Mapping

from . import services, workflow
from .models import Publication

Take = Callable[[object, Publication, Mapping], object]  # (actor, item, fields) → what the service returned

PUBLICATION: dict[str, Take] = {
    "submit_for_review": lambda actor, pub, fields: services.submit_for_review(actor=actor, publication=pub),
    "approve": lambda actor, pub, fields: services.approve(actor=actor, publication=pub,
                                                           opinion=fields.get("opinion", "")),
    "reject": lambda actor, pub, fields: services.reject(actor=actor, publication=pub,
                                                         opinion=fields.get("opinion", "")),
    "withdraw": lambda actor, pub, fields: services.withdraw(actor=actor, publication=pub,
                                                             reason=fields.get("reason", "")),
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
