"""Incident bulletins (警情通报): one a week per body, entered or imported as a draft, reviewed and
published by someone else (四眼原则), corrected by a new version reviewed like the first, or
withdrawn with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from gongkai.core import audit, clock
from gongkai.core.access import has_capability, require
from gongkai.core.models import DisclosureBody, User
from gongkai.core.tables import RowError
from gongkai.search import changes as search

from .. import workflow
from ..findings import TEXT_FIELDS
from ..models import CATEGORIES, Bulletin, week_start
from ..workflow import BULLETIN_CAPABILITY

B = Bulletin

COUNT_FIELDS = [code for code, _ in CATEGORIES]
BULLETIN_FIELDS = COUNT_FIELDS + TEXT_FIELDS
AUDITED = ["year", "week", "version", *BULLETIN_FIELDS, "status"]
MAX_COUNT = 1_000_000


def _snapshot(bulletin: Bulletin) -> dict:
    return audit.snapshot(bulletin, AUDITED)


def _week_label(body: DisclosureBody, year: int, week: int) -> str:
    return f"{body.letter_name}{year}年第{week}周"


def check_week(year, week) -> None:
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


def clean_fields(fields: dict) -> dict:
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


def duplicate_message(body: DisclosureBody, year: int, week: int) -> str:
    existing = _live(body, year, week).order_by("-version").first()
    state = f"（{existing.get_status_display()}）" if existing else ""
    hint = "；已发布的通报如需修改，请使用“更正”生成新版本" if existing and existing.status == B.Status.PUBLISHED else ""
    return f"{_week_label(body, year, week)}的警情通报已存在{state}，同一公开主体每周只能有一份通报{hint}"


@transaction.atomic
def create_bulletin(*, actor: User, body: DisclosureBody, year: int, week: int, **fields) -> Bulletin:
    require(actor, BULLETIN_CAPABILITY, body.unit)
    check_week(year, week)
    year, week = int(year), int(week)
    data = clean_fields({f: fields.get(f, 0 if f in COUNT_FIELDS else "") for f in BULLETIN_FIELDS})
    if _live(body, year, week).exists():
        raise ValidationError({"week": duplicate_message(body, year, week)})
    version = (B.objects.filter(body=body, year=year, week=week).aggregate(v=Max("version"))["v"] or 0) + 1
    bulletin = B(body=body, year=year, week=week, week_start=week_start(year, week), version=version,
                 created_by=actor, **data)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError:  # another entry of the same week committed meanwhile
        raise ValidationError({"week": duplicate_message(body, year, week)}) from None
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
    for field, value in clean_fields(fields).items():
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
    from .. import imports

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
