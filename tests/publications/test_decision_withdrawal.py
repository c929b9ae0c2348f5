"""行政处罚法 第四十八条第二款: a published penalty (or licence, coercive) decision that is later
changed, revoked, found unlawful or found void is withdrawn within three days with a public
statement of why; 第八十五条: the law's "三日" are working days, public holidays excluded.

The bureau records the change (`record_decision_change`), the decision is on the due list from then
until it is withdrawn, and the withdrawal (`withdraw` with a statement) leaves only the statement
at the decision's address and in the catalog: nothing of its text on any public path."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.core import services as core_services
from gongkai.core.models import AuditEvent
from gongkai.core.workdays import parse_arrangement
from gongkai.publications import actions, selectors, services
from gongkai.publications.models import CatalogTopic, Publication
from gongkai.search import indexer

from .conftest import run_chain
from .test_public_paths import PDF

P = Publication
BODY = "当事人李某某驾驶小型汽车在列东街违反禁令标志指示行驶，依据有关规定决定处以罚款二百元、记三分。"
SUMMARY = "李某某违反禁令标志指示行驶，罚款二百元。"
OVERDUE = '<span class="tag bad">已逾期</span>'
STATEMENT = ("该行政处罚决定已被三明市人民政府行政复议决定撤销，依照《中华人民共和国行政处罚法》第四十八条第二款，"
             "本机关撤回该决定信息。")


@pytest.fixture
def penalty(draft, team, pin_today):
    """A traffic penalty decision (topic 0601, 行政处罚决定), with an attachment, published on
    2026-09-21."""
    pin_today(date(2026, 9, 21))
    pub = draft(title="李某某违反禁令标志行政处罚决定书", topic=CatalogTopic.objects.get(code="0601"),
                created_on=date(2026, 9, 18), body_text=BODY, summary=SUMMARY, keywords="违反禁令标志 罚款",
                document_number="明公交决字〔2026〕第0918号")
    services.add_attachment(actor=team["drafter"], publication=pub, name="处罚决定书扫描件.pdf", data=PDF)
    return run_chain(pub, team)


def search_page(client, q: str) -> str:
    return re.sub(r"</?mark>", "", client.get("/sousuo/", {"q": q}).content.decode())


def record(pub, team, *, on=date(2026, 9, 30), change=P.DecisionChange.REVOKED):
    return services.record_decision_change(actor=team["office"], publication=pub, change=change, changed_on=on,
                                           document="三明市人民政府行政复议决定书（明政复决〔2026〕12号）")


def test_the_seeded_penalty_licence_and_coercive_topics_are_marked(db):
    kinds = dict(CatalogTopic.objects.exclude(enforcement_kind="").values_list("code", "enforcement_kind"))
    assert kinds == {"0502": "licence", "0601": "penalty", "0602": "penalty", "0603": "penalty", "0604": "coercive"}


def test_the_office_marks_a_topic_of_its_own_tree(team):
    topic = services.save_topic(actor=team["office"], name="消防行政处罚决定", code="0605",
                                parent=CatalogTopic.objects.get(code="06"), enforcement_kind="penalty")
    assert topic.enforcement_kind == "penalty"
    services.save_topic(actor=team["office"], topic=topic, name="消防行政处罚决定书", code="0605", parent=topic.parent)
    topic.refresh_from_db()
    assert topic.enforcement_kind == "penalty"  # kept when not given
    with pytest.raises(ValidationError, match="行政执法决定类别"):
        services.save_topic(actor=team["office"], topic=topic, name=topic.name, code="0605", enforcement_kind="fine")


def test_withdrawal_is_due_three_working_days_after_the_change_行政处罚法第四十八条_第八十五条(penalty, team,
                                                                                         pin_today):
    """Revoked on Wed 2026-09-30: 10-01 to 10-07 are the National Day holiday, 10-10 is a make-up
    Saturday; three working days (第八十五条) are 10-08, 10-09, 10-10. Three calendar days would
    have been 10-03, in the middle of the holiday."""
    pin_today(date(2026, 10, 8))
    pub = record(penalty, team)
    assert pub.withdraw_due_on == date(2026, 10, 10) and not pub.withdraw_due_provisional
    assert pub.status == P.Status.PUBLISHED  # still public until withdrawn
    event = AuditEvent.objects.get(action="publication.record_decision_change", object_id=str(pub.pk))
    assert event.after["withdraw_due_on"] == "2026-10-10" and event.after["change"] == "revoked"


def test_the_decision_is_on_the_due_list_until_withdrawn_行政处罚法第四十八条(penalty, team, pin_today):
    pin_today(date(2026, 10, 8))
    office = Client()
    office.force_login(team["office"])
    assert penalty not in selectors.due_and_overdue(team["office"], date(2026, 10, 8))
    record(penalty, team)
    due = list(selectors.due_and_overdue(team["office"], date(2026, 10, 8)))
    assert [(p.pk, p.due_on) for p in due] == [(penalty.pk, date(2026, 10, 10))]
    page = office.get("/workbench/publications/deadlines/").content.decode()
    assert penalty.title in page and "撤回期限 2026-10-10" in page and OVERDUE not in page
    pin_today(date(2026, 10, 12))
    office.force_login(team["office"])  # the session of four days ago has expired
    page = office.get("/workbench/publications/deadlines/").content.decode()
    assert "撤回期限 2026-10-10" in page and OVERDUE in page
    assert office.get("/workbench/").context["overdue_count"] == 1  # the home page's card
    services.withdraw(actor=team["office"], publication=penalty, reason="", statement=STATEMENT)
    assert not selectors.due_and_overdue(team["office"], date(2026, 10, 12)).exists()
    assert penalty.title not in office.get("/workbench/publications/deadlines/").content.decode()
    event = AuditEvent.objects.get(action="publication.withdraw", object_id=str(penalty.pk))
    assert event.after["statement"] == STATEMENT and event.after["in_time"] is False


def test_a_deadline_running_into_an_unheld_year_is_provisional_and_follows_the_calendar(penalty, team, pin_today,
                                                                                        make_user):
    """第八十五条 counts working days of the bureau's calendar: a decision revoked on 2026-12-30 is due
    provisionally on 5 January 2027 (元旦 already left out, 《全国年节及纪念日放假办法》); entering
    2027's arrangement, with a make-up working Saturday on 2 January, moves it to the 4th."""
    pin_today(date(2026, 12, 30))
    pub = record(penalty, team, on=date(2026, 12, 30))
    assert pub.withdraw_due_provisional and pub.withdraw_due_on == date(2027, 1, 5)
    core_services.enter_calendar_year(actor=make_user("admin", username="calendar_admin"), region="CN", year=2027,
                                      source="国办发明电",
                                      days=parse_arrangement("2027-01-01 休 元旦\n2027-01-02 班 元旦调休", 2027))
    pub.refresh_from_db()
    assert not pub.withdraw_due_provisional and pub.withdraw_due_on == date(2027, 1, 4)


def test_recording_a_change_refuses_bad_input_and_writes_nothing_行政处罚法第四十八条(penalty, team, pin_today):
    pin_today(date(2026, 10, 8))
    cases = [
        ({"change": "", "changed_on": date(2026, 9, 30), "document": "复议决定书"}, "change"),
        ({"change": "revoked", "changed_on": None, "document": "复议决定书"}, "changed_on"),
        ({"change": "revoked", "changed_on": date(2026, 10, 9), "document": "复议决定书"}, "changed_on"),
        ({"change": "revoked", "changed_on": date(2026, 9, 30), "document": "  "}, "document"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            services.record_decision_change(actor=team["office"], publication=penalty, **fields)
        assert field in error.value.message_dict
    with pytest.raises(PermissionDenied):
        record(penalty, team.copy() | {"office": team["drafter"]})
    with pytest.raises(ValidationError, match="日期格式"):
        actions.PUBLICATION["record_decision_change"](team["office"], penalty,
                                                      {"change": "revoked", "changed_on": "2026-13-01", "document": "x"})
    penalty.refresh_from_db()
    assert (penalty.decision_change, penalty.withdraw_due_on) == ("", None)
    assert not AuditEvent.objects.filter(action="publication.record_decision_change").exists()


def test_only_a_published_enforcement_decision_can_be_recorded_once(penalty, draft, team, pin_today):
    pin_today(date(2026, 10, 8))
    notice = run_chain(draft(), team)  # 交通管理 (0803): a notice, not a decision
    with pytest.raises(ValidationError, match="行政执法决定"):
        record(notice, team)
    unpublished = draft(topic=CatalogTopic.objects.get(code="0601"))
    with pytest.raises(ValidationError, match="已发布"):
        record(unpublished, team)
    record(penalty, team)
    with pytest.raises(ValidationError, match="已登记"):
        record(penalty, team, change=P.DecisionChange.VOID)
    # A changed decision is withdrawn, not corrected in place.
    with pytest.raises(ValidationError, match="不能更正"):
        services.correct(actor=team["office"], publication=penalty, note="改正", body_text="改正后的决定")


def test_withdrawal_needs_a_clean_public_statement_行政处罚法第四十八条(penalty, draft, team, pin_today):
    pin_today(date(2026, 10, 8))
    record(penalty, team)
    with pytest.raises(ValidationError) as error:
        services.withdraw(actor=team["office"], publication=penalty, reason="复议撤销")
    assert "statement" in error.value.message_dict
    with pytest.raises(ValidationError, match="敏感信息"):
        services.withdraw(actor=team["office"], publication=penalty, reason="",
                          statement="当事人李四（身份证号 11010519491231002X）的处罚决定已被撤销。")
    penalty.refresh_from_db()
    assert penalty.status == P.Status.PUBLISHED
    # Any other item leaves no public page, so it takes no public statement.
    notice = run_chain(draft(), team)
    with pytest.raises(ValidationError, match="不留公开页面"):
        services.withdraw(actor=team["office"], publication=notice, reason="已失效", statement="说明")


def test_the_address_answers_with_the_statement_and_not_the_decision_行政处罚法第四十八条(penalty, team, pin_today,
                                                                                     client):
    pin_today(date(2026, 10, 8))
    att = penalty.attachments.get()
    assert client.get(f"/xxgk/{penalty.pk}/").status_code == 200
    record(penalty, team)
    services.withdraw(actor=team["office"], publication=penalty, reason="复议撤销", statement=STATEMENT)
    for url in (f"/xxgk/{penalty.pk}/", f"/xxgk/{penalty.pk}/?print=1"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 410
        assert STATEMENT in page and penalty.title in page and penalty.document_number in page
        assert "已撤回" in page and "被依法撤销" in page and "第四十八条第二款" in page
        for text in (BODY[:20], SUMMARY, "违反禁令标志 罚款", "处罚决定书扫描件"):
            assert text not in page
    assert client.get(f"/xxgk/{penalty.pk}/fujian/{att.pk}/").status_code == 404
    # The catalog lists it as withdrawn, with the statement, apart from the published items.
    catalog = client.get("/xxgk/mulu/").content.decode()
    assert "已撤回的行政执法决定" in catalog and STATEMENT in catalog and f"/xxgk/{penalty.pk}/" in catalog
    assert BODY[:20] not in catalog and SUMMARY not in catalog and "共 0 条" in catalog
    topic = CatalogTopic.objects.get(code="0803")
    assert STATEMENT not in client.get(f"/xxgk/mulu/?topic={topic.pk}").content.decode()


def test_feeds_sitemap_search_and_api_drop_the_decision_行政处罚法第四十八条(penalty, team, pin_today, client):
    pin_today(date(2026, 10, 8))
    indexer.sync()
    assert penalty.title in search_page(client, "禁令标志")
    record(penalty, team)
    services.withdraw(actor=team["office"], publication=penalty, reason="", statement=STATEMENT)
    for url in ("/xxgk/rss/", "/xxgk/atom/", "/sitemap.xml"):
        text = client.get(url).content.decode()
        assert f"/xxgk/{penalty.pk}/" not in text and SUMMARY not in text and BODY[:20] not in text
    for synced in (False, True):  # before and after the indexer hears of it
        if synced:
            indexer.sync()
        page = search_page(client, "禁令标志")
        assert penalty.title not in page and SUMMARY not in page
        assert client.get("/api/v1/search/", {"q": "禁令标志"}).json()["count"] == 0
    assert client.get("/api/v1/publications/").json()["results"] == []
    response = client.get(f"/api/v1/publications/{penalty.pk}/")
    data = response.json()
    assert response.status_code == 410 and data["withdrawn"] and data["withdrawal_statement"] == STATEMENT
    assert data["decision_change"] == "revoked" and data["title"] == penalty.title
    assert "body_text" not in data and "summary" not in data and BODY[:20] not in response.content.decode()


def test_an_ordinary_withdrawal_still_leaves_no_page(draft, team, client):
    pub = run_chain(draft(), team)
    services.withdraw(actor=team["office"], publication=pub, reason="内容有误")
    assert client.get(f"/xxgk/{pub.pk}/").status_code == 404
    assert client.get(f"/api/v1/publications/{pub.pk}/").status_code == 404
    assert "已撤回的行政执法决定" not in client.get("/xxgk/mulu/").content.decode()


def test_the_api_takes_both_steps_as_the_workbench_does_行政处罚法第四十八条(penalty, team, pin_today):
    pin_today(date(2026, 10, 8))
    api = Client()
    api.force_login(team["office"])
    base = f"/api/v1/staff/publications/{penalty.pk}"
    steps = {s["name"]: s for s in api.get(f"{base}/steps/").json()}
    assert steps["record_decision_change"]["available"]
    response = api.post(f"{base}/record_decision_change/", {"change": "unlawful", "changed_on": "2026-09-30",
                                                           "document": "三元区人民法院（2026）闽0404行初12号判决"},
                        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["withdraw_due_on"] == "2026-10-10" and response.json()["decision_change"] == "unlawful"
    assert not {s["name"]: s for s in api.get(f"{base}/steps/").json()}["record_decision_change"]["available"]
    response = api.post(f"{base}/withdraw/", {"reason": "判决确认违法"}, content_type="application/json")
    assert response.status_code == 400 and "statement" in response.content.decode()
    response = api.post(f"{base}/withdraw/", {"statement": STATEMENT}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert response.json()["withdrawal_statement"] == STATEMENT


def test_the_workbench_pages_record_and_withdraw_行政处罚法第四十八条(penalty, team, pin_today):
    pin_today(date(2026, 10, 8))
    office = Client()
    office.force_login(team["office"])
    page = office.get(f"/workbench/publications/{penalty.pk}/").content.decode()
    assert "登记决定被变更、撤销" in page and "撤回说明（公开）" not in page
    response = office.post(f"/workbench/publications/{penalty.pk}/decision-change/",
                           {"change": "changed", "changed_on": "2026-09-30", "document": "明公复字〔2026〕3号"})
    assert response.status_code == 302
    page = office.get(f"/workbench/publications/{penalty.pk}/").content.decode()
    assert "被依法变更" in page and "2026-10-10" in page and "撤回说明（公开）" in page
    office.post(f"/workbench/publications/{penalty.pk}/withdraw/", {"reason": "", "statement": ""})
    penalty.refresh_from_db()
    assert penalty.status == P.Status.PUBLISHED  # refused: no statement
    office.post(f"/workbench/publications/{penalty.pk}/withdraw/", {"reason": "", "statement": STATEMENT})
    penalty.refresh_from_db()
    assert penalty.status == P.Status.WITHDRAWN and penalty.withdrawal_statement == STATEMENT
    assert penalty.withdraw_reason == STATEMENT
