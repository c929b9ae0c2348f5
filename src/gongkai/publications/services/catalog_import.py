"""Items a body published before the system, from its legacy catalog: each written as published with
its kept or a newly drawn index number, its acknowledged findings, and the audit of the run."""

from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock, index_numbers
from gongkai.core.access import require
from gongkai.core.models import DisclosureBody, User
from gongkai.core.permissions import Capability
from gongkai.core.services import reserve_sequence_value
from gongkai.search import changes as search

from ..models import Finding, Publication
from .item import EDITABLE, P
from .review import index_pattern, next_index_number

IMPORT_CAPABILITY = Capability.PUBLICATIONS_MANAGE
ACKNOWLEDGE_CAPABILITY = Capability.PUBLICATIONS_CONFIDENTIALITY
ACKNOWLEDGE_REASON = "导入旧网站已公开的目录时确认可公开"


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
    as `review._publish` draws it, its acknowledged findings recorded; the search log for all, one audit
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
        number = row.index_number or next_index_number(row.body, timezone.localdate(row.published_at), taken)
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
