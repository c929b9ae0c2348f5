"""The catalog's data: the topics (with their deadline, review chain and seal) and the yearly
enforcement and fee figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, tree
from gongkai.core.access import require
from gongkai.core.models import DisclosureBody, User
from gongkai.core.permissions import Capability
from gongkai.search import changes as search

from ..models import CatalogTopic, EnforcementFigures, ReviewStep
from .item import P


@transaction.atomic
def save_topic(*, actor: User | None, topic: CatalogTopic | None = None, name: str, code: str,
               parent: CatalogTopic | None = None, sort_order: int = 0, is_active: bool = True,
               publish_within_days: int | None = None, review_steps: list[str] | None = None,
               is_sealed: bool = False, enforcement_kind: str | None = None) -> CatalogTopic:
    """`enforcement_kind` None keeps the topic's (a new one holds no enforcement decisions)."""
    if actor is not None:
        require(actor, Capability.PUBLICATIONS_MANAGE, None)
    steps = [s for s in ReviewStep.values if s in (review_steps if review_steps is not None else ReviewStep.values)]
    if ReviewStep.CONFIDENTIALITY not in steps:
        raise ValidationError({"review_steps": "保密审查不能省略（先审查、后公开）"})
    if CatalogTopic.objects.filter(code=code).exclude(pk=getattr(topic, "pk", None)).exists():
        raise ValidationError({"code": f"编码“{code}”已被使用"})
    if topic and parent and (parent.pk == topic.pk or parent.path.startswith(topic.path)):
        raise ValidationError({"parent": "不能把分类移到它自己或它的下级之下"})
    if publish_within_days is not None and not 1 <= publish_within_days <= settings.GONGKAI_PUBLISH_WITHIN_DAYS:
        raise ValidationError({"publish_within_days": "公开时限应为 1 至 20 个工作日（条例第二十六条）"})
    if enforcement_kind is not None and enforcement_kind not in CatalogTopic.EnforcementKind.values:
        raise ValidationError({"enforcement_kind": "未知的行政执法决定类别"})
    before = audit.snapshot(topic) if topic else None
    was = (topic.path, topic.is_sealed) if topic else None
    topic = topic or CatalogTopic()
    topic.name, topic.code, topic.parent, topic.sort_order, topic.is_active = name, code, parent, sort_order, is_active
    topic.publish_within_days, topic.review_steps, topic.is_sealed = publish_within_days, steps, is_sealed
    if enforcement_kind is not None:
        topic.enforcement_kind = enforcement_kind
    topic.save()
    tree.place(topic, parent=parent, width=6)
    if was is not None and was != (topic.path, topic.is_sealed):
        # Sealed (its items leave every public path) or moved (the search's topic filter holds the
        # ancestors): the items of the subtree are re-indexed.
        search.changed(search.Kind.PUBLICATION, *P.objects.filter(
            topic__path__startswith=topic.path, status=P.Status.PUBLISHED).values_list("pk", flat=True))
    audit.record(action="topic.create" if before is None else "topic.update", actor=actor, obj=topic,
                 before=before, after=audit.snapshot(topic))
    return topic


@transaction.atomic
def save_enforcement_figures(*, actor: User, body: DisclosureBody, year: int, licences: int, penalties: int,
                             coercive_measures: int, fees_wan_yuan, note: str = "") -> EnforcementFigures:
    require(actor, Capability.REPORTS_MANAGE, body.unit)
    row, _ = EnforcementFigures.objects.get_or_create(body=body, year=year)
    before = audit.snapshot(row)
    row.licences, row.penalties, row.coercive_measures = licences, penalties, coercive_measures
    row.fees_wan_yuan, row.note = fees_wan_yuan, note
    row.full_clean()
    row.save()
    audit.record(action="enforcement.save", actor=actor, obj=row, unit=body.unit, before=before,
                 after=audit.snapshot(row))
    return row
