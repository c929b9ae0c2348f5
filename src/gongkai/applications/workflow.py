"""The steps of handling an application, each written once.

A step's `name` is everywhere the same: the service function that takes it
(`services.request_supplement`), the API action (`POST /api/v1/staff/applications/<id>/request_supplement/`),
the audit action (`application.request_supplement`) and the workbench form (`#step-request_supplement`).

Each guard `blocked(app, on, actor)` says, in the words shown to staff, why the step cannot be
taken on `on` given what the case has stored, or returns "" when it can (the frame, with the
capability and four-eyes checks, is `core/workflow.py`). Who may take it is the step's capability on
the case's unit, and for approvals the four-eyes rule (`core/four_eyes.py`): the drafter of a
reply neither approves nor returns it (`reply_four_eyes`), the handler who asked for an extension
does not approve it (`extension_four_eyes`). What the person types in (dates, amounts, texts) is
checked by the service itself.

Services call `check(...)` first; the workbench draws its panels and the API lists its actions
from `offers(...)`, so page, API and service cannot disagree."""

from collections.abc import Callable
from datetime import date

from django.conf import settings

from gongkai.core import four_eyes
from gongkai.core.permissions import Capability
from gongkai.core.workflow import Step, Workflow, first, never, table

from . import regimes
from .deadlines import overdue, supplement_days_late
from .models import Application, Status

HANDLE, APPROVE = Capability.APPLICATIONS_HANDLE, Capability.APPLICATIONS_APPROVE
CLOSED = "该申请已办结，不能再办理"


# --- The facts the guards read --------------------------------------------------------------

def pending_extension_days(app: Application) -> int | None:
    """The working days of an extension asked for and not yet approved (Art. 33)."""
    if not app.extension_requested_days or app.extension_days:
        return None
    return app.extension_requested_days


def lapsed(app: Application, on: date) -> str | None:
    """其他处理 1 and 2 of the annual report: the applicant let the supplement period or the fee
    period run out (Art. 30, 42). The outcome code, or None."""
    if app.status == Status.SUPPLEMENT and app.supplement_due_on and on > app.supplement_due_on:
        return "no_supplement"
    if (app.status == Status.PROCESSING and app.fee_notified_on and not app.fee_paid_on
            and app.fee_due_on and on > app.fee_due_on):
        return "no_fee"
    return None


# What every reply tells the applicant (行政复议法 Art. 20 and 23, 行政诉讼法 Art. 46): where to ask for
# reconsideration and to which court to go. Named by the body's settings, never guessed.
REMEDY_SETTINGS = (("reconsideration_authority", "行政复议机关"), ("litigation_court", "行政诉讼管辖法院"))


def remedy_unset(app: Application) -> str:
    """Why no reply can be issued in the name of this case's body: the reconsideration authority or
    the court is not set ("" when both are)."""
    body = app.body
    missing = [label for field, label in REMEDY_SETTINGS if not getattr(body, field, "").strip()]
    if not missing:
        return ""
    names = "”和“".join(missing)
    return (f"{body.letter_name}尚未设置“{names}”，答复文书无法告知申请人救济途径，不能出具答复。"
            f"请系统管理员在“单位与公开主体”中打开本机关的“公开主体设置”填写“{names}”。")


def reply_four_eyes(app: Application, user) -> four_eyes.Verdict:
    """四眼原则: the reply's drafter neither approves nor returns it."""
    return four_eyes.judge(actor=user.pk, authors={app.decided_by_id}, taken=[], own="本人拟定的答复")


def extension_four_eyes(app: Application, user) -> four_eyes.Verdict:
    """四眼原则: Art. 33's approval is someone else's than the handler's who asked for it."""
    return four_eyes.judge(actor=user.pk, authors={app.extension_requested_by_id}, taken=[],
                           own="本人申请的延期")


# --- The guards: the first reason that applies, or "" ---------------------------------------

def _processing(message: str) -> Callable[[Application, date, object], str]:
    return lambda app, on, actor=None: first((app.status != Status.PROCESSING, message))


def _confirm(app, on, actor=None):
    return first((app.status != Status.AWAITING_CONFIRMATION, "该申请已确认受理"))


def _open(app, on, actor=None):
    return first((app.status == Status.CLOSED, CLOSED))


def _request_supplement(app, on, actor=None):
    # Art. 30: everything to be supplemented is asked for at once, so only once.
    return first((bool(app.supplement_requested_on), "《条例》第三十条要求一次性告知补正事项，本申请已发出过补正通知"),
                  (app.status != Status.PROCESSING, "只有办理中的申请可以要求补正"),
                  (app.body.refuse_late_supplement and app.received_on is not None
                   and supplement_days_late(app, on) > 0,
                   "收到申请已超过7个工作日，本机关设定不再发出补正通知（《条例》第三十条）"))


def _receive_supplement(app, on, actor=None):
    return first((app.status != Status.SUPPLEMENT, "该申请没有待补正的通知"))


def _record_consultation_answer(app, on, actor=None):
    return first((app.status == Status.CLOSED, CLOSED),
                  (app.pk is None or not app.consultations.filter(answered_on=None).exists(), "没有待登记意见的征询"))


def _notify_fee(app, on, actor=None):
    return first((app.status != Status.PROCESSING, "只有办理中的申请可以收费"),
                  (bool(app.fee_notified_on), "本申请已发出收费通知；一件申请只能选择一种计费方式、发出一次收费通知"),
                  # 国办函〔2020〕109号: the fee notice goes out within the reply period, never after it.
                  (overdue(app, on), "答复期限已过，不能再发出收费通知（收费通知应在答复期限内发出）"))


def _record_payment(app, on, actor=None):
    return first((app.status == Status.CLOSED, CLOSED),
                  (not app.fee_notified_on or bool(app.fee_paid_on), "该申请没有待缴的信息处理费"))


def _request_extension(app, on, actor=None):
    # Art. 33 (2008: Art. 24): once, at most 20 (2008: 15) working days, and before the reply is late.
    law = regimes.of(app.received_on)
    return first((app.status != Status.PROCESSING, "只有办理中的申请可以申请延期"),
                  (bool(app.extension_days or app.extension_requested_days),
                   f"本申请已申请过延期；延期只能一次，最长{law.extension_max}个工作日"
                   + (f"（{law.basis}）" if law.legacy else "")),
                  (overdue(app, on), "答复期限已过，不能再延期"))


def _approve_extension(app, on, actor=None):
    law = regimes.of(app.received_on)
    pending = pending_extension_days(app)
    return first((pending is None or app.status != Status.PROCESSING, "没有待批准的延期申请"),
                  (overdue(app, on), "答复期限已过，不能再批准延期"),
                  (bool(pending and pending > law.extension_max),
                   f"申请延期{pending}个工作日，超过{law.basis}规定的最长{law.extension_max}个工作日，不能批准"))


def _request_reasons(app, on, actor=None):
    return first((app.status != Status.PROCESSING, "只有办理中的申请可以要求说明理由"),
                  (bool(app.reasons_requested_on), "已要求申请人说明理由"))


def _record_reasons(app, on, actor=None):
    return first((not app.reasons_requested_on, "尚未要求申请人说明理由"),
                  (app.status != Status.PROCESSING, "只有办理中的申请可以登记申请人说明的理由"),
                  (bool(app.reasons_text), "已登记过申请人说明的理由"))


def _decide(app, on, actor=None):
    # Art. 32/34: the reply waits for the consulted party (or the end of its 15 days); Art. 42:
    # for the fee (or the end of the period to pay, when the case lapses instead).
    return first((app.status != Status.PROCESSING, "只有办理中的申请可以拟定答复"),
                  (app.pk is not None and app.consultations.filter(answered_on=None).exists(),
                   "还有未答复的征求意见，请先登记意见或等待期满"),
                  (bool(app.fee_notified_on and not app.fee_paid_on), "信息处理费尚未缴纳，缴费后才能答复"),
                  # Without approval the reply is issued as it is decided (an on-the-spot reply is
                  # checked by the service, which alone knows it is one).
                  (not settings.GONGKAI_REPLY_APPROVAL and bool(remedy_unset(app)), remedy_unset(app)))


def _awaiting_approval(app, on, actor=None):
    return first((app.status != Status.APPROVAL, "该申请没有待审批的答复"))


def _approve_reply(app, on, actor=None):
    return first((app.status != Status.APPROVAL, "该申请没有待审批的答复"),
                  (bool(remedy_unset(app)), remedy_unset(app)))


def _close_lapsed(app, on, actor=None):
    return first((lapsed(app, on) is None, "补正期限或缴费期限尚未届满，不能按视为放弃申请办结"),
                  (bool(remedy_unset(app)), remedy_unset(app)))


def _record_delivery(app, on, actor=None):
    return first((app.pk is None or not app.notices.exists(), "该申请尚未出具文书"))


def _record_remedy(app, on, actor=None):
    # Reconsideration and litigation are against a reply, or against none given in time (Art. 51).
    late = app.status != Status.CLOSED and app.due_on is not None and on > app.due_on
    return first((not app.decided_on and not late, "答复作出或答复期限届满后，才能登记复议诉讼"))


# --- The steps ------------------------------------------------------------------------------

FLOW = Workflow("application", lambda app: app.unit, table(
    Step("confirm_receipt", "确认受理", HANDLE, _confirm, aliases=("confirm",)),
    Step("assign", "分办", HANDLE, _open),
    Step("request_supplement", "要求补正", HANDLE, _request_supplement, aliases=("supplement",)),
    Step("receive_supplement", "收到补正", HANDLE, _receive_supplement, aliases=("supplement_received",)),
    Step("start_consultation", "征求第三方或其他机关意见", HANDLE, _processing("只有办理中的申请可以征求意见"),
         aliases=("consult",)),
    Step("record_consultation_answer", "登记征询意见", HANDLE, _record_consultation_answer,
         aliases=("consult_answer",)),
    Step("notify_fee", "收取信息处理费", HANDLE, _notify_fee, aliases=("fee",)),
    Step("record_payment", "登记缴费", HANDLE, _record_payment, aliases=("fee_paid",)),
    Step("request_extension", "申请延期答复", HANDLE, _request_extension, aliases=("extend",)),
    Step("approve_extension", "批准延期", APPROVE, _approve_extension, extension_four_eyes),
    Step("request_reasons", "要求说明理由", HANDLE, _request_reasons),
    Step("record_reasons", "登记申请人说明的理由", HANDLE, _record_reasons, aliases=("reasons",)),
    Step("decide", "拟定答复", HANDLE, _decide),
    Step("approve_reply", "审批答复", APPROVE, _approve_reply, reply_four_eyes, aliases=("approve",)),
    Step("return_reply", "退回答复", APPROVE, _awaiting_approval, reply_four_eyes, aliases=("return",)),
    Step("close_lapsed", "视为放弃申请，办结", HANDLE, _close_lapsed),
    Step("record_delivery", "登记送达", HANDLE, _record_delivery, aliases=("deliver",)),
    Step("add_note", "添加内部备注", HANDLE, never, aliases=("note",)),
    Step("record_remedy", "登记复议诉讼", HANDLE, _record_remedy),
), earlier_audit={
    "confirm": "confirm_receipt", "supplement_request": "request_supplement",
    "supplement_receive": "receive_supplement", "consult": "start_consultation",
    "consult_answer": "record_consultation_answer", "fee_notice": "notify_fee", "fee_paid": "record_payment",
    "extension_request": "request_extension", "extension_approve": "approve_extension",
    "reasons_request": "request_reasons", "reasons_record": "record_reasons", "deliver": "record_delivery",
    "note": "add_note", "remedy": "record_remedy",
})
# What the services, pages and API call.
STEPS, ALIASES = FLOW.steps, FLOW.aliases()
step, refusal, check, offers, available = FLOW.step, FLOW.refusal, FLOW.check, FLOW.offers, FLOW.available
audit_labels = FLOW.audit_labels
