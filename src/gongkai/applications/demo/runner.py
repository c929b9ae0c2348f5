"""Living the demo's cases through `gongkai.applications.services`: each case is a generator that
yields the day of its next step and takes it when resumed, and all of them run in one timeline,
the step due earliest first, with the services' "today" pinned to the step's day, so tracking
numbers, notice numbers, the timeline and the audit chain are what real use leaves behind."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.demo import DemoContext
from gongkai.core.workdays import Calendar

from .. import services
from ..models import Application, ApplicationChannel, Consultation, Remedy, Status
from .cases import CHENGGUAN, CITY, SANYUAN, SHAXIAN, Case
from .people import People

# (handler, approver) per disclosure body; the city's applications are handled by the disclosure
# office itself. The approvers of the city and 沙县 come from the proactive-disclosure demo.
TEAM = {CITY: ("gongkaiban", "qianfa_sj"), SANYUAN: ("jingban", "qianfa"), SHAXIAN: ("jingban_sx", "qianfa_sx")}
UNIT_HANDLER = {CHENGGUAN: "jingban_cg"}

DELIVERY = {"online": "online", "email": "email", "in_person": "in_person", "fax": "fax"}
BY_COLLECTION = {"post": "post", "email": "email", "fax": "fax", "collect": "in_person", "on_site": "in_person",
                 "online": "online"}
REMEDY_SUMMARY = {
    "maintained": "维持原答复。",
    "corrected": "责令重新作出答复，本机关已重新答复。",
    "other": "申请人撤回申请，复议终止。",
}


@dataclass
class Progress:
    """Where a case stands between its steps: the day of its last step, and the day its clock
    (re)started."""
    app: Application
    handler: object
    approver: object
    day: date
    start: date


def _services_today(pinned: list[date]):
    """The services date their acts with `clock.today()`; during the demo it is the step's own day."""
    return clock.override(today=lambda: pinned[0])


class Runner:
    def __init__(self, ctx: DemoContext, today: date, cal: Calendar):
        self.ctx, self.today, self.cal, self.rng = ctx, today, cal, ctx.rng
        self.people = People(ctx.rng)
        self.apps: dict[str, Application] = {}
        self.counter = 0
        self.last_at: datetime | None = None

    def wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n).date

    def at(self, day: date) -> datetime:
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, self.rng.randint(8, 16),
                                              self.rng.randint(0, 59)))
        # Cases are numbered in the order they are registered: a later one the same day is later
        # in the day (whatever date the demo is built on).
        if self.last_at is not None and timezone.localdate(self.last_at) == day and moment <= self.last_at:
            moment = self.last_at + timedelta(minutes=self.rng.randint(1, 20))
        self.last_at = moment
        return moment

    def user(self, username: str):
        return self.ctx.users[username]

    # --- one case, step by step: each stage yields the days of its steps and returns True where
    # --- the case stops (still open, or closed because a period lapsed)

    def life(self, case: Case) -> Iterator[date]:
        """One case, step by step: yields the day of its next step and does it when resumed."""
        p = yield from self.received(case)
        if p is None:
            return
        for stage in (self.supplement, self.reasons, self.consultation, self.fee, self.extension):
            if (yield from stage(case, p)):
                return
        if case.stop == "processing":
            return
        if (yield from self.reply(case, p)):
            return
        yield from self.remedies(case, p)

    def received(self, case: Case):
        """Submitted or registered, confirmed where the channel needs it, the receipt delivered and
        the case assigned; None if it waits for confirmation."""
        unit = self.ctx.units[case.unit or case.body]
        handler = self.user(UNIT_HANDLER.get(case.unit, TEAM[case.body][0]))
        approver = self.user(TEAM[case.body][1])
        medium, collection = case.medium, case.collection
        if case.channel in (ApplicationChannel.LETTER, ApplicationChannel.REGISTERED_POST) and medium == "electronic":
            medium, collection = "paper", "post"  # who writes a letter mostly wants a letter back
        data = {**self.people.get(case.who), "description": case.description, "document_number": case.document_number,
                "items": case.items, "medium": medium, "collection": collection}
        day = case.received
        yield day
        if case.channel == ApplicationChannel.ONLINE:
            app, _ = services.submit_online(body=unit.body, data=data, now=self.at(day))
        else:
            confirm_later = case.channel in (ApplicationChannel.LETTER, ApplicationChannel.FAX)
            app, _ = services.register(actor=handler, unit=unit, data=data, channel=case.channel,
                                       submitted_at=self.at(day), received_on=None if confirm_later else day)
        self.apps[case.key] = app
        if app.status == Status.AWAITING_CONFIRMATION:
            if case.stop == "awaiting_confirmation":
                return None
            day = self.wd(day, 1)
            yield day
            services.confirm_receipt(actor=handler, app=app, received_on=day)
        self.deliver(handler, app.notices.get(kind="receipt"), day)
        services.assign(actor=handler, app=app, unit=app.unit, handler=handler)
        return Progress(app, handler, approver, day, day)

    def supplement(self, case: Case, p: Progress):
        if not case.supplement:
            return False
        p.day = self.wd(p.day, 2)
        yield p.day
        services.request_supplement(actor=p.handler, app=p.app, items=case.supplement, on=p.day)
        if case.stop == "supplement":
            return True
        if case.lapse:
            p.day = self.wd(p.app.supplement_due_on, 1)
            yield p.day
            self.deliver(p.handler, services.close_if_lapsed(app=p.app, on=p.day), p.day)
            return True
        p.day = self.wd(p.day, 4)
        yield p.day
        services.receive_supplement(actor=p.handler, app=p.app, on=p.day, text=case.supplement_answer)
        p.start = p.day
        return False

    def reasons(self, case: Case, p: Progress):
        if not case.reasons:
            return False
        text, reasonable = case.reasons
        p.day = self.wd(p.day, 2)
        yield p.day
        services.request_reasons(actor=p.handler, app=p.app, on=p.day)
        p.day = self.wd(p.day, 5)
        yield p.day
        services.record_reasons(actor=p.handler, app=p.app, text=text, reasonable=reasonable,
                                stated_due_on=self.wd(p.start, 40) if reasonable else None)
        return case.stop == "reasons"

    def consultation(self, case: Case, p: Progress):
        if not case.consult:
            return False
        party, name, matter, opinion, text = case.consult
        p.day = self.wd(p.day, 3)
        yield p.day
        consultation = services.start_consultation(actor=p.handler, app=p.app, party=party, party_name=name,
                                                   matter=matter, on=p.day)
        if case.stop == "consultation":
            return True
        p.day = self.wd(p.day, 6)
        yield p.day
        services.record_consultation_answer(actor=p.handler, consultation=consultation, on=p.day,
                                            opinion=opinion or Consultation.Opinion.CONSENT, text=text)
        return False

    def fee(self, case: Case, p: Progress):
        if not case.fee:
            return False
        method, quantity = case.fee
        p.day = self.wd(p.day, 2)
        yield p.day
        notice = services.notify_fee(actor=p.handler, app=p.app, method=method, quantity=quantity, on=p.day)
        p.day = self.wd(p.day, 1)
        yield p.day
        self.deliver(p.handler, notice, p.day)
        if case.stop == "fee":
            return True
        if case.lapse:
            p.day = self.wd(p.app.fee_due_on, 1)
            yield p.day
            self.deliver(p.handler, services.close_if_lapsed(app=p.app, on=p.day), p.day)
            return True
        p.day = self.wd(p.day, 4)
        yield p.day
        services.record_payment(actor=p.handler, app=p.app, on=p.day)
        return False

    def extension(self, case: Case, p: Progress):
        if not case.extension:
            return False
        days, reason = case.extension
        p.day = max(self.wd(p.start, 15), self.wd(p.day, 1))
        yield p.day
        services.request_extension(actor=p.handler, app=p.app, days=days, reason=reason)
        if case.stop == "extension":
            return True
        p.day = self.wd(p.day, 1)
        yield p.day
        self.deliver(p.handler, services.approve_extension(actor=p.approver, app=p.app, on=p.day), p.day)
        return False

    def reply(self, case: Case, p: Progress):
        """The handler's reply, approved where replies are, delivered; True if it waits for approval."""
        p.day = max(self.wd(p.start, case.days), self.wd(p.day, 1) if p.day != p.start else p.day)
        yield p.day
        earlier = self.apps.get(case.earlier) if case.earlier else None
        services.decide(actor=p.handler, app=p.app, outcome=case.outcome, reply_text=case.reply,
                        reason_text=case.reason, earlier=earlier, on_the_spot=case.on_the_spot, **case.extra)
        if p.app.status == Status.APPROVAL:
            if case.stop == "approval":
                return True
            p.day = self.wd(p.day, 1)
            yield p.day
            notice = services.approve_reply(actor=p.approver, app=p.app)
        else:
            notice = p.app.notices.order_by("-id").first()
        self.deliver(p.handler, notice, p.day)
        if case.satisfaction:
            services.record_satisfaction(app=p.app, value=case.satisfaction)
        return False

    def remedies(self, case: Case, p: Progress):
        app = p.app
        for kind, after, result, conclude, number in case.remedies:
            filed = app.decided_on + timedelta(days=after)
            yield filed
            authority = app.body.reconsideration_authority if kind == "reconsideration" else app.body.litigation_court
            remedy = services.record_remedy(actor=p.handler, app=app, kind=kind, authority=authority, filed_on=filed,
                                            case_number=number.format(year=filed.year))
            if result == Remedy.Result.PENDING:
                continue
            concluded = filed + timedelta(days=conclude)
            yield concluded
            services.record_remedy(actor=p.handler, app=app, kind=kind, authority=authority, filed_on=filed,
                                   case_number=remedy.case_number, result=result, concluded_on=concluded,
                                   summary=REMEDY_SUMMARY[result], remedy=remedy)

    # --- delivery and the timeline ------------------------------------------------------------

    def deliver(self, actor, notice, day: date) -> None:
        """The receipt goes back the way the application came; everything else the way asked for."""
        app = notice.application
        method = DELIVERY.get(app.channel, "post") if notice.kind == "receipt" else BY_COLLECTION[app.collection]
        services.record_delivery(actor=actor, notice=notice, method=method, on=day,
                                 posted_on=notice.issued_on if method == "post" else None,
                                 tracking_number=f"1{self.rng.randint(10**11, 10**12 - 1)}" if method == "post" else "",
                                 recipient=notice.addressee if method == "in_person" else "")

    def run(self, cases: list[Case]) -> None:
        """All cases in one timeline: the step due earliest goes first, so numbers follow dates."""
        heap: list[tuple[date, int, Iterator[date]]] = []

        def push(gen: Iterator[date]) -> None:
            nxt = next(gen, None)
            if nxt is not None and nxt <= self.today:  # a step after today has not happened yet
                self.counter += 1
                heapq.heappush(heap, (nxt, self.counter, gen))

        for case in cases:
            push(self.life(case))
        pinned = [self.today]
        with _services_today(pinned):
            while heap:
                day, _, gen = heapq.heappop(heap)
                pinned[0] = day
                push(gen)

