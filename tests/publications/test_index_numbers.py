"""Index numbers (catalog.md): assigned at publication from a configurable pattern, never
changed, never repeated — also when several reviewers publish at the same moment."""

import threading
from datetime import date

import pytest
from django.db import connection

from gongkai.core import index_numbers
from gongkai.core.services import save_disclosure_body
from gongkai.publications import services
from gongkai.publications.models import CatalogTopic, Publication


def test_default_pattern_uses_nine_character_org_code():
    assert index_numbers.org9("11350400003614578A") == "003614578"
    number = index_numbers.format_index_number("{org9}/{year}-{serial:05d}", org_code="11350400003614578A",
                                       on=date(2026, 3, 5), serial=79)
    assert number == "003614578/2026-00079"


@pytest.mark.parametrize("pattern, expected", [
    ("{org18}-{year}-{serial:05d}", "11350400003614578A-2026-00007"),
    ("{year}{month:02d}-{serial:05d}", "202603-00007"),
])
def test_other_provincial_patterns(pattern, expected):
    assert index_numbers.format_index_number(pattern, org_code="11350400003614578A", on=date(2026, 3, 5),
                                     serial=7) == expected


@pytest.mark.parametrize("pattern, message", [
    ("{org9}/{year}", "流水号"), ("{org9}/{serial:05d}", "年份"), ("{org9}/{yr}-{serial}", "未知的占位符")])
def test_bad_patterns_are_refused(pattern, message):
    with pytest.raises(index_numbers.IndexPatternError, match=message):
        index_numbers.check_pattern(pattern)


def test_body_pattern_overrides_default(draft, team, bureau):
    from tests.publications.conftest import run_chain

    save_disclosure_body(actor=None, unit=bureau["sanyuan"], org_code="11350404003614586Q",
                         index_pattern="SY-{year}-{serial:04d}")
    pub = run_chain(draft(), team)
    assert pub.index_number == f"SY-{pub.published_at.year}-0001"


# Transactional tests run after the others and each empties the tables: restore the seeded
# roles and topics first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_publications_never_share_a_number(bureau, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database; CI runs this on PostgreSQL")
    office = make_user("office", "office", username="office_p")
    reviewers = [make_user("reviewer", "city", username=f"rev{i}") for i in range(8)]
    topic = CatalogTopic.objects.get(code="13")  # unit review + confidentiality
    items = []
    for i in range(8):
        pub = services.create_draft(actor=office, unit=bureau["office"], title=f"并发发布 {i}",
                                    created_on=date(2026, 11, 2), topic=topic)
        services.submit_for_review(actor=office, publication=pub)
        services.approve(actor=reviewers[i], publication=pub)
        items.append(pub)
    barrier = threading.Barrier(len(items))
    errors = []

    def publish(pub, reviewer):
        try:
            barrier.wait()
            services.approve(actor=reviewer, publication=pub)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=publish, args=(pub, reviewers[(i + 1) % 8])) for i, pub in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Publication.objects.filter(pk__in=[p.pk for p in items]).values_list("index_number", flat=True))
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert serials == list(range(1, 9))  # unique and gap-free
