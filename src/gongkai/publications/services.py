"""Every write of proactive disclosure. One function per thing a person does; each runs in one
transaction and writes one audit event. A step of an item's life (`workflow.STEPS`) is checked by
`workflow.check` first: who may take it and why not now, in the same words as the pages and the
API; what the person typed in is checked here."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core import audit, clock, index_numbers, scanner, tree
from gongkai.core.access import require
from gongkai.core.calendar import get_calendar
from gongkai.core.files import extraction, kinds
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.permissions import Capability
from gongkai.core.services import next_sequence_value, reserve_sequence_value
from gongkai.search import changes as search

from . import workflow
from .models import (
    Attachment,
    CatalogTopic,
    EnforcementFigures,
    Finding,
    Publication,
    PublicationChannel,
    PublicationVersion,
    Reevaluation,
    ReviewRecord,
    ReviewStep,
)
from .workflow import SCANNED_FIELDS

P = Publication
EDITABLE = [
    "title", "summary", "body_text", "document_number", "created_on", "topic", "genre", "keywords",
    "full_text_electronic", "legal_form", "validity", "valid_from", "valid_until", "repealed_on", "interprets",
    "attribute", "attribute_basis", "attribute_reason",
]
ALLOWED_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp"}


def _snapshot(pub: Publication) -> dict:
    data = audit.snapshot(pub, EDITABLE + ["status", "current_step", "index_number", "version"])
    data["channels"] = sorted(pub.channels.values_list("code", flat=True)) if pub.pk else []
    return data


# --- Deadlines ------------------------------------------------------------------------------

def publish_deadline(pub: Publication):
    """Art. 26: 20 working days from the date created, or the topic's tighter limit; an
    interpretation is due a few working days after its policy is published."""
    calendar = get_calendar(pub.body.region)
    if pub.interprets_id and pub.interprets.published_at:
        start = timezone.localdate(pub.interprets.published_at)
        return calendar.add_working_days(start, settings.GONGKAI_INTERPRETATION_WITHIN_DAYS)
    days = pub.topic.effective_deadline_days() or settings.GONGKAI_PUBLISH_WITHIN_DAYS
    return calendar.add_working_days(pub.created_on, days)


def _set_deadline(pub: Publication) -> None:
    due = publish_deadline(pub)
    pub.publish_due_on, pub.publish_due_provisional = due.date, due.provisional


def recompute_publication_deadlines() -> int:
    changed = 0
    open_items = P.objects.filter(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW, P.Status.RETURNED])
    for pub in open_items.select_related("body", "topic", "interprets"):
        old = (pub.publish_due_on, pub.publish_due_provisional)
        _set_deadline(pub)
        if (pub.publish_due_on, pub.publish_due_provisional) != old:
            pub.save(update_fields=["publish_due_on", "publish_due_provisional"])
            changed += 1
    return changed


# --- Drafting -------------------------------------------------------------------------------

def _validate(pub: Publication) -> None:
    errors = {}
    if not pub.title.strip():
        errors["title"] = "请填写信息名称"
    if pub.attribute != P.Attribute.PROACTIVE:
        if not pub.attribute_basis:
            errors["attribute_basis"] = "依申请公开或不予公开的信息须注明依据的条款（条例第十四、十五、十六条）"
        if not pub.attribute_reason.strip():
            errors["attribute_reason"] = "请写明认定理由"
    elif pub.attribute_basis or pub.attribute_reason.strip():
        pub.attribute_basis, pub.attribute_reason = "", ""
    if pub.validity == P.Validity.REPEALED and not pub.repealed_on:
        errors["repealed_on"] = "已废止的文件须填写废止日期"
    if pub.valid_from and pub.valid_until and pub.valid_until < pub.valid_from:
        errors["valid_until"] = "失效日期不能早于施行日期"
    if pub.interprets_id:
        if pub.interprets_id == pub.pk:
            errors["interprets"] = "解读不能指向自身"
        elif pub.interprets.interprets_id:
            errors["interprets"] = "解读应关联政策文件本身，而不是另一篇解读"
    if pub.topic_id and pub.topic.is_sealed and pub.attribute == P.Attribute.PROACTIVE:
        errors["topic"] = (f"“{pub.topic.name}”依《治安管理处罚法》第一百三十六条封存，不得逐件公开，"
                           "只计入统计数据")
    if errors:
        raise ValidationError(errors)


def _apply_attribute_status(pub: Publication) -> None:
    if pub.attribute == P.Attribute.PROACTIVE:
        if pub.status == P.Status.NOT_PUBLIC:
            pub.status = P.Status.DRAFT
        pub.next_reevaluation_on = None
    else:
        pub.status = P.Status.NOT_PUBLIC
        pub.current_step = ""
        if not pub.next_reevaluation_on:
            pub.next_reevaluation_on = _months_later(pub.created_on, settings.GONGKAI_REEVALUATION_MONTHS)


def _months_later(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _body_of(unit: Unit) -> DisclosureBody:
    body = unit.disclosure_body()
    if body is None:
        raise ValidationError({"unit": "该单位不属于任何公开主体，请先设置公开主体"})
    return body


def _set_fields_and_save(pub: Publication, fields: dict) -> None:
    """Apply editable fields, check them, derive status and deadline, save: one path for drafts."""
    for field, value in fields.items():
        if field not in EDITABLE:
            raise ValueError(f"unknown publication field {field}")
        setattr(pub, field, value)
    _validate(pub)
    _apply_attribute_status(pub)
    _set_deadline(pub)
    pub.save()


@transaction.atomic
def create_draft(*, actor: User, unit: Unit, title: str, created_on: date, topic: CatalogTopic,
                 channels: list[PublicationChannel] | None = None, **fields) -> Publication:
    require(actor, Capability.PUBLICATIONS_DRAFT, unit)
    pub = P(body=_body_of(unit), unit=unit, title=title.strip(), created_on=created_on, topic=topic,
            created_by=actor)
    _set_fields_and_save(pub, fields)
    pub.channels.set(channels if channels is not None else PublicationChannel.objects.filter(code="website"))
    audit.record(action="publication.create", actor=actor, obj=pub, unit=unit, after=_snapshot(pub))
    return pub


@transaction.atomic
def update_draft(*, actor: User, publication: Publication, channels: list[PublicationChannel] | None = None,
                 unit: Unit | None = None, **fields) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("update_draft", pub, actor=actor)
    before = _snapshot(pub)
    if unit is not None and unit != pub.unit:
        require(actor, Capability.PUBLICATIONS_DRAFT, unit)
        pub.unit, pub.body = unit, _body_of(unit)
    _set_fields_and_save(pub, fields)
    if channels is not None:
        pub.channels.set(channels)
    audit.record(action="publication.update_draft", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after=_snapshot(pub))
    return pub


@transaction.atomic
def add_attachment(*, actor: User, publication: Publication, name: str, data: bytes) -> Attachment:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("add_attachment", pub, actor=actor)
    if len(data) == 0:
        raise ValidationError({"file": "文件为空"})
    limit = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError({"file": f"文件过大：不能超过 {limit // (1024 * 1024)} MB"})
    kind = kinds.sniff(data)
    if kind not in ALLOWED_KINDS:
        raise ValidationError({"file": "只能上传 PDF、DOCX、XLSX 或图片（PNG、JPEG、GIF、WebP）文件；"
                                       "文件类型按内容识别，与扩展名无关"})
    try:
        data = extraction.strip_metadata(data, kind)
        text = extraction.extract_text(data, kind)
        hidden = extraction.hidden_content(data, kind)
    except kinds.ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from None
    clean_name = name.replace("/", "_").replace("\\", "_").strip()[:200] or f"附件.{kind}"
    att = Attachment(publication=pub, original_name=clean_name, kind=kind, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), text=text, hidden_content=hidden,
                     uploaded_by=actor)
    att.file.save(clean_name, ContentFile(data), save=False)
    att.save()
    audit.record(action="publication.add_attachment", actor=actor, obj=pub, unit=pub.unit,
                 after={"attachment": att.pk, "name": clean_name, "kind": kind, "size": len(data),
                        "sha256": att.sha256, "hidden_content": hidden})
    return att


@transaction.atomic
def remove_attachment(*, actor: User, attachment: Attachment) -> None:
    pub = P.objects.select_for_update().get(pk=attachment.publication_id)
    workflow.check("remove_attachment", pub, actor=actor, target=attachment)
    audit.record(action="publication.remove_attachment", actor=actor, obj=pub, unit=pub.unit,
                 before={"attachment": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256})
    Finding.objects.filter(publication=pub, source=f"attachment:{attachment.pk}").delete()
    attachment.file.delete(save=False)
    attachment.delete()


# --- Scanner --------------------------------------------------------------------------------

def _sources(pub: Publication) -> dict[str, str]:
    texts = {field: getattr(pub, field) for field in SCANNED_FIELDS}
    for att in pub.attachments.all():
        texts[f"attachment:{att.pk}"] = att.text
    return texts


def run_scan(pub: Publication) -> list[Finding]:
    """Scan every text of the item; keep earlier decisions for the same finding, drop what is gone."""
    found = []
    for source, text in _sources(pub).items():
        for f in scanner.scan(text or "", today=clock.today()):
            found.append((source, f))
    # Hidden sheets, comments, tracked changes, metadata: what leaked elsewhere (privacy-lessons.md).
    # They cannot be redacted online, so the reviewer must see and acknowledge each (or the file
    # is replaced).
    for att in pub.attachments.all():
        for description in att.hidden_content:
            found.append((f"attachment:{att.pk}", scanner.Finding(kind="hidden", start=0, end=0, text=description)))
    existing = {(f.source, f.kind, f.text): f for f in pub.findings.all()}
    keep_ids = set()
    for source, f in found:
        key = (source, f.kind, f.text[:200])
        if key in existing:
            row = existing[key]
            if (row.start, row.end) != (f.start, f.end):
                row.start, row.end = f.start, f.end
                row.save(update_fields=["start", "end"])
        else:
            row = Finding.objects.create(publication=pub, source=source, kind=f.kind, start=f.start, end=f.end,
                                         text=f.text[:200])
            existing[key] = row
        keep_ids.add(row.pk)
    # Redacted findings are gone from the text by design; keep them as the record of the redaction.
    pub.findings.exclude(pk__in=keep_ids).exclude(state=Finding.State.REDACTED).delete()
    return list(pub.findings.all())


@transaction.atomic
def check_now(*, actor: User, publication: Publication) -> list[Finding]:
    """The drafter runs the scanner before submitting, to fix what it finds first."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("check_now", pub, actor=actor)
    findings = run_scan(pub)
    audit.record(action="publication.check_now", actor=actor, obj=pub, unit=pub.unit,
                 after={"findings": len(findings), "open": sum(f.state == Finding.State.OPEN for f in findings)})
    return findings


def open_findings(pub: Publication):
    return pub.findings.filter(state=Finding.State.OPEN)


@transaction.atomic
def acknowledge_finding(*, actor: User, finding: Finding, reason: str) -> Finding:
    pub = P.objects.select_for_update().get(pk=finding.publication_id)
    finding.refresh_from_db()
    workflow.check("acknowledge_finding", pub, actor=actor, target=finding)
    if not reason.strip():
        raise ValidationError({"reason": "请说明可以公开的理由（如：单位办公电话、已公开的车牌号）"})
    finding.state, finding.reason = Finding.State.ACKNOWLEDGED, reason.strip()
    finding.resolved_by, finding.resolved_at = actor, clock.now()
    finding.save()
    audit.record(action="publication.acknowledge_finding", actor=actor, obj=pub, unit=pub.unit,
                 after={"finding": finding.pk, "kind": finding.kind, "source": finding.source, "reason": reason})
    return finding


@transaction.atomic
def redact_finding(*, actor: User, finding: Finding) -> Finding:
    """Replace the finding in the item's own text with the redaction mark (one width for all, so it
    does not give away the length of what it hides); attachments must be replaced instead."""
    pub = P.objects.select_for_update().get(pk=finding.publication_id)
    finding.refresh_from_db()
    workflow.check("redact_finding", pub, actor=actor, target=finding)
    # Redact the same text everywhere in the item, so it cannot be recovered from another field.
    for field in SCANNED_FIELDS:
        setattr(pub, field, getattr(pub, field).replace(finding.text, scanner.REDACTION_MARK))
    pub.save(update_fields=[*SCANNED_FIELDS, "updated_at"])
    pub.findings.filter(text=finding.text, source__in=SCANNED_FIELDS, state=Finding.State.OPEN).update(
        state=Finding.State.REDACTED, resolved_by=actor, resolved_at=clock.now(), reason="已遮盖")
    finding.refresh_from_db()
    audit.record(action="publication.redact_finding", actor=actor, obj=pub, unit=pub.unit,
                 after={"finding": finding.pk, "kind": finding.kind, "source": finding.source})
    return finding


# --- Review ---------------------------------------------------------------------------------

def steps_for(pub: Publication) -> list[str]:
    return [s for s in ReviewStep.values if s in (pub.topic.review_steps or [])]


@transaction.atomic
def submit_for_review(*, actor: User, publication: Publication) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("submit_for_review", pub, actor=actor)
    _validate(pub)
    steps = steps_for(pub)
    pub.status, pub.current_step = P.Status.IN_REVIEW, steps[0]
    pub.save(update_fields=["status", "current_step", "updated_at"])
    run_scan(pub)
    ReviewRecord.objects.create(publication=pub, decision=ReviewRecord.Decision.SUBMIT, actor=actor)
    audit.record(action="publication.submit_for_review", actor=actor, obj=pub, unit=pub.unit,
                 after={"status": pub.status, "step": pub.current_step})
    return pub


@transaction.atomic
def approve(*, actor: User, publication: Publication, opinion: str = "") -> Publication:
    """Pass the current step; the last step publishes. 一事一审: one item, one record per step.
    The step's capability in the item's unit (谁公开、谁审查) and 四眼原则 are checked first."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    verdict = workflow.check("approve", pub, actor=actor)
    findings = run_scan(pub)
    step = pub.current_step
    # Steps still to come, in the fixed order; robust to a topic's chain being edited meanwhile.
    later = [s for s in steps_for(pub) if ReviewStep.values.index(s) > ReviewStep.values.index(step)]
    is_last = not later
    if is_last:
        blocking = [f for f in findings if f.state == Finding.State.OPEN]
        if blocking:
            raise ValidationError(f"还有 {len(blocking)} 处敏感信息未处理（遮盖或确认可公开），不能发布")
    ReviewRecord.objects.create(publication=pub, step=step, decision=ReviewRecord.Decision.APPROVE,
                                opinion=opinion.strip(), actor=actor, same_reviewer=verdict.same_reviewer)
    audit.record(action="publication.approve", actor=actor, obj=pub, unit=pub.unit,
                 after={"step": step, "opinion": opinion, "same_reviewer": verdict.same_reviewer})
    if is_last:
        _publish(pub, actor)
    else:
        pub.current_step = later[0]
        pub.save(update_fields=["current_step", "updated_at"])
    return pub


@transaction.atomic
def reject(*, actor: User, publication: Publication, opinion: str) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    verdict = workflow.check("reject", pub, actor=actor)
    if not opinion.strip():
        raise ValidationError({"opinion": "退回时请写明理由"})
    step = pub.current_step
    ReviewRecord.objects.create(publication=pub, step=step, decision=ReviewRecord.Decision.REJECT,
                                opinion=opinion.strip(), actor=actor, same_reviewer=verdict.same_reviewer)
    pub.status, pub.current_step = P.Status.RETURNED, ""
    pub.save(update_fields=["status", "current_step", "updated_at"])
    audit.record(action="publication.reject", actor=actor, obj=pub, unit=pub.unit,
                 after={"step": step, "opinion": opinion, "same_reviewer": verdict.same_reviewer})
    return pub


def _publish(pub: Publication, actor: User) -> None:
    now = clock.now()
    pub.index_number = _next_index_number(pub.body, timezone.localdate(now))
    pub.status, pub.current_step, pub.published_at = P.Status.PUBLISHED, "", now
    pub.save(update_fields=["index_number", "status", "current_step", "published_at", "updated_at"])
    audit.record(action="publication.publish", actor=actor, obj=pub, unit=pub.unit,
                 after={"index_number": pub.index_number, "published_at": now.isoformat()})
    search.changed(search.Kind.PUBLICATION, pub.pk)
    # Interpretations waiting for this policy now run on the 3-working-day clock.
    for interpretation in pub.interpretations.filter(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW,
                                                                  P.Status.RETURNED]):
        _set_deadline(interpretation)
        interpretation.save(update_fields=["publish_due_on", "publish_due_provisional"])


# --- After publication ----------------------------------------------------------------------

@transaction.atomic
def correct(*, actor: User, publication: Publication, note: str, channels=None, **changes) -> Publication:
    """更正: a new version with a visible note; the old version is kept."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("correct", pub, actor=actor)
    if not note.strip():
        raise ValidationError({"note": "请写明更正说明，它将显示在信息页面上"})
    before = _snapshot(pub)
    PublicationVersion.objects.create(publication=pub, version=pub.version, snapshot=before, replaced_by=actor,
                                      correction_note=note.strip())
    for field, value in changes.items():
        if field not in EDITABLE or field in ("attribute", "attribute_basis", "attribute_reason"):
            raise ValueError(f"field {field} cannot be corrected")
        setattr(pub, field, value)
    _validate(pub)
    pub.version += 1
    pub.corrected_at, pub.correction_note = clock.now(), note.strip()
    pub.save()
    if channels is not None:
        pub.channels.set(channels)
    blocking = [f for f in run_scan(pub) if f.state == Finding.State.OPEN]
    if blocking:
        kinds = "、".join(sorted({f.text for f in blocking}))
        raise ValidationError(f"更正后的内容含有未处理的敏感信息：{kinds}。请删除后再更正")
    audit.record(action="publication.correct", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after={**_snapshot(pub), "note": note})
    search.changed(search.Kind.PUBLICATION, pub.pk)
    return pub


@transaction.atomic
def withdraw(*, actor: User, publication: Publication, reason: str) -> Publication:
    """撤回: the item leaves every public path; the record and its history stay."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("withdraw", pub, actor=actor)
    if not reason.strip():
        raise ValidationError({"reason": "请写明撤回理由"})
    pub.status, pub.withdrawn_at, pub.withdraw_reason = P.Status.WITHDRAWN, clock.now(), reason.strip()
    pub.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(action="publication.withdraw", actor=actor, obj=pub, unit=pub.unit, after={"reason": reason})
    search.changed(search.Kind.PUBLICATION, pub.pk)
    return pub


@transaction.atomic
def reevaluate(*, actor: User, publication: Publication, decision: str, reason: str) -> Publication:
    """定期评审 of an item that is not public: keep the attribute, or open it for publication."""
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("reevaluate", pub, actor=actor)
    if decision not in Reevaluation.Decision.values:
        raise ValidationError({"decision": "请选择评审结论"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明评审理由"})
    Reevaluation.objects.create(publication=pub, decision=decision, reason=reason.strip(), actor=actor)
    before = _snapshot(pub)
    if decision == Reevaluation.Decision.OPEN:
        pub.attribute, pub.attribute_basis, pub.attribute_reason = P.Attribute.PROACTIVE, "", ""
        pub.status, pub.next_reevaluation_on = P.Status.DRAFT, None
        # The information is "changed" today: the Art. 26 clock runs from the decision.
        pub.created_on = clock.today()
        _set_deadline(pub)
    else:
        pub.next_reevaluation_on = _months_later(clock.today(), settings.GONGKAI_REEVALUATION_MONTHS)
    pub.save()
    audit.record(action="publication.reevaluate", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after={**_snapshot(pub), "decision": decision, "reason": reason})
    return pub


# --- Catalog data ---------------------------------------------------------------------------

@transaction.atomic
def save_topic(*, actor: User | None, topic: CatalogTopic | None = None, name: str, code: str,
               parent: CatalogTopic | None = None, sort_order: int = 0, is_active: bool = True,
               publish_within_days: int | None = None, review_steps: list[str] | None = None,
               is_sealed: bool = False) -> CatalogTopic:
    if actor is not None:
        require(actor, Capability.PUBLICATIONS_MANAGE, None)
    steps = [s for s in ReviewStep.values if s in (review_steps if review_steps is not None else ReviewStep.values)]
    if ReviewStep.CONFIDENTIALITY not in steps:
        raise ValidationError({"review_steps": "保密审查不能省略（先审查、后公开）"})
    if CatalogTopic.objects.filter(code=code).exclude(pk=getattr(topic, "pk", None)).exists():
        raise ValidationError({"code": f"编码“{code}”已被使用"})
    if topic and parent and (parent.pk == topic.pk or parent.path.startswith(topic.path)):
        raise ValidationError({"parent": "不能把分类移到它自己或它的下级之下"})
    if publish_within_days is not None and not 1 <= publish_within_days <= settings.GONGKAI_PUBLISH_WITHIN_DAYS:
        raise ValidationError({"publish_within_days": "公开时限应为 1 至 20 个工作日（条例第二十六条）"})
    before = audit.snapshot(topic) if topic else None
    was = (topic.path, topic.is_sealed) if topic else None
    topic = topic or CatalogTopic()
    topic.name, topic.code, topic.parent, topic.sort_order, topic.is_active = name, code, parent, sort_order, is_active
    topic.publish_within_days, topic.review_steps, topic.is_sealed = publish_within_days, steps, is_sealed
    topic.save()
    tree.place(topic, parent=parent, width=6)
    if was is not None and was != (topic.path, topic.is_sealed):
        # Sealed (its items leave every public path) or moved (the search's topic filter holds the
        # ancestors): the items of the subtree are re-indexed.
        search.changed(search.Kind.PUBLICATION, *P.objects.filter(
            topic__path__startswith=topic.path, status=P.Status.PUBLISHED).values_list("pk", flat=True))
    audit.record(action="topic.create" if before is None else "topic.update", actor=actor, obj=topic,
                 before=before, after=audit.snapshot(topic))
    return topic


@transaction.atomic
def save_enforcement_figures(*, actor: User, body: DisclosureBody, year: int, licences: int, penalties: int,
                             coercive_measures: int, fees_wan_yuan, note: str = "") -> EnforcementFigures:
    require(actor, Capability.REPORTS_MANAGE, body.unit)
    row, _ = EnforcementFigures.objects.get_or_create(body=body, year=year)
    before = audit.snapshot(row)
    row.licences, row.penalties, row.coercive_measures = licences, penalties, coercive_measures
    row.fees_wan_yuan, row.note = fees_wan_yuan, note
    row.full_clean()
    row.save()
    audit.record(action="enforcement.save", actor=actor, obj=row, unit=body.unit, before=before,
                 after=audit.snapshot(row))
    return row


def due_filter(day: date) -> Q:
    return Q(status__in=[P.Status.DRAFT, P.Status.IN_REVIEW, P.Status.RETURNED], publish_due_on__isnull=False,
             publish_due_on__lte=day)


# Audit actions other than the steps' (`workflow.audit_labels`); registered in apps.py.
AUDIT_LABELS = {
    "publication.create": "起草公开信息",
    "publication.publish": "发布",
    "topic.create": "新增主题分类",
    "topic.update": "修改主题分类",
    "enforcement.save": "录入执法与收费数据",
    "publication.import": "导入公开信息",
    "catalog.import": "导入目录",
}


# --- Index numbers, and items published before the system (the catalog import) ----------------

IMPORT_CAPABILITY = Capability.PUBLICATIONS_MANAGE
ACKNOWLEDGE_CAPABILITY = Capability.PUBLICATIONS_CONFIDENTIALITY
ACKNOWLEDGE_REASON = "导入旧网站已公开的目录时确认可公开"


def index_pattern(body: DisclosureBody) -> str:
    return body.index_pattern or settings.GONGKAI_INDEX_PATTERN


def _next_index_number(body: DisclosureBody, on: date, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """The next number of the body's pattern in the year of `on`. The serial comes from the body's
    yearly sequence, locked until this transaction commits: no two publications can draw the
    same number, and a rolled-back one leaves no gap. A legacy number imported from an old site
    (or about to be, `taken`) may already hold it: never reuse it."""
    pattern = index_pattern(body)
    while True:
        serial = next_sequence_value(body=body, name="index", year=on.year)
        number = index_numbers.format_index_number(pattern, org_code=body.org_code, on=on, serial=serial)
        if number not in taken and not P.objects.filter(index_number=number).exists():
            return number


def _reserve_index_number(body: DisclosureBody, number: str) -> None:
    """A kept legacy number that the body's own pattern could produce later (same year, same
    serial) pushes that year's sequence past it, so publication never draws it again."""
    regex = index_numbers.matcher(index_pattern(body), body.org_code)
    match = regex.fullmatch(number) if regex else None
    if not match or "year" not in regex.groupindex or "serial" not in regex.groupindex:
        return
    year, serial = int(match["year"]), int(match["serial"])
    if 1900 <= year <= 2999 and 0 < serial < 2**31:
        reserve_sequence_value(body=body, name="index", year=year, value=serial)


@transaction.atomic
def import_published(*, actor: User, rows: list, source: dict) -> list[Publication]:
    """Items a body published before the system (a legacy catalog), every row (`importer.CleanRow`)
    already checked (`importer.validate_rows`): each written as published, with its kept index number or one drawn
    as `_publish` draws it, its acknowledged findings recorded; the search log for all, one audit
    row per item and one for the run (`source`: file, sha256, size, format, rows). Items first,
    audit rows last: the audit chain's head stays locked (every audited write waits for it) only
    for the last part of the run."""
    for row in rows:
        require(actor, IMPORT_CAPABILITY, row.unit)
        if row.findings:
            require(actor, ACKNOWLEDGE_CAPABILITY, row.unit)
    taken = {row.index_number for row in rows if row.index_number}
    for row in rows:
        if row.index_number:
            _reserve_index_number(row.body, row.index_number)
    now, Link = clock.now(), P.channels.through
    created, links, findings = [], [], []
    for row in rows:
        number = row.index_number or _next_index_number(row.body, timezone.localdate(row.published_at), taken)
        taken.add(number)
        pub = P.objects.create(body=row.body, unit=row.unit, created_by=actor, status=P.Status.PUBLISHED,
                               attribute=P.Attribute.PROACTIVE, current_step="", index_number=number,
                               published_at=row.published_at, **row.fields)
        created.append(pub)
        links.extend(Link(publication_id=pub.pk, publicationchannel_id=c.pk) for c in row.channels)
        findings.extend(Finding(publication=pub, source=field, kind=f.kind, start=f.start, end=f.end,
                                text=f.text[:200], state=Finding.State.ACKNOWLEDGED, reason=ACKNOWLEDGE_REASON,
                                resolved_by=actor, resolved_at=now) for field, f in row.findings)
    Link.objects.bulk_create(links, batch_size=500)
    Finding.objects.bulk_create(findings, batch_size=500)
    search.changed(search.Kind.PUBLICATION, *(pub.pk for pub in created))
    _audit_import(actor, rows, created, source)
    return created


def _audit_import(actor: User, rows: list, created: list[Publication], source: dict) -> None:
    by_body: dict[str, int] = {}
    for row, pub in zip(rows, created, strict=True):
        after = {**audit.snapshot(pub, EDITABLE + ["unit", "body", "status", "index_number", "published_at"]),
                 "channels": sorted(c.code for c in row.channels), "row": row.number, "file": source["file"],
                 "file_sha256": source["sha256"]}
        if row.findings:
            after["findings_acknowledged"] = [{"source": field, "kind": f.kind, "text": f.text[:200]}
                                              for field, f in row.findings]
        audit.record(action="publication.import", actor=actor, obj=pub, unit=pub.unit, after=after)
        by_body[row.body.letter_name] = by_body.get(row.body.letter_name, 0) + 1
    kept = sum(1 for row in rows if row.index_number)
    audit.record(
        action="catalog.import", actor=actor, object_type="publications.catalog", object_id=source["sha256"],
        object_repr=source["file"][:200],
        after={**source, "imported": len(created), "index_numbers_kept": kept,
               "index_numbers_assigned": len(created) - kept,
               "findings_acknowledged": sum(len(row.findings) for row in rows), "by_body": by_body,
               "first_id": created[0].pk if created else None, "last_id": created[-1].pk if created else None})
