"""The frame every app's `workflow.py` fills in: the steps of one kind of case, each written once.

A `Step` has one `name` everywhere: the service function that takes it, the API action, the audit
action (`<kind>.<name>`) and the workbench form. Its `blocked(item, on, actor)` says, in the words
shown to staff, why it cannot be taken on `on` given what is stored, or "" when it can (`actor`
is None when the question is asked without a person: the daily job, a paper answer recorded by
staff for the system); its `four_eyes` says whether this person may take a review step of an item
(`core/four_eyes.py`). Who may take a step at all is its capability on the item's unit, or on
every unit for the disclosure office's own steps (`office`).

Services call `check` first; pages and the API draw their steps from `offers`; so the page, the
API and the service cannot disagree, and an app's rules of "when" and "who" live in one file."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from . import clock, four_eyes
from .access import can

NO_PERMISSION = "您没有执行此操作的权限"


def first(*rules: tuple[bool, str]) -> str:
    """The reason of the first broken rule, or "": the guards list their rules in the order the
    person should hear them."""
    return next((reason for broken, reason in rules if broken), "")


def never(item, on, actor) -> str:
    return ""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    capability: str
    blocked: Callable[[Any, date, Any], str] = never
    four_eyes: "Callable[[Any, Any], four_eyes.Verdict] | None" = None
    aliases: tuple[str, ...] = ()  # the API's names before the steps were named once (kept one release)
    office: str = ""               # the disclosure office's step: "只有政务公开办可以<office>"
    audit_label: str = ""          # what the audit pages call it, when not its label
    api: bool = True               # False: taken on a page of its own, not through the step action


@dataclass(frozen=True)
class Offer:
    step: Step
    reason: str        # "" when the step can be taken
    four_eyes: bool    # refused only by the four-eyes rule: the page says so to the person


@dataclass(frozen=True)
class Workflow:
    """The steps of one kind of case, in the order of its life."""

    kind: str                           # the audit actions' prefix: `<kind>.<step>`
    unit: Callable[[Any], Any]          # the unit a step's capability is needed on
    steps: dict[str, Step]
    earlier_audit: dict[str, str] = field(default_factory=dict)  # audit action once used → step

    def step(self, name: str) -> Step | None:
        """The step a name or an old API alias names."""
        if name in self.steps:
            return self.steps[name]
        return next((s for s in self.steps.values() if name in s.aliases), None)

    def permission_refusal(self, name: str, item, user) -> str:
        """Why `user` has no right to the step on this item, whatever its state ("" if they have)."""
        s = self.steps[name]
        if s.office:
            return "" if can(user, s.capability, None) else f"只有政务公开办可以{s.office}"
        return "" if can(user, s.capability, self.unit(item)) else NO_PERMISSION

    def refusal(self, name: str, item, *, actor=None, on: date | None = None) -> str:
        """Why `actor` may not take the step now ("" if they may); without an actor, only the
        item's state is asked."""
        s = self.steps[name]
        if actor is not None:
            denied = self.permission_refusal(name, item, actor)
            if denied:
                return denied
        reason = s.blocked(item, on or clock.today(), actor)
        if reason or actor is None or s.four_eyes is None:
            return reason
        return s.four_eyes(item, actor).reason

    def check(self, name: str, item, *, actor=None, on: date | None = None) -> None:
        """What each service does first: PermissionDenied without the right to the step,
        ValidationError with the reason when it cannot be taken now."""
        if actor is not None:
            denied = self.permission_refusal(name, item, actor)
            if denied:
                raise PermissionDenied(denied)
        reason = self.refusal(name, item, actor=actor, on=on)
        if reason:
            raise ValidationError(reason)

    def offers(self, item, user, on: date | None = None) -> list[Offer]:
        """Every step `user` has the right to on this item, in order, each with why not now (or "")."""
        on = on or clock.today()
        out = []
        for s in self.steps.values():
            if self.permission_refusal(s.name, item, user):
                continue
            reason = s.blocked(item, on, user)
            verdict = s.four_eyes(item, user) if s.four_eyes and not reason else None
            out.append(Offer(s, reason or (verdict.reason if verdict else ""), bool(verdict and not verdict.allowed)))
        return out

    def available(self, item, user, on: date | None = None) -> list[str]:
        """The names of the steps `user` can take now."""
        return [o.step.name for o in self.offers(item, user, on) if not o.reason]

    def aliases(self) -> dict[str, str]:
        return {alias: s.name for s in self.steps.values() for alias in s.aliases}

    def audit_labels(self) -> dict[str, str]:
        """`<kind>.<step>` → what the audit pages call it; earlier names keep their label."""
        label = {s.name: s.audit_label or s.label for s in self.steps.values()}
        return {**{f"{self.kind}.{name}": text for name, text in label.items()},
                **{f"{self.kind}.{old}": label[new] for old, new in self.earlier_audit.items()}}


def table(*steps: Step) -> dict[str, Step]:
    return {s.name: s for s in steps}
