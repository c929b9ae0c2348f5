"""What each kind of public content gives the search (each app registers its `Source` here in its
`ready()`): the text to index and the filter values, and
the result a person sees. Every read starts from the app's public selector, so an object that is
not public right now gives no document to index and no result to show (the same function serves
the indexer and the re-check of every hit)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

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


def topic_ids(path: str) -> list[int]:
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

    def topic_id(self, code: str) -> int | None:
        """The topic a topic filter's code names, for a kind filed under topics (else None)."""
        return None

    def results(self, ids: list[int]) -> dict[int, Result]:
        """The hits among `ids` that are public now, as results (a missing id was withdrawn)."""
        return {obj.pk: self.result(obj) for obj in self.showing(self.public().filter(pk__in=ids))}


# Each app with public content registers its source in its AppConfig.ready().
SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.kind] = source
    return source


# Index codes of the kinds (stored as a number in the index); never renumber.
KIND_CODES = {Kind.PUBLICATION: 1, Kind.GUIDE: 2, Kind.QA: 3, Kind.BULLETIN: 4, Kind.REPORT: 5}
KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}


def local_date(moment: datetime | None):
    return timezone.localtime(moment).date() if moment else None
