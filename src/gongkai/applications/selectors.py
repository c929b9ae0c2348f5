"""Reads of disclosure on application. Staff see the cases of the units they handle; personal data
of the applicant only if they may handle the case's unit with `applications.view_personal`; the
public sees a case only with its tracking number and query code, and only what `public_view` lists."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core import clock, identity
from gongkai.core.access import can, scope_units
from gongkai.core.permissions import Capability

from . import deadlines
from .models import Application, Notice, Status
from .services import applicant

STAFF_CAPABILITIES = [Capability.APPLICATIONS_HANDLE, Capability.APPLICATIONS_APPROVE]


def staff_applications(user) -> QuerySet[Application]:
    units = None
    for capability in STAFF_CAPABILITIES:
        scoped = scope_units(user, capability)
        units = scoped if units is None else (units | scoped)
    return (Application.objects.filter(unit__in=units.values("pk"))
            .select_related("body__unit", "unit", "handler"))


def queue(user, *, status: str = "", unit_id: int | None = None, handler_id: int | None = None,
          open_only: bool = True) -> QuerySet[Application]:
    """The handling queue: soonest due first, cases without a clock (awaiting confirmation or a
    supplement) after them."""
    qs = staff_applications(user)
    if open_only and not status:
        qs = qs.exclude(status=Status.CLOSED)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if handler_id:
        qs = qs.filter(handler_id=handler_id)
    from django.db.models import F
    return qs.order_by(F("due_on").asc(nulls_last=True), "submitted_at")


def may_see_personal(user, app: Application) -> bool:
    return can(user, Capability.APPLICATIONS_VIEW_PERSONAL, app.unit)


@dataclass(frozen=True)
class ApplicantView:
    """The applicant as a given staff member may see them."""

    kind: str
    name: str
    id_type: str
    id_number: str
    credit_code: str
    legal_representative: str
    contact_name: str
    phone: str
    email: str
    address: str
    postcode: str
    masked: bool


def applicant_view(user, app: Application) -> ApplicantView:
    full = may_see_personal(user, app)
    person = app.is_person

    def m(value, fn):
        return value if full else fn(value)

    return ApplicantView(
        kind=app.get_applicant_kind_display(),
        # An organisation's name is not personal data; a person's is.
        name=m(app.name, identity.mask_name) if person else app.name,
        id_type=app.get_id_type_display() if app.id_type else "",
        id_number=m(app.id_number, identity.mask_number),
        credit_code=app.credit_code,
        legal_representative=m(app.legal_representative, identity.mask_name),
        contact_name=m(app.contact_name, identity.mask_name),
        phone=m(app.phone, identity.mask_phone),
        email=m(app.email, identity.mask_email),
        address=m(app.address, identity.mask_address),
        postcode=app.postcode if full else "",
        masked=not full,
    )


@dataclass(frozen=True)
class Urgency:
    label: str
    css: str          # "overdue" | "soon" | "ok" | "paused" | "none"
    remaining: int | None


def urgency(app: Application, on: date | None = None) -> Urgency:
    """Colour of a queue row: overdue, ≤ 5 working days, paused, or fine."""
    if app.status == Status.CLOSED:
        return Urgency("已办结", "none", None)
    state = deadlines.clock_state(app, on or clock.today())
    if state is None:
        label = "待补正" if app.status == Status.SUPPLEMENT else "待确认受理"
        return Urgency(label, "none", None)
    if state.remaining < 0:
        return Urgency(f"超期{-state.remaining}个工作日", "overdue", state.remaining)
    label = f"剩余{state.remaining}个工作日" + ("（计时暂停）" if state.paused else "")
    if state.paused:
        return Urgency(label, "paused", state.remaining)
    return Urgency(label, "soon" if state.remaining <= 5 else "ok", state.remaining)


def find_for_applicant(tracking_number: str, code: str) -> Application | None:
    """The public lookup: one answer (None) whether the number does not exist or the code is wrong."""
    app = (Application.objects.filter(tracking_number=(tracking_number or "").strip().upper(), imported=False)
           .select_related("body__unit").first())
    if app is None:
        # Spend the same work as a real check so timing does not tell the two cases apart.
        applicant.hash_code(code or "")
        return None
    return app if applicant.check_query_code(app, code) else None


PUBLIC_STATUS = {
    Status.AWAITING_CONFIRMATION: "已提交，待确认受理",
    Status.PROCESSING: "办理中",
    Status.SUPPLEMENT: "待您补正",
    Status.APPROVAL: "办理中",  # the internal approval step is not the applicant's business
    Status.CLOSED: "已办结",
}


def public_notices(app: Application) -> QuerySet[Notice]:
    return app.notices.filter(visible_to_applicant=True).order_by("issued_on", "id")


def public_view(app: Application) -> dict:
    """What the applicant sees on the tracking page and through the public API: never notes,
    handler names, consultation parties or the approval step."""
    state = deadlines.clock_state(app)
    return {
        "tracking_number": app.tracking_number,
        "status": PUBLIC_STATUS[app.status],
        "submitted_on": timezone.localdate(app.submitted_at).isoformat() if app.submitted_at else None,
        "received_on": app.received_on,
        "due_on": app.due_on,
        "provisional": app.due_provisional,
        "paused": bool(state and state.paused),
        "supplement_due_on": app.supplement_due_on if app.status == Status.SUPPLEMENT else None,
        "decided_on": app.decided_on,
        "outcome": app.outcome_info.label if app.outcome_info and app.status == Status.CLOSED else "",
        "body": app.body.letter_name,
    }
