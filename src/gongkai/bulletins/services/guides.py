"""Service guides (办事指南): their categories, what a guide must say, publishing and withdrawing,
and the forms attached to it, checked by their bytes and stripped of metadata."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.core import audit, clock, vocabulary
from gongkai.core.access import require
from gongkai.core.files import extraction, kinds
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.search import changes as search

from .. import findings, workflow
from ..models import GuideCategory, GuideForm, ServiceGuide
from ..workflow import GUIDE_CAPABILITY


def save_guide_category(*, actor: User, category: GuideCategory | None, code: str, name: str,
                        sort_order: int = 0) -> GuideCategory:
    """The categories the portal browses guides by (户政, 出入境 …), kept by whoever maintains
    guides for the whole bureau."""
    require(actor, GUIDE_CAPABILITY, None)
    return vocabulary.save_term(actor=actor, model=GuideCategory, term=category, code=code, name=name,
                                sort_order=sort_order, action="guide_category.save")


@transaction.atomic
def delete_guide_category(*, actor: User, category: GuideCategory) -> None:
    require(actor, GUIDE_CAPABILITY, None)
    used = ServiceGuide.objects.filter(category=category).count()
    if used:
        raise ValidationError(f"类别“{category.name}”下还有 {used} 份办事指南，请先改到其他类别")
    audit.record(action="guide_category.delete", actor=actor, obj=category, before=audit.snapshot(category))
    category.delete()


GUIDE_FIELDS = [
    "name", "category", "kind", "legal_basis", "conditions", "materials", "procedure", "statutory_days",
    "promised_days", "time_limit_note", "charges", "fee", "fee_basis", "handling_unit", "place", "hours", "phone",
]
GUIDE_REQUIRED = {
    "name": "请填写事项名称", "legal_basis": "请填写设定依据", "conditions": "请填写办理条件",
    "procedure": "请填写办理流程", "handling_unit": "请填写受理单位", "place": "请填写办理地点",
    "hours": "请填写办理时间", "phone": "请填写咨询电话",
}
FORM_KINDS = {"pdf", "docx", "xlsx"}
# Served with the type found in the content, never one guessed from the uploaded name: a PDF
# named "x.html" must not come back as a web page on the bureau's own site.
FORM_MAX_BYTES = 10 * 1024 * 1024


def _guide_snapshot(guide: ServiceGuide) -> dict:
    return audit.snapshot(guide, [*GUIDE_FIELDS, "unit", "status"])


def _body_of(unit: Unit) -> DisclosureBody:
    body = unit.disclosure_body()
    if body is None:
        raise ValidationError({"unit": "该单位不属于任何公开主体，请先设置公开主体"})
    return body


def _apply_guide_fields(guide: ServiceGuide, fields: dict) -> None:
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields {sorted(unknown)}")
    for field, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(guide, field, value)
    errors = {}
    for field, message in GUIDE_REQUIRED.items():
        if not (getattr(guide, field) or "").strip():
            errors[field] = message
    materials = guide.materials
    if isinstance(materials, str):
        materials = materials.splitlines()
    guide.materials = [str(m).strip() for m in (materials or []) if str(m).strip()]
    if not guide.materials:
        errors["materials"] = "请列出申请材料（每行一项）；无需材料的写“无”"
    if not guide.category_id:
        errors["category"] = "请选择类别"
    if guide.kind not in ServiceGuide.Kind.values:
        errors["kind"] = "请选择事项类型"
    for field in ("statutory_days", "promised_days"):
        value = getattr(guide, field)
        if value is not None and (not isinstance(value, int) or value < 0 or value > 365):
            errors[field] = "时限应为 0 至 365 之间的工作日数"
    if (isinstance(guide.statutory_days, int) and isinstance(guide.promised_days, int)
            and guide.promised_days > guide.statutory_days):
        errors["promised_days"] = "承诺时限不能长于法定时限"
    if guide.charges:
        if not guide.fee:
            errors["fee"] = "收费的事项请填写收费标准"
        if not guide.fee_basis:
            errors["fee_basis"] = "收费的事项请填写收费依据（文件名称和文号）"
    else:
        guide.fee, guide.fee_basis = "", ""
    if clash := workflow.name_clash(guide):
        errors["name"] = clash
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_guide(*, actor: User, unit: Unit, **fields) -> ServiceGuide:
    require(actor, GUIDE_CAPABILITY, unit)
    guide = ServiceGuide(unit=unit, body=_body_of(unit), created_by=actor)
    _apply_guide_fields(guide, fields)
    guide.save()
    audit.record(action="guide.create", actor=actor, obj=guide, unit=unit, after=_guide_snapshot(guide))
    return guide


@transaction.atomic
def update_guide(*, actor: User, guide: ServiceGuide, unit: Unit | None = None, **fields) -> ServiceGuide:
    """Edit a guide; a published one stays published, so what it says is checked again now."""
    g = ServiceGuide.objects.select_for_update().get(pk=guide.pk)
    workflow.GUIDE.check("update", g, actor=actor)
    before = _guide_snapshot(g)
    if unit is not None and unit != g.unit:
        require(actor, GUIDE_CAPABILITY, unit)
        g.unit, g.body = unit, _body_of(unit)
    _apply_guide_fields(g, fields)
    if g.status == ServiceGuide.Status.PUBLISHED:
        if reason := findings.refusal(findings.guide_findings(g)):
            raise ValidationError(reason)
    g.save()
    audit.record(action="guide.update", actor=actor, obj=g, unit=g.unit, before=before, after=_guide_snapshot(g))
    if g.status == ServiceGuide.Status.PUBLISHED:
        search.changed(search.Kind.GUIDE, g.pk)
    return g


@transaction.atomic
def publish_guide(*, actor: User, guide: ServiceGuide) -> ServiceGuide:
    g = ServiceGuide.objects.select_for_update().get(pk=guide.pk)
    workflow.GUIDE.check("publish", g, actor=actor)  # its name still free, its texts scanned now
    _apply_guide_fields(g, {})  # what a guide must say, checked again before it goes out
    g.status, g.published_by, g.published_at = ServiceGuide.Status.PUBLISHED, actor, clock.now()
    g.withdrawn_at, g.withdraw_reason = None, ""
    g.save()
    audit.record(action="guide.publish", actor=actor, obj=g, unit=g.unit,
                 after={"status": g.status, "published_at": g.published_at.isoformat()})
    search.changed(search.Kind.GUIDE, g.pk)
    return g


@transaction.atomic
def withdraw_guide(*, actor: User, guide: ServiceGuide, reason: str) -> ServiceGuide:
    g = ServiceGuide.objects.select_for_update().get(pk=guide.pk)
    workflow.GUIDE.check("withdraw", g, actor=actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明撤回理由（如：事项已取消、已并入其他事项）"})
    g.status, g.withdrawn_at, g.withdraw_reason = ServiceGuide.Status.WITHDRAWN, clock.now(), reason.strip()
    g.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(action="guide.withdraw", actor=actor, obj=g, unit=g.unit, after={"reason": g.withdraw_reason})
    search.changed(search.Kind.GUIDE, g.pk)
    return g


@transaction.atomic
def add_guide_form(*, actor: User, guide: ServiceGuide, name: str, data: bytes) -> GuideForm:
    g = ServiceGuide.objects.select_for_update().get(pk=guide.pk)
    require(actor, GUIDE_CAPABILITY, g.unit)
    if not data:
        raise ValidationError({"file": "文件为空"})
    if len(data) > FORM_MAX_BYTES:
        raise ValidationError({"file": f"文件过大：不能超过 {FORM_MAX_BYTES // (1024 * 1024)} MB"})
    kind = kinds.sniff(data)
    if kind not in FORM_KINDS:
        raise ValidationError({"file": "表格只能是 PDF、DOCX 或 XLSX 文件；文件类型按内容识别，与扩展名无关"})
    try:
        data = extraction.strip_metadata(data, kind)  # author and company names stay home
    except kinds.ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from None
    stem = name.replace("/", "_").replace("\\", "_").strip()[:190]
    stem = (stem.rsplit(".", 1)[0] if "." in stem else stem).strip() or "表格"
    clean_name = f"{stem}.{kind}"  # the extension of what the file is, not of what it was called
    form = GuideForm(guide=g, original_name=clean_name, kind=kind, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor)
    form.file.save(clean_name, ContentFile(data), save=False)
    form.save()
    audit.record(action="guide.attach", actor=actor, obj=g, unit=g.unit,
                 after={"form": form.pk, "name": clean_name, "kind": kind, "size": len(data), "sha256": form.sha256})
    return form


@transaction.atomic
def remove_guide_form(*, actor: User, form: GuideForm) -> None:
    g = ServiceGuide.objects.select_for_update().get(pk=form.guide_id)
    require(actor, GUIDE_CAPABILITY, g.unit)
    audit.record(action="guide.detach", actor=actor, obj=g, unit=g.unit,
                 before={"form": form.pk, "name": form.original_name, "sha256": form.sha256})
    form.file.delete(save=False)
    form.delete()
