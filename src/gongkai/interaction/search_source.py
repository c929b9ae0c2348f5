"""Letters published as questions and answers, in the site search (registered in this app's `ready()`)."""

from django.urls import reverse

from gongkai.search.models import Kind
from gongkai.search.sources import Document, Result, Source

from . import selectors


class QASource(Source):
    kind = Kind.QA

    def public(self):
        return selectors.public_letters()

    def document(self, letter) -> Document:
        text = selectors.public_text(letter)
        return Document(kind=self.kind, object_id=letter.pk, titles=[text["subject"]],
                        texts=[text["content"], text["reply"], letter.unit.name, letter.topic.name],
                        date=letter.published_at, unit_id=letter.unit_id, body_id=letter.body_id)

    def result(self, letter) -> Result:
        text = selectors.public_text(letter)
        return Result(self.kind, letter.pk, text["subject"], reverse("portal:interaction_letter", args=[letter.pk]),
                      letter.published_at, [text["content"], text["reply"]])
