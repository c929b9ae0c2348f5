"""The ways in (Art. 29, 31): submitted online, registered by staff, confirmed, a new query
code, assigned to a unit and handler; and a past case from a bureau's ledger."""

import secrets
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock
from gongkai.core.access import can, require
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.services import lock, next_sequence_value

from .. import notices, workflow
from ..models import Application, ApplicationChannel, Notice, NoticeKind, Remedy, Status
from .applicant import (
    applicant_key,
    check_identity_proof,
    check_query_code,
    clean_applicant,
    clean_request,
    hash_code,
    new_query_code,
)
from .case import AUDITED, add_event, not_after_today, refresh_clock, save_step


def _new(body: DisclosureBody, applicant: dict, request: dict, channel: str, submitted_at: datetime,
         entered_by=None) -> tuple[Application, str]:
    local = timezone.localtime(submitted_at)
    serial = next_sequence_value(body=body, name="application", year=local.year)
    code = new_query_code()
    app = Application(body=body, unit=body.unit, channel=channel, submitted_at=submitted_at,
                      tracking_number=f"{body.unit.code}-{local.year}-{serial:04d}", query_code_hash=hash_code(code),
                      entered_by=entered_by, **applicant, **request)
    app.applicant_key = applicant_key(app.applicant_kind, app.id_type, app.id_number, app.credit_code, app.name)
    return app, code


def _start_clock(app: Application, received_on: date) -> None:
    app.received_on = received_on
    app.clock_start = received_on
    app.status = Status.PROCESSING


def _receipt(app: Application, actor=None, code: str = notices.QUERY_CODE_MASK) -> Notice:
    # The stored receipt carries the mask, never the code: whoever reads the database or the
    # workbench's copy cannot follow, or answer for, the applicant (issue #16, hole 6).
    return notices.issue(app, NoticeKind.RECEIPT, on=app.received_on or timezone.localdate(app.submitted_at),
                         actor=actor, **{"查询码": code})


def receipt_with_code(*, app: Application, code: str, ext: str = "pdf") -> tuple[Notice, bytes]:
    """The receipt as the applicant's copy, with their query code in it, for whoever holds the code
    (the applicant on the page after submitting; staff on the page that shows a new case's code)."""
    if ext not in ("pdf", "docx") or not check_query_code(app, code):
        raise ValidationError("查询码与该申请不符")
    notice = app.notices.filter(kind=NoticeKind.RECEIPT).order_by("-issued_on", "-pk").first()
    if notice is None:
        raise ValidationError("该申请尚未出具受理回执")
    return notice, notices.with_query_code(notice, code.strip().upper(), ext)


@transaction.atomic
def submit_online(*, body: DisclosureBody, data: dict, identity_proof: tuple[str, bytes] | None = None,
                  now: datetime | None = None) -> tuple[Application, str]:
    """The public form and the public API. Art. 31: online applications count from the day both
    sides confirm; by default the acknowledgement shown on submission is that confirmation."""
    applicant, request = clean_application(data)
    now = now or clock.now()
    app, code = _new(body, applicant, request, ApplicationChannel.ONLINE, now)
    if identity_proof:
        name, content = identity_proof
        check_identity_proof(content)
        app.identity_proof, app.identity_proof_name = content, name[-100:]
    if settings.GONGKAI_ONLINE_AUTO_CONFIRM:
        _start_clock(app, timezone.localdate(now))
    save_step(app, actor=None, action="application.submit", before=None,
              event=("submitted", timezone.localdate(now), "网上提交申请" + ("，系统自动确认受理" if app.received_on else "")))
    if app.received_on:
        _receipt(app)
    return app, code

def clean_application(data: dict) -> tuple[dict, dict]:
    """The applicant and the request checked together: every problem at once, per field."""
    errors: dict[str, str] = {}
    applicant = request = {}
    try:
        applicant = clean_applicant(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        request = clean_request(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return applicant, request


# When the receipt date is known at entry, per channel (Art. 31): handed in → that day; e-mail →
# the day the mail system received it; registered post → the day the bureau signed for it (entered).
# An ordinary letter or a fax counts only from the day it is confirmed with the applicant.
NEEDS_CONFIRMATION = {ApplicationChannel.LETTER, ApplicationChannel.FAX}


@transaction.atomic
def register(*, actor: User, unit: Unit, data: dict, channel: str, submitted_at: datetime,
             received_on: date | None = None) -> tuple[Application, str]:
    """Staff entry of an application that came in person, by post, letter, fax, e-mail or otherwise
    (an oral application is written down here, Art. 29)."""
    require(actor, Capability.APPLICATIONS_HANDLE, unit)
    body = unit.disclosure_body()
    if body is None:
        raise ValidationError({"unit": "该单位及其上级均不是公开主体，不能受理申请"})
    if channel not in ApplicationChannel.values or channel == ApplicationChannel.ONLINE:
        raise ValidationError({"channel": "请选择申请渠道（网上申请由申请人在门户网站提交）"})
    applicant, request = clean_application(data)
    app, code = _new(body, applicant, request, channel, submitted_at, entered_by=actor)
    app.unit = unit
    submitted_on = timezone.localdate(submitted_at)
    if channel in (ApplicationChannel.IN_PERSON, ApplicationChannel.EMAIL):
        received_on = received_on or submitted_on
    if channel == ApplicationChannel.REGISTERED_POST and received_on is None:
        raise ValidationError({"received_on": "挂号信以本机关签收之日为收到申请之日，请填写签收日期"})
    if received_on is not None:
        if received_on < submitted_on:
            raise ValidationError({"received_on": "受理日期不能早于提交（收到）日期"})
        if received_on > clock.today():
            raise ValidationError({"received_on": "受理日期不能晚于今天"})
        _start_clock(app, received_on)
    save_step(app, actor=actor, action="application.register", before=None,
              event=("registered", submitted_on, f"登记申请（{app.get_channel_display()}）"
                     + (f"，{notices.cn_date(received_on)}为收到申请之日" if received_on else "，待与申请人确认")))
    if app.received_on:
        _receipt(app, actor)
    return app, code


@transaction.atomic
def confirm_receipt(*, actor: User | None, app: Application, received_on: date) -> Application:
    """Art. 31: the day a letter or fax is confirmed with the applicant (or contact is restored)."""
    lock(app)
    workflow.check("confirm_receipt", app, actor=actor)
    if received_on < timezone.localdate(app.submitted_at):
        raise ValidationError({"received_on": "确认日期不能早于提交（收到）日期"})
    not_after_today(received_on, "received_on", "确认日期")
    before = audit.snapshot(app, AUDITED)
    _start_clock(app, received_on)
    save_step(app, actor=actor, action="application.confirm_receipt", before=before,
              event=("confirmed", received_on, "与申请人确认，开始计算答复期限"))
    # The code given at submission or registration stays the applicant's; the stored receipt shows
    # the mask (`receipt_with_code` renders their copy, `reissue_query_code` replaces a lost code).
    _receipt(app, actor)
    return app


@transaction.atomic
def reissue_query_code(*, actor: User, app: Application) -> str:
    """A new query code (the applicant lost theirs, or never got it): the old one stops working.
    Returned once, to be shown once; only its keyed hash is stored."""
    require(actor, Capability.APPLICATIONS_HANDLE, app.unit)
    code = new_query_code()
    app.query_code_hash = hash_code(code)
    app.save(update_fields=["query_code_hash"])
    audit.record(action="application.reissue_query_code", actor=actor, obj=app, unit=app.unit)
    return code


@transaction.atomic
def assign(*, actor: User, app: Application, unit: Unit, handler: User | None) -> Application:
    lock(app)
    workflow.check("assign", app, actor=actor)
    require(actor, Capability.APPLICATIONS_HANDLE, unit)
    if handler is not None and not can(handler, Capability.APPLICATIONS_HANDLE, unit):
        raise ValidationError({"handler": f"{handler.display_name} 没有办理 {unit.name} 申请的权限"})
    if unit.disclosure_body() != app.body:
        raise ValidationError({"unit": "只能分办给本公开主体所属的单位"})
    before = audit.snapshot(app, AUDITED)
    app.unit, app.handler = unit, handler
    save_step(app, actor=actor, action="application.assign", before=before,
              event=("assigned", clock.today(), f"分办至{unit.name}" + (f"，承办人{handler.display_name}" if handler else "")))
    return app


# The ledger import (台账导入): ledger.py checks every row of the file and the actor's permission, runs
# the whole file in one transaction and records one audit event for it; this writes one checked row.
def import_ledger_row(*, actor: User, body: DisclosureBody, tracking_number: str, applicant_kind: str, name: str,
                      channel: str, received_on: date, description: str = "", outcome: str = "",
                      decided_on: date | None = None, extension_days: int = 0, remedies: list[dict] | None = None,
                      note: str = "") -> Application:
    """A past application from a bureau's ledger. Closed on `decided_on` when the ledger gives an
    outcome, else still open (carried over) with its clock running from `received_on`. Not
    trackable online: the query-code hash is a value no code hashes to."""
    from datetime import time as clock_time
    app = Application(body=body, unit=body.unit, tracking_number=tracking_number, imported=True,
                      query_code_hash="imported:" + secrets.token_hex(16), applicant_kind=applicant_kind, name=name,
                      description=description, channel=channel, entered_by=actor,
                      submitted_at=timezone.make_aware(datetime.combine(received_on, clock_time(9))),
                      received_on=received_on, clock_start=received_on,
                      extension_days=extension_days, extension_requested_days=extension_days)
    app.applicant_key = applicant_key(applicant_kind, "", "", "", name)
    if outcome:
        app.status, app.outcome, app.decided_on, app.closed_on = Status.CLOSED, outcome, decided_on, decided_on
    else:
        app.status = Status.PROCESSING
    refresh_clock(app)  # a closed case's clock stops at its reply: due_on says whether it was late
    app.save()
    add_event(app, "imported", received_on, note or "由申请台账导入", actor)
    for remedy in remedies or []:
        Remedy.objects.create(application=app, recorded_by=actor, **remedy)
    return app
