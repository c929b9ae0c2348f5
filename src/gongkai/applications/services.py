"""Every write of disclosure on application. One function per thing a person (or the daily job)
does; each checks the permission, runs in one transaction, refreshes the clock and writes one
audit event and one timeline entry."""

import logging
import secrets
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gongkai.core import audit, clock, crypto, identity, querycodes
from gongkai.core.access import can, require
from gongkai.core.calendar import get_calendar
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.services import next_sequence_value

from . import fees, notices, outcomes, workflow
from .deadlines import clock_state
from .models import (
    OPEN_STATUSES,
    ApplicantKind,
    Application,
    ApplicationChannel,
    CaseEvent,
    CaseNote,
    Consultation,
    Delivery,
    IdType,
    Notice,
    NoticeKind,
    NoticeTemplate,
    Remedy,
    Reminder,
    Status,
)

A = Application
AUDITED = [
    "status", "unit", "handler", "received_on", "due_on", "due_provisional", "clock_start",
    "supplement_requested_on", "supplement_due_on", "supplement_received_on", "extension_days",
    "extension_approved_on", "reasons_requested_on", "stated_due_on", "fee_method", "fee_amount",
    "fee_notified_on", "fee_due_on", "fee_paid_on", "outcome", "decided_on", "closed_on",
]


# The audit actions that are not steps of `workflow` (a step's is `application.<step name>`).
AUDIT_LABELS = {
    "application.submit": "提交政府信息公开申请",
    "application.register": "登记政府信息公开申请",
    "application.reissue_query_code": "重新生成查询码",
    "application.close": "办结申请",
    "application.satisfaction": "申请人评价",
    "application.identity_proof": "查看申请人身份证明文件",
    "application.import": "导入申请台账",
    "notice_template.update": "修改文书模板",
}

log = logging.getLogger(__name__)


# --- Identity and keys ----------------------------------------------------------------------

def applicant_key(kind: str, id_type: str, id_number: str, credit_code: str, name: str, *,
                  index_key: bytes | None = None) -> str:
    """A keyed hash naming the applicant, for duplicates and the monthly fee count; keyed (with the
    personal-data index key, outside the database) so the stored value cannot be turned back into
    an ID number by trying them all. Migration applications/0004 computes the same. `index_key`
    lets core/keyring.py hold another key against the stored values."""
    ident = credit_code if kind != ApplicantKind.PERSON else f"{id_type}:{id_number}"
    if not ident.strip(":"):
        ident = "name:" + name.strip()
    return crypto.index(ident.upper(), "applicant", key=index_key)


def _hash_code(code: str) -> str:
    return querycodes.digest(code)


def check_query_code(app: Application, code: str) -> bool:
    return querycodes.matches(app.query_code_hash, code)


new_query_code = querycodes.new


APPLICANT_FIELDS = [
    "applicant_kind", "name", "id_type", "id_number", "credit_code", "legal_representative", "contact_name",
    "phone", "email", "address", "postcode",
]
REQUEST_FIELDS = ["description", "document_number", "purpose", "medium", "collection", "items"]


def clean_applicant(data: dict) -> dict:
    """Check an applicant's details (Art. 29); every problem at once, in Chinese, per field."""
    errors: dict[str, str] = {}
    out = {f: (data.get(f) or "") for f in APPLICANT_FIELDS}
    out = {k: (notices.printable(v).strip() if isinstance(v, str) else v) for k, v in out.items()}
    kind = out["applicant_kind"]
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型"
    if not out["name"]:
        errors["name"] = "请填写姓名" if kind == ApplicantKind.PERSON else "请填写单位名称"
    if kind == ApplicantKind.PERSON:
        out["credit_code"] = out["legal_representative"] = ""
        if out["id_type"] not in IdType.values:
            errors["id_type"] = "请选择证件类型"
        elif not out["id_number"]:
            errors["id_number"] = "请填写证件号码"
        elif out["id_type"] == IdType.RESIDENT_ID:
            try:
                out["id_number"] = identity.check_resident_id(out["id_number"])
            except ValueError as exc:
                errors["id_number"] = str(exc)
    elif kind:
        out["id_type"] = out["id_number"] = ""
        try:
            out["credit_code"] = identity.check_credit_code(out["credit_code"])
        except ValueError as exc:
            errors["credit_code"] = str(exc)
        if not out["legal_representative"]:
            errors["legal_representative"] = "请填写法定代表人或负责人"
        if not out["contact_name"]:
            errors["contact_name"] = "请填写联系人"
    if not out["phone"]:
        errors["phone"] = "请填写联系电话"
    else:
        try:
            out["phone"] = identity.check_phone(out["phone"])
        except ValueError as exc:
            errors["phone"] = str(exc)
    if out["email"] and ("@" not in out["email"] or "." not in out["email"].split("@")[-1]):
        errors["email"] = "电子邮箱格式不正确"
    postcode = out["postcode"]
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 6):
        errors["postcode"] = "邮政编码应为6位数字"
    if errors:
        raise ValidationError(errors)
    return out


def clean_request(data: dict) -> dict:
    errors: dict[str, str] = {}
    out = {f: data.get(f) for f in REQUEST_FIELDS}
    for name in ("description", "document_number", "purpose"):
        out[name] = notices.printable(out[name] or "").strip()
    if len(out["description"]) < 4:
        errors["description"] = "请描述所需信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）"
    from .models import Collection, Medium
    out["medium"] = out["medium"] or Medium.PAPER
    out["collection"] = out["collection"] or Collection.POST
    if out["medium"] not in Medium.values:
        errors["medium"] = "请选择获取信息的载体形式"
    if out["collection"] not in Collection.values:
        errors["collection"] = "请选择获取信息的方式"
    try:
        out["items"] = int(out["items"] or 1)
        if not 1 <= out["items"] <= 999:
            raise ValueError
    except (TypeError, ValueError):
        errors["items"] = "申请信息件数应为1至999之间的整数"
    if errors:
        raise ValidationError(errors)
    return out


# --- The clock ------------------------------------------------------------------------------

def _refresh(app: Application) -> None:
    state = clock_state(app)
    if state is None:
        if app.status != Status.CLOSED:
            app.due_on, app.due_provisional = None, False
        return
    app.due_on, app.due_provisional = state.due, state.provisional


def _event(app: Application, kind: str, on: date, text: str, actor=None) -> None:
    CaseEvent.objects.create(application=app, kind=kind, on=on, text=text[:300], due_on=app.due_on,
                             actor=actor if getattr(actor, "pk", None) else None)


def _save(app: Application, *, actor, action: str, before: dict | None, event: tuple[str, date, str] | None):
    if app.pk is None:
        app.save()
    _refresh(app)
    app.save()
    if event:
        _event(app, event[0], event[1], event[2], actor)
    audit.record(action=action, actor=actor, obj=app, before=before, after=audit.snapshot(app, AUDITED),
                 unit=app.unit)


def recompute_application_deadlines() -> int:
    changed = 0
    for app in A.objects.filter(status__in=OPEN_STATUSES).select_related("body"):
        old = (app.due_on, app.due_provisional)
        _refresh(app)
        if (app.due_on, app.due_provisional) != old:
            A.objects.filter(pk=app.pk).update(due_on=app.due_on, due_provisional=app.due_provisional)
            changed += 1
    return changed


def _wd(app: Application, start: date, days: int):
    return get_calendar(app.body.region).add_working_days(start, days)


def _not_after_today(on: date, field: str, label: str) -> None:
    # A step is recorded when it has happened; a future date would also run the clock past the
    # calendar's end (9999-12-31) and fail with an error nobody can read.
    if on > clock.today():
        raise ValidationError({field: f"{label}不能晚于今天"})


# --- Intake (Art. 29, 31) -------------------------------------------------------------------

def _new(body: DisclosureBody, applicant: dict, request: dict, channel: str, submitted_at: datetime,
         entered_by=None) -> tuple[Application, str]:
    local = timezone.localtime(submitted_at)
    serial = next_sequence_value(body=body, name="application", year=local.year)
    code = new_query_code()
    app = A(body=body, unit=body.unit, channel=channel, submitted_at=submitted_at,
            tracking_number=f"{body.unit.code}-{local.year}-{serial:04d}", query_code_hash=_hash_code(code),
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
    _save(app, actor=None, action="application.submit", before=None,
          event=("submitted", timezone.localdate(now), "网上提交申请" + ("，系统自动确认受理" if app.received_on else "")))
    if app.received_on:
        _receipt(app)
    return app, code


def check_identity_proof(content: bytes) -> None:
    """An identity proof is a PDF or an image of at most GONGKAI_IDENTITY_PROOF_MAX_BYTES."""
    from gongkai.core.files.kinds import sniff

    if len(content) > settings.GONGKAI_IDENTITY_PROOF_MAX_BYTES:
        raise ValidationError({"identity_proof": "身份证明文件不能超过 5 MB"})
    if sniff(content) not in {"pdf", "png", "jpeg"}:
        raise ValidationError({"identity_proof": "身份证明文件只能是 PDF、PNG 或 JPEG 格式"})


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
    _save(app, actor=actor, action="application.register", before=None,
          event=("registered", submitted_on, f"登记申请（{app.get_channel_display()}）"
                 + (f"，{notices.cn_date(received_on)}为收到申请之日" if received_on else "，待与申请人确认")))
    if app.received_on:
        _receipt(app, actor)
    return app, code


@transaction.atomic
def confirm_receipt(*, actor: User | None, app: Application, received_on: date) -> Application:
    """Art. 31: the day a letter or fax is confirmed with the applicant (or contact is restored)."""
    workflow.check("confirm_receipt", app, actor=actor)
    if received_on < timezone.localdate(app.submitted_at):
        raise ValidationError({"received_on": "确认日期不能早于提交（收到）日期"})
    _not_after_today(received_on, "received_on", "确认日期")
    before = audit.snapshot(app, AUDITED)
    _start_clock(app, received_on)
    _save(app, actor=actor, action="application.confirm_receipt", before=before,
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
    app.query_code_hash = _hash_code(code)
    app.save(update_fields=["query_code_hash"])
    audit.record(action="application.reissue_query_code", actor=actor, obj=app, unit=app.unit)
    return code


@transaction.atomic
def assign(*, actor: User, app: Application, unit: Unit, handler: User | None) -> Application:
    workflow.check("assign", app, actor=actor)
    require(actor, Capability.APPLICATIONS_HANDLE, unit)
    if handler is not None and not can(handler, Capability.APPLICATIONS_HANDLE, unit):
        raise ValidationError({"handler": f"{handler.display_name} 没有办理 {unit.name} 申请的权限"})
    if unit.disclosure_body() != app.body:
        raise ValidationError({"unit": "只能分办给本公开主体所属的单位"})
    before = audit.snapshot(app, AUDITED)
    app.unit, app.handler = unit, handler
    _save(app, actor=actor, action="application.assign", before=before,
          event=("assigned", clock.today(), f"分办至{unit.name}" + (f"，承办人{handler.display_name}" if handler else "")))
    return app


# --- Supplement (Art. 30) -------------------------------------------------------------------

@transaction.atomic
def request_supplement(*, actor: User, app: Application, items: str, on: date | None = None,
                       period_days: int | None = None) -> Notice:
    """One notice listing everything to supplement; the clock stops until the supplement arrives."""
    workflow.check("request_supplement", app, actor=actor)
    if not items.strip():
        raise ValidationError({"items": "请逐项列明需要补正的事项"})
    on = on or clock.today()
    if on < app.received_on:
        raise ValidationError({"on": "补正通知日期不能早于受理日期"})
    _not_after_today(on, "on", "补正通知日期")
    before = audit.snapshot(app, AUDITED)
    cal = get_calendar(app.body.region)
    app.supplement_late = cal.working_days_between(app.received_on, on) > settings.GONGKAI_SUPPLEMENT_WITHIN_DAYS
    app.supplement_requested_on = on
    app.supplement_items = items.strip()
    app.supplement_due_on = cal.add_working_days(on, period_days or settings.GONGKAI_SUPPLEMENT_PERIOD_DAYS).date
    app.status = Status.SUPPLEMENT
    _save(app, actor=actor, action="application.request_supplement", before=before,
          event=("supplement_requested", on, f"发出补正通知，补正期限{notices.cn_date(app.supplement_due_on)}"
                 + ("（超过收到申请后7个工作日）" if app.supplement_late else "")))
    return notices.issue(app, NoticeKind.SUPPLEMENT, on=on, actor=actor)


@transaction.atomic
def receive_supplement(*, actor: User, app: Application, on: date, text: str = "") -> Application:
    """Art. 30: the 20 working days start again from the day the supplement is received."""
    workflow.check("receive_supplement", app, actor=actor)
    if on < app.supplement_requested_on:
        raise ValidationError({"on": "收到补正日期不能早于补正通知日期"})
    _not_after_today(on, "on", "收到补正日期")
    before = audit.snapshot(app, AUDITED)
    app.supplement_received_on = on
    app.clock_start = on
    app.status = Status.PROCESSING
    if text.strip():
        app.description = app.description + "\n【补正】" + text.strip()
    _save(app, actor=actor, action="application.receive_supplement", before=before,
          event=("supplement_received", on, "收到补正材料，答复期限重新计算"))
    return app


# --- Consultation (Art. 32, 34) -------------------------------------------------------------

@transaction.atomic
def start_consultation(*, actor: User, app: Application, party: str, party_name: str, matter: str,
                       party_address: str = "", on: date | None = None) -> Consultation:
    workflow.check("start_consultation", app, actor=actor)
    if party not in Consultation.Party.values:
        raise ValidationError({"party": "请选择征询对象类型"})
    if not party_name.strip() or not matter.strip():
        raise ValidationError({"party_name": "请填写征询对象和征询事项"})
    on = on or clock.today()
    if on < app.clock_start:
        raise ValidationError({"on": "发出日期不能早于计时起点"})
    _not_after_today(on, "on", "发出日期")
    before = audit.snapshot(app, AUDITED)
    consultation = Consultation.objects.create(
        application=app, party=party, party_name=party_name.strip(), party_address=party_address.strip(),
        matter=matter.strip(), sent_on=on,
        answer_due_on=_wd(app, on, settings.GONGKAI_CONSULTATION_DAYS).date)
    _save(app, actor=actor, action="application.start_consultation", before=before,
          event=("consultation_sent", on, f"向{consultation.party_name}征求意见，期限"
                 f"{notices.cn_date(consultation.answer_due_on)}；征询期间不计入答复期限"))
    notices.issue(app, NoticeKind.CONSULTATION, on=on, actor=actor, addressee=consultation.party_name,
                  consultation=consultation, visible_to_applicant=False,
                  **{"征询对象": consultation.party_name, "征询事项": consultation.matter,
                     "征询期限": notices.cn_date(consultation.answer_due_on)})
    return consultation


@transaction.atomic
def record_consultation_answer(*, actor: User | None, consultation: Consultation, on: date, opinion: str,
                               text: str = "") -> Consultation:
    app = consultation.application
    workflow.check("record_consultation_answer", app, actor=actor)
    if consultation.answered_on:
        raise ValidationError("该征询已登记意见")
    if opinion not in Consultation.Opinion.values:
        raise ValidationError({"opinion": "请选择意见"})
    if on < consultation.sent_on:
        raise ValidationError({"on": "收到意见日期不能早于发出日期"})
    if opinion == Consultation.Opinion.SILENT:
        # Art. 32/34: silence counts only once the 15 working days have run out; before that
        # the reply must wait (the daily job records it the day after the period ends).
        if actor is not None and clock.today() <= consultation.answer_due_on:
            raise ValidationError({"opinion": f"征询期限（{notices.cn_date(consultation.answer_due_on)}）"
                                              "届满前不能登记为逾期未答复"})
        on = consultation.answer_due_on  # the pause ends when the period runs out
    else:
        _not_after_today(on, "on", "收到意见日期")
        # A late answer does not extend the pause beyond the statutory 15 days.
        on = min(on, consultation.answer_due_on)
    before = audit.snapshot(app, AUDITED)
    consultation.answered_on, consultation.opinion, consultation.opinion_text = on, opinion, text.strip()
    consultation.save()
    silence = ""
    if opinion == Consultation.Opinion.SILENT:
        silence = ("，其他机关逾期未提出意见，视为同意公开" if consultation.party == Consultation.Party.AGENCY
                   else "，第三方逾期未提出意见，由本机关依法决定是否公开")
    _save(app, actor=actor, action="application.record_consultation_answer", before=before,
          event=("consultation_answered", on, f"{consultation.party_name}：{consultation.get_opinion_display()}{silence}"))
    return consultation


# --- Fees (Art. 42) -------------------------------------------------------------------------

def items_before_this_month(app: Application) -> int:
    """Items the same applicant asked for earlier in the same calendar month (per-item counting)."""
    if not app.received_on:
        return 0
    month = app.received_on.replace(day=1)
    earlier = A.objects.filter(applicant_key=app.applicant_key, received_on__gte=month,
                               received_on__lte=app.received_on).exclude(pk=app.pk)
    earlier = earlier.exclude(received_on=app.received_on, pk__gt=app.pk)
    return earlier.aggregate(n=Sum("items"))["n"] or 0


def fee_bands(app: Application, method: str, quantity: int) -> list[fees.Band]:
    cfg = settings.GONGKAI_FEES
    if method == fees.Method.PER_ITEM:
        return fees.per_item(quantity, items_before_this_month(app), cfg)
    if method == fees.Method.PER_PAGE:
        return fees.per_page(quantity, cfg)
    raise ValidationError({"method": "请选择计费方式"})


FEE_MAX_QUANTITY = 100000
FEE_MAX_AMOUNT = 2**31 - 1


@transaction.atomic
def notify_fee(*, actor: User, app: Application, method: str, quantity: int, on: date | None = None) -> Notice:
    """The fee notice goes out within the reply period; one method per application."""
    workflow.check("notify_fee", app, actor=actor)
    if quantity < 1:
        raise ValidationError({"quantity": "计费数量应为正整数"})
    if quantity > FEE_MAX_QUANTITY:
        # The bands are counted one by one: an absurd number would hold the server for minutes.
        raise ValidationError({"quantity": f"计费数量不能超过{FEE_MAX_QUANTITY}"})
    on = on or clock.today()
    _not_after_today(on, "on", "收费通知日期")
    bands = fee_bands(app, method, quantity)
    amount = fees.total(bands)
    if amount == 0:
        raise ValidationError({"quantity": "按该数量计算不收费（在免费额度内），无须发出收费通知"})
    if amount > FEE_MAX_AMOUNT:
        # fee_amount is a 32-bit column on PostgreSQL; past it the save would fail unexplained.
        raise ValidationError({"quantity": f"按该数量计算的金额超过{FEE_MAX_AMOUNT}元，请核对计费数量"})
    before = audit.snapshot(app, AUDITED)
    app.fee_method, app.fee_quantity, app.fee_amount, app.fee_notified_on = method, quantity, amount, on
    # Until delivery is recorded, count the payment period from the day the notice went out.
    app.fee_due_on = _wd(app, on, settings.GONGKAI_FEE_PAYMENT_DAYS).date
    _save(app, actor=actor, action="application.notify_fee", before=before,
          event=("fee_notified", on, f"发出收费通知，{amount}元"))
    unit = "件" if method == fees.Method.PER_ITEM else "页"
    detail = "；".join(fees.describe(bands, unit))
    return notices.issue(app, NoticeKind.FEE, on=on, actor=actor, **{
        "收费明细": f"{dict(fees.Method.CHOICES)[method]}，{detail}",
        "缴费期限": "自收到本通知次日起20个工作日内缴纳"})


@transaction.atomic
def record_payment(*, actor: User, app: Application, on: date) -> Application:
    workflow.check("record_payment", app, actor=actor)
    if on < app.fee_notified_on:
        raise ValidationError({"on": "缴费日期不能早于收费通知日期"})
    _not_after_today(on, "on", "缴费日期")
    before = audit.snapshot(app, AUDITED)
    app.fee_paid_on = on
    _save(app, actor=actor, action="application.record_payment", before=before,
          event=("fee_paid", on, f"申请人缴纳信息处理费{app.fee_amount}元，恢复计时"))
    return app


# --- Extension (Art. 33) and excessive applications (Art. 35) ------------------------------

@transaction.atomic
def request_extension(*, actor: User, app: Application, days: int, reason: str) -> Application:
    workflow.check("request_extension", app, actor=actor)
    if not 1 <= days <= settings.GONGKAI_EXTENSION_MAX_DAYS:
        raise ValidationError({"days": f"延长期限为1至{settings.GONGKAI_EXTENSION_MAX_DAYS}个工作日（条例第三十三条）"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明延期理由"})
    before = audit.snapshot(app, AUDITED)
    app.extension_reason = reason.strip()
    app.extension_requested_by = actor
    app.extension_requested_days = days
    _save(app, actor=actor, action="application.request_extension", before=before,
          event=("extension_requested", clock.today(), f"申请延期{days}个工作日，待公开办负责人批准"))
    return app


@transaction.atomic
def approve_extension(*, actor: User, app: Application, on: date | None = None) -> Notice:
    """Approved by the head of the disclosure office (applications.approve), with a notice."""
    on = on or clock.today()
    _not_after_today(on, "on", "批准日期")
    workflow.check("approve_extension", app, actor=actor, on=on)
    days = workflow.pending_extension_days(app)
    before = audit.snapshot(app, AUDITED)
    app.extension_days, app.extension_approved_by, app.extension_approved_on = days, actor, on
    _save(app, actor=actor, action="application.approve_extension", before=before,
          event=("extended", on, f"批准延期{days}个工作日"))
    return notices.issue(app, NoticeKind.EXTENSION, on=on, actor=actor)


@transaction.atomic
def request_reasons(*, actor: User, app: Application, on: date | None = None) -> Notice:
    workflow.check("request_reasons", app, actor=actor)
    on = on or clock.today()
    _not_after_today(on, "on", "通知日期")
    before = audit.snapshot(app, AUDITED)
    app.reasons_requested_on = on
    _save(app, actor=actor, action="application.request_reasons", before=before,
          event=("reasons_requested", on, "申请数量、频次明显超过合理范围，要求申请人说明理由（条例第三十五条）"))
    return notices.issue(app, NoticeKind.REASONS, on=on, actor=actor)


@transaction.atomic
def record_reasons(*, actor: User, app: Application, text: str, reasonable: bool,
                   stated_due_on: date | None = None) -> Application:
    """Art. 35: reasonable → the bureau may set a longer, stated deadline; unreasonable → the
    handler replies 不予处理 4 through `decide`."""
    workflow.check("record_reasons", app, actor=actor)
    if not text.strip():
        raise ValidationError({"text": "请填写申请人说明的理由"})
    before = audit.snapshot(app, AUDITED)
    app.reasons_text = text.strip()
    if reasonable and stated_due_on:
        if app.due_on and stated_due_on <= app.due_on:
            raise ValidationError({"stated_due_on": "另行确定的期限应晚于现行答复期限"})
        app.stated_due_on = stated_due_on
    _save(app, actor=actor, action="application.record_reasons", before=before,
          event=("reasons_recorded", clock.today(), "理由合理" + (f"，答复期限确定为{notices.cn_date(stated_due_on)}"
                                                           if reasonable and stated_due_on else "")
                 if reasonable else "理由不合理，拟不予处理"))
    return app


# --- The reply (Art. 36–39) -----------------------------------------------------------------

def possible_duplicates(app: Application):
    """Earlier decided applications by the same applicant for the same information (Art. 36(六))."""
    from difflib import SequenceMatcher
    mine = "".join(app.description.split())
    hits = []
    for other in (A.objects.filter(applicant_key=app.applicant_key, decided_on__isnull=False)
                  .exclude(pk=app.pk).exclude(outcome__in=["repeat", "no_supplement", "no_fee", "other"])
                  .order_by("-decided_on")[:50]):
        theirs = "".join(other.description.split())
        if mine == theirs or SequenceMatcher(None, mine, theirs).ratio() >= 0.8:
            hits.append(other)
    return hits


@transaction.atomic
def decide(*, actor: User, app: Application, outcome: str, reply_text: str = "", reason_text: str = "",
           withheld_reasons: list[str] | None = None, referral_agency: str = "", referral_contact: str = "",
           earlier: Application | None = None, on_the_spot: bool = False) -> Application:
    """The handler's reply. With approval configured it waits for a leader; otherwise it is issued."""
    workflow.check("decide", app, actor=actor)
    info = outcomes.BY_CODE.get(outcome)
    if info is None or info not in outcomes.DECIDABLE:
        raise ValidationError({"outcome": "请选择办理结果"})
    errors: dict[str, str] = {}
    withheld_reasons = [r for r in (withheld_reasons or []) if r]
    if info.needs_reason and not reason_text.strip():
        errors["reason_text"] = f"“{info.label}”须说明理由"
    if info.code in ("published", "disclosed", "partial") and not reply_text.strip():
        errors["reply_text"] = "请写明公开的内容或获取的方式、途径和时间"
    if info.code == "partial":
        valid = {o.code for o in outcomes.WITHHOLDING}
        if not withheld_reasons or any(r not in valid for r in withheld_reasons):
            errors["withheld_reasons"] = "部分公开须选择不予公开部分的理由（条例第十四至十六条）"
    if info.code == "not_ours" and (not referral_agency.strip() or not referral_contact.strip()):
        errors["referral_agency"] = "须告知负责公开该信息的机关名称及联系方式（条例第三十六条第（五）项）"
    if info.code == "repeat" and earlier is None:
        errors["earlier"] = "重复申请须指明此前的申请"
    elif info.code == "repeat" and (earlier.pk == app.pk or earlier.applicant_key != app.applicant_key
                                    or not earlier.decided_on):
        # The notice says "you asked before and were answered": only true of such a case.
        errors["earlier"] = "此前的申请须为同一申请人已经答复的另一件申请"
    if info.code == "excessive" and not app.reasons_requested_on:
        errors["outcome"] = "以“无正当理由大量反复申请”不予处理前，应先要求申请人说明理由（条例第三十五条）"
    if info.code == "still_unclear" and not app.supplement_received_on:
        errors["outcome"] = "“补正后申请内容仍不明确”只适用于已经补正的申请"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(app, AUDITED)
    app.outcome = info.code
    app.reply_text, app.reason_text = reply_text.strip(), reason_text.strip()
    app.withheld_reasons = withheld_reasons if info.code == "partial" else []
    app.referral_agency, app.referral_contact = referral_agency.strip(), referral_contact.strip()
    app.earlier = earlier if info.code == "repeat" else None
    app.on_the_spot = on_the_spot
    app.decided_by = actor
    if on_the_spot or not settings.GONGKAI_REPLY_APPROVAL:
        _save(app, actor=actor, action="application.decide", before=before,
              event=("decided", clock.today(), f"拟定答复：{info.label}"))
        _issue_reply(app, actor)
    else:
        app.status = Status.APPROVAL
        _save(app, actor=actor, action="application.decide", before=before,
              event=("decided", clock.today(), f"拟定答复：{info.label}，报领导审批"))
    return app


@transaction.atomic
def approve_reply(*, actor: User, app: Application) -> Notice:
    workflow.check("approve_reply", app, actor=actor)
    app.approved_by = actor
    return _issue_reply(app, actor)


@transaction.atomic
def return_reply(*, actor: User, app: Application, comment: str) -> Application:
    workflow.check("return_reply", app, actor=actor)
    if not comment.strip():
        raise ValidationError({"comment": "请写明退回意见"})
    before = audit.snapshot(app, AUDITED)
    app.status = Status.PROCESSING
    CaseNote.objects.create(application=app, author=actor, text=f"【审批退回】{comment.strip()}")
    _save(app, actor=actor, action="application.return_reply", before=before,
          event=("reply_returned", clock.today(), "答复被退回修改"))
    return app


def _issue_reply(app: Application, actor, on: date | None = None) -> Notice:
    on = on or clock.today()
    before = audit.snapshot(app, AUDITED)
    info = app.outcome_info
    extra = {}
    if info.code == "partial":
        labels = "、".join(outcomes.BY_CODE[r].label.removeprefix("不予公开：") for r in app.withheld_reasons)
        extra["理由"] = app.reason_text + (f"（{labels}）" if labels else "")
    notice = notices.issue(app, info.notice, on=on, actor=actor, **extra)
    # Freeze the clock figures as of the reply, then close.
    app.decided_on = on
    _refresh(app)
    app.status = Status.CLOSED
    app.closed_on = on
    app.save()
    _event(app, "closed", on, f"出具{notice.title}（{notice.number}），办结", actor)
    audit.record(action="application.close", actor=actor, obj=app, before=before,
                 after={**audit.snapshot(app, AUDITED), "notice": notice.number, "sha256": notice.sha256},
                 unit=app.unit)
    return notice


@transaction.atomic
def close_if_lapsed(*, app: Application, on: date, actor=None) -> Notice | None:
    """其他处理 1 and 2: no supplement, or no payment, in time (`workflow.lapsed`). Called by the
    daily job, and by `close_lapsed` when staff do not wait for it; None if nothing has lapsed."""
    outcome = workflow.lapsed(app, on)
    if outcome == "no_supplement":
        app.reason_text = (f"本机关于{notices.cn_date(app.supplement_requested_on)}向您发出补正通知，"
                           f"您未在{notices.cn_date(app.supplement_due_on)}前补正，视为放弃申请。")
    elif outcome == "no_fee":
        app.reason_text = f"您未在{notices.cn_date(app.fee_due_on)}前缴纳信息处理费，视为放弃申请。"
    else:
        return None
    app.outcome = outcome
    app.reply_text = "本机关不再处理该政府信息公开申请。"
    return _issue_reply(app, actor, on)


# --- Delivery, notes, remedies, follow-up ---------------------------------------------------

@transaction.atomic
def record_delivery(*, actor: User, notice: Notice, method: str, on: date, tracking_number: str = "",
                    recipient: str = "") -> Delivery:
    app = notice.application
    workflow.check("record_delivery", app, actor=actor)
    if method not in Delivery.Method.values:
        raise ValidationError({"method": "请选择送达方式"})
    if on < notice.issued_on:
        raise ValidationError({"on": "送达日期不能早于文书成文日期"})
    if on > clock.today():
        raise ValidationError({"on": "送达日期不能晚于今天"})
    if method == Delivery.Method.POST and not tracking_number.strip():
        raise ValidationError({"tracking_number": "邮寄送达请填写邮件单号"})
    delivery = Delivery.objects.create(notice=notice, method=method, delivered_on=on,
                                       tracking_number=tracking_number.strip(), recipient=recipient.strip(),
                                       recorded_by=actor)
    before = audit.snapshot(app, AUDITED)
    if notice.kind == NoticeKind.FEE and not app.fee_notice_received_on:
        # The 20 working days to pay run from the day after the notice is received.
        app.fee_notice_received_on = on
        app.fee_due_on = _wd(app, on, settings.GONGKAI_FEE_PAYMENT_DAYS).date
    _save(app, actor=actor, action="application.record_delivery", before=before,
          event=("delivered", on, f"{notice.title}（{notice.number}）{delivery.get_method_display()}"
                 + (f"，单号{delivery.tracking_number}" if delivery.tracking_number else "")))
    return delivery


@transaction.atomic
def add_note(*, actor: User, app: Application, text: str) -> CaseNote:
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
    _event(app, "remedy", filed_on, f"{remedy.get_kind_display()}（{remedy.authority}）：{remedy.get_result_display()}",
           actor)
    return remedy


@transaction.atomic
def record_satisfaction(*, app: Application, value: str, comment: str = "") -> Application:
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
    notices.check_template(body)
    row = NoticeTemplate.objects.filter(kind=kind).first()
    before = {"title": row.title, "body": row.body} if row else {
        "title": notices.DEFAULTS[kind][0], "body": "\n".join(notices.DEFAULTS[kind][1])}
    row = row or NoticeTemplate(kind=kind)
    row.title, row.body, row.updated_by = title.strip(), body.strip(), actor
    row.save()
    audit.record(action="notice_template.update", actor=actor, obj=row, before=before,
                 after={"title": row.title, "body": row.body})
    return row


# --- The daily job --------------------------------------------------------------------------

def daily(on: date | None = None) -> dict[str, int]:
    """Run once a day (django-q schedule, `gongkai applications daily`): close lapsed supplement
    and fee waits, end silent consultations, write reminders."""
    on = on or clock.today()
    closed = silent = 0
    # Each case in its own transaction; one whose notice cannot be issued (a character no font
    # has) is logged and left to staff, and the others go on.
    for app in A.objects.filter(status__in=[Status.SUPPLEMENT, Status.PROCESSING]).select_related("body"):
        try:
            if close_if_lapsed(app=app, on=on):
                closed += 1
        except ValidationError:
            log.exception("daily: %s could not be closed", app.tracking_number)
    for consultation in Consultation.objects.filter(answered_on__isnull=True, answer_due_on__lt=on,
                                                    application__status=Status.PROCESSING):
        try:
            record_consultation_answer(actor=None, consultation=consultation, on=consultation.answer_due_on,
                                       opinion=Consultation.Opinion.SILENT)
            silent += 1
        except ValidationError:
            log.exception("daily: the silence of consultation %s could not be recorded", consultation.pk)
    return {"closed": closed, "silent": silent, "reminders": send_reminders(on)}


def send_reminders(on: date) -> int:
    """Reminders to the handler and the office at 5 and 1 working days before the due date, and
    when overdue; one per person, kind and due date (re-sent only if the due date moves)."""
    from gongkai.core.models import Role
    office_roles = [r.pk for r in Role.objects.filter(scope=Role.Scope.ALL)
                    if Capability.APPLICATIONS_APPROVE in r.capabilities]
    office = list(User.objects.filter(is_active=True, roles__in=office_roles).distinct())
    written = 0
    for app in A.objects.filter(status__in=[Status.PROCESSING, Status.APPROVAL], due_on__isnull=False) \
            .select_related("body", "handler"):
        state = clock_state(app, on)
        if state is None:
            continue
        if state.remaining < 0:
            kind = Reminder.Kind.OVERDUE
        elif state.remaining <= min(settings.GONGKAI_REMINDER_DAYS):
            kind = Reminder.Kind.ONE_DAY
        elif state.remaining <= max(settings.GONGKAI_REMINDER_DAYS):
            kind = Reminder.Kind.FIVE_DAYS
        else:
            continue
        people = ([app.handler] if app.handler else []) + office
        for person in people:
            _, created = Reminder.objects.get_or_create(application=app, user=person, kind=kind, due_on=state.due)
            written += created
    return written


# --- Workbench additions (staff pages) ------------------------------------------------------

audit.ACTION_LABELS.update({"application.identity_proof": "查看申请人身份证明文件"})


@transaction.atomic
def close_lapsed(*, actor: User, app: Application) -> Notice:
    """Staff close a case whose supplement or fee period has run out, without waiting for the
    daily job."""
    on = clock.today()
    workflow.check("close_lapsed", app, actor=actor, on=on)
    return close_if_lapsed(app=app, on=on, actor=actor)


def record_conversion(*, actor: User, app: Application, kind: str, text: str) -> None:
    """Art. 39: the application's side of a conversion to or from a mailbox letter, on its
    timeline. Called inside the mailbox's conversion, which writes the letter's side and the audit."""
    if kind not in ("from_letter", "to_letter"):
        raise ValueError(f"not a conversion: {kind}")
    _event(app, kind, clock.today(), text, actor)


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


# --- Ledger import (台账导入) ----------------------------------------------------------------
# Used by ledger.py, which checks every row of the file and the actor's permission, runs the
# whole file in one transaction and records one audit event for it; this writes one checked row.

def import_ledger_row(*, actor: User, body: DisclosureBody, tracking_number: str, applicant_kind: str, name: str,
                      channel: str, received_on: date, description: str = "", outcome: str = "",
                      decided_on: date | None = None, extension_days: int = 0, remedies: list[dict] | None = None,
                      note: str = "") -> Application:
    """A past application from a bureau's ledger. Closed on `decided_on` when the ledger gives an
    outcome, else still open (carried over) with its clock running from `received_on`. Not
    trackable online: the query-code hash is a value no code hashes to."""
    from datetime import time as clock_time
    app = A(body=body, unit=body.unit, tracking_number=tracking_number, imported=True,
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
    _refresh(app)  # a closed case's clock stops at its reply: due_on says whether it was late
    app.save()
    _event(app, "imported", received_on, note or "由申请台账导入", actor)
    for remedy in remedies or []:
        Remedy.objects.create(application=app, recorded_by=actor, **remedy)
    return app
