"""After publication: correcting (a new version, the old one kept), withdrawing, and the periodic
re-evaluation of an item that is not public."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.models import User
from gongkai.search import changes as search

from .. import workflow
from ..models import Finding, Publication, PublicationVersion, Reevaluation
from .deadlines import months_later, set_deadline
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
def withdraw(*, actor: User, publication: Publication, reason: str) -> Publication:
    """撤回: the item leaves every public path; the record and its history stay."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("withdraw", pub, actor=actor)
    if not reason.strip():
        raise ValidationError({"reason": "请写明撤回理由"})
    pub.status, pub.withdrawn_at, pub.withdraw_reason = P.Status.WITHDRAWN, clock.now(), reason.strip()
    pub.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(action="publication.withdraw", actor=actor, obj=pub, unit=pub.unit, after={"reason": reason})
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
