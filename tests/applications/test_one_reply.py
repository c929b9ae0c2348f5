"""One reply per case: every step re-reads the case under a row lock before it checks the case's
state (Art. 33: one reply, one notice), so two approvals at once (a double click, the page beside
the API) issue one reply notice, and the second is told the case has moved on."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.applications import services
from gongkai.applications.models import Application, NoticeKind, Status


def _awaiting_approval(online, staff):
    app, _ = online(date(2026, 11, 2))
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件")
    assert Application.objects.get(pk=app.pk).status == Status.APPROVAL
    return app


def _replies(app) -> int:
    return app.notices.exclude(kind__in=[NoticeKind.RECEIPT]).count()


def test_a_stale_page_cannot_approve_twice(online, staff, pin_today):
    """The second approval holds the case as it was before the first (a page opened earlier):
    the service re-reads it and refuses, and no second notice is issued."""
    app = _awaiting_approval(online, staff)
    first, stale = Application.objects.get(pk=app.pk), Application.objects.get(pk=app.pk)
    services.approve_reply(actor=staff["leader"], app=first)
    with pytest.raises(ValidationError, match="该申请没有待审批的答复"):
        services.approve_reply(actor=staff["leader"], app=stale)
    assert stale.status == Status.CLOSED  # re-read, so the caller sees the case as it is
    assert _replies(app) == 1


def test_a_stale_page_cannot_decide_on_the_spot_twice(online, staff, pin_today):
    app, _ = online(date(2026, 11, 2))
    first, stale = Application.objects.get(pk=app.pk), Application.objects.get(pk=app.pk)
    services.decide(actor=staff["handler"], app=first, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    with pytest.raises(ValidationError, match="只有办理中的申请可以拟定答复"):
        services.decide(actor=staff["handler"], app=stale, outcome="not_exist", on_the_spot=True)
    app.refresh_from_db()
    assert app.outcome == "disclosed" and _replies(app) == 1


# Transactional: the threads commit for real; the seeded roles and topics are restored after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvals_at_once_issue_one_notice(online, staff, pin_today):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database; CI runs this on PostgreSQL")
    app = _awaiting_approval(online, staff)
    copies = [Application.objects.get(pk=app.pk) for _ in range(2)]
    barrier = threading.Barrier(len(copies))
    done, refused, errors = [], [], []

    def approve(copy):
        try:
            barrier.wait()
            done.append(services.approve_reply(actor=staff["leader"], app=copy))
        except ValidationError as exc:
            refused.append(exc.messages)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=approve, args=(copy,)) for copy in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(done) == 1 and refused == [["该申请没有待审批的答复"]]
    assert _replies(app) == 1 and Application.objects.get(pk=app.pk).status == Status.CLOSED
