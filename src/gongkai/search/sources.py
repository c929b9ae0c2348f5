"""What each kind of public content gives the search: the text to index and the filter values, and
the result a person sees. Every read starts from the app's public selector, so an object that is
not public right now gives no document to index and no result to show (the same function serves
the indexer and the re-check of every hit)."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from gongkai.bulletins import selectors as bulletin_selectors
from gongkai.interaction import selectors as letter_selectors
from gongkai.publications import selectors as publication_selectors
from gongkai.publications.models import Attachment
from gongkai.reports import selectors as report_selectors
from gongkai.reports.models import ReportVersion

from .models import Kind

# How much of a long text is read for a snippet (find_spans runs at about 1M characters/s).
SNIPPET_SOURCE_CHARS = 20_000


@dataclass(slots=True)
class Document:
    """One searchable object as the index stores it. `titles` are weighted above `texts`."""

    kind: str
    object_id: int
    titles: list[str]
    texts: list[str]
    date: datetime
    unit_id: int
    body_id: int
    topic_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    """One hit as shown: title, address, kind, date; `texts` are where the snippet is cut from."""

    kind: str
    object_id: int
    title: str
    url: str
    date: datetime
    texts: list[str]

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def _topic_ids(path: str) -> list[int]:
    return [int(p) for p in path.strip("/").split("/") if p]


class Source(ABC):
    """One kind of public content. Subclasses say where its objects come from and what of them
    is searchable; `documents` and `results` only ever see public objects."""

    kind: str
    chunk = 1000
    # Lookups from an object to the units whose name its indexed text carries (`for_unit`).
    unit_lookups = ("unit_id", "body__unit_id")

    @abstractmethod
    def public(self) -> QuerySet:
        """Every public object of the kind: the app's public selector."""

    def for_unit(self, unit_id: int) -> QuerySet:
        """Public objects whose indexed text names the unit (renamed units, `Kind.UNIT`)."""
        match = Q()
        for lookup in self.unit_lookups:
            match |= Q(**{lookup: unit_id})
        return self.public().filter(match)

    @abstractmethod
    def document(self, obj) -> Document:
        """What the index stores of a public object."""

    @abstractmethod
    def result(self, obj) -> Result:
        """What a visitor sees of a public object found."""

    def indexing(self, qs: QuerySet) -> QuerySet:
        """The queryset as the indexer reads it (related rows it needs fetched together)."""
        return qs

    def showing(self, qs: QuerySet) -> QuerySet:
        """The queryset as results are built from it (long texts cut to what a snippet needs)."""
        return qs

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[Document]:
        qs = self.public() if ids is None else self.public().filter(pk__in=list(ids))
        for obj in self.indexing(qs.order_by("pk")).iterator(chunk_size=self.chunk):
            yield self.document(obj)

    def public_ids(self, ids: Iterable[int] | None = None) -> set[int]:
        qs = self.public() if ids is None else self.public().filter(pk__in=list(ids))
        return set(qs.values_list("pk", flat=True))

    def results(self, ids: list[int]) -> dict[int, Result]:
        """The hits among `ids` that are public now, as results (a missing id was withdrawn)."""
        return {obj.pk: self.result(obj) for obj in self.showing(self.public().filter(pk__in=ids))}


class PublicationSource(Source):
    kind = Kind.PUBLICATION

    def public(self):
        return publication_selectors.public_publications()

    def indexing(self, qs):
        return qs.prefetch_related("attachments")

    def document(self, pub) -> Document:
        return Document(
            kind=self.kind, object_id=pub.pk,
            titles=[pub.title, pub.document_number],
            texts=[pub.summary, pub.body_text, pub.keywords, pub.unit.name, pub.index_number or "",
                   *(a.text for a in pub.attachments.all())],
            date=pub.published_at, unit_id=pub.unit_id, body_id=pub.body_id,
            topic_ids=_topic_ids(pub.topic.path))

    def showing(self, qs):
        return qs.defer("body_text", "attribute_reason", "withdraw_reason", "correction_note").annotate(
            body_head=Substr("body_text", 1, SNIPPET_SOURCE_CHARS))

    def results(self, ids):
        results = super().results(ids)
        if results:
            texts: dict[int, list[str]] = {}
            for pub_id, head in (Attachment.objects.filter(publication_id__in=list(results))
                                 .annotate(head=Substr("text", 1, SNIPPET_SOURCE_CHARS))
                                 .order_by("publication_id", "pk").values_list("publication_id", "head")):
                texts.setdefault(pub_id, []).append(head)
            for pub_id, result in results.items():
                result.texts.extend(texts.get(pub_id, []))
        return results

    def result(self, pub) -> Result:
        return Result(self.kind, pub.pk, pub.title, reverse("portal:publication", args=[pub.pk]), pub.published_at,
                      [pub.summary, pub.body_head, pub.document_number])


class GuideSource(Source):
    kind = Kind.GUIDE

    def public(self):
        return bulletin_selectors.public_guides()

    def _texts(self, guide) -> list[str]:
        materials = "\n".join(map(str, guide.materials or []))
        return [guide.conditions, guide.procedure, materials, guide.legal_basis, guide.handling_unit,
                guide.place, guide.time_limit_note, guide.fee, guide.unit.name, guide.category.name]

    def document(self, guide) -> Document:
        return Document(kind=self.kind, object_id=guide.pk, titles=[guide.name], texts=self._texts(guide),
                        date=guide.published_at, unit_id=guide.unit_id, body_id=guide.body_id)

    def result(self, guide) -> Result:
        return Result(self.kind, guide.pk, guide.name, reverse("portal:guide_detail", args=[guide.pk]),
                      guide.published_at, self._texts(guide))


class QASource(Source):
    kind = Kind.QA

    def public(self):
        return letter_selectors.public_letters()

    def document(self, letter) -> Document:
        text = letter_selectors.public_text(letter)
        return Document(kind=self.kind, object_id=letter.pk, titles=[text["subject"]],
                        texts=[text["content"], text["reply"], letter.unit.name, letter.topic.name],
                        date=letter.published_at, unit_id=letter.unit_id, body_id=letter.body_id)

    def result(self, letter) -> Result:
        text = letter_selectors.public_text(letter)
        return Result(self.kind, letter.pk, text["subject"], reverse("portal:interaction_letter", args=[letter.pk]),
                      letter.published_at, [text["content"], text["reply"]])


class BulletinSource(Source):
    kind = Kind.BULLETIN
    unit_lookups = ("body__unit_id",)

    def public(self):
        return bulletin_selectors.public_bulletins()

    def _texts(self, b) -> list[str]:
        return [b.period, b.comparison, b.notable_cases, b.prevention_advice]

    def document(self, b) -> Document:
        return Document(kind=self.kind, object_id=b.pk, titles=[b.title], texts=self._texts(b),
                        date=b.published_at, unit_id=b.body.unit_id, body_id=b.body_id)

    def result(self, b) -> Result:
        return Result(self.kind, b.pk, b.title, reverse("portal:bulletin", args=[b.pk]), b.published_at,
                      self._texts(b)[1:])


class ReportSource(Source):
    """Annual reports: the current version of each (earlier versions are reached from it)."""

    kind = Kind.REPORT
    unit_lookups = ("report__body__unit_id",)
    chunk = 50  # frozen documents carry record ids: about 2 MB each at 100k applications

    def public(self):
        return report_selectors.public_versions()


    def public_ids(self, ids=None):
        # public_versions() already reads every version's number; no second query needed.
        found = set(self.public().values_list("pk", flat=True))
        return found if ids is None else found & set(ids)

    def _texts(self, version: ReportVersion) -> list[str]:
        doc = version.document
        return [doc.get("opening", ""), *(doc.get("narrative") or {}).values()]

    def showing(self, qs):
        # The frozen document carries the records behind every number (MBs): read only the text.
        return qs.defer("document").annotate(
            doc_title=KT("document__title"), doc_opening=KT("document__opening"),
            doc_narrative=KeyTransform("narrative", "document"))

    def document(self, version) -> Document:
        body = version.report.body
        return Document(kind=self.kind, object_id=version.pk, titles=[version.document.get("title", "")],
                        texts=[*self._texts(version), body.unit.name], date=version.published_at,
                        unit_id=body.unit_id, body_id=body.pk)

    def result(self, version) -> Result:
        narrative = version.doc_narrative or {}
        if isinstance(narrative, str):  # a backend that returns the JSON text
            narrative = json.loads(narrative)
        return Result(self.kind, version.pk, version.doc_title or "",
                      reverse("portal:annual_report", args=[version.pk]), version.published_at,
                      [version.doc_opening or "", *narrative.values()])


SOURCES: dict[str, Source] = {source.kind: source for source in (
    PublicationSource(), GuideSource(), QASource(), BulletinSource(), ReportSource())}
# Index codes of the kinds (stored as a number in the index); never renumber.
KIND_CODES = {Kind.PUBLICATION: 1, Kind.GUIDE: 2, Kind.QA: 3, Kind.BULLETIN: 4, Kind.REPORT: 5}
KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}


def local_date(moment: datetime | None):
    return timezone.localtime(moment).date() if moment else None
