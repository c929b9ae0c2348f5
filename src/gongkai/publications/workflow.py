"""The steps of a publication's life, each written once.

A step's `name` is everywhere the same: the service function that takes it
(`services.submit_for_review`), the API action (`POST /api/v1/staff/publications/<id>/submit_for_review/`),
the audit action (`publication.submit_for_review`) and the workbench page's table of steps.

`blocked(pub, item)` says, in the words shown to staff, why the step cannot be taken given what the
item has stored, or returns "" when it can. Three steps act on one attachment or one finding
(`Step.item`): asked without it, `blocked` says whether there is any the step could act on; asked
with it, whether it can act on that one.

Who may take a step is its capability on the item's unit. A step of the review chain (`approve`,
`reject`) needs the capability of the item's current review step (`STEP_CAPABILITY`: 单位审核,
保密审查, 领导签发), and 四眼原则 (`core/four_eyes.py`, `selectors.four_eyes_verdict`); the
drafter does not confirm that the sensitive content of their own item may be published.

What the person types in (fields, opinions, reasons, files) is checked by the service itself, and
so is what the scanner finds when a step runs it: `approve` scans the item again, and its last
step refuses to publish while a finding is open (the page lists the open findings above the
review form).

Services call `check(...)` first; the workbench draws its buttons and forms and the API lists its
steps from `offers(...)`, so page, API and service cannot disagree."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import four_eyes
from gongkai.core.access import can

from .models import STEP_CAPABILITY, Attachment, Finding, Publication
from .selectors import four_eyes_verdict

P = Publication
DRAFT, MANAGE, SIGN_OFF = "publications.draft", "publications.manage", "publications.sign_off"
CONFIDENTIALITY = "publications.confidentiality"
NO_PERMISSION = "您没有执行此操作的权限"

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

def _first(*rules: tuple[bool, str]) -> str:
    return next((reason for broken, reason in rules if broken), "")


def _editable(message: str) -> Callable[[Publication, object], str]:
    return lambda pub, item=None: _first((pub.status not in EDITABLE_STATUSES, message))


def _published(message: str) -> Callable[[Publication, object], str]:
    return lambda pub, item=None: _first((pub.status != P.Status.PUBLISHED, message))


def _remove_attachment(pub, attachment=None):
    return _first((pub.status not in EDITABLE_STATUSES, "审核中或已发布的信息不能删除附件"),
                  (attachment is None and (pub.pk is None or not pub.attachments.exists()), "该信息没有附件"))


def _redactable(pub: Publication, finding: Finding) -> str:
    if finding.source not in SCANNED_FIELDS:
        return "附件中的内容不能在线遮盖：请上传处理后的附件（退回起草人），或由审查人确认可以公开"
    return _first((finding.state != Finding.State.OPEN, "该处已处理"),
                  (finding.text not in getattr(pub, finding.source), "内容已变化，请重新检查后再遮盖"))


def _open_findings(pub: Publication) -> list[Finding]:
    return list(pub.findings.filter(state=Finding.State.OPEN)) if pub.pk else []


def _acknowledge_finding(pub, finding=None):
    if finding is not None:
        return _first((finding.state != Finding.State.OPEN, "该处已处理"))
    return _first((not _open_findings(pub), "没有待处理的敏感信息"))


def _redact_finding(pub, finding=None):
    if finding is not None:
        return _redactable(pub, finding)
    return _first((all(_redactable(pub, f) for f in _open_findings(pub)), "没有可以在线遮盖的敏感信息"))


def _submit_for_review(pub, item=None):
    return _first((pub.attribute != P.Attribute.PROACTIVE, "只有公开属性为“主动公开”的信息才能提交发布审核"),
                  (pub.status not in (P.Status.DRAFT, P.Status.RETURNED), "只有草稿或已退回的信息可以提交审核"))


def _in_review(pub, item=None):
    return _first((pub.status != P.Status.IN_REVIEW or not pub.current_step, "该信息不在审核中"))


def _reevaluate(pub, item=None):
    return _first((pub.status != P.Status.NOT_PUBLIC, "只有不主动公开的信息需要定期评审"))


# --- The steps ------------------------------------------------------------------------------

Capability = str | tuple[str, ...] | Callable[[Publication], str | None]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    capability: Capability  # one, any of several, or the one the item's current review step needs
    blocked: Callable[[Publication, object], str]
    four_eyes: "Callable[[Publication, object], four_eyes.Verdict] | None" = None
    denied: str = NO_PERMISSION  # what a person without the capability is told
    item: type | None = None     # a per-item step: the model of what it acts on
    aliases: tuple[str, ...] = ()  # the API's names before the steps were named once (kept one release)
    # Acknowledging one's own item was always refused as a permission, the review chain's rule as
    # a validation error; the services keep answering so.
    four_eyes_raises: type[Exception] = ValidationError


STEPS: dict[str, Step] = {s.name: s for s in [
    Step("update_draft", "修改公开信息", DRAFT,
         _editable("只有草稿、已退回或不主动公开的信息可以修改；已发布的信息请使用“更正”")),
    Step("add_attachment", "上传附件", DRAFT, _editable("审核中或已发布的信息不能再添加附件")),
    Step("remove_attachment", "删除附件", DRAFT, _remove_attachment, item=Attachment),
    Step("check_now", "敏感信息检查", DRAFT,
         _editable("只有草稿、已退回或不主动公开的信息可以由起草人检查；审核中的信息在每一步审核时自动检查")),
    Step("acknowledge_finding", "确认敏感信息可公开", CONFIDENTIALITY, _acknowledge_finding, drafter_four_eyes,
         item=Finding, four_eyes_raises=PermissionDenied),
    Step("redact_finding", "遮盖敏感信息", (CONFIDENTIALITY, DRAFT), _redact_finding, item=Finding),
    Step("submit_for_review", "提交审核", DRAFT, _submit_for_review, aliases=("submit",)),
    Step("approve", "审核通过", review_capability, _in_review, four_eyes_verdict),
    Step("reject", "审核退回", review_capability, _in_review, four_eyes_verdict),
    Step("correct", "更正", (MANAGE, SIGN_OFF), _published("只有已发布的信息可以更正"),
         denied="只有政务公开办或签发领导可以更正已发布的信息"),
    Step("withdraw", "撤回", (MANAGE, SIGN_OFF), _published("只有已发布的信息可以撤回"),
         denied="只有政务公开办或签发领导可以撤回已发布的信息"),
    Step("reevaluate", "定期评审", MANAGE, _reevaluate),
]}
ALIASES = {alias: step.name for step in STEPS.values() for alias in step.aliases}


def step(name: str) -> Step | None:
    """The step a name or an old API alias names."""
    return STEPS.get(ALIASES.get(name, name))


def capabilities(s: Step, pub: Publication) -> tuple[str, ...]:
    """The capabilities of which any one lets a person take `s` on `pub` (none: everyone is
    answered by the step's own rule)."""
    cap = s.capability(pub) if callable(s.capability) else s.capability
    return (cap,) if isinstance(cap, str) else tuple(cap or ())


def holds(user, name: str, pub: Publication) -> bool:
    """`user` holds a capability for the step on the item's unit."""
    caps = capabilities(STEPS[name], pub)
    return not caps or any(can(user, c, pub.unit) for c in caps)


def refusal(name: str, pub: Publication, *, actor=None, item=None) -> str:
    """Why `actor` may not take the step now, on `item` for a per-item step ("" if they may).
    Without an actor only the item's state is asked."""
    s = STEPS[name]
    if actor is not None and not holds(actor, name, pub):
        return s.denied
    reason = s.blocked(pub, item)
    if reason or actor is None or s.four_eyes is None:
        return reason
    return s.four_eyes(pub, actor).reason


def check(name: str, pub: Publication, *, actor=None, item=None) -> four_eyes.Verdict:
    """What each service does first: PermissionDenied without the capability, ValidationError with
    the reason when the step cannot be taken now, then the four-eyes refusal. Returns the verdict
    (`same_reviewer` says the body let one person take several steps)."""
    s = STEPS[name]
    if actor is not None and not holds(actor, name, pub):
        raise PermissionDenied(s.denied)
    reason = s.blocked(pub, item)
    if reason:
        raise ValidationError(reason)
    verdict = s.four_eyes(pub, actor) if actor is not None and s.four_eyes else four_eyes.Verdict(True)
    if not verdict.allowed:
        raise s.four_eyes_raises(verdict.reason)
    return verdict


@dataclass(frozen=True)
class Offer:
    step: Step
    reason: str           # "" when the step can be taken
    four_eyes: bool       # refused only by the four-eyes rule: the page says so to the person
    same_reviewer: bool   # allowed only because the body lets one person take several steps


def offers(pub: Publication, user) -> list[Offer]:
    """Every step `user` holds the capability for on this item, in the order of its life, each
    with why not now (or "")."""
    out = []
    for s in STEPS.values():
        if not holds(user, s.name, pub):
            continue
        reason = s.blocked(pub, None)
        verdict = s.four_eyes(pub, user) if s.four_eyes and not reason else None
        refused = bool(verdict and not verdict.allowed)
        out.append(Offer(s, reason or (verdict.reason if refused else ""), refused,
                         bool(verdict and verdict.same_reviewer)))
    return out


def available(pub: Publication, user) -> list[str]:
    """The names of the steps `user` can take now."""
    return [o.step.name for o in offers(pub, user) if not o.reason]


def available_on(pub: Publication, item, names: Iterable[str]) -> list[str]:
    """Of the steps `names` available on the item, those that act on `item` (an attachment or a
    finding) and can be taken on it."""
    return [n for n in names if STEPS[n].item is not None and isinstance(item, STEPS[n].item)
            and not STEPS[n].blocked(pub, item)]


# Audit actions recorded before the steps were named once; old entries keep their label.
_EARLIER_AUDIT_ACTIONS = {
    "publication.update": "update_draft", "publication.attach": "add_attachment",
    "publication.detach": "remove_attachment", "publication.scan": "check_now",
    "publication.submit": "submit_for_review", "finding.acknowledge": "acknowledge_finding",
    "finding.redact": "redact_finding",
}


def audit_labels() -> dict[str, str]:
    """`publication.<step>` → the step's label, for the audit pages."""
    labels = {f"publication.{s.name}": s.label for s in STEPS.values()}
    labels.update({old: STEPS[new].label for old, new in _EARLIER_AUDIT_ACTIONS.items()})
    return labels
