"""Public disclosure items in the site search (registered in this app's `ready()`)."""

from django.db.models.functions import Substr
from django.urls import reverse

from gongkai.search.models import Kind
from gongkai.search.sources import SNIPPET_SOURCE_CHARS, Document, Result, Source, topic_ids

from . import selectors
from .models import Attachment, CatalogTopic


class PublicationSource(Source):
    kind = Kind.PUBLICATION

    def public(self):
        return selectors.public_publications()

    def indexing(self, qs):
        return qs.prefetch_related("attachments")

    def document(self, pub) -> Document:
        return Document(
            kind=self.kind, object_id=pub.pk,
            titles=[pub.title, pub.document_number],
            texts=[pub.summary, pub.body_text, pub.keywords, pub.unit.name, pub.index_number or "",
                   *(a.text for a in pub.attachments.all())],
            date=pub.published_at, unit_id=pub.unit_id, body_id=pub.body_id,
            topic_ids=topic_ids(pub.topic.path))

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

    def topic_id(self, code: str) -> int | None:
        # One indexed lookup per search: not cached, so a topic sealed or a code reused counts at once.
        return CatalogTopic.objects.filter(code=code, is_active=True, is_sealed=False).values_list("pk", flat=True).first()
