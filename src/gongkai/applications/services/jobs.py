"""The daily job: lapsed waits closed, silent consultations ended, reminders written."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.core import clock
from gongkai.core.models import User
from gongkai.core.permissions import Capability

from ..deadlines import clock_state
from ..models import Application, Consultation, Reminder, Status
from .handling import record_consultation_answer
from .reply import close_if_lapsed

log = logging.getLogger(__name__)


def daily(on: date | None = None) -> dict[str, int]:
    """Run once a day (django-q schedule, `gongkai applications daily`): close lapsed supplement
    and fee waits, end silent consultations, write reminders."""
    on = on or clock.today()
    closed = silent = 0
    # Each case in its own transaction; one whose notice cannot be issued (a character no font
    # has) is logged and left to staff, and the others go on.
    for app in Application.objects.filter(status__in=[Status.SUPPLEMENT, Status.PROCESSING]).select_related("body"):
        try:
            if close_if_lapsed(app=app, on=on):
                closed += 1
        except ValidationError:
            log.exception("daily: %s could not be closed", app.tracking_number)
    for consultation in Consultation.objects.filter(answered_on__isnull=True, answer_due_on__lt=on,
                                                    application__status=Status.PROCESSING):
        try:
            record_consultation_answer(actor=None, consultation=consultation, on=consultation.answer_due_on,
                                       opinion=Consultation.Opinion.SILENT)
            silent += 1
        except ValidationError:
            log.exception("daily: the silence of consultation %s could not be recorded", consultation.pk)
    return {"closed": closed, "silent": silent, "reminders": send_reminders(on)}


def send_reminders(on: date) -> int:
    """Reminders to the handler and the office at 5 and 1 working days before the due date, and
    when overdue; one per person, kind and due date (re-sent only if the due date moves)."""
    from gongkai.core.models import Role
    office_roles = [r.pk for r in Role.objects.filter(scope=Role.Scope.ALL)
                    if Capability.APPLICATIONS_APPROVE in r.capabilities]
    office = list(User.objects.filter(is_active=True, roles__in=office_roles).distinct())
    written = 0
    for app in Application.objects.filter(status__in=[Status.PROCESSING, Status.APPROVAL], due_on__isnull=False) \
            .select_related("body", "handler"):
        state = clock_state(app, on)
        if state is None:
            continue
        if state.remaining < 0:
            kind = Reminder.Kind.OVERDUE
        elif state.remaining <= min(settings.GONGKAI_REMINDER_DAYS):
            kind = Reminder.Kind.ONE_DAY
        elif state.remaining <= max(settings.GONGKAI_REMINDER_DAYS):
            kind = Reminder.Kind.FIVE_DAYS
        else:
            continue
        people = ([app.handler] if app.handler else []) + office
        for person in people:
            _, created = Reminder.objects.get_or_create(application=app, user=person, kind=kind, due_on=state.due)
            written += created
    return written
