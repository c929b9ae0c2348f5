"""The steps of handling a letter to the mailbox, each written once.

A step's `name` is everywhere the same: the service function (`services.return_reply`), the API
action (`POST /api/v1/staff/letters/<id>/return_reply/`), the audit action
(`letter.return_reply`) and the workbench form (`#step-return_reply`).

Who may take a step: the disclosure office (政务公开办: `interaction.handle` on every unit) for
assigning, reviewing, closing and the public Q&A; whoever handles the letter's unit for replying,
notes and the Art. 39 conversion. The reply's drafter neither approves nor returns it
(`reply_four_eyes`). `blocked(letter, office)` says why the step cannot be taken now, from the
letter's stored state ("" when it can); `office` tells whether the person is the office, because
the office may reply to a letter it has not assigned yet. What the person types in is checked by
the service itself."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import four_eyes
from gongkai.core.access import can

from .models import ANSWERED_STATUSES, Letter, Status

HANDLE = "interaction.handle"
OFFICE, UNIT = "office", "unit"
CONVERTIBLE_TO_APPLICATION = (Status.PENDING, Status.PROCESSING)


def is_office(user) -> bool:
    """The disclosure office: handles letters of every unit (a role with scope "all")."""
    return can(user, HANDLE, None)


def reply_four_eyes(letter: Letter, user) -> four_eyes.Verdict:
    """四眼原则: the reply's drafter neither approves nor returns it (an office role gained after
    drafting does not make it theirs to review)."""
    return four_eyes.judge(actor=user.pk, authors={letter.replied_by_id}, taken=[], own="本人拟定的答复")


def _first(*rules: tuple[bool, str]) -> str:
    return next((reason for broken, reason in rules if broken), "")


def _assign(letter, office):
    return _first((letter.status not in (Status.PENDING, Status.PROCESSING), "只有待分办或办理中的来信可以分办"))


def _reply(letter, office):
    return _first((letter.status == Status.PENDING and not office, "来信尚未分办，不能答复"),
                  (letter.status not in (Status.PENDING, Status.PROCESSING), "只有办理中的来信可以答复"))


def _in_review(letter, office):
    return _first((letter.status != Status.REVIEW, "该来信没有待审核的答复"))


def _close(letter, office):
    return _first((letter.status != Status.REPLIED, "来信答复后才能办结"))


def _publish(letter, office):
    return _first((letter.published, "该来信已经公开；如需修改公开文本，请先撤回公开"),
                  (not letter.consent_publish, "来信人未同意公开，不能公开该来信"),
                  (letter.status not in ANSWERED_STATUSES, "来信答复后才能公开"),
                  (bool(letter.converted_to_id), "已转为政府信息公开申请的来信不作为问答公开"))


def _unpublish(letter, office):
    return _first((not letter.published, "该来信没有公开"))


def _convert(letter, office):
    return _first((letter.status not in CONVERTIBLE_TO_APPLICATION, "只有待分办或办理中的来信可以转为政府信息公开申请"),
                  (bool(letter.converted_to_id or letter.source_application_id),
                   "该来信已与政府信息公开申请关联，不能再转"))


def _always(letter, office):
    return ""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    who: str                      # OFFICE, or UNIT: whoever handles the letter's unit
    blocked: Callable[[Letter, bool], str]
    office_task: str = ""         # for OFFICE steps: the refusal says "只有政务公开办可以<office_task>"
    four_eyes: "Callable[[Letter, object], four_eyes.Verdict] | None" = None
    aliases: tuple[str, ...] = ()  # the API's names before the steps were named once (kept one release)
    api: bool = True              # False: a page of its own (the conversion fills a whole application)


STEPS: dict[str, Step] = {s.name: s for s in [
    Step("assign", "分办", OFFICE, _assign, "分办来信"),
    Step("reply", "答复", UNIT, _reply),
    Step("approve_reply", "审核通过", OFFICE, _in_review, "审核来信答复", reply_four_eyes, aliases=("approve",)),
    Step("return_reply", "退回修改", OFFICE, _in_review, "退回来信答复", reply_four_eyes, aliases=("return",)),
    Step("close", "办结", OFFICE, _close, "办结来信"),
    Step("publish", "作为问答公开", OFFICE, _publish, "公开来信"),
    Step("unpublish", "撤回公开", OFFICE, _unpublish, "撤回公开的来信"),
    Step("add_note", "添加内部备注", UNIT, _always, aliases=("note",)),
    Step("convert_to_application", "转为政府信息公开申请", UNIT, _convert, api=False),
]}
ALIASES = {alias: step.name for step in STEPS.values() for alias in step.aliases}


def step(name: str) -> Step | None:
    """The step a name or an old API alias names."""
    return STEPS.get(ALIASES.get(name, name))


def permission_refusal(name: str, letter: Letter, user) -> str:
    """Why `user` has no right to the step on this letter, whatever its state ("" if they have)."""
    s = STEPS[name]
    if s.who == OFFICE:
        return "" if is_office(user) else f"只有政务公开办可以{s.office_task}"
    return "" if can(user, HANDLE, letter.unit) else "您没有执行此操作的权限"


def refusal(name: str, letter: Letter, *, actor) -> str:
    """Why `actor` may not take the step now ("" if they may)."""
    s = STEPS[name]
    denied = permission_refusal(name, letter, actor)
    if denied:
        return denied
    reason = s.blocked(letter, is_office(actor))
    if reason or s.four_eyes is None:
        return reason
    return s.four_eyes(letter, actor).reason


def check(name: str, letter: Letter, *, actor) -> None:
    """What each service does first (after locking the letter): PermissionDenied without the
    right to take the step, ValidationError with the reason when it cannot be taken now."""
    denied = permission_refusal(name, letter, actor)
    if denied:
        raise PermissionDenied(denied)
    reason = refusal(name, letter, actor=actor)
    if reason:
        raise ValidationError(reason)


@dataclass(frozen=True)
class Offer:
    step: Step
    reason: str        # "" when the step can be taken
    four_eyes: bool    # refused only by the four-eyes rule: the page says so to the person


def offers(letter: Letter, user) -> list[Offer]:
    """Every step `user` has the right to take on this letter, in handling order, each with why
    not now (or "")."""
    office = is_office(user)
    out = []
    for s in STEPS.values():
        if permission_refusal(s.name, letter, user):
            continue
        reason = s.blocked(letter, office)
        verdict = s.four_eyes(letter, user) if s.four_eyes and not reason else None
        out.append(Offer(s, reason or (verdict.reason if verdict else ""), bool(verdict and not verdict.allowed)))
    return out


def available(letter: Letter, user) -> list[str]:
    """The names of the steps `user` can take now."""
    return [o.step.name for o in offers(letter, user) if not o.reason]


# Audit actions recorded before the steps were named once; old entries keep their label.
_EARLIER_AUDIT_ACTIONS = {"approve": "approve_reply", "return": "return_reply", "note": "add_note",
                          "to_application": "convert_to_application"}
_AUDIT_LABELS = {"assign": "分办来信", "reply": "答复来信", "approve_reply": "审核通过来信答复",
                 "return_reply": "退回来信答复", "close": "来信办结", "publish": "公开来信及答复",
                 "unpublish": "撤回公开的来信", "add_note": "添加来信内部备注",
                 "convert_to_application": "来信转为政府信息公开申请"}


def audit_labels() -> dict[str, str]:
    """`letter.<step>` → what the audit pages call it."""
    assert _AUDIT_LABELS.keys() == STEPS.keys()
    labels = {f"letter.{name}": label for name, label in _AUDIT_LABELS.items()}
    labels.update({f"letter.{old}": _AUDIT_LABELS[new] for old, new in _EARLIER_AUDIT_ACTIONS.items()})
    return labels
