"""Reads of proactive disclosure. Every public path (page, API, feed, sitemap, attachment,
search) starts from `public_publications()`, so an unpublished or withdrawn item has no way out.
The one exception is `withdrawal_statements()`: an enforcement decision withdrawn because it was
changed or revoked leaves its public statement (行政处罚法 第四十八条第二款), and only the fields
that say which decision it was."""

from datetime import date

from django.db.models import Case, F, Q, QuerySet, When

from gongkai.core import four_eyes
from gongkai.core.access import scope_units
from gongkai.core.permissions import Capability

from .models import STEP_CAPABILITY, CatalogTopic, Publication, ReviewRecord, ReviewStep

P = Publication
STAFF_CAPABILITIES = [Capability.PUBLICATIONS_DRAFT, Capability.PUBLICATIONS_REVIEW,
                      Capability.PUBLICATIONS_CONFIDENTIALITY, Capability.PUBLICATIONS_SIGN_OFF,
                      Capability.PUBLICATIONS_MANAGE]


def public_publications() -> QuerySet[Publication]:
    # A topic sealed by law (治安管理处罚法 Art. 136) takes what it already holds out of view too.
    return (P.objects.filter(status=P.Status.PUBLISHED, attribute=P.Attribute.PROACTIVE, topic__is_sealed=False)
            .select_related("body__unit", "unit", "topic", "genre"))


# What stays public of a withdrawn decision: which one it was, when, and the statement; never its
# text, summary, keywords or attachments.
STATEMENT_FIELDS = ["id", "title", "document_number", "index_number", "published_at", "withdrawn_at",
                    "decision_change", "decision_changed_on", "withdrawal_statement", "unit__name", "topic__name",
                    "topic__path", "topic__enforcement_kind", "body__unit__code"]


def withdrawal_statements() -> QuerySet[Publication]:
    """Enforcement decisions withdrawn with a public statement, as `STATEMENT_FIELDS` only."""
    return (P.objects.filter(status=P.Status.WITHDRAWN, attribute=P.Attribute.PROACTIVE, topic__is_sealed=False)
            .exclude(withdrawal_statement="").select_related("unit", "topic", "body__unit")
            .only(*STATEMENT_FIELDS))


def public_topics() -> QuerySet[CatalogTopic]:
    return CatalogTopic.objects.filter(is_active=True, is_sealed=False)


def staff_publications(user) -> QuerySet[Publication]:
    """Items of the units the user works on with any publication capability."""
    units = None
    for capability in STAFF_CAPABILITIES:
        scoped = scope_units(user, capability)
        units = scoped if units is None else (units | scoped)
    return (P.objects.filter(unit__in=units.values("pk"))
            .select_related("unit", "body__unit", "topic", "genre", "created_by"))


def four_eyes_verdict(pub: Publication, user) -> four_eyes.Verdict:
    """四眼原则 for the item's current step: its authors are who created it and everyone who ever
    submitted it; the steps taken are those since its last submission."""
    records = sorted(pub.reviews.all(), key=lambda r: r.pk)  # pk, not `at`: the demo backdates `at`
    submit = ReviewRecord.Decision.SUBMIT
    last_submit = max((i for i, r in enumerate(records) if r.decision == submit), default=-1)
    labels = dict(ReviewStep.choices)
    return four_eyes.judge(
        actor=user.pk, authors={pub.created_by_id} | {r.actor_id for r in records if r.decision == submit},
        taken=[(labels.get(r.step, r.step), r.actor_id) for r in records[last_submit + 1:]],
        own="本人起草或提交的信息", allow_same_reviewer=pub.body.allow_same_reviewer)


def review_queue(user) -> list[Publication]:
    """Items waiting for a step this user may take: never their own, nor a second step of one
    they already reviewed in this pass (unless the body allows it); `four_eyes` on each says how."""
    result = []
    for step, capability in STEP_CAPABILITY.items():
        units = scope_units(user, capability)
        waiting = (P.objects.filter(status=P.Status.IN_REVIEW, current_step=step, unit__in=units.values("pk"))
                   .select_related("unit", "topic", "created_by", "body").prefetch_related("reviews"))
        for pub in waiting:
            pub.four_eyes = four_eyes_verdict(pub, user)
            if pub.four_eyes.allowed:
                result.append(pub)
    return sorted(result, key=lambda p: (p.publish_due_on or date.max, p.pk))


def due_and_overdue(user, day: date, within_days: int = 5) -> QuerySet[Publication]:
    """Items to publish by their Art. 26 deadline and published enforcement decisions recorded as
    changed or revoked, to withdraw by theirs (行政处罚法 Art. 48), due within `within_days`
    working days or overdue; `due_on` is the deadline that applies."""
    from gongkai.core.calendar import get_calendar

    horizon = get_calendar().add_working_days(day, within_days).date
    to_publish = Q(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW, P.Status.RETURNED], publish_due_on__lte=horizon)
    to_withdraw = Q(status=P.Status.PUBLISHED, withdraw_due_on__lte=horizon)
    return (staff_publications(user).filter(to_publish | to_withdraw)
            .annotate(due_on=Case(When(status=P.Status.PUBLISHED, then=F("withdraw_due_on")),
                                  default=F("publish_due_on")))
            .order_by("due_on", "pk"))


def reevaluation_due(user, day: date) -> QuerySet[Publication]:
    units = scope_units(user, Capability.PUBLICATIONS_MANAGE)
    return (P.objects.filter(status=P.Status.NOT_PUBLIC, unit__in=units.values("pk"))
            .filter(Q(next_reevaluation_on__lte=day) | Q(next_reevaluation_on__isnull=True))
            .select_related("unit", "topic").order_by("next_reevaluation_on", "pk"))
