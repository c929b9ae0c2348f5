"""The demo catalog's plan: every item, what it is (title, text, topic, publishing unit, dates,
attachment) and what happens to it, decided from the seeded random generator alone, so the same
seed on the same day gives the same catalog. Each kind of item is drawn in its own module; the
order of `Planner.plan` is the order the generator is drawn from, so it must not change."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gongkai.core.workdays import Calendar

from .documents import DocumentPlans
from .fates import FatePlans
from .items import DRAFT, NOT_PUBLIC, REEVAL_KEEP, REEVAL_OPEN, RETURNED, REVIEW, Item
from .pipeline import PipelinePlans
from .texts import NOTICES
from .yearly import YearlyPlans


class Planner(PipelinePlans, FatePlans, DocumentPlans, YearlyPlans):
    def plan(self) -> list[Item]:
        self.bulletins()
        self.quarterly_situation()
        for _ in range(self.n(15)):
            self.add(self.tip(self.day()))
        for _ in range(self.n(18)):
            self.add(self.news(self.day()))
        for i in range(self.n(10)):
            self.add(self.guide(self.day(hi=self.start + timedelta(days=300)), i))
        for i in range(self.n(6)):
            self.add(self.service(self.day(), i))
        for i in range(self.n(len(NOTICES))):
            self.add(self.notice(self.day(), i))
        self.press()
        self.organisation()
        self.plans_and_policies()
        self.normative()
        self.finance()
        for _ in range(self.n(14)):
            self.add(self.licence(self.day()))
        for _ in range(self.n(14)):
            self.add(self.penalty(self.day()))
        for _ in range(self.scale):
            self.add(self.exit_penalty(self.day(), "overstay"))
            self.add(self.exit_penalty(self.day(), "work"))
        self.personnel()
        self.annual_reports()
        self.not_public()
        self.fates()
        self.pipeline()
        for item in self.items:
            if item.fate not in (DRAFT, REVIEW, RETURNED, NOT_PUBLIC, REEVAL_KEEP, REEVAL_OPEN):
                item.published_on = item.published_on or self.publish_on(item)
        return self.items


def plan(rng: random.Random, scale: int, today: date, cal: Calendar, names: dict[str, tuple]) -> list[Item]:
    """Every item of the demo catalog, decided by `rng` alone (for the same `today`)."""
    return Planner(rng, scale, today, cal, names).plan()
