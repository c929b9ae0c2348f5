"""The steps of handling a letter to the mailbox, each written once.

A step's `name` is everywhere the same: the service function (`services.return_reply`), the API
action (`POST /api/v1/staff/letters/<id>/return_reply/`), the audit action
(`letter.return_reply`) and the workbench form (`#step-return_reply`).

Who may take a step: the disclosure office (政务公开办: `interaction.handle` on every unit) for
assigning, reviewing, closing and the public Q&A; whoever handles the letter's unit for replying,
notes and the Art. 39 conversion. The reply's drafter neither approves nor returns it
(`reply_four_eyes`). Each guard `blocked(letter, on, actor)` says why the step cannot be taken
now, from the letter's stored state ("" when it can); `actor` matters to one: the office may reply
to a letter it has not assigned yet. The frame, with the permission and four-eyes checks, is
`core/workflow.py`. What the person types in is checked by the service itself."""

from gongkai.core import four_eyes
from gongkai.core.access import can
from gongkai.core.permissions import Capability
from gongkai.core.workflow import Step, Workflow, first, table

from .models import ANSWERED_STATUSES, Letter, Status

HANDLE = Capability.INTERACTION_HANDLE
CONVERTIBLE_TO_APPLICATION = (Status.PENDING, Status.PROCESSING)


def is_office(user) -> bool:
    """The disclosure office: handles letters of every unit (a role with scope "all")."""
    return can(user, HANDLE, None)


def reply_four_eyes(letter: Letter, user) -> four_eyes.Verdict:
    """四眼原则: the reply's drafter neither approves nor returns it (an office role gained after
    drafting does not make it theirs to review)."""
    return four_eyes.judge(actor=user.pk, authors={letter.replied_by_id}, taken=[], own="本人拟定的答复")


def _assign(letter, on, actor=None):
    return first((letter.status not in (Status.PENDING, Status.PROCESSING), "只有待分办或办理中的来信可以分办"))


def _reply(letter, on, actor=None):
    # The office may answer a letter it has not assigned yet; a unit answers what it was given.
    office = actor is not None and is_office(actor)
    return first((letter.status == Status.PENDING and not office, "来信尚未分办，不能答复"),
                  (letter.status not in (Status.PENDING, Status.PROCESSING), "只有办理中的来信可以答复"))


def _in_review(letter, on, actor=None):
    return first((letter.status != Status.REVIEW, "该来信没有待审核的答复"))


def _close(letter, on, actor=None):
    return first((letter.status != Status.REPLIED, "来信答复后才能办结"))


def _publish(letter, on, actor=None):
    return first((letter.published, "该来信已经公开；如需修改公开文本，请先撤回公开"),
                  (not letter.consent_publish, "来信人未同意公开，不能公开该来信"),
                  (letter.status not in ANSWERED_STATUSES, "来信答复后才能公开"),
                  (bool(letter.converted_to_id), "已转为政府信息公开申请的来信不作为问答公开"))


def _unpublish(letter, on, actor=None):
    return first((not letter.published, "该来信没有公开"))


def _convert(letter, on, actor=None):
    return first((letter.status not in CONVERTIBLE_TO_APPLICATION, "只有待分办或办理中的来信可以转为政府信息公开申请"),
                  (bool(letter.converted_to_id or letter.source_application_id),
                   "该来信已与政府信息公开申请关联，不能再转"))


FLOW = Workflow("letter", lambda letter: letter.unit, table(
    Step("assign", "分办", HANDLE, _assign, office="分办来信", audit_label="分办来信"),
    Step("reply", "答复", HANDLE, _reply, audit_label="答复来信"),
    Step("approve_reply", "审核通过", HANDLE, _in_review, reply_four_eyes, aliases=("approve",),
         office="审核来信答复", audit_label="审核通过来信答复"),
    Step("return_reply", "退回修改", HANDLE, _in_review, reply_four_eyes, aliases=("return",),
         office="退回来信答复", audit_label="退回来信答复"),
    Step("close", "办结", HANDLE, _close, office="办结来信", audit_label="来信办结"),
    Step("publish", "作为问答公开", HANDLE, _publish, office="公开来信", audit_label="公开来信及答复"),
    Step("unpublish", "撤回公开", HANDLE, _unpublish, office="撤回公开的来信", audit_label="撤回公开的来信"),
    Step("add_note", "添加内部备注", HANDLE, aliases=("note",), audit_label="添加来信内部备注"),
    Step("convert_to_application", "转为政府信息公开申请", HANDLE, _convert, api=False,
         audit_label="来信转为政府信息公开申请"),
), earlier_audit={"approve": "approve_reply", "return": "return_reply", "note": "add_note",
                  "to_application": "convert_to_application"})
# What the services, pages and API call.
STEPS, ALIASES = FLOW.steps, FLOW.aliases()
step, refusal, check, offers, available = FLOW.step, FLOW.refusal, FLOW.check, FLOW.offers, FLOW.available
permission_refusal, audit_labels = FLOW.permission_refusal, FLOW.audit_labels
