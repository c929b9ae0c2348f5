"""Annual reports in the site search (registered in this app's `ready()`)."""

import json

from django.db.models.fields.json import KT, KeyTransform
from django.urls import reverse

from gongkai.search.models import Kind
from gongkai.search.sources import Document, Result, Source

from . import selectors
from .models import ReportVersion


class ReportSource(Source):
    """Annual reports: the current version of each (earlier versions are reached from it)."""

    kind = Kind.REPORT
    unit_lookups = ("report__body__unit_id",)
    chunk = 50  # frozen documents carry record ids: about 2 MB each at 100k applications

    def public(self):
        return selectors.public_versions()


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
