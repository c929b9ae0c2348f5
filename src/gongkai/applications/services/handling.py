"""The steps of handling before the reply: supplement (Art. 30), consultation of third parties
and other agencies (Art. 32, 34), fees (Art. 42), extension (Art. 33) and the reasons asked of an
excessive applicant (Art. 35)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from gongkai.core import audit, clock
from gongkai.core.calendar import get_calendar
from gongkai.core.models import User
from gongkai.core.services import lock

from .. import fees, notices, regimes, workflow
from ..deadlines import supplement_days_late
from ..models import Application, Consultation, Notice, NoticeKind, Status
from .case import AUDITED, not_after_today, save_step, working_days


@transaction.atomic
def request_supplement(*, actor: User, app: Application, items: str, on: date | None = None,
                       period_days: int | None = None) -> Notice:
    """One notice listing everything to supplement; the clock stops until the supplement arrives.
    Art. 30: sent after the 7th working day of receipt, the notice is late and the reply period
    is only paused (or, where the body says so, the notice is refused)."""
    lock(app)
    on = on or clock.today()
    workflow.check("request_supplement", app, actor=actor, on=on)
    if not items.strip():
        raise ValidationError({"items": "请逐项列明需要补正的事项"})
    if on < app.received_on:
        raise ValidationError({"on": "补正通知日期不能早于受理日期"})
    not_after_today(on, "on", "补正通知日期")
    before = audit.snapshot(app, AUDITED)
    cal = get_calendar(app.body.region)
    app.supplement_late = supplement_days_late(app, on) > 0
    app.supplement_requested_on = on
    app.supplement_items = items.strip()
    app.supplement_due_on = cal.add_working_days(on, period_days or settings.GONGKAI_SUPPLEMENT_PERIOD_DAYS).date
    app.status = Status.SUPPLEMENT
    save_step(app, actor=actor, action="application.request_supplement", before=before,
              event=("supplement_requested", on, f"发出补正通知，补正期限{notices.cn_date(app.supplement_due_on)}"
                     + ("（超过收到申请后7个工作日，答复期限暂停计算、不重新计算）" if app.supplement_late else "")))
    return notices.issue(app, NoticeKind.SUPPLEMENT, on=on, actor=actor)


@transaction.atomic
def receive_supplement(*, actor: User, app: Application, on: date, text: str = "") -> Application:
    """Art. 30: the 20 working days start again from the day the supplement is received; after a
    late notice they go on from where they stood (`deadlines.clock_state` counts the pause)."""
    lock(app)
    workflow.check("receive_supplement", app, actor=actor)
    if on < app.supplement_requested_on:
        raise ValidationError({"on": "收到补正日期不能早于补正通知日期"})
    not_after_today(on, "on", "收到补正日期")
    before = audit.snapshot(app, AUDITED)
    app.supplement_received_on = on
    if not app.supplement_late:
        app.clock_start = on
    app.status = Status.PROCESSING
    if text.strip():
        app.description = app.description + "\n【补正】" + text.strip()
    save_step(app, actor=actor, action="application.receive_supplement", before=before,
              event=("supplement_received", on, "收到补正材料，答复期限继续计算（补正通知逾期发出，不重新计算）"
                     if app.supplement_late else "收到补正材料，答复期限重新计算"))
    return app


# --- Consultation (Art. 32, 34) -------------------------------------------------------------

@transaction.atomic
def start_consultation(*, actor: User, app: Application, party: str, party_name: str, matter: str,
                       party_address: str = "", on: date | None = None) -> Consultation:
    lock(app)
    workflow.check("start_consultation", app, actor=actor)
    if party not in Consultation.Party.values:
        raise ValidationError({"party": "请选择征询对象类型"})
    if not party_name.strip() or not matter.strip():
        raise ValidationError({"party_name": "请填写征询对象和征询事项"})
    on = on or clock.today()
    if on < app.clock_start:
        raise ValidationError({"on": "发出日期不能早于计时起点"})
    not_after_today(on, "on", "发出日期")
    before = audit.snapshot(app, AUDITED)
    consultation = Consultation.objects.create(
        application=app, party=party, party_name=party_name.strip(), party_address=party_address.strip(),
        matter=matter.strip(), sent_on=on)
    save_step(app, actor=actor, action="application.start_consultation", before=before,
              event=("consultation_sent", on, f"向{consultation.party_name}征求意见，期限自对方收到征询书之日起"
                     f"{settings.GONGKAI_CONSULTATION_DAYS}个工作日（登记送达后确定）；征询期间不计入答复期限"))
    notices.issue(app, NoticeKind.CONSULTATION, on=on, actor=actor, addressee=consultation.party_name,
                  consultation=consultation, visible_to_applicant=False,
                  **{"征询对象": consultation.party_name, "征询事项": consultation.matter})
    return consultation


def consultation_received(consultation: Consultation, on: date) -> None:
    """Art. 32: the party received the letter on `on` (its delivery record): its 15 working days run
    from the next working day. The first delivery recorded counts."""
    if consultation.received_on:
        return
    consultation.received_on = on
    consultation.answer_due_on = working_days(consultation.application, on, settings.GONGKAI_CONSULTATION_DAYS).date
    consultation.save(update_fields=["received_on", "answer_due_on"])


@transaction.atomic
def record_consultation_answer(*, actor: User | None, consultation: Consultation, on: date, opinion: str,
                               text: str = "") -> Consultation:
    app = consultation.application
    lock(app)
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
        if consultation.answer_due_on is None:
            raise ValidationError({"opinion": "征询书尚未登记送达，对方提出意见的期限尚未起算，不能登记为逾期未答复"})
        if actor is not None and clock.today() <= consultation.answer_due_on:
            raise ValidationError({"opinion": f"征询期限（{notices.cn_date(consultation.answer_due_on)}）"
                                              "届满前不能登记为逾期未答复"})
        on = consultation.answer_due_on  # the pause ends when the period runs out
    else:
        not_after_today(on, "on", "收到意见日期")
        # A late answer does not extend the pause beyond the statutory 15 days.
        on = min(on, consultation.answer_due_on or on)
    before = audit.snapshot(app, AUDITED)
    consultation.answered_on, consultation.opinion, consultation.opinion_text = on, opinion, text.strip()
    consultation.save()
    silence = ""
    if opinion == Consultation.Opinion.SILENT:
        silence = ("，其他机关逾期未提出意见，视为同意公开" if consultation.party == Consultation.Party.AGENCY
                   else "，第三方逾期未提出意见，由本机关依法决定是否公开")
    save_step(app, actor=actor, action="application.record_consultation_answer", before=before,
              event=("consultation_answered", on, f"{consultation.party_name}：{consultation.get_opinion_display()}{silence}"))
    return consultation


# --- Fees (Art. 42) -------------------------------------------------------------------------

def items_before_this_month(app: Application) -> int:
    """Items the same applicant asked of the same disclosure body earlier in the same calendar month
    (per-item counting, 国办函〔2020〕109号): the ten free items are counted per agency, so what
    they asked of a 分局 does not use up their free items at the city bureau."""
    if not app.received_on:
        return 0
    month = app.received_on.replace(day=1)
    earlier = Application.objects.filter(applicant_key=app.applicant_key, body=app.body_id, received_on__gte=month,
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
    """The fee notice goes out within the reply period (the guard refuses it after the due date);
    one method per application."""
    lock(app)
    on = on or clock.today()
    not_after_today(on, "on", "收费通知日期")  # before the guard: it asks whether the reply period has run out on `on`
    workflow.check("notify_fee", app, actor=actor, on=on)
    if quantity < 1:
        raise ValidationError({"quantity": "计费数量应为正整数"})
    if quantity > FEE_MAX_QUANTITY:
        # The bands are counted one by one: an absurd number would hold the server for minutes.
        raise ValidationError({"quantity": f"计费数量不能超过{FEE_MAX_QUANTITY}"})
    bands = fee_bands(app, method, quantity)
    amount = fees.total(bands)
    if amount == 0:
        raise ValidationError({"quantity": "按该数量计算不收费（在免费额度内），无须发出收费通知"})
    if amount > FEE_MAX_AMOUNT:
        # fee_amount is a 32-bit column on PostgreSQL; past it the save would fail unexplained.
        raise ValidationError({"quantity": f"按该数量计算的金额超过{FEE_MAX_AMOUNT}元，请核对计费数量"})
    before = audit.snapshot(app, AUDITED)
    app.fee_method, app.fee_quantity, app.fee_amount, app.fee_notified_on = method, quantity, amount, on
    # The 20 working days to pay run from the notice's receipt: unknown until its delivery is
    # recorded (`record_delivery`), and until then the case cannot lapse for want of payment.
    app.fee_due_on = None
    save_step(app, actor=actor, action="application.notify_fee", before=before,
              event=("fee_notified", on, f"发出收费通知，{amount}元"))
    unit = "件" if method == fees.Method.PER_ITEM else "页"
    detail = "；".join(fees.describe(bands, unit))
    return notices.issue(app, NoticeKind.FEE, on=on, actor=actor, **{
        "收费明细": f"{dict(fees.Method.CHOICES)[method]}，{detail}",
        "缴费期限": "自收到本通知次日起20个工作日内缴纳"})


@transaction.atomic
def record_payment(*, actor: User, app: Application, on: date) -> Application:
    lock(app)
    workflow.check("record_payment", app, actor=actor)
    if on < app.fee_notified_on:
        raise ValidationError({"on": "缴费日期不能早于收费通知日期"})
    not_after_today(on, "on", "缴费日期")
    before = audit.snapshot(app, AUDITED)
    app.fee_paid_on = on
    save_step(app, actor=actor, action="application.record_payment", before=before,
              event=("fee_paid", on, f"申请人缴纳信息处理费{app.fee_amount}元，恢复计时"))
    return app


# --- Extension (Art. 33) and excessive applications (Art. 35) ------------------------------

@transaction.atomic
def request_extension(*, actor: User, app: Application, days: int, reason: str) -> Application:
    lock(app)
    workflow.check("request_extension", app, actor=actor)
    law = regimes.of(app.received_on)  # a case received before 2019-05-15: 2008年《条例》第二十四条, 15 days
    if not 1 <= days <= law.extension_max:
        raise ValidationError({"days": f"延长期限为1至{law.extension_max}个工作日（{law.basis}）"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明延期理由"})
    before = audit.snapshot(app, AUDITED)
    app.extension_reason = reason.strip()
    app.extension_requested_by = actor
    app.extension_requested_days = days
    save_step(app, actor=actor, action="application.request_extension", before=before,
              event=("extension_requested", clock.today(), f"申请延期{days}个工作日，待公开办负责人批准"))
    return app


@transaction.atomic
def approve_extension(*, actor: User, app: Application, on: date | None = None) -> Notice:
    """Approved by the head of the disclosure office (applications.approve), with a notice."""
    on = on or clock.today()
    not_after_today(on, "on", "批准日期")
    lock(app)
    workflow.check("approve_extension", app, actor=actor, on=on)
    days = workflow.pending_extension_days(app)
    before = audit.snapshot(app, AUDITED)
    app.extension_days, app.extension_approved_by, app.extension_approved_on = days, actor, on
    save_step(app, actor=actor, action="application.approve_extension", before=before,
              event=("extended", on, f"批准延期{days}个工作日"))
    return notices.issue(app, NoticeKind.EXTENSION, on=on, actor=actor)


@transaction.atomic
def request_reasons(*, actor: User, app: Application, on: date | None = None) -> Notice:
    lock(app)
    workflow.check("request_reasons", app, actor=actor)
    on = on or clock.today()
    not_after_today(on, "on", "通知日期")
    before = audit.snapshot(app, AUDITED)
    app.reasons_requested_on = on
    save_step(app, actor=actor, action="application.request_reasons", before=before,
              event=("reasons_requested", on, "申请数量、频次明显超过合理范围，要求申请人说明理由（条例第三十五条）"))
    return notices.issue(app, NoticeKind.REASONS, on=on, actor=actor)


@transaction.atomic
def record_reasons(*, actor: User, app: Application, text: str, reasonable: bool,
                   stated_due_on: date | None = None) -> Application:
    """Art. 35: reasonable → the bureau may set a longer, stated deadline; unreasonable → the
    handler replies 不予处理 4 through `decide`."""
    lock(app)
    workflow.check("record_reasons", app, actor=actor)
    if not text.strip():
        raise ValidationError({"text": "请填写申请人说明的理由"})
    before = audit.snapshot(app, AUDITED)
    app.reasons_text = text.strip()
    if reasonable and stated_due_on:
        if app.due_on and stated_due_on <= app.due_on:
            raise ValidationError({"stated_due_on": "另行确定的期限应晚于现行答复期限"})
        app.stated_due_on = stated_due_on
    save_step(app, actor=actor, action="application.record_reasons", before=before,
              event=("reasons_recorded", clock.today(), "理由合理" + (f"，答复期限确定为{notices.cn_date(stated_due_on)}"
                                                               if reasonable and stated_due_on else "")
                     if reasonable else "理由不合理，拟不予处理"))
    return app
