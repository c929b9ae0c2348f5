"""The kernel's frame of every workflow (`core/workflow.py`), on a made-up kind of case: what each
app's workflow relies on, asked without a database."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import four_eyes
from gongkai.core.workflow import Step, Workflow, first, table

DAY = date(2026, 12, 7)


@dataclass
class Case:
    status: str = "open"
    parts: list = field(default_factory=list)
    author: str = "ann"


@dataclass(frozen=True)
class Part:
    done: bool = False


@dataclass(frozen=True)
class Person:
    name: str


def _open(case, on, actor):
    return first((case.status != "open", "该事项已办结"))


def _any_part(case, on, actor):
    return first((not any(not p.done for p in case.parts), "没有待处理的部分"))


def _this_part(case, part):
    return first((part.done, "该部分已处理"))


def _not_author(case, actor) -> four_eyes.Verdict:
    if actor.name == case.author:
        return four_eyes.Verdict(False, reason="不能审核本人起草的事项")
    return four_eyes.Verdict(True, same_reviewer=actor.name == "solo")


NOBODY = lambda case: None  # noqa: E731  (no capability asked: the steps' rules answer everyone)

FLOW = Workflow("case", lambda case: None, table(
    Step("close", "办结", NOBODY, _open, aliases=("finish",)),
    Step("handle_part", "处理部分", NOBODY, _any_part, target=Part, on_target=_this_part),
    Step("approve", "审核", NOBODY, _open, _not_author),
    Step("vouch", "确认", NOBODY, _open, _not_author, four_eyes_raises=PermissionDenied),
), earlier_audit={"end": "close"})


def test_a_step_is_refused_with_the_first_broken_rule():
    assert FLOW.refusal("close", Case(status="closed"), on=DAY) == "该事项已办结"
    assert FLOW.refusal("close", Case(), on=DAY) == ""


def test_a_step_on_a_part_asks_whether_there_is_one_and_whether_it_can_act_on_that_one():
    case = Case(parts=[Part(done=True), Part()])
    assert FLOW.refusal("handle_part", Case(parts=[Part(done=True)]), on=DAY) == "没有待处理的部分"
    assert FLOW.refusal("handle_part", case, on=DAY) == ""
    assert FLOW.refusal("handle_part", case, on=DAY, target=case.parts[0]) == "该部分已处理"
    assert FLOW.on_target(case, case.parts[1], ["close", "handle_part"]) == ["handle_part"]
    assert FLOW.on_target(case, case.parts[0], ["close", "handle_part"]) == []


def test_check_raises_and_returns_the_four_eyes_verdict():
    with pytest.raises(ValidationError, match="不能审核本人起草的事项"):
        FLOW.check("approve", Case(), actor=Person("ann"), on=DAY)
    with pytest.raises(PermissionDenied, match="不能审核本人起草的事项"):
        FLOW.check("vouch", Case(), actor=Person("ann"), on=DAY)
    assert FLOW.check("approve", Case(), actor=Person("solo"), on=DAY).same_reviewer
    with pytest.raises(ValidationError, match="该事项已办结"):
        FLOW.check("close", Case(status="closed"), on=DAY)


def test_offers_say_why_not_and_whether_only_four_eyes_refused():
    offers = {o.step.name: o for o in FLOW.offers(Case(), Person("ann"), on=DAY)}
    assert offers["approve"].four_eyes and offers["approve"].reason == "不能审核本人起草的事项"
    assert offers["handle_part"].reason == "没有待处理的部分" and not offers["handle_part"].four_eyes
    assert FLOW.available(Case(), Person("solo"), on=DAY) == ["close", "approve", "vouch"]
    assert next(o for o in FLOW.offers(Case(), Person("solo"), on=DAY) if o.step.name == "approve").same_reviewer


def test_old_names_resolve_and_keep_their_audit_label():
    assert FLOW.step("finish").name == "close" and FLOW.step("explode") is None
    assert FLOW.aliases() == {"finish": "close"}
    assert FLOW.audit_labels()["case.end"] == FLOW.audit_labels()["case.close"] == "办结"
