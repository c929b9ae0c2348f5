"""The applications `gongkai demo` builds: every outcome, channel and applicant type, cases open at
each waiting step, overdue and carried-over cases, remedies, built through the services on their
own days so the numbers follow the dates and the audit chain holds."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from stdnum.cn import ric, uscc

from gongkai.applications import outcomes, selectors
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    ApplicationChannel,
    CaseEvent,
    Consultation,
    Notice,
    Remedy,
    Status,
)
from gongkai.core import audit, clock

pytestmark = pytest.mark.django_db
A = Application


def test_about_fifty_applications_over_two_years(demo):
    count = A.objects.count()
    assert 40 <= count <= 60
    years = {d.year for d in A.objects.exclude(received_on=None).values_list("received_on", flat=True)}
    current = clock.today().year if clock.today() >= date(clock.today().year, 3, 1) else clock.today().year - 1
    assert {current - 1, current} <= years
    assert set(A.objects.values_list("body__unit__code", flat=True)) == {"350400", "350404", "350405"}
    assert not A.objects.filter(imported=True).exists()


def test_every_outcome_at_the_city_and_some_at_the_branches(demo):
    city = set(A.objects.filter(body__unit__code="350400").values_list("outcome", flat=True))
    assert {o.code for o in outcomes.OUTCOMES} <= city
    branches = A.objects.exclude(body__unit__code="350400").filter(status=Status.CLOSED)
    assert branches.values("outcome").distinct().count() >= 5
    for app in A.objects.filter(status=Status.CLOSED):
        reply = app.notices.filter(kind=app.outcome_info.notice).last()
        assert reply is not None and reply.issued_on == app.decided_on == app.closed_on, app
        assert app.received_on <= app.decided_on <= clock.today()


def test_every_channel_and_applicant_type(demo):
    assert set(A.objects.values_list("channel", flat=True)) == set(ApplicationChannel.values)
    assert set(A.objects.values_list("applicant_kind", flat=True)) == set(ApplicantKind.values)


def test_open_cases_at_each_waiting_step(demo):
    open_ = A.objects.exclude(status=Status.CLOSED)
    assert {Status.AWAITING_CONFIRMATION, Status.PROCESSING, Status.SUPPLEMENT, Status.APPROVAL} <= set(
        open_.values_list("status", flat=True))
    assert Consultation.objects.filter(answered_on=None, application__in=open_).exists()
    assert open_.filter(fee_notified_on__isnull=False, fee_paid_on=None).exists()
    assert open_.filter(extension_requested_days__gt=0, extension_days=0).exists()  # awaiting the office head
    assert open_.filter(extension_days__gt=0).exists()
    assert open_.filter(stated_due_on__isnull=False).exists()  # Art. 35, reasonable
    # Each open case sits in a handler's queue.
    for username in ("gongkaiban", "jingban", "jingban_cg", "jingban_sx"):
        user = demo.users[username]
        assert selectors.queue(user).exists(), username


def test_overdue_cases(demo):
    overdue = [a for a in A.objects.filter(status=Status.PROCESSING) if selectors.urgency(a).css == "overdue"]
    assert len(overdue) >= 2
    assert {a.body.unit.code for a in overdue} >= {"350400"}
    assert all(a.due_on < clock.today() for a in overdue)
    # …and none that should not be: the rest of the open cases are still within their time.
    assert A.objects.filter(status=Status.APPROVAL, due_on__lt=clock.today()).count() == 0


def test_carried_over_from_december_into_january(demo):
    carried = [a for a in A.objects.filter(status=Status.CLOSED) if a.received_on.year < a.decided_on.year]
    assert len(carried) >= 3
    assert all(a.received_on.month == 12 and a.decided_on.month == 1 for a in carried)


def test_remedies_of_each_kind_with_different_results(demo):
    remedies = Remedy.objects.select_related("application")
    assert set(remedies.values_list("kind", flat=True)) == set(Remedy.Kind.values)
    assert set(remedies.values_list("result", flat=True)) == set(Remedy.Result.values)
    for remedy in remedies:
        assert remedy.filed_on >= remedy.application.decided_on and remedy.authority
        assert (remedy.concluded_on is None) == (remedy.result == Remedy.Result.PENDING)
    after = remedies.get(kind=Remedy.Kind.LITIGATION_AFTER)
    assert after.application.remedies.filter(kind=Remedy.Kind.RECONSIDERATION).exists()


def test_numbers_follow_the_dates(demo):
    """Cases and notices were created in date order, as real use would have."""
    for code in ("350400", "350404", "350405"):
        rows = list(A.objects.filter(body__unit__code=code).values_list("tracking_number", "submitted_at"))
        rows.sort(key=lambda r: (r[0][:11], int(r[0].rsplit("-", 1)[1])))
        for (n1, t1), (n2, t2) in zip(rows, rows[1:], strict=False):
            if n1[:11] == n2[:11]:
                assert t1 <= t2, (n1, n2)
    numbers = {}
    for notice in Notice.objects.select_related("application__body"):
        serial = int(re.search(r"〔\d{4}〕(\d+)号", notice.number).group(1))
        numbers.setdefault((notice.application.body_id, notice.issued_on.year), []).append((serial, notice.issued_on))
    for pairs in numbers.values():
        pairs.sort()
        assert [d for _, d in pairs] == sorted(d for _, d in pairs)
    assert CaseEvent.objects.filter(kind="closed").count() == A.objects.filter(status=Status.CLOSED).count()


def test_personal_data_is_fake_but_valid(demo):
    for app in A.objects.all():
        if app.applicant_kind == ApplicantKind.PERSON:
            assert ric.is_valid(app.id_number), app.id_number
        else:
            assert uscc.is_valid(app.credit_code), app.credit_code
    # The same applicant comes back for the repeat.
    repeat = A.objects.get(outcome="repeat")
    assert repeat.earlier.applicant_key == repeat.applicant_key


def test_the_demo_leaves_the_clock_as_it_found_it(demo):
    """The demo back-dates each step with clock.override; afterwards the real clock answers."""
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


def test_audit_chain_verifies(demo):
    result = audit.verify()
    assert result.ok, result.problem


def test_last_years_annual_reports_are_published_and_consistent(demo):
    """The reports part of the demo (it needs the applications above): every body's report for
    last year passes the five rules and was published by 31 January (Art. 50), in every format."""
    from gongkai.core.models import DisclosureBody
    from gongkai.reports import annual
    from gongkai.reports.models import ReportVersion

    year = clock.today().year - 1
    for body in DisclosureBody.objects.all():
        version = ReportVersion.objects.get(report__body=body, report__year=year, report__with_branches=False)
        assert version.number == 1 and version.published_at.date() <= date(year + 1, 1, 31)
        assert bytes(version.pdf).startswith(b"%PDF") and bytes(version.docx)[:2] == bytes(version.xlsx)[:2] == b"PK"
        assert annual.check(annual.compute(body, year)) == []
        assert version.document["narrative"]["一"].startswith(f"{year}年，{body.letter_name}")
