"""The scanner's findings in an item's texts and attachments: kept in step with the texts, and each
acknowledged as publishable or redacted before the item can be published."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock, scanner
from gongkai.core.models import User

from .. import workflow
from ..models import Finding, Publication
from ..workflow import SCANNED_FIELDS
from .item import P


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
