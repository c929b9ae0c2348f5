"""Reads of bulletins and guides. Every public path (pages, chart, table, CSV, feed, API) starts
from `public_bulletins()` / `public_guides()`, so a draft, superseded or withdrawn version has no
way out."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from gongkai.core import four_eyes
from gongkai.core.access import scope_units
from gongkai.core.permissions import Capability

from .models import CATEGORIES, Bulletin, GuideCategory, ServiceGuide

B = Bulletin
DEFAULT_WEEKS = 26
MIN_WEEKS, MAX_WEEKS = 12, 26


def public_bulletins() -> QuerySet[Bulletin]:
    return B.objects.filter(status=B.Status.PUBLISHED).select_related("body__unit")


def staff_bulletins(user) -> QuerySet[Bulletin]:
    units = scope_units(user, Capability.BULLETINS_MANAGE)
    return (B.objects.filter(body__unit__in=units.values("pk"))
            .select_related("body__unit", "created_by", "submitted_by", "published_by"))


# A bulletin's authors for 四眼原则: who entered it and who submitted it.
AUTHORS = ("created_by", "submitted_by")


def four_eyes_verdict(bulletin: Bulletin, user) -> four_eyes.Verdict:
    """A one-step chain: only the authors are refused."""
    return four_eyes.judge(actor=user.pk, authors={getattr(bulletin, f"{f}_id") for f in AUTHORS}, taken=[],
                           own="本人填报或提交的通报")


def review_queue(user) -> QuerySet[Bulletin]:
    """Bulletins waiting for review that this user may publish (never their own, 四眼原则)."""
    queue = staff_bulletins(user).filter(status=B.Status.IN_REVIEW)
    for field in AUTHORS:
        queue = queue.exclude(**{field: user})
    return queue.order_by("week_start", "pk")


def public_guides() -> QuerySet[ServiceGuide]:
    return ServiceGuide.objects.filter(status=ServiceGuide.Status.PUBLISHED).select_related("category", "unit", "body__unit")


def staff_guides(user) -> QuerySet[ServiceGuide]:
    units = scope_units(user, Capability.GUIDES_MANAGE)
    return ServiceGuide.objects.filter(unit__in=units.values("pk")).select_related("category", "unit", "created_by")


def guide_categories_with_counts() -> list[tuple[GuideCategory, int]]:
    counts: dict[int, int] = {}
    for category_id in public_guides().values_list("category_id", flat=True):
        counts[category_id] = counts.get(category_id, 0) + 1
    return [(c, counts.get(c.pk, 0)) for c in GuideCategory.objects.all()]


# --- The trend series -----------------------------------------------------------------------

@dataclass
class WeekRow:
    year: int
    week: int
    start: date
    bulletin: Bulletin | None

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.week}周"

    @property
    def short_label(self) -> str:
        return f"第{self.week}周"

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    def value(self, code: str) -> int | None:
        return getattr(self.bulletin, code) if self.bulletin else None

    @property
    def values(self) -> list[int | None]:
        return [self.value(code) for code, _ in CATEGORIES]


def clamp_weeks(value) -> int:
    try:
        weeks = int(value)
    except (TypeError, ValueError):
        return DEFAULT_WEEKS
    return max(MIN_WEEKS, min(MAX_WEEKS, weeks))


def series(body, end: date, weeks: int = DEFAULT_WEEKS) -> list[WeekRow]:
    """The `weeks` ISO weeks up to the one starting on Monday `end`, oldest first, each with the
    body's published bulletin or None (a gap stays a gap: nothing is interpolated)."""
    first = end - timedelta(weeks=weeks - 1)
    found = {b.week_start: b for b in public_bulletins().filter(body=body, week_start__gte=first,
                                                                 week_start__lte=end)}
    rows = []
    for i in range(weeks):
        monday = first + timedelta(weeks=i)
        iso = monday.isocalendar()
        rows.append(WeekRow(iso.year, iso.week, monday, found.get(monday)))
    return rows


def previous_published(bulletin: Bulletin) -> Bulletin | None:
    return public_bulletins().filter(body=bulletin.body,
                                     week_start=bulletin.week_start - timedelta(weeks=1)).first()
