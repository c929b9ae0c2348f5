"""The steps of an incident bulletin (警情通报) and of a service guide (办事指南), each written once.

One module with two step tables, `BULLETIN` and `GUIDE`, not a module each: both are items of
this app kept under one capability each on one unit, the same scanner stops both before they go
public, and what asks a table (who may, why not now, what to offer) is the same code; a module of
its own for the guide's three steps would repeat that code for nothing.

A step's `name` is everywhere the same within its kind: the API action
(`POST /api/v1/staff/bulletins/<id>/submit/`), the audit action (`bulletin.submit`) and the
workbench form (`/workbench/bulletins/<id>/submit/`). The services serve both kinds, so their
functions carry the kind after the name (`services.submit_bulletin`, `services.publish_guide`);
`correct`'s is `services.start_correction`, since it starts a new version instead of changing
this one. `update` is taken on the edit page and by `PATCH` on the item itself, not by a POST
action of its own.

Each guard `blocked(item, on, actor)` says, in the words shown to staff, why the step cannot be taken on `on` given
what is stored, or returns "" when it can; the scanner's findings in the stored texts are among
those reasons. Who may take a step is its capability on the item's unit (the bulletin's body's
unit, the guide's responsible unit), and for a bulletin's review the four-eyes rule
(`core/four_eyes.py`, `selectors.four_eyes_verdict`): whoever entered or submitted a bulletin
neither publishes nor returns it. What the person types in (counts, texts, notes, reasons) is
checked by the service itself.

Services call `check(...)` first; the workbench shows its buttons and forms and the API lists its
actions (`GET …/steps/`) from `offers(...)`, so page, API and service cannot disagree. The frame
(`Workflow`, with the capability and four-eyes checks) is `core/workflow.py`."""

from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.core.permissions import Capability
from gongkai.core.workflow import Step, Workflow, table

from . import findings
from .models import Bulletin, ServiceGuide
from .selectors import four_eyes_verdict

B = Bulletin
BULLETIN_CAPABILITY = Capability.BULLETINS_MANAGE
GUIDE_CAPABILITY = Capability.GUIDES_MANAGE


# --- The guards: the first reason that applies, or "" ---------------------------------------

def _only(status: str, message: str) -> Callable[[Any, date, Any], str]:
    """A step taken only in `status`; `message` otherwise."""
    return lambda item, on, actor=None: message if item.status != status else ""


def _submit(b: Bulletin, on: date, actor=None) -> str:
    if b.status != B.Status.DRAFT:
        return "只有草稿可以提交审核"
    return findings.refusal(findings.bulletin_findings(b))


def _publish(b: Bulletin, on: date, actor=None) -> str:
    # Scanned again at publication, not only at submission: the text that goes out is the text
    # scanned now.
    if b.status != B.Status.IN_REVIEW:
        return "该通报不在审核中"
    if b.week_end >= on:
        return f"{b.year} 年第 {b.week} 周到 {b.week_end:%Y-%m-%d} 才结束，结束后才能发布"
    return findings.refusal(findings.bulletin_findings(b))


def _correct(b: Bulletin, on: date, actor=None) -> str:
    if b.status != B.Status.PUBLISHED:
        return "只有已发布的通报可以更正"
    if B.objects.filter(body_id=b.body_id, year=b.year, week=b.week,
                        status__in=[B.Status.DRAFT, B.Status.IN_REVIEW]).exists():
        return "该周已有一份正在办理的更正版本，请先完成它"
    return ""


def name_clash(guide: ServiceGuide) -> str:
    """One guide per item and body among those not withdrawn: why this one's name is taken, or ""."""
    if not guide.name:
        return ""
    clash = (ServiceGuide.objects.filter(body_id=guide.body_id, name=guide.name)
             .exclude(status=ServiceGuide.Status.WITHDRAWN).exclude(pk=guide.pk))
    return f"“{guide.name}”已有办事指南，一个事项只能有一份指南" if clash.exists() else ""


def _publish_guide(g: ServiceGuide, on: date, actor=None) -> str:
    if g.status == ServiceGuide.Status.PUBLISHED:
        return "该指南已发布"
    # A withdrawn guide may meanwhile have been replaced by a newer one of the same name.
    return name_clash(g) or findings.refusal(findings.guide_findings(g))


# --- The steps ------------------------------------------------------------------------------

BULLETIN = Workflow("bulletin", lambda b: b.body.unit, table(
    Step("update", "修改警情通报", BULLETIN_CAPABILITY,
         _only(B.Status.DRAFT, "只有草稿可以修改；已发布的通报请使用“更正”生成新版本")),
    Step("submit", "提交警情通报审核", BULLETIN_CAPABILITY, _submit),
    Step("publish", "审核发布警情通报", BULLETIN_CAPABILITY, _publish, four_eyes_verdict),
    Step("return", "退回警情通报", BULLETIN_CAPABILITY, _only(B.Status.IN_REVIEW, "该通报不在审核中"),
         four_eyes_verdict),
    Step("correct", "更正警情通报（新版本）", BULLETIN_CAPABILITY, _correct),
    Step("withdraw", "撤回警情通报", BULLETIN_CAPABILITY, _only(B.Status.PUBLISHED, "只有已发布的通报可以撤回")),
))

GUIDE = Workflow("guide", lambda g: g.unit, table(
    Step("update", "修改办事指南", GUIDE_CAPABILITY),
    Step("publish", "发布办事指南", GUIDE_CAPABILITY, _publish_guide),
    Step("withdraw", "撤回办事指南", GUIDE_CAPABILITY, _only(ServiceGuide.Status.PUBLISHED, "只有已发布的指南可以撤回")),
))


def audit_labels() -> dict[str, str]:
    """The labels of both kinds' step actions, for the audit pages."""
    return {**BULLETIN.audit_labels(), **GUIDE.audit_labels()}
