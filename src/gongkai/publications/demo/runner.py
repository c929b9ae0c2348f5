"""Living the plan through the services: each item is drafted, submitted, reviewed, returned,
published, withdrawn or corrected by the people whose step it is, so the audit trail, review
records, scanner findings and index numbers are what real use leaves behind; then its times are
set back to the days the plan gives it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.demo import DemoContext, so_far
from gongkai.core.demo.kernel import BODIES
from gongkai.core.workdays import Calendar

from .. import services
from ..models import (
    CatalogTopic,
    Finding,
    Genre,
    Publication,
    PublicationChannel,
    PublicationVersion,
    Reevaluation,
    ReviewRecord,
)
from .attachments import attachment_bytes
from .items import (
    ACKNOWLEDGED,
    CONF,
    DRAFT,
    MANAGERS,
    NOT_PUBLIC,
    REDACTED,
    REEVAL_KEEP,
    REEVAL_OPEN,
    RESUBMITTED,
    RETURNED,
    REVIEW,
    REVIEWERS,
    SANYUAN,
    SHAXIAN,
    SIGN,
    WITHDRAWN,
    Item,
)


class Runner:
    def __init__(self, ctx: DemoContext, cal: Calendar):
        self.ctx, self.cal, self.rng = ctx, cal, ctx.rng
        self.now = clock.now()
        self.tz = timezone.get_current_timezone()
        self.topics = {t.code: t for t in CatalogTopic.objects.all()}
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.channels = {c.code: c for c in PublicationChannel.objects.all()}
        self.pubs: dict[int, Publication] = {}
        self.published_at: dict[int, datetime] = {}
        self.users = ctx.users
        self.body_codes = {u.body.pk: code for code, u in ctx.units.items() if code in BODIES}

    def user(self, username: str):
        return self.users[username]

    def drafter(self, unit_code: str):
        if unit_code.startswith("35040401"):
            return self.user("jingban_cg")
        if unit_code.startswith(SANYUAN):
            return self.user("jingban")
        if unit_code.startswith(SHAXIAN):
            return self.user("jingban_sx")
        return self.user("gongkaiban")

    def reviewer(self, pub: Publication, step: str):
        return self.user(REVIEWERS[self.body_codes[pub.body_id]][step])

    def at(self, day: date, lo: int = 8, hi: int = 17) -> datetime:
        moment = datetime.combine(day, time(self.rng.randint(lo, hi), self.rng.randint(0, 59)), tzinfo=self.tz)
        return so_far(moment, timedelta(minutes=self.rng.randint(5, 50)))

    # --- one item ------------------------------------------------------------------------------

    def create(self, item: Item) -> Publication:
        unit = self.ctx.units[item.unit]
        drafter = self.drafter(item.unit)
        fields = dict(item.fields)
        if item.interprets is not None:
            fields["interprets"] = self.pubs[id(item.interprets)]
        pub = services.create_draft(
            actor=drafter, unit=unit, title=item.title, created_on=item.created_on, topic=self.topics[item.topic],
            channels=[self.channels[c] for c in item.channels], genre=self.genres.get(item.genre),
            summary="" if item.fate == RESUBMITTED else item.summary,  # the reviewer asks for it
            body_text=item.body, document_number=item.number, keywords=item.keywords,
            **fields)
        if item.attachment:
            name, data = attachment_bytes(item.attachment)
            services.add_attachment(actor=drafter, publication=pub, name=name, data=data)
        self.pubs[id(item)] = pub
        return pub

    def approve_until(self, pub: Publication, stop: str | None) -> None:
        for step in services.steps_for(pub):
            if step == stop:
                return
            services.approve(actor=self.reviewer(pub, step), publication=pub,
                             opinion=self.rng.choice(["同意", "同意发布", "经审核，同意", "已审查，未发现涉密内容",
                                                      "同意公开"]) if step != SIGN else "同意发布")

    def live(self, item: Item) -> None:
        pub = self.create(item)
        drafter = self.drafter(item.unit)
        fate = item.fate
        if fate in (DRAFT, NOT_PUBLIC):
            self.backdate(pub, item)
            return
        if fate in (REEVAL_KEEP, REEVAL_OPEN):
            office = self.user("gongkaiban")
            if fate == REEVAL_KEEP:
                services.reevaluate(actor=office, publication=pub, decision="keep",
                                    reason="经评审，不予公开的情形仍然存在，维持原公开属性。")
            else:
                services.reevaluate(actor=office, publication=pub, decision="open",
                                    reason="经评审，该统计数据已不涉及具体个人，且群众关注度较高，转为主动公开。")
                services.update_draft(actor=drafter, publication=pub,
                                      body_text="按街道分列的户籍业务办理情况统计，详见正文表格。",
                                      summary="按街道统计的户籍业务办理情况。", keywords="户籍业务 统计")
                services.submit_for_review(actor=drafter, publication=pub)
                self.approve_until(pub, None)
                # Minutes ago, but today: an item created today is not published yesterday.
                self.published_at[pub.pk] = max(self.now - timedelta(minutes=self.rng.randint(5, 30)),
                                                self.today_began() + (self.now - self.today_began()) / 2)
            self.backdate(pub, item)
            return
        services.submit_for_review(actor=drafter, publication=pub)
        if fate == REVIEW:
            self.approve_until(pub, item.step)
        elif fate == RETURNED:
            self.approve_until(pub, item.step)
            services.reject(actor=self.reviewer(pub, item.step), publication=pub, opinion=item.note)
        elif fate == RESUBMITTED:
            step = self.rng.choice(services.steps_for(pub))
            self.approve_until(pub, step)
            services.reject(actor=self.reviewer(pub, step), publication=pub, opinion=item.note)
            services.update_draft(actor=drafter, publication=pub, summary=item.summary)
            services.submit_for_review(actor=drafter, publication=pub)
            self.approve_until(pub, None)
        elif fate in (ACKNOWLEDGED, REDACTED):
            steps = services.steps_for(pub)
            self.approve_until(pub, CONF)
            reviewer = self.reviewer(pub, CONF)
            for finding in services.open_findings(pub):
                if fate == ACKNOWLEDGED:
                    services.acknowledge_finding(actor=reviewer, finding=finding, reason=item.note)
                else:
                    services.redact_finding(actor=reviewer, finding=finding)
            for step in steps[steps.index(CONF):]:
                services.approve(actor=self.reviewer(pub, step), publication=pub, opinion="敏感信息已处理，同意发布")
        else:
            self.approve_until(pub, None)
        if fate not in (REVIEW, RETURNED):
            self.published_at[pub.pk] = self.at(item.published_on)
        self.backdate(pub, item)

    def after(self, item: Item) -> None:
        """Withdrawal or correction, some days after publication."""
        pub = self.pubs[id(item)]
        actor = self.user(MANAGERS[self.body_codes[pub.body_id]])
        moment = max(self.at(item.published_on + timedelta(days=item.after_days)),
                     self.published_at[pub.pk] + timedelta(minutes=30))
        moment = min(moment, self.now - timedelta(minutes=2))
        if item.fate == WITHDRAWN:
            services.withdraw(actor=actor, publication=pub, reason=item.note)
            Publication.objects.filter(pk=pub.pk).update(withdrawn_at=moment, updated_at=moment)
        else:
            services.correct(actor=actor, publication=pub, note=item.note, **item.changes)
            Publication.objects.filter(pk=pub.pk).update(corrected_at=moment, updated_at=moment)
            PublicationVersion.objects.filter(publication=pub).update(replaced_at=moment)

    # --- dates ---------------------------------------------------------------------------------

    def today_began(self) -> datetime:
        return datetime.combine(timezone.localdate(self.now), datetime.min.time(), tzinfo=self.tz)

    def backdate(self, pub: Publication, item: Item) -> None:
        """Demo data only: the services stamp every act with the current time, which would make two
        years of catalog look published in one minute. Give the item, its review trail and its
        scanner decisions the times they would have had (the audit log keeps the real ones)."""
        start = self.at(item.created_on, 8, 11)
        if item.fate == REEVAL_OPEN:
            start = max(self.now - timedelta(hours=2), self.today_began())
        end = self.published_at.get(pub.pk)
        records = list(ReviewRecord.objects.filter(publication=pub).order_by("pk").values_list("pk", flat=True))
        if end is None:
            end = min(self.now - timedelta(minutes=10), start + timedelta(days=2 * max(1, len(records))))
        end = max(end, start + timedelta(minutes=len(records) + 1))
        end = min(end, max(start, self.now - timedelta(minutes=1)))  # just after midnight, not after now
        stamps = sorted(start + (end - start) * self.rng.random() for _ in records)
        if records and pub.pk in self.published_at:
            stamps[-1] = end
        for pk, moment in zip(records, stamps, strict=True):
            ReviewRecord.objects.filter(pk=pk).update(at=moment)
        Finding.objects.filter(publication=pub).exclude(resolved_at=None).update(
            resolved_at=stamps[-1] - timedelta(minutes=20) if stamps else end)
        Reevaluation.objects.filter(publication=pub).update(at=start)
        fields = dict(created_at=start, updated_at=end if records else start)
        if pub.pk in self.published_at:
            fields["published_at"] = self.published_at[pub.pk] = end
        Publication.objects.filter(pk=pub.pk).update(**fields)
