"""The reply clock of one stored case: `clock.compute` fed with the case's start, pauses and
extension. A read, used by the workflow's guards, the services and the pages alike."""

from datetime import date

from django.conf import settings

from gongkai.core import clock
from gongkai.core.calendar import get_calendar

from . import clock as reply_clock  # the statutory reply clock; `clock` is the bureau's wall clock
from . import regimes
from .models import Application, Status


def _answer_limit(consultation, cal, on: date) -> date:
    """The last day a consultation can pause the clock: the party's deadline once its receipt of
    the letter is recorded (Art. 32); before that, the deadline it would have if the letter
    arrived today, the earliest it still can, so the due date shown is never too early."""
    if consultation.answer_due_on:
        return consultation.answer_due_on
    return cal.add_working_days(max(consultation.sent_on, on), settings.GONGKAI_CONSULTATION_DAYS).date


def clock_state(app: Application, on: date | None = None) -> reply_clock.ClockState | None:
    """The clock as of `on` (today by default); None while there is no clock to run: not yet
    received, waiting for a supplement, or closed."""
    if app.clock_start is None or app.status in (Status.AWAITING_CONFIRMATION, Status.SUPPLEMENT):
        return None
    on = on or clock.today()
    if app.status == Status.CLOSED and app.decided_on:
        on = min(on, app.decided_on)  # a closed case's figures stand as of its reply
    cal = get_calendar(app.body.region)
    consultations = app.consultations.all() if app.pk else []
    pauses = [reply_clock.Pause("consultation", c.sent_on, c.answered_on, _answer_limit(c, cal, on))
              for c in consultations if c.sent_on >= app.clock_start]
    if app.supplement_late and app.supplement_received_on:
        # Art. 30, a late notice: the period stood still while the applicant supplemented.
        pauses.append(reply_clock.Pause("supplement", app.supplement_requested_on, app.supplement_received_on))
    if app.fee_notified_on and settings.GONGKAI_FEE_PAUSES_CLOCK:
        pauses.append(reply_clock.Pause("fee", app.fee_notified_on, app.fee_paid_on, app.fee_due_on))
    law = regimes.of(app.received_on)  # 2008 (国务院令第492号) or 2019: 15 or 20 days, by the day received
    return reply_clock.compute(cal, start=app.clock_start, today=on, days=law.reply_days,
                               extension=min(app.extension_days, law.extension_max), pauses=pauses,
                               stated_due=app.stated_due_on)


def supplement_days_late(app: Application, on: date) -> int:
    """Art. 30: how many working days past the 7 allowed a supplement notice sent on `on` would be
    (0 when in time). A late notice does not give the bureau a fresh reply period."""
    used = get_calendar(app.body.region).working_days_between(app.received_on, on)
    return max(0, used - settings.GONGKAI_SUPPLEMENT_WITHIN_DAYS)


def overdue(app: Application, on: date | None = None) -> bool:
    """The reply is late as of `on`: no extension can be asked for or approved any more."""
    state = clock_state(app, on)
    return bool(state and state.remaining < 0)
