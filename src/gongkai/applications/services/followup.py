"""After the notices go out: their delivery, notes, remedies (复议、诉讼), the applicant's
satisfaction, the timeline of a conversion to or from a mailbox letter, a look at the identity
proof, reminders read; and the bureau's wording of its notices."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.access import can, require
from gongkai.core.models import User
from gongkai.core.permissions import Capability
from gongkai.core.services import lock

from .. import notices, workflow
from ..models import (
    Application,
    CaseNote,
    Delivery,
    Notice,
    NoticeKind,
    NoticeTemplate,
    Remedy,
    Reminder,
    Status,
)
from .case import AUDITED, add_event, save_step, working_days
from .handling import consultation_received


@transaction.atomic
def record_delivery(*, actor: User, notice: Notice, method: str, on: date, tracking_number: str = "",
                    recipient: str = "", posted_on: date | None = None) -> Delivery:
    """送达 (regulation.md §3): `on` is the day the notice reached the addressee (signed for in
    person or by post, sent electronically); a period the addressee has runs from it. By post the
    posting day is recorded as well."""
    app = notice.application
    lock(app)
    workflow.check("record_delivery", app, actor=actor)
    if method not in Delivery.Method.values:
        raise ValidationError({"method": "请选择送达方式"})
    if on < notice.issued_on:
        raise ValidationError({"on": "送达日期不能早于文书成文日期"})
    if on > clock.today():
        raise ValidationError({"on": "送达日期不能晚于今天"})
    if method == Delivery.Method.POST and not tracking_number.strip():
        raise ValidationError({"tracking_number": "邮寄送达请填写邮件单号"})
    if method != Delivery.Method.POST:
        posted_on = None
    elif posted_on is not None and not notice.issued_on <= posted_on <= on:
        raise ValidationError({"posted_on": "交邮日期应在文书成文日期与收件人签收日期之间"})
    delivery = Delivery.objects.create(notice=notice, method=method, delivered_on=on, posted_on=posted_on,
                                       tracking_number=tracking_number.strip(), recipient=recipient.strip(),
                                       recorded_by=actor)
    before = audit.snapshot(app, AUDITED)
    if notice.consultation_id:
        consultation_received(notice.consultation, on)
    if notice.kind == NoticeKind.FEE and not app.fee_notice_received_on:
        # The 20 working days to pay run from the day after the notice is received.
        app.fee_notice_received_on = on
        app.fee_due_on = working_days(app, on, settings.GONGKAI_FEE_PAYMENT_DAYS).date
    save_step(app, actor=actor, action="application.record_delivery", before=before,
              event=("delivered", on, f"{notice.title}（{notice.number}）{delivery.get_method_display()}"
                     + (f"，单号{delivery.tracking_number}" if delivery.tracking_number else "")))
    return delivery


@transaction.atomic
def add_note(*, actor: User, app: Application, text: str) -> CaseNote:
    lock(app)
    workflow.check("add_note", app, actor=actor)
    if not text.strip():
        raise ValidationError({"text": "请填写备注内容"})
    note = CaseNote.objects.create(application=app, author=actor, text=text.strip())
    audit.record(action="application.add_note", actor=actor, obj=app, after={"note": note.pk}, unit=app.unit)
    return note


@transaction.atomic
def record_remedy(*, actor: User, app: Application, kind: str, authority: str, filed_on: date,
                  case_number: str = "", result: str = Remedy.Result.PENDING, concluded_on: date | None = None,
                  summary: str = "", remedy: Remedy | None = None) -> Remedy:
    lock(app)
    workflow.check("record_remedy", app, actor=actor)
    errors = {}
    if kind not in Remedy.Kind.values:
        errors["kind"] = "请选择复议或诉讼类型"
    if not authority.strip():
        errors["authority"] = "请填写复议机关或法院"
    if result not in Remedy.Result.values:
        errors["result"] = "请选择结果"
    elif result != Remedy.Result.PENDING and not concluded_on:
        errors["concluded_on"] = "已审结的请填写审结日期"
    if concluded_on and concluded_on < filed_on:
        errors["concluded_on"] = "审结日期不能早于申请（起诉）日期"
    if app.decided_on and filed_on < app.decided_on:
        errors["filed_on"] = "申请复议或起诉的日期不能早于答复日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(remedy) if remedy else None
    remedy = remedy or Remedy(application=app, recorded_by=actor)
    remedy.kind, remedy.authority, remedy.filed_on = kind, authority.strip(), filed_on
    remedy.case_number, remedy.result, remedy.concluded_on, remedy.summary = (
        case_number.strip(), result, concluded_on if result != Remedy.Result.PENDING else None, summary.strip())
    remedy.save()
    audit.record(action="application.record_remedy", actor=actor, obj=remedy, before=before,
                 after=audit.snapshot(remedy), unit=app.unit)
    add_event(app, "remedy", filed_on, f"{remedy.get_kind_display()}（{remedy.authority}）：{remedy.get_result_display()}",
              actor)
    return remedy


@transaction.atomic
def record_satisfaction(*, app: Application, value: str, comment: str = "") -> Application:
    lock(app)
    if app.status != Status.CLOSED:
        raise ValidationError("申请办结后才能评价")
    if app.satisfaction:
        raise ValidationError("您已评价过本次办理")
    if value not in {"satisfied", "basic", "unsatisfied"}:
        raise ValidationError({"satisfaction": "请选择满意程度"})
    app.satisfaction, app.satisfaction_comment = value, comment.strip()[:500]
    app.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    audit.record(action="application.satisfaction", obj=app, after={"satisfaction": value}, unit=app.unit)
    return app


@transaction.atomic
def save_notice_template(*, actor: User, kind: str, title: str, body: str) -> NoticeTemplate:
    # The wording binds the whole bureau: the office (approve, all units) or an administrator.
    if not (can(actor, Capability.APPLICATIONS_APPROVE, None) or can(actor, Capability.ROLES_MANAGE, None)):
        raise PermissionDenied("只有政务公开办或系统管理员可以修改文书模板")
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": "未知的文书类型"})
    if not title.strip():
        raise ValidationError({"title": "请填写标题"})
    notices.check_template(body, kind)
    row = NoticeTemplate.objects.filter(kind=kind).first()
    before = {"title": row.title, "body": row.body} if row else {
        "title": notices.DEFAULTS[kind][0], "body": "\n".join(notices.DEFAULTS[kind][1])}
    row = row or NoticeTemplate(kind=kind)
    row.title, row.body, row.updated_by = title.strip(), body.strip(), actor
    row.save()
    audit.record(action="notice_template.update", actor=actor, obj=row, before=before,
                 after={"title": row.title, "body": row.body})
    return row


def record_conversion(*, actor: User, app: Application, kind: str, text: str) -> None:
    """Art. 39: the application's side of a conversion to or from a mailbox letter, on its
    timeline. Called inside the mailbox's conversion, which writes the letter's side and the audit."""
    if kind not in ("from_letter", "to_letter"):
        raise ValueError(f"not a conversion: {kind}")
    add_event(app, kind, clock.today(), text, actor)


@transaction.atomic
def identity_proof_for(*, actor: User, app: Application) -> tuple[str, bytes]:
    """The applicant's identity document, for staff who may see personal data; every look is audited."""
    require(actor, Capability.APPLICATIONS_VIEW_PERSONAL, app.unit)
    if not app.identity_proof:
        raise ValidationError("该申请没有上传身份证明文件")
    audit.record(action="application.identity_proof", actor=actor, obj=app, after={"file": app.identity_proof_name},
                 unit=app.unit)
    return app.identity_proof_name or "identity-proof", bytes(app.identity_proof)


def mark_reminders_read(*, actor: User, app: Application) -> int:
    """The reader opened the case: their reminders about it are read."""
    return Reminder.objects.filter(application=app, user=actor, read_at__isnull=True).update(read_at=clock.now())
