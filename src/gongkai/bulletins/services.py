"""Every write of incident bulletins and service guides. One function per thing a person does;
each checks the permission, runs in one transaction and writes one audit event.

When a step of a bulletin or a guide may be taken, and by whom, is `workflow.py`'s: each step's
service calls `workflow.BULLETIN.check(...)` or `workflow.GUIDE.check(...)` first, and checks
here only what the person typed in.

Bulletins: draft → in_review → published, reviewed and published by someone holding
`bulletins.manage` for the body other than the one who entered or submitted it (四眼原则,
`core/four_eyes.py`). A published
bulletin changes only by a new version (`start_correction`, reviewed like the first) or by
withdrawal with a reason. Text fields go through the proactive-disclosure scanner (`findings.py`):
ID numbers, mobile numbers and bank cards block submission and publication."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from gongkai.core import audit, clock, vocabulary
from gongkai.core.access import has_capability, require
from gongkai.core.files import extraction, kinds
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.tables import RowError
from gongkai.search import changes as search

from . import findings, workflow
from .findings import (
    TEXT_FIELDS,
    bulletin_findings,  # noqa: F401  also read as services.bulletin_findings
)
from .models import CATEGORIES, Bulletin, GuideCategory, GuideForm, ServiceGuide, week_start
from .workflow import BULLETIN_CAPABILITY, GUIDE_CAPABILITY

B = Bulletin

COUNT_FIELDS = [code for code, _ in CATEGORIES]
BULLETIN_FIELDS = COUNT_FIELDS + TEXT_FIELDS
AUDITED = ["year", "week", "version", *BULLETIN_FIELDS, "status"]
MAX_COUNT = 1_000_000
# The audit actions that are not steps of `workflow.py` (those are labelled from the workflow).
AUDIT_LABELS = {
    "bulletin.create": "填报警情通报",
    "bulletin.import": "导入警情通报",
    "guide.create": "起草办事指南",
    "guide.attach": "上传办事指南表格",
    "guide.detach": "删除办事指南表格",
    "guide_category.save": "维护办事指南类别",
    "guide_category.delete": "删除办事指南类别",
}


# --- Bulletins ------------------------------------------------------------------------------

def _snapshot(bulletin: Bulletin) -> dict:
    return audit.snapshot(bulletin, AUDITED)


def _week_label(body: DisclosureBody, year: int, week: int) -> str:
    return f"{body.letter_name}{year}年第{week}周"


def _check_week(year, week) -> None:
    try:
        year, week = int(year), int(week)
    except (TypeError, ValueError):
        raise ValidationError({"week": "年份和周次应为整数"}) from None
    if not 2000 <= year <= clock.today().year + 1:
        raise ValidationError({"year": f"年份 {year} 不正确"})
    try:
        monday = week_start(year, week)
    except ValueError:
        raise ValidationError({"week": f"{year} 年没有第 {week} 周（ISO 周次为 1–52，个别年份有第 53 周）"}) from None
    if monday > clock.today():
        raise ValidationError({"week": f"{year} 年第 {week} 周（{monday:%Y-%m-%d} 起）尚未开始，不能填报"})


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(BULLETIN_FIELDS)
    if unknown:
        raise ValueError(f"unknown bulletin fields {sorted(unknown)}")
    errors, out = {}, {}
    for field, value in fields.items():
        if field in COUNT_FIELDS:
            label = dict(CATEGORIES)[field]
            try:
                number = int(value)
                if number != value and str(number) != str(value).strip():
                    raise ValueError
            except (TypeError, ValueError):
                errors[field] = f"{label}应为整数"
                continue
            if number < 0:
                errors[field] = f"{label}不能为负数"
            elif number > MAX_COUNT:
                errors[field] = f"{label}超过 {MAX_COUNT}，请核对"
            else:
                out[field] = number
        else:
            out[field] = (value or "").strip()
    if errors:
        raise ValidationError(errors)
    return out


def _live(body: DisclosureBody, year: int, week: int):
    return B.objects.filter(body=body, year=year, week=week,
                            status__in=[B.Status.DRAFT, B.Status.IN_REVIEW, B.Status.PUBLISHED])


def _duplicate_message(body: DisclosureBody, year: int, week: int) -> str:
    existing = _live(body, year, week).order_by("-version").first()
    state = f"（{existing.get_status_display()}）" if existing else ""
    hint = "；已发布的通报如需修改，请使用“更正”生成新版本" if existing and existing.status == B.Status.PUBLISHED else ""
    return f"{_week_label(body, year, week)}的警情通报已存在{state}，同一公开主体每周只能有一份通报{hint}"


@transaction.atomic
def create_bulletin(*, actor: User, body: DisclosureBody, year: int, week: int, **fields) -> Bulletin:
    require(actor, BULLETIN_CAPABILITY, body.unit)
    _check_week(year, week)
    year, week = int(year), int(week)
    data = _clean_fields({f: fields.get(f, 0 if f in COUNT_FIELDS else "") for f in BULLETIN_FIELDS})
    if _live(body, year, week).exists():
        raise ValidationError({"week": _duplicate_message(body, year, week)})
    version = (B.objects.filter(body=body, year=year, week=week).aggregate(v=Max("version"))["v"] or 0) + 1
    bulletin = B(body=body, year=year, week=week, week_start=week_start(year, week), version=version,
                 created_by=actor, **data)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError:  # another entry of the same week committed meanwhile
        raise ValidationError({"week": _duplicate_message(body, year, week)}) from None
    audit.record(action="bulletin.create", actor=actor, obj=bulletin, unit=body.unit, after=_snapshot(bulletin))
    return bulletin


def _locked(bulletin: Bulletin) -> Bulletin:
    return B.objects.select_for_update().select_related("body__unit").get(pk=bulletin.pk)


@transaction.atomic
def update_bulletin(*, actor: User, bulletin: Bulletin, **fields) -> Bulletin:
    """Change a draft's counts and texts (the week of a draft stays; enter another week anew)."""
    b = _locked(bulletin)
    workflow.BULLETIN.check("update", b, actor=actor)
    before = _snapshot(b)
    for field, value in _clean_fields(fields).items():
        setattr(b, field, value)
    b.save()
    audit.record(action="bulletin.update", actor=actor, obj=b, unit=b.body.unit, before=before, after=_snapshot(b))
    return b


@transaction.atomic
def submit_bulletin(*, actor: User, bulletin: Bulletin) -> Bulletin:
    b = _locked(bulletin)
    workflow.BULLETIN.check("submit", b, actor=actor)
    b.status, b.submitted_by, b.return_note = B.Status.IN_REVIEW, actor, ""
    b.save(update_fields=["status", "submitted_by", "return_note", "updated_at"])
    audit.record(action="bulletin.submit", actor=actor, obj=b, unit=b.body.unit, after={"status": b.status})
    return b


@transaction.atomic
def publish_bulletin(*, actor: User, bulletin: Bulletin) -> Bulletin:
    """Review and publish; a correction replaces the version it corrects in the same step."""
    b = _locked(bulletin)
    workflow.BULLETIN.check("publish", b, actor=actor)  # the week has ended; the texts scanned now
    now = clock.now()
    replaced = None
    if b.replaces_id:
        replaced = B.objects.select_for_update().filter(pk=b.replaces_id, status=B.Status.PUBLISHED).first()
        if replaced:
            replaced.status = B.Status.SUPERSEDED
            replaced.save(update_fields=["status", "updated_at"])
    b.status, b.published_by, b.published_at = B.Status.PUBLISHED, actor, now
    b.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    audit.record(action="bulletin.publish", actor=actor, obj=b, unit=b.body.unit,
                 after={"status": b.status, "published_at": now.isoformat(), "version": b.version,
                        "replaces": replaced.pk if replaced else None})
    search.changed(search.Kind.BULLETIN, b.pk, replaced.pk if replaced else 0)
    return b


@transaction.atomic
def return_bulletin(*, actor: User, bulletin: Bulletin, note: str) -> Bulletin:
    b = _locked(bulletin)
    workflow.BULLETIN.check("return", b, actor=actor)
    if not (note or "").strip():
        raise ValidationError({"note": "退回时请写明意见"})
    b.status, b.return_note = B.Status.DRAFT, note.strip()
    b.save(update_fields=["status", "return_note", "updated_at"])
    audit.record(action="bulletin.return", actor=actor, obj=b, unit=b.body.unit, after={"note": b.return_note})
    return b


@transaction.atomic
def start_correction(*, actor: User, bulletin: Bulletin, note: str) -> Bulletin:
    """更正: a new draft version of a published bulletin; published after review, it replaces it."""
    b = _locked(bulletin)
    workflow.BULLETIN.check("correct", b, actor=actor)
    if not (note or "").strip():
        raise ValidationError({"note": "请写明更正说明，它将显示在通报页面上"})
    version = B.objects.filter(body=b.body, year=b.year, week=b.week).aggregate(v=Max("version"))["v"] + 1
    new = B(body=b.body, year=b.year, week=b.week, week_start=b.week_start, version=version, replaces=b,
            correction_note=note.strip(), created_by=actor, **{f: getattr(b, f) for f in BULLETIN_FIELDS})
    new.save()
    audit.record(action="bulletin.correct", actor=actor, obj=new, unit=b.body.unit, before=_snapshot(b),
                 after={**_snapshot(new), "note": new.correction_note})
    return new


@transaction.atomic
def withdraw_bulletin(*, actor: User, bulletin: Bulletin, reason: str) -> Bulletin:
    """撤回: the bulletin leaves every public path (page, list, chart, CSV, feed, API)."""
    b = _locked(bulletin)
    workflow.BULLETIN.check("withdraw", b, actor=actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明撤回理由"})
    b.status, b.withdrawn_by, b.withdrawn_at, b.withdraw_reason = (B.Status.WITHDRAWN, actor, clock.now(),
                                                                   reason.strip())
    b.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(action="bulletin.withdraw", actor=actor, obj=b, unit=b.body.unit, after={"reason": b.withdraw_reason})
    search.changed(search.Kind.BULLETIN, b.pk)
    return b


@transaction.atomic
def import_bulletins(*, actor: User, filename: str, data: bytes):
    """All or nothing: every row is checked first (`imports.check_rows`); if one is bad, nothing is
    written and the report names each bad row; otherwise every row becomes a draft here."""
    from . import imports

    if not has_capability(actor, BULLETIN_CAPABILITY):
        raise PermissionDenied("您没有填报警情通报的权限")
    report = imports.check_rows(actor=actor, filename=filename, data=data)
    if not report.ok:
        return report
    for row in report.rows:
        try:
            with transaction.atomic():
                bulletin = create_bulletin(actor=actor, body=row.body, year=row.year, week=row.week, **row.fields)
        except ValidationError as exc:  # a row entered by someone else since the check
            report.errors.append(RowError(row.number, "", "；".join(exc.messages)))
            transaction.set_rollback(True)
            report.imported = []
            return report
        report.imported.append(bulletin.pk)
    audit.record(action="bulletin.import", actor=actor, object_type="bulletins.import",
                 object_repr=filename[:200], after={"file": filename, "sha256": report.sha256,
                                                    "rows": len(report.imported), "bulletins": report.imported})
    return report


# --- Service guides -------------------------------------------------------------------------

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

