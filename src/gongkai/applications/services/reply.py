"""The reply (Art. 36–39): the handler decides, a leader approves or returns it where replies
are approved, the notice is issued and the case closed; a lapsed supplement or fee period closes
it too (by the daily job or by staff)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.models import User
from gongkai.core.services import lock

from .. import notices, outcomes, workflow
from ..models import Application, CaseNote, Consultation, Notice, NoticeKind, Status
from .case import AUDITED, add_event, refresh_clock, save_step


def possible_duplicates(app: Application):
    """Earlier decided applications by the same applicant for the same information (Art. 36(六))."""
    from difflib import SequenceMatcher
    mine = "".join(app.description.split())
    hits = []
    for other in (Application.objects.filter(applicant_key=app.applicant_key, decided_on__isnull=False)
                            .exclude(pk=app.pk).exclude(outcome__in=["repeat", "no_supplement", "no_fee", "other"])
                            .order_by("-decided_on")[:50]):
        theirs = "".join(other.description.split())
        if mine == theirs or SequenceMatcher(None, mine, theirs).ratio() >= 0.8:
            hits.append(other)
    return hits


def overridden_objections(app: Application, outcome: str, withheld: list[str]):
    """Art. 32: the third parties that objected and whose objection a disclosure would override
    (a partial disclosure that withholds their part, Art. 15, respects it)."""
    if outcome not in ("disclosed", "partial") or (outcome == "partial" and "third_party" in withheld):
        return []
    return [c for c in app.consultations.all()
            if c.party == Consultation.Party.THIRD_PARTY and c.opinion == Consultation.Opinion.OBJECT]


@transaction.atomic
def decide(*, actor: User, app: Application, outcome: str, reply_text: str = "", reason_text: str = "",
           withheld_reasons: list[str] | None = None, referral_agency: str = "", referral_contact: str = "",
           earlier: Application | None = None, on_the_spot: bool = False, query_law: str = "",
           stated_basis: str = "", public_interest_reason: str = "") -> Application:
    """The handler's reply. With approval configured it waits for a leader; otherwise it is issued."""
    lock(app)
    workflow.check("decide", app, actor=actor)
    issues_now = on_the_spot or not settings.GONGKAI_REPLY_APPROVAL
    if issues_now and workflow.remedy_unset(app):
        raise ValidationError({"on_the_spot": workflow.remedy_unset(app)})
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
    if info.names_query_law and not query_law.strip():
        errors["query_law"] = ("属于行政查询事项的，须写明对该信息的获取有特别规定的法律、行政法规名称，"
                               "告知申请人依照其规定办理（条例第三十六条第（七）项）")
    if not outcomes.cited_basis(info, withheld=withheld_reasons, stated=stated_basis):
        errors["stated_basis"] = f"“{info.label}”须写明答复所依据的法律、法规或规范性文件的名称和条款"
    overridden = overridden_objections(app, info.code, withheld_reasons)
    if overridden and not public_interest_reason.strip():
        names = "、".join(c.party_name for c in overridden)
        errors["public_interest_reason"] = (f"第三方（{names}）不同意公开：决定公开的，须写明不公开可能对公共利益造成重大影响的理由，"
                                            "并书面告知第三方（条例第三十二条）")
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
    law = query_law.strip() if info.names_query_law else ""
    # A name typed without its book-title marks gets them: the notice cites it as a title.
    app.query_law = law if not law or "《" in law else f"《{law}》"
    app.stated_basis = stated_basis.strip() if not info.basis else ""
    app.public_interest_reason = public_interest_reason.strip() if overridden else ""
    app.on_the_spot = on_the_spot
    app.decided_by = actor
    if issues_now:
        save_step(app, actor=actor, action="application.decide", before=before,
                  event=("decided", clock.today(), f"拟定答复：{info.label}"))
        _issue_reply(app, actor)
    else:
        app.status = Status.APPROVAL
        save_step(app, actor=actor, action="application.decide", before=before,
                  event=("decided", clock.today(), f"拟定答复：{info.label}，报领导审批"))
    return app


@transaction.atomic
def approve_reply(*, actor: User, app: Application) -> Notice:
    lock(app)
    workflow.check("approve_reply", app, actor=actor)
    app.approved_by = actor
    return _issue_reply(app, actor)


@transaction.atomic
def return_reply(*, actor: User, app: Application, comment: str) -> Application:
    lock(app)
    workflow.check("return_reply", app, actor=actor)
    if not comment.strip():
        raise ValidationError({"comment": "请写明退回意见"})
    before = audit.snapshot(app, AUDITED)
    app.status = Status.PROCESSING
    CaseNote.objects.create(application=app, author=actor, text=f"【审批退回】{comment.strip()}")
    save_step(app, actor=actor, action="application.return_reply", before=before,
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
    for consultation in overridden_objections(app, info.code, app.withheld_reasons):
        # Art. 32: the third party is told in writing before the information goes out; numbered
        # first, delivered and recorded like any notice.
        notices.issue(app, NoticeKind.OVERRIDE, on=on, actor=actor, addressee=consultation.party_name,
                      consultation=consultation, visible_to_applicant=False,
                      **{"征询对象": consultation.party_name, "征询事项": consultation.matter})
    notice = notices.issue(app, info.notice, on=on, actor=actor, **extra)
    # Freeze the clock figures as of the reply, then close.
    app.decided_on = on
    refresh_clock(app)
    app.status = Status.CLOSED
    app.closed_on = on
    app.save()
    add_event(app, "closed", on, f"出具{notice.title}（{notice.number}），办结", actor)
    audit.record(action="application.close", actor=actor, obj=app, before=before,
                 after={**audit.snapshot(app, AUDITED), "notice": notice.number, "sha256": notice.sha256},
                 unit=app.unit)
    return notice


@transaction.atomic
def close_if_lapsed(*, app: Application, on: date, actor=None) -> Notice | None:
    """其他处理 1 and 2: no supplement, or no payment, in time (`workflow.lapsed`). Called by the
    daily job, and by `close_lapsed` when staff do not wait for it; None if nothing has lapsed."""
    lock(app)  # the job and a payment recorded at the same moment must not both go through
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


@transaction.atomic
def close_lapsed(*, actor: User, app: Application) -> Notice:
    """Staff close a case whose supplement or fee period has run out, without waiting for the
    daily job."""
    on = clock.today()
    lock(app)
    workflow.check("close_lapsed", app, actor=actor, on=on)
    return close_if_lapsed(app=app, on=on, actor=actor)
