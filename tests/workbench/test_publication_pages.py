"""The workbench pages of proactive disclosure, driven as staff would: draft, submit, review,
findings shown in place and resolved, publication, correction, withdrawal."""

from datetime import date

import pytest
from django.test import Client

from gongkai.core.scanner import REDACTION_MARK
from gongkai.publications.models import CatalogTopic, Finding, Publication

P = Publication


def id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@pytest.fixture
def as_user():
    def login(user):
        c = Client()
        c.force_login(user)
        return c
    return login


def test_draft_review_publish_through_pages(as_user, team, bureau):
    drafter = as_user(team["drafter"])
    topic = CatalogTopic.objects.get(code="0803")
    planted = id_number("35040319900307123")
    response = drafter.post("/workbench/publications/new/", {
        "unit": bureau["station"].pk, "title": "关于查找失主的公告", "created_on": "2026-11-02", "topic": topic.pk,
        "body_text": f"拾得钱包一个，内有身份证（号码 {planted}），请失主认领。", "channels": [],
        "full_text_electronic": "on", "validity": "valid", "attribute": "proactive"})
    assert response.status_code == 302, response.content.decode()[:2000]
    pub = P.objects.get(title="关于查找失主的公告")
    assert drafter.post(f"/workbench/publications/{pub.pk}/submit/").status_code == 302

    reviewer = as_user(team["reviewer"])
    page = reviewer.get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert "<mark" in page and planted in page and "敏感信息检查（1 处待处理）" in page
    assert pub.pk in [p.pk for p in reviewer.get("/workbench/publications/review/").context["items"]]
    reviewer.post(f"/workbench/publications/{pub.pk}/approve/", {"opinion": "同意"})
    as_user(team["censor"]).post(f"/workbench/publications/{pub.pk}/approve/", {"opinion": "同意"})
    leader = as_user(team["leader"])
    blocked = leader.post(f"/workbench/publications/{pub.pk}/approve/", {"opinion": "同意"}, follow=True)
    assert "敏感信息未处理" in blocked.content.decode()
    pub.refresh_from_db()
    assert pub.status == P.Status.IN_REVIEW and pub.current_step == "sign_off"

    finding = pub.findings.get(kind="id_number")
    reviewer.post(f"/workbench/publications/{pub.pk}/findings/{finding.pk}/redact/")
    pub.refresh_from_db()
    assert planted not in pub.body_text and REDACTION_MARK in pub.body_text
    assert REDACTION_MARK + "█" not in pub.body_text  # one width, not the 18 of the number
    leader.post(f"/workbench/publications/{pub.pk}/approve/", {"opinion": "同意发布"})
    pub.refresh_from_db()
    assert pub.status == P.Status.PUBLISHED and pub.index_number
    assert planted not in Client().get(f"/xxgk/{pub.pk}/").content.decode()


def test_acknowledged_finding_needs_reason(as_user, team, draft):
    pub = draft(body_text="值班电话 13805981234（单位值班手机，已对外公布）。")
    from gongkai.publications import services

    services.submit_for_review(actor=team["drafter"], publication=pub)
    finding = pub.findings.get(kind="mobile")
    reviewer = as_user(team["reviewer"])
    page = reviewer.post(f"/workbench/publications/{pub.pk}/findings/{finding.pk}/acknowledge/", {"reason": ""},
                         follow=True).content.decode()
    assert "理由" in page
    reviewer.post(f"/workbench/publications/{pub.pk}/findings/{finding.pk}/acknowledge/",
                  {"reason": "单位值班电话，已在官网公布"})
    finding.refresh_from_db()
    assert finding.state == Finding.State.ACKNOWLEDGED and finding.resolved_by == team["reviewer"]


def test_unverified_id_number_is_labelled_in_the_findings(as_user, team, draft):
    from gongkai.publications import services

    pub = draft(body_text="拾得身份证一张（号码 350402199003071231），请失主认领。")  # check character wrong
    services.submit_for_review(actor=team["drafter"], publication=pub)
    finding = pub.findings.get()
    assert finding.kind == "id_number_unverified"
    page = as_user(team["reviewer"]).get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert page.count("疑似身份证号（校验位不符）") == 2  # the list and the title of the mark in place
    assert f'id="finding-{finding.pk}"' in page


def test_form_errors_are_chinese_and_nothing_is_written(as_user, team, bureau):
    drafter = as_user(team["drafter"])
    count = P.objects.count()
    page = drafter.post("/workbench/publications/new/", {
        "unit": bureau["station"].pk, "title": "不公开的内部文件", "created_on": "2026-11-02",
        "topic": CatalogTopic.objects.get(code="13").pk, "validity": "valid", "attribute": "not_public"}).content.decode()
    assert "须注明依据的条款" in page and "请写明认定理由" in page
    assert P.objects.count() == count


def test_deadline_view_shows_overdue_per_unit(as_user, team, draft):
    draft(title="逾期未发布的通知", created_on=date(2026, 9, 1))
    page = as_user(team["office"]).get("/workbench/publications/deadlines/").content.decode()
    assert "逾期未发布的通知" in page and "已逾期" in page


def test_correction_and_withdrawal_pages(as_user, team, draft):
    from tests.publications.conftest import run_chain

    pub = run_chain(draft(), team)
    office = as_user(team["office"])
    data = {"title": pub.title, "body_text": "更正后的正文。", "created_on": "2026-11-02", "topic": pub.topic_id,
            "validity": "valid", "full_text_electronic": "on", "note": "更正正文表述"}
    assert office.post(f"/workbench/publications/{pub.pk}/correct/", data).status_code == 302
    assert "更正说明" in Client().get(f"/xxgk/{pub.pk}/").content.decode()
    office.post(f"/workbench/publications/{pub.pk}/withdraw/", {"reason": "已失效"})
    assert Client().get(f"/xxgk/{pub.pk}/").status_code == 404


def test_staff_of_another_branch_cannot_open_the_item(as_user, team, draft):
    pub = draft()
    assert as_user(team["outsider"]).get(f"/workbench/publications/{pub.pk}/").status_code == 404


def test_drafter_checks_before_submitting(as_user, team, draft):
    pub = draft(body_text="车主王小红，车牌闽G12345，违停。")
    drafter = as_user(team["drafter"])
    page = drafter.post(f"/workbench/publications/{pub.pk}/check/", follow=True).content.decode()
    assert "可能的敏感信息" in page and "闽G12345" in page
    assert P.objects.get(pk=pub.pk).status == P.Status.DRAFT


def test_list_filters_by_unit_subtree(as_user, team, draft, bureau):
    draft(title="派出所的通知")
    office = as_user(team["office"])
    page = office.get("/workbench/publications/", {"unit": bureau["station"].pk}).content.decode()
    assert "派出所的通知" in page
