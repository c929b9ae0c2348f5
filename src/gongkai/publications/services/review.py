"""The review chain (一事一审, 四眼原则): submitting, passing or returning each step of the topic's
chain; the last step publishes the item with the next index number of its body."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock, index_numbers
from gongkai.core.models import DisclosureBody, User
from gongkai.core.services import next_sequence_value
from gongkai.search import changes as search

from .. import workflow
from ..models import Finding, Publication, ReviewRecord, ReviewStep
from .deadlines import set_deadline
from .findings import run_scan
from .item import P, validate


def steps_for(pub: Publication) -> list[str]:
    return [s for s in ReviewStep.values if s in (pub.topic.review_steps or [])]


@transaction.atomic
def submit_for_review(*, actor: User, publication: Publication) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("submit_for_review", pub, actor=actor)
    validate(pub)
    steps = steps_for(pub)
    pub.status, pub.current_step = P.Status.IN_REVIEW, steps[0]
    pub.save(update_fields=["status", "current_step", "updated_at"])
    run_scan(pub)
    ReviewRecord.objects.create(publication=pub, decision=ReviewRecord.Decision.SUBMIT, actor=actor)
    audit.record(action="publication.submit_for_review", actor=actor, obj=pub, unit=pub.unit,
                 after={"status": pub.status, "step": pub.current_step})
    return pub


@transaction.atomic
def approve(*, actor: User, publication: Publication, opinion: str = "") -> Publication:
    """Pass the current step; the last step publishes. 一事一审: one item, one record per step.
    The step's capability in the item's unit (谁公开、谁审查) and 四眼原则 are checked first."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    verdict = workflow.check("approve", pub, actor=actor)
    findings = run_scan(pub)
    step = pub.current_step
    # Steps still to come, in the fixed order; robust to a topic's chain being edited meanwhile.
    later = [s for s in steps_for(pub) if ReviewStep.values.index(s) > ReviewStep.values.index(step)]
    is_last = not later
    if is_last:
        blocking = [f for f in findings if f.state == Finding.State.OPEN]
        if blocking:
            raise ValidationError(f"还有 {len(blocking)} 处敏感信息未处理（遮盖或确认可公开），不能发布")
    ReviewRecord.objects.create(publication=pub, step=step, decision=ReviewRecord.Decision.APPROVE,
                                opinion=opinion.strip(), actor=actor, same_reviewer=verdict.same_reviewer)
    audit.record(action="publication.approve", actor=actor, obj=pub, unit=pub.unit,
                 after={"step": step, "opinion": opinion, "same_reviewer": verdict.same_reviewer})
    if is_last:
        _publish(pub, actor)
    else:
        pub.current_step = later[0]
        pub.save(update_fields=["current_step", "updated_at"])
    return pub


@transaction.atomic
def reject(*, actor: User, publication: Publication, opinion: str) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    verdict = workflow.check("reject", pub, actor=actor)
    if not opinion.strip():
        raise ValidationError({"opinion": "退回时请写明理由"})
    step = pub.current_step
    ReviewRecord.objects.create(publication=pub, step=step, decision=ReviewRecord.Decision.REJECT,
                                opinion=opinion.strip(), actor=actor, same_reviewer=verdict.same_reviewer)
    pub.status, pub.current_step = P.Status.RETURNED, ""
    pub.save(update_fields=["status", "current_step", "updated_at"])
    audit.record(action="publication.reject", actor=actor, obj=pub, unit=pub.unit,
                 after={"step": step, "opinion": opinion, "same_reviewer": verdict.same_reviewer})
    return pub


def _publish(pub: Publication, actor: User) -> None:
    now = clock.now()
    pub.index_number = next_index_number(pub.body, timezone.localdate(now))
    pub.status, pub.current_step, pub.published_at = P.Status.PUBLISHED, "", now
    pub.save(update_fields=["index_number", "status", "current_step", "published_at", "updated_at"])
    audit.record(action="publication.publish", actor=actor, obj=pub, unit=pub.unit,
                 after={"index_number": pub.index_number, "published_at": now.isoformat()})
    search.changed(search.Kind.PUBLICATION, pub.pk)
    # Interpretations waiting for this policy now run on the 3-working-day clock.
    for interpretation in pub.interpretations.filter(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW,
                                                                  P.Status.RETURNED]):
        set_deadline(interpretation)
        interpretation.save(update_fields=["publish_due_on", "publish_due_provisional"])


def index_pattern(body: DisclosureBody) -> str:
    return body.index_pattern or settings.GONGKAI_INDEX_PATTERN


def next_index_number(body: DisclosureBody, on: date, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """The next number of the body's pattern in the year of `on`. The serial comes from the body's
    yearly sequence, locked until this transaction commits: no two publications can draw the
    same number, and a rolled-back one leaves no gap. A legacy number imported from an old site
    (or about to be, `taken`) may already hold it: never reuse it."""
    pattern = index_pattern(body)
    while True:
        serial = next_sequence_value(body=body, name="index", year=on.year)
        number = index_numbers.format_index_number(pattern, org_code=body.org_code, on=on, serial=serial)
        if number not in taken and not P.objects.filter(index_number=number).exists():
            return number
