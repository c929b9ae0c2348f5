"""The clocks of an item: the Art. 26 publishing deadline and the withdrawal deadline of an
enforcement decision changed or revoked after publication (行政处罚法 Art. 48), both recomputed for
every open item when the calendar changes; the items due by a day, and the date of the next
re-evaluation."""

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from gongkai.core.calendar import get_calendar

from ..models import Publication
from .item import P


def publish_deadline(pub: Publication):
    """Art. 26: 20 working days from the date created, or the topic's tighter limit; an
    interpretation is due a few working days after its policy is published."""
    calendar = get_calendar(pub.body.region)
    if pub.interprets_id and pub.interprets.published_at:
        start = timezone.localdate(pub.interprets.published_at)
        return calendar.add_working_days(start, settings.GONGKAI_INTERPRETATION_WITHIN_DAYS)
    days = pub.topic.effective_deadline_days() or settings.GONGKAI_PUBLISH_WITHIN_DAYS
    return calendar.add_working_days(pub.created_on, days)


def set_deadline(pub: Publication) -> None:
    due = publish_deadline(pub)
    pub.publish_due_on, pub.publish_due_provisional = due.date, due.provisional


# 行政处罚法 第四十八条第二款: a published penalty decision changed, revoked, found unlawful or void
# is withdrawn "在三日内"; 第八十五条: the law's "二日""三日""五日""七日" are working days, public
# holidays excluded. Licence and coercive decisions have no such article (国办发〔2018〕118号 says
# "及时撤下"): the bureau holds them to the same three working days.
WITHDRAW_WITHIN_WORKING_DAYS = 3


def withdraw_deadline(pub: Publication):
    """Three working days of the body's calendar after the day the decision was changed, revoked
    or found unlawful or void (that day itself not counted)."""
    return get_calendar(pub.body.region).add_working_days(pub.decision_changed_on, WITHDRAW_WITHIN_WORKING_DAYS)


def set_withdraw_deadline(pub: Publication) -> None:
    due = withdraw_deadline(pub)
    pub.withdraw_due_on, pub.withdraw_due_provisional = due.date, due.provisional


def recompute_publication_deadlines() -> int:
    changed = 0
    awaiting = P.objects.filter(status=P.Status.PUBLISHED, decision_changed_on__isnull=False)
    for pub in awaiting.select_related("body"):
        old = (pub.withdraw_due_on, pub.withdraw_due_provisional)
        set_withdraw_deadline(pub)
        if (pub.withdraw_due_on, pub.withdraw_due_provisional) != old:
            pub.save(update_fields=["withdraw_due_on", "withdraw_due_provisional"])
            changed += 1
    open_items = P.objects.filter(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW, P.Status.RETURNED])
    for pub in open_items.select_related("body", "topic", "interprets"):
        old = (pub.publish_due_on, pub.publish_due_provisional)
        set_deadline(pub)
        if (pub.publish_due_on, pub.publish_due_provisional) != old:
            pub.save(update_fields=["publish_due_on", "publish_due_provisional"])
            changed += 1
    return changed


def due_filter(day: date) -> Q:
    return Q(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW, P.Status.RETURNED], publish_due_on__isnull=False,
             publish_due_on__lte=day)


def months_later(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")
