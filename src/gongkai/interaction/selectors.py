"""Reads of the mailbox. Staff see the letters of the units their `interaction.handle` (or
`stats.view`) reaches, and of the bodies those units are; the writer's name, phone and e-mail
only if they may handle the letter's unit (masked otherwise). The writer sees a letter only with
its number and query code; the public sees only published Q&A, in its public text."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, Q, QuerySet, Value, When

from gongkai.core import clock, identity
from gongkai.core.access import can, scope_units
from gongkai.core.models import Unit
from gongkai.core.permissions import Capability

from . import services, stats
from .models import ANSWERED_STATUSES, Kind, Letter, LetterChannel, LetterTopic, Status
from .services import writer

HANDLE = services.HANDLE
STAFF_CAPABILITIES = [HANDLE, Capability.STATS_VIEW]


def staff_letters(user) -> QuerySet[Letter]:
    units = None
    for capability in STAFF_CAPABILITIES:
        scoped = scope_units(user, capability)
        units = scoped if units is None else (units | scoped)
    reach = units.values("pk")
    return (Letter.objects.filter(Q(unit__in=reach) | Q(body__unit__in=reach))
            .select_related("body__unit", "unit", "handler", "topic"))


def queue(user, *, status: str = "", kind: str = "", channel: str = "", unit_id: int | None = None,
          overdue: bool = False, open_only: bool = True, day: date | None = None) -> QuerySet[Letter]:
    """The handling queue of the letters list page and its filters."""
    qs = staff_letters(user)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.exclude(status__in=ANSWERED_STATUSES)
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if overdue:
        qs = qs.filter(status__in=[Status.PENDING, Status.PROCESSING, Status.REVIEW], due_on__lt=day or clock.today())
    # Open letters first, soonest due first; answered ones after them, newest first.
    done = Case(When(status__in=ANSWERED_STATUSES, then=Value(1)), default=Value(0))
    due = Case(When(status__in=ANSWERED_STATUSES, then=Value(None)), default=F("due_on"))
    return qs.annotate(done=done, sort_due=due).order_by("done", F("sort_due").asc(nulls_last=True), "-received_at")


def may_handle(user, letter: Letter) -> bool:
    return can(user, HANDLE, letter.unit)


@dataclass(frozen=True)
class WriterView:
    name: str
    phone: str
    email: str
    masked: bool


def writer_view(user, letter: Letter) -> WriterView:
    if may_handle(user, letter):
        return WriterView(letter.writer_name, letter.phone, letter.email, False)
    return WriterView(identity.mask_name(letter.writer_name), identity.mask_phone(letter.phone),
                      identity.mask_email(letter.email), True)


def same_writer(letter: Letter, user=None) -> QuerySet[Letter]:
    """The writer's other letters, by the keyed hash of their phone or e-mail (the values
    themselves are encrypted and cannot be compared in the database). For a member of staff, only
    those they may see, and nothing unless they may see this letter's writer unmasked."""
    match = Q()
    if letter.phone_key:
        match |= Q(phone_key=letter.phone_key)
    if letter.email_key:
        match |= Q(email_key=letter.email_key)
    if not match or (user is not None and not may_handle(user, letter)):
        return Letter.objects.none()
    qs = staff_letters(user) if user is not None else Letter.objects.all()
    return qs.filter(match).exclude(pk=letter.pk).order_by("-received_at")


@dataclass(frozen=True)
class Urgency:
    label: str
    css: str          # overdue | soon | ok | none
    remaining: int | None


def urgency(letter: Letter, day: date | None = None) -> Urgency:
    if not letter.is_open or not letter.due_on:
        if letter.replied_on and letter.due_on:
            return Urgency("按期答复" if letter.on_time else "超期答复", "none", None)
        return Urgency(letter.get_status_display(), "none", None)
    from gongkai.core.calendar import get_calendar
    left = get_calendar(letter.body.region).working_days_between(day or clock.today(), letter.due_on)
    if left < 0:
        return Urgency(f"超期{-left}个工作日", "overdue", left)
    if left == 0:
        return Urgency("今天到期", "soon", 0)
    return Urgency(f"剩余{left}个工作日", "soon" if left <= 2 else "ok", left)


# --- The writer --------------------------------------------------------------------------------

def find_for_writer(tracking_number: str, code: str) -> Letter | None:
    """One answer (None) whether the number does not exist or the code is wrong."""
    letter = (Letter.objects.filter(tracking_number=(tracking_number or "").strip().upper())
              .select_related("body__unit", "unit", "topic").first())
    if letter is None:
        writer.hash_code(code or "")  # the same work as a real check: timing tells nothing
        return None
    return letter if services.check_query_code(letter, code) else None


PUBLIC_STATUS = {
    Status.PENDING: "已收到，正在分办",
    Status.PROCESSING: "办理中",
    Status.REVIEW: "办理中",  # the office's review is not the writer's business
    Status.REPLIED: "已答复",
    Status.CLOSED: "已办结",
}


def public_view(letter: Letter) -> dict:
    """What the writer sees on the tracking page and through the public API: never notes, the
    handler, the draft of a reply under review, or the writer's own contact details."""
    answered = letter.status in ANSWERED_STATUSES
    return {
        "tracking_number": letter.tracking_number,
        "body": letter.body.letter_name,
        "kind": letter.get_kind_display(),
        "topic": letter.topic.name,
        "subject": letter.subject,
        "status": PUBLIC_STATUS[letter.status],
        "received_on": letter.received_on,
        "due_on": letter.due_on,
        "provisional": letter.due_provisional,
        "reply": letter.reply_text if answered else "",
        "replied_on": letter.replied_on if answered else None,
        "reply_unit": letter.unit.name if answered else "",
        "satisfaction": letter.get_satisfaction_display() if letter.satisfaction else "",
        "may_rate": answered and not letter.satisfaction,
    }


# --- The public --------------------------------------------------------------------------------

def public_letters() -> QuerySet[Letter]:
    """Published Q&A: every public path (pages, API, counts) starts here."""
    return (Letter.objects.filter(published=True, status__in=ANSWERED_STATUSES, consent_publish=True)
            .select_related("unit", "topic"))


def public_text(letter: Letter) -> dict:
    """The one function producing the public text of a letter (privacy-lessons.md)."""
    return {"subject": letter.public_subject, "content": letter.public_content, "reply": letter.public_reply}


def public_topics() -> QuerySet[LetterTopic]:
    return LetterTopic.objects.filter(is_active=True)


# --- Statistics --------------------------------------------------------------------------------

def stats_rows(user, start: date, end: date) -> list[stats.Row]:
    """The letters the user may see, received in [start, end], as rows for `stats`."""
    kinds, channels = dict(Kind.choices), dict(LetterChannel.choices)
    values = list(staff_letters(user).filter(received_on__gte=start, received_on__lte=end)
                  .values_list("kind", "channel", "topic__name", "unit_id", "status", "received_on", "due_on",
                               "replied_on", "satisfaction"))
    units = unit_labels({row[3] for row in values})
    return [stats.Row(kinds[k], channels[c], t, units[u], s, r, d, rep, sat)
            for k, c, t, u, s, r, d, rep, sat in values]


def unit_labels(ids) -> dict[int, str]:
    """A label per unit that tells apart units of the same name (every 分局 has its 治安大队):
    those get their parent's name in front."""
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids).select_related("parent")}
    names = Counter(u.name for u in units.values())
    return {pk: (f"{u.parent.name}{u.name}" if names[u.name] > 1 and u.parent else u.name)
            for pk, u in units.items()}
