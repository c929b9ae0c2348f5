"""What every step does to a letter besides its own change: the row lock, the timeline event and
the audit row (`save_step`); a new letter's number, query code and reply clock; the clock
recomputed for every open letter when the calendar changes."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.calendar import get_calendar
from gongkai.core.models import DisclosureBody, User
from gongkai.core.services import next_sequence_value

from ..models import OPEN_STATUSES, Letter, LetterEvent
from ..workflow import is_office
from .writer import hash_code, new_query_code

AUDITED = ["status", "unit", "handler", "kind", "topic", "due_on", "due_provisional", "assigned_on", "replied_on",
           "closed_on", "reviewed_by", "replied_by", "satisfaction", "published", "converted_to",
           "source_application"]

# The audit actions that are not steps of `workflow` (a step's is `letter.<step name>`).
AUDIT_LABELS = {
    "letter.submit": "网上来信",
    "letter.register": "登记来信",
    "letter.rate": "来信人评价",
    "letter.from_application": "政府信息公开申请转为来信",
    "letter_topic.save": "维护来信分类",
}


# --- Deadlines ---------------------------------------------------------------------------------

def set_due(letter: Letter) -> None:
    """GONGKAI_LETTER_REPLY_DAYS working days after the day of receipt (which is not counted),
    in the receiving body's calendar."""
    due = get_calendar(letter.body.region).add_working_days(letter.received_on, settings.GONGKAI_LETTER_REPLY_DAYS)
    letter.due_on, letter.due_provisional = due.date, due.provisional


def recompute_letter_deadlines() -> int:
    changed = 0
    for letter in Letter.objects.filter(status__in=OPEN_STATUSES).select_related("body"):
        old = (letter.due_on, letter.due_provisional)
        set_due(letter)
        if (letter.due_on, letter.due_provisional) != old:
            Letter.objects.filter(pk=letter.pk).update(due_on=letter.due_on, due_provisional=letter.due_provisional)
            changed += 1
    return changed


# --- Shared steps ------------------------------------------------------------------------------

def require_office(actor: User, what: str) -> None:
    if not is_office(actor):
        raise PermissionDenied(f"只有政务公开办可以{what}")


def add_event(letter: Letter, kind: str, on: date, text: str, actor=None) -> None:
    LetterEvent.objects.create(letter=letter, kind=kind, on=on, text=text[:300],
                               actor=actor if getattr(actor, "pk", None) else None)


def save_step(letter: Letter, *, actor, action: str, before: dict | None, event: tuple[str, date, str],
              extra: dict | None = None) -> None:
    letter.save()
    add_event(letter, *event, actor=actor)
    audit.record(action=action, actor=actor, obj=letter, before=before,
                 after={**audit.snapshot(letter, AUDITED), **(extra or {})}, unit=letter.unit)


def new_letter(body: DisclosureBody, clean: dict, channel: str, received_at: datetime, entered_by=None
               ) -> tuple[Letter, str]:
    local = timezone.localtime(received_at)
    serial = next_sequence_value(body=body, name="letter", year=local.year)
    code = new_query_code()
    letter = Letter(body=body, unit=body.unit, channel=channel, received_at=received_at, received_on=local.date(),
                    tracking_number=f"XX{body.unit.code}-{local.year}-{serial:04d}",
                    query_code_hash=hash_code(code), entered_by=entered_by, **clean)
    set_due(letter)
    return letter, code
