"""How each step of an application is taken from what a person sent: one table, under the step's
names, for the workbench's forms and the API's bodies alike.

Both send the same fields under the same names (the workbench's forms already cleaned, the API's
through its serializer): ids for the unit, handler, notice, consultation and remedy; the earlier
application's tracking number; `reasonable` as a bool; a date `on` that defaults to today. What
is looked up here is looked up the same way for both, and a missing or unknown one is the same
Chinese field error. Which steps exist and when they may be taken is `workflow.py`'s; whether the
values are allowed is the services'."""

from collections.abc import Callable, Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.core import clock
from gongkai.core.models import Unit

from . import services, workflow
from .models import Application, Remedy

Take = Callable[[object, Application, Mapping], object]  # (actor, case, fields) → what the service returned


def _need(fields: Mapping, *names: str) -> None:
    missing = {n: "此项为必填项" for n in names if fields.get(n) in (None, "")}
    if missing:
        raise ValidationError(missing)


def _one(qs, field: str, message: str, **lookup):
    """The object an id or number names, or a field error in Chinese."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _on(fields: Mapping):
    # The day a step happened, for the steps that record one; unsaid, the services' today.
    return fields.get("on") or clock.today()


def _assign(actor, app, fields):
    _need(fields, "unit")
    unit = _one(Unit.objects.all(), "unit", "该单位不存在", pk=fields["unit"])
    handler = (_one(get_user_model().objects.all(), "handler", "该用户不存在", pk=fields["handler"])
               if fields.get("handler") else None)
    return services.assign(actor=actor, app=app, unit=unit, handler=handler)


def _record_consultation_answer(actor, app, fields):
    _need(fields, "consultation", "opinion")
    consultation = _one(app.consultations.all(), "consultation", "该征询记录不存在", pk=fields["consultation"])
    return services.record_consultation_answer(actor=actor, consultation=consultation, on=_on(fields),
                                               opinion=fields["opinion"], text=fields.get("text", ""))


def _decide(actor, app, fields):
    _need(fields, "outcome")
    earlier = None
    if fields.get("earlier"):
        # Only the same applicant's cases are looked up: a number of anyone else's reads as unknown.
        earlier = _one(Application.objects.filter(applicant_key=app.applicant_key).exclude(pk=app.pk), "earlier",
                       "该受理编号不存在，或不是同一申请人的申请", tracking_number=fields["earlier"])
    return services.decide(actor=actor, app=app, outcome=fields["outcome"], reply_text=fields.get("reply_text", ""),
                           reason_text=fields.get("reason_text", ""), withheld_reasons=fields.get("withheld_reasons"),
                           referral_agency=fields.get("referral_agency", ""),
                           referral_contact=fields.get("referral_contact", ""), earlier=earlier,
                           on_the_spot=bool(fields.get("on_the_spot")), query_law=fields.get("query_law", ""),
                           stated_basis=fields.get("stated_basis", ""),
                           public_interest_reason=fields.get("public_interest_reason", ""))


def _record_delivery(actor, app, fields):
    _need(fields, "notice", "method")
    notice = _one(app.notices.all(), "notice", "该文书不存在", pk=fields["notice"])
    return services.record_delivery(actor=actor, notice=notice, method=fields["method"], on=_on(fields),
                                    tracking_number=fields.get("tracking_number", ""), posted_on=fields.get("posted_on"),
                                    recipient=fields.get("recipient", ""))


def _record_remedy(actor, app, fields):
    _need(fields, "kind", "authority", "filed_on")
    remedy = (_one(app.remedies.all(), "remedy", "该复议诉讼记录不存在", pk=fields["remedy"])
              if fields.get("remedy") else None)
    return services.record_remedy(actor=actor, app=app, kind=fields["kind"], authority=fields["authority"],
                                  filed_on=fields["filed_on"], case_number=fields.get("case_number", ""),
                                  result=fields.get("result") or Remedy.Result.PENDING,
                                  concluded_on=fields.get("concluded_on"), summary=fields.get("summary", ""),
                                  remedy=remedy)


def _confirm_receipt(actor, app, fields):
    _need(fields, "received_on")
    return services.confirm_receipt(actor=actor, app=app, received_on=fields["received_on"])


def _request_supplement(actor, app, fields):
    _need(fields, "items")
    return services.request_supplement(actor=actor, app=app, items=fields["items"], on=fields.get("on"))


def _start_consultation(actor, app, fields):
    _need(fields, "party", "party_name", "matter")
    return services.start_consultation(actor=actor, app=app, party=fields["party"], party_name=fields["party_name"],
                                       matter=fields["matter"], party_address=fields.get("party_address", ""),
                                       on=fields.get("on"))


def _notify_fee(actor, app, fields):
    _need(fields, "method", "quantity")
    return services.notify_fee(actor=actor, app=app, method=fields["method"], quantity=fields["quantity"],
                               on=fields.get("on"))


def _request_extension(actor, app, fields):
    _need(fields, "days")
    return services.request_extension(actor=actor, app=app, days=fields["days"], reason=fields.get("reason", ""))


APPLICATION: dict[str, Take] = {
    "confirm_receipt": _confirm_receipt,
    "assign": _assign,
    "request_supplement": _request_supplement,
    "receive_supplement": lambda actor, app, fields: services.receive_supplement(
        actor=actor, app=app, on=_on(fields), text=fields.get("text", "")),
    "start_consultation": _start_consultation,
    "record_consultation_answer": _record_consultation_answer,
    "notify_fee": _notify_fee,
    "record_payment": lambda actor, app, fields: services.record_payment(actor=actor, app=app, on=_on(fields)),
    "request_extension": _request_extension,
    "approve_extension": lambda actor, app, fields: services.approve_extension(actor=actor, app=app,
                                                                               on=fields.get("on")),
    "request_reasons": lambda actor, app, fields: services.request_reasons(actor=actor, app=app, on=fields.get("on")),
    "record_reasons": lambda actor, app, fields: services.record_reasons(
        actor=actor, app=app, text=fields.get("text", ""), reasonable=bool(fields.get("reasonable")),
        stated_due_on=fields.get("stated_due_on")),
    "decide": _decide,
    "approve_reply": lambda actor, app, fields: services.approve_reply(actor=actor, app=app),
    "return_reply": lambda actor, app, fields: services.return_reply(actor=actor, app=app,
                                                                     comment=fields.get("comment", "")),
    "close_lapsed": lambda actor, app, fields: services.close_lapsed(actor=actor, app=app),
    "record_delivery": _record_delivery,
    "add_note": lambda actor, app, fields: services.add_note(actor=actor, app=app, text=fields.get("text", "")),
    "record_remedy": _record_remedy,
}
assert APPLICATION.keys() == workflow.STEPS.keys(), "every step of the workflow, and only those"
