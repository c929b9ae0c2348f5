"""After publication: correcting (a new version, the old one kept), recording that a published
enforcement decision was changed or revoked, withdrawing (with a public statement for such a
decision), and the periodic re-evaluation of an item that is not public."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock, scanner
from gongkai.core.models import User
from gongkai.search import changes as search

from .. import workflow
from ..models import Finding, Publication, PublicationVersion, Reevaluation
from .deadlines import WITHDRAW_WITHIN_WORKING_DAYS, months_later, set_deadline, set_withdraw_deadline
from .findings import run_scan
from .item import EDITABLE, P, snapshot, validate


@transaction.atomic
def correct(*, actor: User, publication: Publication, note: str, channels=None, **changes) -> Publication:
    """更正: a new version with a visible note; the old version is kept."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("correct", pub, actor=actor)
    if not note.strip():
        raise ValidationError({"note": "请写明更正说明，它将显示在信息页面上"})
    before = snapshot(pub)
    PublicationVersion.objects.create(publication=pub, version=pub.version, snapshot=before, replaced_by=actor,
                                      correction_note=note.strip())
    for field, value in changes.items():
        if field not in EDITABLE or field in ("attribute", "attribute_basis", "attribute_reason"):
            raise ValueError(f"field {field} cannot be corrected")
        setattr(pub, field, value)
    validate(pub)
    pub.version += 1
    pub.corrected_at, pub.correction_note = clock.now(), note.strip()
    pub.save()
    if channels is not None:
        pub.channels.set(channels)
    blocking = [f for f in run_scan(pub) if f.state == Finding.State.OPEN]
    if blocking:
        kinds = "、".join(sorted({f.text for f in blocking}))
        raise ValidationError(f"更正后的内容含有未处理的敏感信息：{kinds}。请删除后再更正")
    audit.record(action="publication.correct", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after={**snapshot(pub), "note": note})
    search.changed(search.Kind.PUBLICATION, pub.pk)
    return pub


@transaction.atomic
def record_decision_change(*, actor: User, publication: Publication, change: str, changed_on: date | None,
                           document: str) -> Publication:
    """A published enforcement decision was changed, revoked, found unlawful or found void (by the
    bureau itself, on reconsideration or by a court): from today it is on the due list until it is
    withdrawn, three working days after `changed_on` (行政处罚法 第四十八条第二款、第八十五条)."""
    pub = P.objects.select_for_update().select_related("body", "topic").get(pk=publication.pk)
    workflow.check("record_decision_change", pub, actor=actor)
    errors = {}
    if change not in P.DecisionChange.values:
        errors["change"] = "请选择决定被依法变更、撤销、确认违法还是确认无效"
    if changed_on is None:
        errors["changed_on"] = "请填写决定被变更、撤销或确认违法、无效之日（撤回期限由此起算）"
    elif changed_on > clock.today():
        errors["changed_on"] = "该日期不能晚于今天"
    if not document.strip():
        errors["document"] = "请写明作出变更、撤销或确认的机关及文书（如行政复议决定书、判决书的文号）"
    if errors:
        raise ValidationError(errors)
    pub.decision_change, pub.decision_changed_on = change, changed_on
    pub.decision_change_document = document.strip()
    set_withdraw_deadline(pub)
    pub.save(update_fields=["decision_change", "decision_changed_on", "decision_change_document",
                            "withdraw_due_on", "withdraw_due_provisional", "updated_at"])
    audit.record(action="publication.record_decision_change", actor=actor, obj=pub, unit=pub.unit,
                 after={"change": change, "changed_on": changed_on.isoformat(), "document": pub.decision_change_document,
                        "withdraw_due_on": pub.withdraw_due_on.isoformat(),
                        "within_working_days": WITHDRAW_WITHIN_WORKING_DAYS})
    return pub


def _check_statement(pub: Publication, statement: str) -> None:
    """The public statement of an enforcement decision's withdrawal: required for one recorded as
    changed or revoked (公开说明理由), refused for any other item (whose withdrawal leaves nothing
    public), and free of what the scanner finds, since it is published as typed."""
    if pub.decision_change and not statement:
        raise ValidationError({"statement": f"该决定已被依法{pub.get_decision_change_display()}：请写明撤回说明，"
                                            "它将显示在原信息的网址和信息公开目录中（行政处罚法第四十八条第二款）"})
    if statement and not pub.decision_change:
        raise ValidationError({"statement": "只有登记了被依法变更、撤销、确认违法或确认无效的行政执法决定，撤回时公开说明理由；"
                                            "其他信息撤回后不留公开页面，请把理由写在“理由”中"})
    found = scanner.scan(statement, today=clock.today())
    if found:
        texts = "、".join(sorted({f.text for f in found}))
        raise ValidationError({"statement": f"撤回说明含有可能的敏感信息：{texts}。请删除后再撤回"})


@transaction.atomic
def withdraw(*, actor: User, publication: Publication, reason: str, statement: str = "") -> Publication:
    """撤回: the item leaves every public path; the record and its history stay. An enforcement
    decision recorded as changed or revoked leaves its public statement at its address and in
    the catalog, and nothing else of it (行政处罚法 第四十八条第二款)."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("withdraw", pub, actor=actor)
    reason, statement = reason.strip(), statement.strip()
    _check_statement(pub, statement)
    if not reason and not statement:
        raise ValidationError({"reason": "请写明撤回理由"})
    pub.status, pub.withdrawn_at = P.Status.WITHDRAWN, clock.now()
    pub.withdraw_reason, pub.withdrawal_statement = reason or statement, statement
    pub.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "withdrawal_statement", "updated_at"])
    after = {"reason": pub.withdraw_reason}
    if statement:
        after.update(statement=statement, withdraw_due_on=pub.withdraw_due_on.isoformat(),
                     in_time=clock.today() <= pub.withdraw_due_on)
    audit.record(action="publication.withdraw", actor=actor, obj=pub, unit=pub.unit, after=after)
    search.changed(search.Kind.PUBLICATION, pub.pk)
    return pub


@transaction.atomic
def reevaluate(*, actor: User, publication: Publication, decision: str, reason: str) -> Publication:
    """定期评审 of an item that is not public: keep the attribute, or open it for publication."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("reevaluate", pub, actor=actor)
    if decision not in Reevaluation.Decision.values:
        raise ValidationError({"decision": "请选择评审结论"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明评审理由"})
    Reevaluation.objects.create(publication=pub, decision=decision, reason=reason.strip(), actor=actor)
    before = snapshot(pub)
    if decision == Reevaluation.Decision.OPEN:
        pub.attribute, pub.attribute_basis, pub.attribute_reason = P.Attribute.PROACTIVE, "", ""
        pub.status, pub.next_reevaluation_on = P.Status.DRAFT, None
        # The information is "changed" today: the Art. 26 clock runs from the decision.
        pub.created_on = clock.today()
        set_deadline(pub)
    else:
        pub.next_reevaluation_on = months_later(clock.today(), settings.GONGKAI_REEVALUATION_MONTHS)
    pub.save()
    audit.record(action="publication.reevaluate", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after={**snapshot(pub), "decision": decision, "reason": reason})
    return pub
