"""The bulletin workflow: who may enter, review and publish; one bulletin per body and week;
corrections as new versions; withdrawal; the scanner before publication; every step audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.bulletins import selectors, services
from gongkai.bulletins.models import Bulletin
from gongkai.core.models import AuditEvent, Role

from .conftest import id_number

B = Bulletin


def test_office_role_holds_the_new_capabilities(db):
    office = Role.objects.get(code="office")
    assert {"bulletins.manage", "guides.manage"} <= set(office.capabilities)
    assert "bulletins.manage" not in Role.objects.get(code="handler").capabilities


def test_entry_derives_the_week_and_starts_as_draft(make_bulletin):
    b = make_bulletin()
    assert (b.status, b.version, b.total) == (B.Status.DRAFT, 1, 76)
    assert (str(b.week_start), str(b.week_end)) == ("2026-11-16", "2026-11-22")
    assert b.title == "三明市公安局三元分局2026年第47周警情通报"


def test_drafter_cannot_publish_own_bulletin(make_bulletin, people):
    b = make_bulletin(actor="office")
    services.submit_bulletin(actor=people["office"], bulletin=b)
    with pytest.raises(ValidationError, match="四眼原则：不能审核本人填报或提交的通报"):
        services.publish_bulletin(actor=people["office"], bulletin=b)
    b.refresh_from_db()
    assert b.status == B.Status.IN_REVIEW and b.published_at is None
    services.publish_bulletin(actor=people["office2"], bulletin=b)
    b.refresh_from_db()
    assert b.status == B.Status.PUBLISHED
    assert b.published_by == people["office2"] and b.published_at is not None


def test_submitter_cannot_publish_either(make_bulletin, people):
    b = make_bulletin(actor="clerk_sy")
    services.submit_bulletin(actor=people["office"], bulletin=b)
    for actor in ("clerk_sy", "office"):
        with pytest.raises(ValidationError, match="四眼原则"):
            services.publish_bulletin(actor=people[actor], bulletin=b)
    services.publish_bulletin(actor=people["office2"], bulletin=b)


def test_other_unit_cannot_edit_or_review(make_bulletin, people, bodies):
    b = make_bulletin(actor="clerk_sy")
    with pytest.raises(PermissionDenied):
        services.update_bulletin(actor=people["clerk_sx"], bulletin=b, criminal=99)
    with pytest.raises(PermissionDenied):
        services.submit_bulletin(actor=people["clerk_sx"], bulletin=b)
    with pytest.raises(PermissionDenied):
        services.create_bulletin(actor=people["clerk_sy"], body=bodies["city"], year=2026, week=47, criminal=1,
                                 public_order=1, traffic=1, fire=0)
    with pytest.raises(PermissionDenied):
        services.create_bulletin(actor=people["handler"], body=bodies["sanyuan"], year=2026, week=46, criminal=1,
                                 public_order=1, traffic=1, fire=0)
    assert not selectors.staff_bulletins(people["clerk_sx"]).filter(pk=b.pk).exists()
    assert selectors.staff_bulletins(people["office"]).filter(pk=b.pk).exists()
    b.refresh_from_db()
    assert b.criminal == 12 and b.status == B.Status.DRAFT


def test_one_bulletin_per_body_and_week(make_bulletin, publish, people):
    first = publish(make_bulletin())
    with pytest.raises(ValidationError) as exc:
        make_bulletin(actor="office")
    message = exc.value.message_dict["week"][0]
    assert "三明市公安局三元分局2026年第47周的警情通报已存在（已发布）" in message
    assert "每周只能有一份通报" in message and "更正" in message
    make_bulletin(body="city", actor="office")  # another body, same week
    make_bulletin(week=46)  # same body, another week
    # Once withdrawn, the week may be entered again, as the next version.
    services.withdraw_bulletin(actor=people["office"], bulletin=first, reason="数据有误")
    again = make_bulletin(criminal=11)
    assert again.version == 2


def test_database_refuses_two_published_versions(make_bulletin, publish, bodies, people):
    first = publish(make_bulletin())
    with pytest.raises(IntegrityError), transaction.atomic():
        B.objects.create(body=bodies["sanyuan"], year=2026, week=47, week_start=first.week_start, version=2,
                         status=B.Status.PUBLISHED, created_by=people["office"])


@pytest.mark.parametrize("year, week, message", [
    (2025, 53, "2025 年没有第 53 周"),
    (2026, 49, "尚未开始"),
    (1999, 10, "年份 1999 不正确"),
])
def test_week_must_exist_and_have_begun(make_bulletin, year, week, message):
    with pytest.raises(ValidationError, match=message):
        make_bulletin(year=year, week=week)


def test_counts_must_be_whole_and_not_negative(make_bulletin):
    with pytest.raises(ValidationError) as exc:
        make_bulletin(week=45, criminal=-1, traffic="2.5")
    assert exc.value.message_dict == {"criminal": ["刑事警情不能为负数"], "traffic": ["交通警情应为整数"]}
    assert not Bulletin.objects.exists()


def test_publication_waits_for_the_end_of_the_week(make_bulletin, people, pin_today):
    from datetime import date

    pin_today(date(2026, 11, 22))  # Sunday of week 47
    b = make_bulletin()
    services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)
    with pytest.raises(ValidationError, match="2026-11-22 才结束"):
        services.publish_bulletin(actor=people["office"], bulletin=b)


def test_scanner_blocks_submission(make_bulletin, people):
    planted = id_number("35040319900307123")
    b = make_bulletin(notable_cases=f"当事人王某（身份证号 {planted}）驾车追尾。")
    with pytest.raises(ValidationError) as exc:
        services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)
    assert "“典型警情”中的身份证号码" in exc.value.messages[0] and planted in exc.value.messages[0]
    b.refresh_from_db()
    assert b.status == B.Status.DRAFT
    services.update_bulletin(actor=people["clerk_sy"], bulletin=b, notable_cases="当事人王某驾车追尾。")
    services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)


def test_scanner_blocks_an_unverified_id_number_and_a_mobile_in_chinese_numerals(make_bulletin, people):
    """Issue #16, hole 12."""
    bad = "350403199003071231"  # ID-shaped, check character wrong
    b = make_bulletin(notable_cases=f"当事人王某（身份证号 {bad}）驾车追尾，订单号 {bad} 的货物受损。",
                      prevention_advice="如遇诈骗请拨打一三八〇五九八一二三四。")
    with pytest.raises(ValidationError) as exc:
        services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)
    assert [(f.field, f.kind) for f in services.bulletin_findings(b)] == [
        ("notable_cases", "id_number_unverified"), ("prevention_advice", "mobile")]
    assert "“典型警情”中的疑似身份证号码（校验位不符） " + bad in exc.value.messages[0]
    assert "“防范提示”中的手机号码 一三八〇五九八一二三四" in exc.value.messages[0]


def test_scanner_blocks_publication(make_bulletin, people):
    """Checked again at publication: text that reached review by another way is still stopped."""
    b = make_bulletin()
    services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)
    B.objects.filter(pk=b.pk).update(prevention_advice="如遇诈骗请联系民警 13805981234。")
    with pytest.raises(ValidationError, match="“防范提示”中的手机号码 13805981234"):
        services.publish_bulletin(actor=people["office"], bulletin=b)
    b.refresh_from_db()
    assert b.status == B.Status.IN_REVIEW and not selectors.public_bulletins().exists()
    assert [f.kind for f in services.bulletin_findings(b)] == ["mobile"]


def test_return_needs_a_note_and_goes_back_to_draft(make_bulletin, people):
    b = make_bulletin()
    services.submit_bulletin(actor=people["clerk_sy"], bulletin=b)
    with pytest.raises(ValidationError, match="请写明意见"):
        services.return_bulletin(actor=people["office"], bulletin=b, note=" ")
    services.return_bulletin(actor=people["office"], bulletin=b, note="交通警情数与指挥中心台账不一致")
    b.refresh_from_db()
    assert b.status == B.Status.DRAFT and b.return_note.startswith("交通警情")
    services.update_bulletin(actor=people["clerk_sy"], bulletin=b, traffic=27)


def test_published_bulletin_changes_only_by_a_new_version(make_bulletin, publish, people):
    v1 = publish(make_bulletin())
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        services.update_bulletin(actor=people["clerk_sy"], bulletin=v1, traffic=27)
    with pytest.raises(ValidationError, match="请写明更正说明"):
        services.start_correction(actor=people["clerk_sy"], bulletin=v1, note="")
    v2 = services.start_correction(actor=people["clerk_sy"], bulletin=v1, note="交通警情重复统计 1 起，已更正")
    assert (v2.version, v2.status, v2.replaces_id, v2.traffic) == (2, B.Status.DRAFT, v1.pk, 28)
    with pytest.raises(ValidationError, match="已有一份正在办理的更正版本"):
        services.start_correction(actor=people["office"], bulletin=v1, note="再次更正")
    services.update_bulletin(actor=people["clerk_sy"], bulletin=v2, traffic=27)
    # The old version stays public until the correction is published.
    assert list(selectors.public_bulletins()) == [v1]
    publish(v2)
    v1.refresh_from_db()
    assert v1.status == B.Status.SUPERSEDED
    assert list(selectors.public_bulletins().values_list("pk", "traffic")) == [(v2.pk, 27)]


def test_withdrawal_needs_a_reason(make_bulletin, publish, people):
    b = publish(make_bulletin())
    with pytest.raises(ValidationError, match="请写明撤回理由"):
        services.withdraw_bulletin(actor=people["office"], bulletin=b, reason="")
    with pytest.raises(PermissionDenied):
        services.withdraw_bulletin(actor=people["clerk_sx"], bulletin=b, reason="误发")
    services.withdraw_bulletin(actor=people["office"], bulletin=b, reason="误将上月数据录入本周")
    b.refresh_from_db()
    assert b.status == B.Status.WITHDRAWN and b.withdrawn_by == people["office"] and b.withdrawn_at
    assert not selectors.public_bulletins().exists()


def test_every_step_is_audited(make_bulletin, publish, people):
    b = publish(make_bulletin())
    services.withdraw_bulletin(actor=people["office"], bulletin=b, reason="误发")
    actions = list(AuditEvent.objects.filter(object_type="bulletins.bulletin", object_id=str(b.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["bulletin.create", "bulletin.submit", "bulletin.publish", "bulletin.withdraw"]


def test_review_queue_never_offers_own_bulletins(make_bulletin, people):
    mine = make_bulletin(actor="office")
    services.submit_bulletin(actor=people["office"], bulletin=mine)
    theirs = make_bulletin(body="city", actor="office2")
    services.submit_bulletin(actor=people["office2"], bulletin=theirs)
    assert list(selectors.review_queue(people["office"])) == [theirs]
    assert list(selectors.review_queue(people["clerk_sx"])) == []
