"""Issue #9, consistency through a change log: every write that changes public content adds a row
to the search log in the same transaction, through the service that makes the change; a change
that fails (or rolls back) leaves no row."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import services as core_services
from gongkai.publications import services as publication_services
from gongkai.search import changes
from gongkai.search.models import Change
from tests.publications.conftest import run_chain


def logged() -> list[tuple[str, int]]:
    return list(Change.objects.order_by("id").values_list("kind", "object_id"))


def test_publication_publish_correct_withdraw_are_logged(draft, team):
    pub = draft()
    assert logged() == []  # nothing public yet
    pub = run_chain(pub, team)
    assert logged() == [("publication", pub.pk)]
    publication_services.correct(actor=team["office"], publication=pub, note="更正日期", title="更正后的标题")
    publication_services.withdraw(actor=team["office"], publication=pub, reason="已失效")
    assert logged() == [("publication", pub.pk)] * 3


def test_a_refused_change_leaves_no_row(draft, team):
    pub = run_chain(draft(), team)
    Change.objects.all().delete()
    with pytest.raises(ValidationError):
        publication_services.withdraw(actor=team["office"], publication=pub, reason="")
    assert logged() == []


def test_a_rolled_back_transaction_takes_its_row_with_it(draft, team):
    pub = draft()
    with transaction.atomic():
        sid = transaction.savepoint()
        run_chain(pub, team)
        assert logged() == [("publication", pub.pk)]
        transaction.savepoint_rollback(sid)
    assert logged() == []


def test_a_unit_renamed_is_logged_once_and_only_when_renamed(bureau, make_user):
    admin = make_user("admin", "city", username="sysadmin")
    core_services.update_unit(actor=admin, unit=bureau["station"], sort_order=5)
    assert logged() == []
    core_services.update_unit(actor=admin, unit=bureau["station"], name="城关派出所（列东）")
    assert logged() == [("unit", bureau["station"].pk)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        changes.changed(changes.Kind.PUBLICATION, 1)
    assert not Change.objects.exists()


def test_bulletins_guides_q_and_a_and_reports_are_logged(bureau, make_user, pin_today):
    """The other kinds of public content, each through its own service (the services' own tests
    cover their rules; here only that the log row is written)."""
    from gongkai.bulletins import services as bulletin_services
    from gongkai.bulletins.models import GuideCategory
    from gongkai.core.models import DisclosureBody
    from gongkai.interaction import services as letter_services

    office = make_user("office", "office", username="office_search")
    other = make_user("office", "office", username="office_search2")
    city = DisclosureBody.objects.get(unit=bureau["city"])
    pin_today(date(2026, 11, 24))
    bulletin = bulletin_services.create_bulletin(actor=office, body=city, year=2026, week=47, criminal=1,
                                                 public_order=2, traffic=3, fire=0, notable_cases="无。")
    bulletin_services.submit_bulletin(actor=office, bulletin=bulletin)
    bulletin_services.publish_bulletin(actor=other, bulletin=bulletin)
    bulletin_services.withdraw_bulletin(actor=other, bulletin=bulletin, reason="数据有误")
    guide = bulletin_services.create_guide(
        actor=office, unit=bureau["city"], name="剧毒化学品购买许可", category=GuideCategory.objects.first(),
        kind="licence", legal_basis="《危险化学品安全管理条例》", conditions="单位。", materials=["营业执照"],
        procedure="申请\n决定", statutory_days=3, promised_days=3, handling_unit="治安支队", place="行政服务中心",
        hours="工作日", phone="0598-8250160")
    bulletin_services.publish_guide(actor=office, guide=guide)
    bulletin_services.withdraw_guide(actor=office, guide=guide, reason="事项取消")
    letter, _ = letter_services.submit_online(body=city, data={
        "kind": "enquiry", "topic": "traffic", "subject": "驾照换证", "content": "驾照到期如何换证？",
        "phone": "13905981234", "consent_publish": True})
    letter_services.reply(actor=office, letter=letter, text="可在交管12123办理。")
    letter_services.publish(actor=office, letter=letter, subject="驾照换证", content="驾照到期如何换证？",
                            reply="可在交管12123办理。")
    letter_services.unpublish(actor=office, letter=letter, reason="来信人撤回同意")
    assert logged() == [("bulletin", bulletin.pk), ("bulletin", bulletin.pk), ("guide", guide.pk),
                        ("guide", guide.pk), ("qa", letter.pk), ("qa", letter.pk)]
