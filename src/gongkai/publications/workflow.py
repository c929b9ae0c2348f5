"""The steps of a publication's life, each written once (on the kernel's frame, `core/workflow.py`).

A step's `name` is everywhere the same: the service function that takes it
(`services.submit_for_review`), the API action (`POST /api/v1/staff/publications/<id>/submit_for_review/`),
the audit action (`publication.submit_for_review`) and the workbench page's table of steps.

Three steps act on one attachment or one finding (`Step.target`): asked without it, the step's rule
says whether there is any the step could act on; asked with it, whether it can act on that one.

Who may take a step is its capability on the item's unit. A step of the review chain (`approve`,
`reject`) needs the capability of the item's current review step (`STEP_CAPABILITY`: 单位审核,
保密审查, 领导签发), and 四眼原则 (`core/four_eyes.py`, `selectors.four_eyes_verdict`); the
drafter does not confirm that the sensitive content of their own item may be published.

What the person types in (fields, opinions, reasons, files) is checked by the service itself, and
so is what the scanner finds when a step runs it: `approve` scans the item again, and its last
step refuses to publish while a finding is open (the page lists the open findings above the
review form).

Services call `FLOW.check(...)` first; the workbench draws its buttons and forms and the API lists
its steps from `FLOW.offers(...)`, so page, API and service cannot disagree."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied

from gongkai.core import four_eyes
from gongkai.core.permissions import Capability
from gongkai.core.workflow import Step, Workflow, first, table

from .models import STEP_CAPABILITY, Attachment, Finding, Publication
from .selectors import four_eyes_verdict

P = Publication
DRAFT, MANAGE, SIGN_OFF = (Capability.PUBLICATIONS_DRAFT, Capability.PUBLICATIONS_MANAGE,
                          Capability.PUBLICATIONS_SIGN_OFF)
CONFIDENTIALITY = Capability.PUBLICATIONS_CONFIDENTIALITY

# Only what has not entered review can change; a published item is corrected instead.
EDITABLE_STATUSES = (P.Status.DRAFT, P.Status.RETURNED, P.Status.NOT_PUBLIC)
# The item's own texts: scanned, and redacted in place (an attachment is replaced instead).
SCANNED_FIELDS = ["title", "summary", "body_text"]


# --- Who: capabilities and personal rules ---------------------------------------------------

def review_capability(pub: Publication) -> str | None:
    """The capability of the item's current review step; None when it is not in review (the
    step's own rule then says so to everyone)."""
    return STEP_CAPABILITY.get(pub.current_step) if pub.status == P.Status.IN_REVIEW else None


def drafter_four_eyes(pub: Publication, user) -> four_eyes.Verdict:
    """The drafter does not vouch for the sensitive content of their own item."""
    if user.pk == pub.created_by_id:
        return four_eyes.Verdict(False, reason="起草人不能自行确认本人起草信息中的敏感内容")
    return four_eyes.Verdict(True)


# --- The guards: the first reason that applies, or "" ---------------------------------------

def _editable(message: str) -> Callable[[Publication, date, object], str]:
    return lambda pub, on=None, actor=None: first((pub.status not in EDITABLE_STATUSES, message))


def _published(message: str) -> Callable[[Publication, date, object], str]:
    return lambda pub, on=None, actor=None: first((pub.status != P.Status.PUBLISHED, message))


_ATTACHMENTS_FROZEN = "审核中或已发布的信息不能删除附件"


def _remove_attachment(pub, on=None, actor=None):
    return first((pub.status not in EDITABLE_STATUSES, _ATTACHMENTS_FROZEN),
                 (pub.pk is None or not pub.attachments.exists(), "该信息没有附件"))


def _remove_this_attachment(pub, attachment):
    return first((pub.status not in EDITABLE_STATUSES, _ATTACHMENTS_FROZEN))


def _redactable(pub: Publication, finding: Finding) -> str:
    if finding.source not in SCANNED_FIELDS:
        return "附件中的内容不能在线遮盖：请上传处理后的附件（退回起草人），或由审查人确认可以公开"
    return first((finding.state != Finding.State.OPEN, "该处已处理"),
                 (finding.text not in getattr(pub, finding.source), "内容已变化，请重新检查后再遮盖"))


def _open_findings(pub: Publication) -> list[Finding]:
    return list(pub.findings.filter(state=Finding.State.OPEN)) if pub.pk else []


def _acknowledge_finding(pub, on=None, actor=None):
    return first((not _open_findings(pub), "没有待处理的敏感信息"))


def _acknowledge_this_finding(pub, finding):
    return first((finding.state != Finding.State.OPEN, "该处已处理"))


def _redact_finding(pub, on=None, actor=None):
    return first((all(_redactable(pub, f) for f in _open_findings(pub)), "没有可以在线遮盖的敏感信息"))


def _submit_for_review(pub, on=None, actor=None):
    return first((pub.attribute != P.Attribute.PROACTIVE, "只有公开属性为“主动公开”的信息才能提交发布审核"),
                 (pub.status not in (P.Status.DRAFT, P.Status.RETURNED), "只有草稿或已退回的信息可以提交审核"))


def _in_review(pub, on=None, actor=None):
    return first((pub.status != P.Status.IN_REVIEW or not pub.current_step, "该信息不在审核中"))


def _decision_changed(pub: Publication) -> str:
    """What a published enforcement decision recorded as changed or revoked waits for."""
    if not pub.decision_change:
        return ""
    return (f"该决定已登记被依法{pub.get_decision_change_display()}，应当撤回并公开说明理由"
            "（行政处罚法第四十八条第二款）")


def _correct(pub, on=None, actor=None):
    return first((pub.status != P.Status.PUBLISHED, "只有已发布的信息可以更正"),
                 (bool(pub.decision_change), _decision_changed(pub) + "，不能更正"))


def _record_decision_change(pub, on=None, actor=None):
    return first((pub.status != P.Status.PUBLISHED, "只有已发布的行政执法决定可以登记变更、撤销"),
                 (not pub.topic.enforcement_kind,
                  "只有行政处罚、行政许可、行政强制决定（主题分类标明行政执法决定类别的）可以登记变更、撤销或确认违法、无效"),
                 (bool(pub.decision_change), _decision_changed(pub)))


def _reevaluate(pub, on=None, actor=None):
    return first((pub.status != P.Status.NOT_PUBLIC, "只有不主动公开的信息需要定期评审"))


# --- The steps ------------------------------------------------------------------------------

# Acknowledging one's own item was always refused as a permission, the review chain's rule as a
# validation error; the services keep answering so.
FLOW = Workflow("publication", lambda pub: pub.unit, table(
    Step("update_draft", "修改公开信息", DRAFT,
         _editable("只有草稿、已退回或不主动公开的信息可以修改；已发布的信息请使用“更正”")),
    Step("add_attachment", "上传附件", DRAFT, _editable("审核中或已发布的信息不能再添加附件")),
    Step("remove_attachment", "删除附件", DRAFT, _remove_attachment,
         target=Attachment, on_target=_remove_this_attachment),
    Step("check_now", "敏感信息检查", DRAFT,
         _editable("只有草稿、已退回或不主动公开的信息可以由起草人检查；审核中的信息在每一步审核时自动检查")),
    Step("acknowledge_finding", "确认敏感信息可公开", CONFIDENTIALITY, _acknowledge_finding, drafter_four_eyes,
         target=Finding, on_target=_acknowledge_this_finding, four_eyes_raises=PermissionDenied),
    Step("redact_finding", "遮盖敏感信息", (CONFIDENTIALITY, DRAFT), _redact_finding,
         target=Finding, on_target=_redactable),
    Step("submit_for_review", "提交审核", DRAFT, _submit_for_review, aliases=("submit",)),
    Step("approve", "审核通过", review_capability, _in_review, four_eyes_verdict),
    Step("reject", "审核退回", review_capability, _in_review, four_eyes_verdict),
    Step("correct", "更正", (MANAGE, SIGN_OFF), _correct,
         denied="只有政务公开办或签发领导可以更正已发布的信息"),
    # 行政处罚法 Art. 48 para. 2: the change is recorded, then the decision is withdrawn (the
    # `withdraw` step, with a public statement) within three working days of it.
    Step("record_decision_change", "登记决定被变更、撤销", (MANAGE, SIGN_OFF), _record_decision_change,
         denied="只有政务公开办或签发领导可以登记已公开决定的变更、撤销"),
    Step("withdraw", "撤回", (MANAGE, SIGN_OFF), _published("只有已发布的信息可以撤回"),
         denied="只有政务公开办或签发领导可以撤回已发布的信息"),
    Step("reevaluate", "定期评审", MANAGE, _reevaluate),
), earlier_audit={
    # Audit actions recorded before the steps were named once; old entries keep their label.
    "update": "update_draft", "attach": "add_attachment", "detach": "remove_attachment",
    "scan": "check_now", "submit": "submit_for_review",
})
# What the services, pages and API call.
STEPS, ALIASES = FLOW.steps, FLOW.aliases()
step, refusal, check, offers, available = FLOW.step, FLOW.refusal, FLOW.check, FLOW.offers, FLOW.available
permission_refusal, on_target = FLOW.permission_refusal, FLOW.on_target


def audit_labels() -> dict[str, str]:
    """The steps' labels for the audit pages, and the two finding actions once recorded under
    `finding.` (`publication.<step>` since)."""
    steps = FLOW.steps
    return {**FLOW.audit_labels(), "finding.acknowledge": steps["acknowledge_finding"].label,
            "finding.redact": steps["redact_finding"].label}
