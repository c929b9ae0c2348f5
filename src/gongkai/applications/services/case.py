"""What every step does to a case besides its own change: the reply clock refreshed, a
timeline event and the audit row (`save_step`); the clock recomputed for every open case when the
calendar changes."""

from datetime import date

from django.core.exceptions import ValidationError

from gongkai.core import audit, clock
from gongkai.core.calendar import get_calendar

from ..deadlines import clock_state
from ..models import OPEN_STATUSES, Application, CaseEvent, Status

AUDITED = [
    "status", "unit", "handler", "received_on", "due_on", "due_provisional", "clock_start",
    "supplement_requested_on", "supplement_late", "supplement_due_on", "supplement_received_on", "extension_days",
    "extension_approved_on", "reasons_requested_on", "stated_due_on", "fee_method", "fee_amount",
    "fee_notified_on", "fee_due_on", "fee_paid_on", "outcome", "decided_on", "closed_on",
]


# The audit actions that are not steps of `workflow` (a step's is `application.<step name>`).
AUDIT_LABELS = {
    "application.submit": "提交政府信息公开申请",
    "application.register": "登记政府信息公开申请",
    "application.reissue_query_code": "重新生成查询码",
    "application.close": "办结申请",
    "application.satisfaction": "申请人评价",
    "application.identity_proof": "查看申请人身份证明文件",
    "application.import": "导入申请台账",
    "notice_template.update": "修改文书模板",
}


def refresh_clock(app: Application) -> None:
    state = clock_state(app)
    if state is None:
        if app.status != Status.CLOSED:
            app.due_on, app.due_provisional = None, False
        return
    app.due_on, app.due_provisional = state.due, state.provisional


def add_event(app: Application, kind: str, on: date, text: str, actor=None) -> None:
    CaseEvent.objects.create(application=app, kind=kind, on=on, text=text[:300], due_on=app.due_on,
                             actor=actor if getattr(actor, "pk", None) else None)


def save_step(app: Application, *, actor, action: str, before: dict | None, event: tuple[str, date, str] | None):
    if app.pk is None:
        app.save()
    refresh_clock(app)
    app.save()
    if event:
        add_event(app, event[0], event[1], event[2], actor)
    audit.record(action=action, actor=actor, obj=app, before=before, after=audit.snapshot(app, AUDITED),
                 unit=app.unit)


def recompute_application_deadlines() -> int:
    changed = 0
    for app in Application.objects.filter(status__in=OPEN_STATUSES).select_related("body"):
        old = (app.due_on, app.due_provisional)
        refresh_clock(app)
        if (app.due_on, app.due_provisional) != old:
            Application.objects.filter(pk=app.pk).update(due_on=app.due_on, due_provisional=app.due_provisional)
            changed += 1
    return changed


def working_days(app: Application, start: date, days: int):
    return get_calendar(app.body.region).add_working_days(start, days)


def not_after_today(on: date, field: str, label: str) -> None:
    # A step is recorded when it has happened; a future date would also run the clock past the
    # calendar's end (9999-12-31) and fail with an error nobody can read.
    if on > clock.today():
        raise ValidationError({field: f"{label}不能晚于今天"})
