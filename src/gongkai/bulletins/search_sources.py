"""Service guides and bulletins in the site search (registered in this app's `ready()`)."""

from django.urls import reverse

from gongkai.search.models import Kind
from gongkai.search.sources import Document, Result, Source

from . import selectors


class GuideSource(Source):
    kind = Kind.GUIDE

    def public(self):
        return selectors.public_guides()

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


class BulletinSource(Source):
    kind = Kind.BULLETIN
    unit_lookups = ("body__unit_id",)

    def public(self):
        return selectors.public_bulletins()

    def _texts(self, b) -> list[str]:
        return [b.period, b.comparison, b.notable_cases, b.prevention_advice]

    def document(self, b) -> Document:
        return Document(kind=self.kind, object_id=b.pk, titles=[b.title], texts=self._texts(b),
                        date=b.published_at, unit_id=b.body.unit_id, body_id=b.body_id)

    def result(self, b) -> Result:
        return Result(self.kind, b.pk, b.title, reverse("portal:bulletin", args=[b.pk]), b.published_at,
                      self._texts(b)[1:])
