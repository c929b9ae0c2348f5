"""The office's list of letter topics, kept as a vocabulary (core.vocabulary)."""

from gongkai.core import vocabulary
from gongkai.core.models import User

from ..models import LetterTopic
from .case import require_office


def save_topic(*, actor: User, topic: LetterTopic | None, code: str, name: str, sort_order: int = 0,
               is_active: bool = True) -> LetterTopic:
    """The office keeps the list of letter topics. A topic in use is deactivated, never deleted:
    old letters and the statistics keep their topic."""
    require_office(actor, "维护来信分类")
    return vocabulary.save_term(actor=actor, model=LetterTopic, term=topic, code=code, name=name, sort_order=sort_order,
                                action="letter_topic.save", is_active=is_active)
