"""The reply clock of one stored case: `clock.compute` fed with the case's start, pauses and
extension. A read, used by the workflow's guards, the services and the pages alike."""

from datetime import date

from django.conf import settings

from gongkai.core import clock
from gongkai.core.calendar import get_calendar

from . import clock as reply_clock  # the statutory reply clock; `clock` is the bureau's wall clock
from .models import Application, Status


def clock_state(app: Application, on: date | None = None) -> reply_clock.ClockState | None:
    """The clock as of `on` (today by default); None while there is no clock to run: not yet
    received, waiting for a supplement, or closed."""
    if app.clock_start is None or app.status in (Status.AWAITING_CONFIRMATION, Status.SUPPLEMENT):
        return None
    on = on or clock.today()
    cal = get_calendar(app.body.region)
    consultations = app.consultations.all() if app.pk else []
    pauses = [reply_clock.Pause("consultation", c.sent_on, c.answered_on, c.answer_due_on)
              for c in consultations if c.sent_on >= app.clock_start]
    if app.fee_notified_on and settings.GONGKAI_FEE_PAUSES_CLOCK:
        pauses.append(reply_clock.Pause("fee", app.fee_notified_on, app.fee_paid_on, app.fee_due_on))
    if app.status == Status.CLOSED and app.decided_on:
        on = min(on, app.decided_on)
    return reply_clock.compute(cal, start=app.clock_start, today=on, days=settings.GONGKAI_REPLY_DAYS,
                               extension=app.extension_days, pauses=pauses, stated_due=app.stated_due_on)


def overdue(app: Application, on: date | None = None) -> bool:
    """The reply is late as of `on`: no extension can be asked for or approved any more."""
    state = clock_state(app, on)
    return bool(state and state.remaining < 0)
