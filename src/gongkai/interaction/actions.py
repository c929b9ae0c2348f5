"""How each step of a letter is taken from what a person sent: one table, under the step's names,
for the workbench's forms and the API's bodies alike (both send the same fields: ids for the unit
and the handler, the texts by name). Which steps exist and when they may be taken is
`workflow.py`'s; the Art. 39 conversion to an application has a page of its own and is not here."""

from collections.abc import Callable, Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.core.models import Unit

from . import services, workflow
from .models import Letter

Take = Callable[[object, Letter, Mapping], object]  # (actor, letter, fields) → what the service returned


def _assign(actor, letter, fields):
    if not fields.get("unit"):
        raise ValidationError({"unit": "请选择承办单位"})
    unit = Unit.objects.filter(pk=fields["unit"]).first()
    if unit is None:
        raise ValidationError({"unit": "未找到该单位"})
    handler = None
    if fields.get("handler"):
        handler = get_user_model().objects.filter(pk=fields["handler"]).first()
        if handler is None:
            raise ValidationError({"handler": "未找到该承办人"})
    return services.assign(actor=actor, letter=letter, unit=unit, handler=handler)


LETTER: dict[str, Take] = {
    "assign": _assign,
    "reply": lambda actor, letter, fields: services.reply(actor=actor, letter=letter, text=fields.get("text", "")),
    "approve_reply": lambda actor, letter, fields: services.approve_reply(actor=actor, letter=letter),
    "return_reply": lambda actor, letter, fields: services.return_reply(actor=actor, letter=letter,
                                                                        comment=fields.get("comment", "")),
    "close": lambda actor, letter, fields: services.close(actor=actor, letter=letter, note=fields.get("note", "")),
    "publish": lambda actor, letter, fields: services.publish(
        actor=actor, letter=letter, subject=fields.get("public_subject", ""),
        content=fields.get("public_content", ""), reply=fields.get("public_reply", "")),
    "unpublish": lambda actor, letter, fields: services.unpublish(actor=actor, letter=letter,
                                                                  reason=fields.get("reason", "")),
    "add_note": lambda actor, letter, fields: services.add_note(actor=actor, letter=letter,
                                                                text=fields.get("text", "")),
}
assert LETTER.keys() == {s.name for s in workflow.STEPS.values() if s.api}, \
    "every step but the conversion, which has a page of its own"
