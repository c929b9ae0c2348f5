"""How each step of a bulletin or a service guide is taken from what a person sent: one table per
kind, under the step's names, for the workbench's forms and the API's bodies alike (both send
`note` and `reason`). Which steps exist and when they may be taken is `workflow.py`'s; `update` is
the edit page and the API's PATCH, not a step taken here."""

from collections.abc import Callable, Mapping

from . import services, workflow

Take = Callable[[object, object, Mapping], object]  # (actor, item, fields) → the item after the step

BULLETIN: dict[str, Take] = {
    "submit": lambda user, b, data: services.submit_bulletin(actor=user, bulletin=b),
    "publish": lambda user, b, data: services.publish_bulletin(actor=user, bulletin=b),
    "return": lambda user, b, data: services.return_bulletin(actor=user, bulletin=b, note=data.get("note", "")),
    # Returns the new correcting version, a draft.
    "correct": lambda user, b, data: services.start_correction(actor=user, bulletin=b, note=data.get("note", "")),
    "withdraw": lambda user, b, data: services.withdraw_bulletin(actor=user, bulletin=b,
                                                                 reason=data.get("reason", "")),
}
GUIDE: dict[str, Take] = {
    "publish": lambda user, g, data: services.publish_guide(actor=user, guide=g),
    "withdraw": lambda user, g, data: services.withdraw_guide(actor=user, guide=g, reason=data.get("reason", "")),
}
assert BULLETIN.keys() == workflow.BULLETIN.steps.keys() - {"update"}, "every step but the edit"
assert GUIDE.keys() == workflow.GUIDE.steps.keys() - {"update"}, "every step but the edit"
