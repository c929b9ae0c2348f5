"""The clocks of an item: the Art. 26 publishing deadline, recomputed for every open item when
the calendar changes, the items due by a day, and the date of the next re-evaluation."""

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


def recompute_publication_deadlines() -> int:
    changed = 0
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
