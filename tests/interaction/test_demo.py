"""The mailbox part of `gongkai demo`: letters over two years across every channel, topic and kind,
most answered and rated, some overdue, some published; built through the services."""

from datetime import date

import pytest

from gongkai.core import audit, clock
from gongkai.interaction import selectors, services, stats
from gongkai.interaction.models import Kind, Letter, LetterChannel, LetterTopic, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(demo):
    """The mailbox part of the session's demo bureau."""
    return demo


def test_two_years_of_letters_across_channels_topics_and_kinds(built):
    letters = Letter.objects.all()
    assert 180 <= letters.count() <= 260
    assert {d.year for d in letters.values_list("received_on", flat=True)} == {clock.today().year - 1, clock.today().year}
    assert set(letters.values_list("channel", flat=True)) == set(LetterChannel.values)
    assert set(letters.values_list("kind", flat=True)) == set(Kind.values)
    assert set(letters.values_list("topic__code", flat=True)) == set(LetterTopic.objects.values_list("code", flat=True))
    # Weibo ahead of QQ, as in 三明's figures.
    assert letters.filter(channel="weibo").count() > letters.filter(channel="qq").count()


def test_most_answered_and_rated_some_overdue_some_late(built):
    rows = selectors.stats_rows(built.users["gongkaiban"], date(clock.today().year - 1, 1, 1), clock.today())
    summary = stats.summarize(rows)
    assert summary.reply_rate.value > 0.9 and 0.75 < summary.on_time_rate.value < 1
    assert summary.completion_rate.value > 0.7 and summary.rated > summary.received * 0.7
    assert 0.85 < summary.satisfaction_rate.value < 1
    open_overdue = Letter.objects.filter(status__in=[Status.PENDING, Status.PROCESSING, Status.REVIEW],
                                         due_on__lt=clock.today())
    assert open_overdue.count() >= 3
    assert Letter.objects.filter(status=Status.REVIEW).exists() and Letter.objects.filter(status=Status.PENDING).exists()


def test_published_letters_consented_and_clean(built):
    published = list(selectors.public_letters())
    assert len(published) >= 10
    for letter in published:
        assert letter.consent_publish and letter.is_answered
        text = selectors.public_text(letter)
        assert not services.public_findings(letter, subject=text["subject"], content=text["content"],
                                            reply=text["reply"])


def test_numbers_follow_the_dates_and_the_audit_chain_holds(built):
    rows = list(Letter.objects.values_list("tracking_number", "received_at"))
    rows.sort(key=lambda r: (r[0][:13], int(r[0].rsplit("-", 1)[1])))
    for (n1, t1), (n2, t2) in zip(rows, rows[1:], strict=False):
        if n1[:13] == n2[:13]:
            assert t1 <= t2, (n1, n2)
    assert Letter.objects.exclude(converted_to=None).count() == 1
    assert Letter.objects.exclude(source_application=None).count() == 1
    assert audit.verify().ok
