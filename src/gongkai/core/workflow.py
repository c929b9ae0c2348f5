"""The frame every app's `workflow.py` fills in: the steps of one kind of case, each written once.

A `Step` has one `name` everywhere: the service function that takes it, the API action, the audit
action (`<kind>.<name>`) and the workbench form. Its `blocked(item, on, actor)` says, in the words
shown to staff, why it cannot be taken on `on` given what is stored, or "" when it can (`actor`
is None when the question is asked without a person: the daily job, a paper answer recorded by
staff for the system); its `four_eyes` says whether this person may take a review step of an item
(`core/four_eyes.py`). Who may take a step at all is its capability on the item's unit, or on
every unit for the disclosure office's own steps (`office`); a capability can be one of several,
or depend on the item (a review chain's step needs the capability of the item's current stage).

A step can act on one part of the case (`target`: an attachment, a finding). Asked without the
part, `blocked` says whether there is any the step could act on; asked with it, `on_target` alone
says whether the step can act on that one.

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


def any_target(item, target) -> str:
    return ""


# One capability, any one of several, or a function of the item (None: none is asked; the step's
# own rule answers everyone).
Capability = str | tuple[str, ...] | Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    capability: Capability
    blocked: Callable[[Any, date, Any], str] = never
    four_eyes: "Callable[[Any, Any], four_eyes.Verdict] | None" = None
    aliases: tuple[str, ...] = ()  # the API's names before the steps were named once (kept one release)
    office: str = ""               # the disclosure office's step: "只有政务公开办可以<office>"
    audit_label: str = ""          # what the audit pages call it, when not its label
    api: bool = True               # False: taken on a page of its own, not through the step action
    denied: str = ""               # what a person without the capability is told, if not NO_PERMISSION
    target: type | None = None     # the model of the part the step acts on
    on_target: Callable[[Any, Any], str] = any_target
    # The exception a four-eyes refusal raises in `check`: a refusal of the person, not of the case,
    # is a PermissionDenied where the service always answered so.
    four_eyes_raises: type[Exception] = ValidationError


@dataclass(frozen=True)
class Offer:
    step: Step
    reason: str        # "" when the step can be taken
    four_eyes: bool    # refused only by the four-eyes rule: the page says so to the person
    same_reviewer: bool = False  # allowed only because the body lets one person take several steps


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

    def capabilities(self, name: str, item) -> tuple[str, ...]:
        """The capabilities of which any one lets a person take the step on this item."""
        cap = self.steps[name].capability
        cap = cap(item) if callable(cap) else cap
        return (cap,) if isinstance(cap, str) else tuple(cap or ())

    def holds(self, user, name: str, item) -> bool:
        """`user` has the right to the step on this item, whatever its state."""
        caps = self.capabilities(name, item)
        unit = None if self.steps[name].office else self.unit(item)
        return not caps or any(can(user, c, unit) for c in caps)

    def permission_refusal(self, name: str, item, user) -> str:
        """Why `user` has no right to the step on this item, whatever its state ("" if they have)."""
        if self.holds(user, name, item):
            return ""
        s = self.steps[name]
        return f"只有政务公开办可以{s.office}" if s.office else s.denied or NO_PERMISSION

    def _blocked(self, s: Step, item, on: date | None, actor, target) -> str:
        return s.on_target(item, target) if target is not None else s.blocked(item, on or clock.today(), actor)

    def refusal(self, name: str, item, *, actor=None, on: date | None = None, target=None) -> str:
        """Why `actor` may not take the step now, on `target` for a step acting on a part ("" if
        they may); without an actor, only the item's state is asked."""
        s = self.steps[name]
        if actor is not None:
            denied = self.permission_refusal(name, item, actor)
            if denied:
                return denied
        reason = self._blocked(s, item, on, actor, target)
        if reason or actor is None or s.four_eyes is None:
            return reason
        return s.four_eyes(item, actor).reason

    def check(self, name: str, item, *, actor=None, on: date | None = None, target=None) -> four_eyes.Verdict:
        """What each service does first: PermissionDenied without the right to the step,
        ValidationError with the reason when it cannot be taken now, then the four-eyes refusal.
        Returns the four-eyes verdict (`same_reviewer`: the body let one person take several steps)."""
        s = self.steps[name]
        if actor is not None:
            denied = self.permission_refusal(name, item, actor)
            if denied:
                raise PermissionDenied(denied)
        reason = self._blocked(s, item, on, actor, target)
        if reason:
            raise ValidationError(reason)
        verdict = s.four_eyes(item, actor) if actor is not None and s.four_eyes else four_eyes.Verdict(True)
        if not verdict.allowed:
            raise s.four_eyes_raises(verdict.reason)
        return verdict

    def offers(self, item, user, on: date | None = None) -> list[Offer]:
        """Every step `user` has the right to on this item, in order, each with why not now (or "")."""
        on = on or clock.today()
        out = []
        for s in self.steps.values():
            if not self.holds(user, s.name, item):
                continue
            reason = s.blocked(item, on, user)
            verdict = s.four_eyes(item, user) if s.four_eyes and not reason else None
            refused = bool(verdict and not verdict.allowed)
            out.append(Offer(s, reason or (verdict.reason if refused else ""), refused,
                             bool(verdict and verdict.same_reviewer)))
        return out

    def available(self, item, user, on: date | None = None) -> list[str]:
        """The names of the steps `user` can take now."""
        return [o.step.name for o in self.offers(item, user, on) if not o.reason]

    def on_target(self, item, target, names) -> list[str]:
        """Of the steps `names`, those that act on parts like `target` and can act on this one."""
        return [n for n in names if self.steps[n].target is not None and isinstance(target, self.steps[n].target)
                and not self.steps[n].on_target(item, target)]

    def aliases(self) -> dict[str, str]:
        return {alias: s.name for s in self.steps.values() for alias in s.aliases}

    def audit_labels(self) -> dict[str, str]:
        """`<kind>.<step>` → what the audit pages call it; earlier names keep their label."""
        label = {s.name: s.audit_label or s.label for s in self.steps.values()}
        return {**{f"{self.kind}.{name}": text for name, text in label.items()},
                **{f"{self.kind}.{old}": label[new] for old, new in self.earlier_audit.items()}}


def table(*steps: Step) -> dict[str, Step]:
    return {s.name: s for s in steps}
