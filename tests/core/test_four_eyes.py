"""四眼原则 (four eyes, issue #16 hole 14): every step of a review chain is taken by someone other
than the item's author, and by a different person from every other step of the same pass through
the chain; a body with a single reviewer may allow one person several steps, and the record says
so. The rule is `core/four_eyes.py`; every chain asks it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client

from gongkai.applications import services as app_services
from gongkai.applications.models import Status as AppStatus
from gongkai.core import four_eyes
from gongkai.core import services as core_services
from gongkai.core.models import AuditEvent, DisclosureBody, Role
from gongkai.core.services import BODY_FIELDS
from gongkai.interaction import services as letter_services
from gongkai.interaction.models import Status as LetterStatus
from gongkai.publications import selectors, services
from gongkai.publications.models import CatalogTopic, Publication, ReviewRecord
from tests.applications.conftest import PERSON
from tests.applications.conftest import at as app_at
from tests.interaction.conftest import LETTER
from tests.interaction.conftest import at as letter_at

P = Publication
REPEAT = "同一审核流程中，每一步须由不同人员审核：您已审核过“单位审核”。"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def allow_same_reviewer(bureau, allowed: bool = True) -> None:
    core_services.save_disclosure_body(actor=None, unit=bureau["sanyuan"], allow_same_reviewer=allowed)


# --- The rule itself -----------------------------------------------------------------------------

def test_four_eyes_the_author_takes_no_step():
    verdict = four_eyes.judge(actor=1, authors={1, 2}, taken=[], own="本人起草或提交的信息")
    assert not verdict.allowed and verdict.reason == "四眼原则：不能审核本人起草或提交的信息，须由其他人员审核。"
    assert not four_eyes.judge(actor=2, authors={1, 2}, taken=[], own="x").allowed  # who submitted it too
    assert four_eyes.judge(actor=3, authors={1, 2, None}, taken=[], own="x") == four_eyes.Verdict(True)


def test_four_eyes_one_person_one_step_per_pass():
    taken = [("单位审核", 3)]
    verdict = four_eyes.judge(actor=3, authors={1}, taken=taken, own="x")
    assert not verdict.allowed and verdict.reason == REPEAT
    assert four_eyes.judge(actor=4, authors={1}, taken=taken, own="x").allowed


def test_four_eyes_a_body_with_one_reviewer_may_allow_it_but_never_for_the_author():
    verdict = four_eyes.judge(actor=3, authors={1}, taken=[("单位审核", 3)], own="x", allow_same_reviewer=True)
    assert verdict.allowed and verdict.same_reviewer
    assert not four_eyes.judge(actor=4, authors={1}, taken=[], own="x", allow_same_reviewer=True).same_reviewer
    assert not four_eyes.judge(actor=1, authors={1}, taken=[], own="x", allow_same_reviewer=True).allowed


def test_four_eyes_check_raises_the_reason():
    with pytest.raises(ValidationError, match="四眼原则"):
        four_eyes.check(four_eyes.judge(actor=1, authors={1}, taken=[], own="x"))


# --- Proactive disclosure ------------------------------------------------------------------------

def test_four_eyes_attack_one_reviewer_passes_unit_review_then_confidentiality(draft, team):
    """The outside test: the same reviewer passed 单位审核 and then 保密审查 of one item a second
    apart. The chain refuses the second step, says why, and writes nothing."""
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub, opinion="同意")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.approve(actor=team["reviewer"], publication=pub, opinion="同意")
    assert refused.value.messages == [REPEAT]
    pub.refresh_from_db()
    assert pub.status == P.Status.IN_REVIEW and pub.current_step == "confidentiality"
    assert pub.reviews.count() == 2 and AuditEvent.objects.count() == events
    services.approve(actor=team["censor"], publication=pub, opinion="已审查")
    services.approve(actor=team["leader"], publication=pub, opinion="同意发布")
    pub.refresh_from_db()
    assert pub.status == P.Status.PUBLISHED


def test_four_eyes_returning_counts_as_a_step(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)
    with pytest.raises(ValidationError, match="每一步须由不同人员审核"):
        services.reject(actor=team["reviewer"], publication=pub, opinion="请补充")
    pub.refresh_from_db()
    assert pub.status == P.Status.IN_REVIEW and pub.reviews.count() == 2


def test_four_eyes_a_new_submission_starts_a_new_pass(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)
    services.reject(actor=team["censor"], publication=pub, opinion="请补充施行日期")
    services.submit_for_review(actor=team["drafter"], publication=pub)
    # This time the two reviewers take the steps the other way round.
    services.approve(actor=team["censor"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)
    pub.refresh_from_db()
    assert pub.current_step == "sign_off"


def test_four_eyes_the_author_never_approves_their_own_item(bureau, make_user, team):
    office = team["office"]  # drafts and reviews (单位审核) for every unit
    pub = services.create_draft(actor=office, unit=bureau["station"], title="x", created_on=date(2026, 11, 2),
                                topic=CatalogTopic.objects.get(code="13"))
    services.submit_for_review(actor=office, publication=pub)
    allow_same_reviewer(bureau)  # not even where one person may take several steps
    with pytest.raises(ValidationError, match="四眼原则：不能审核本人起草或提交的信息"):
        services.approve(actor=office, publication=pub)
    assert selectors.review_queue(office) == []


def test_four_eyes_who_submitted_it_is_an_author_too(draft, bureau, make_user):
    dual = make_user("reviewer", "sanyuan", username="dual")  # a reviewer who also drafts
    dual.roles.add(Role.objects.get(code="handler"))
    dual = type(dual).objects.get(pk=dual.pk)
    pub = draft()  # drafted by someone else
    services.submit_for_review(actor=dual, publication=pub)
    with pytest.raises(ValidationError, match="本人起草或提交的信息"):
        services.approve(actor=dual, publication=pub)


def test_four_eyes_queue_and_page_of_a_reviewer_who_took_the_last_step(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)
    assert selectors.review_queue(team["reviewer"]) == []
    assert selectors.review_queue(team["censor"]) == [pub]
    page = login(team["reviewer"]).get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert 'id="four-eyes"' in page and REPEAT in page and "publication_approve" not in page
    assert f"/workbench/publications/{pub.pk}/approve/" not in page
    page = login(team["censor"]).get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert f"/workbench/publications/{pub.pk}/approve/" in page and 'id="four-eyes"' not in page


def test_four_eyes_a_body_with_one_reviewer_records_it(draft, team, bureau):
    allow_same_reviewer(bureau)
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)
    assert [p.four_eyes.same_reviewer for p in selectors.review_queue(team["reviewer"])] == [True]
    page = login(team["reviewer"]).get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert "本单位允许同一人兼审" in page and f"/workbench/publications/{pub.pk}/approve/" in page
    services.approve(actor=team["reviewer"], publication=pub)
    services.approve(actor=team["leader"], publication=pub)
    pub.refresh_from_db()
    assert pub.status == P.Status.PUBLISHED
    approvals = list(pub.reviews.filter(decision=ReviewRecord.Decision.APPROVE).order_by("pk")
                     .values_list("step", "actor__username", "same_reviewer"))
    assert approvals == [("unit_review", "reviewer", False), ("confidentiality", "reviewer", True),
                         ("sign_off", "leader", False)]
    event = AuditEvent.objects.filter(action="publication.approve").order_by("seq")[1]
    assert event.after["same_reviewer"] is True
    page = login(team["office"]).get(f"/workbench/publications/{pub.pk}/").content.decode()
    assert page.count(four_eyes.SAME_REVIEWER_LABEL) == 1


def test_four_eyes_the_administrator_sets_it_for_a_body(bureau, make_user):
    admin = make_user("admin", "city", username="sysadmin")
    body = DisclosureBody.objects.get(unit=bureau["sanyuan"])
    data = {k: v for k, v in model_to_dict(body, fields=BODY_FIELDS).items() if v not in (None, False)}
    response = login(admin).post(f"/workbench/units/{bureau['sanyuan'].pk}/body/",
                                 {**data, "allow_same_reviewer": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    body.refresh_from_db()
    assert body.allow_same_reviewer
    event = AuditEvent.objects.filter(action="body.update").latest("seq")
    assert (event.before["allow_same_reviewer"], event.after["allow_same_reviewer"]) == (False, True)
    assert "允许同一人兼审" in login(admin).get(f"/workbench/units/{bureau['sanyuan'].pk}/body/").content.decode()


# --- Disclosure on application: the reply and the extension --------------------------------------

@pytest.fixture
def application(bureau, pin_today):
    pin_today(date(2026, 11, 2))
    app, _ = app_services.submit_online(body=DisclosureBody.objects.get(unit=bureau["city"]), data=PERSON,
                                        now=app_at(date(2026, 11, 2)))
    pin_today(date(2026, 11, 10))
    return app


def test_four_eyes_the_drafter_of_an_application_reply_does_not_approve_it(application, make_user):
    office = make_user("office", "office", username="office_a")  # handles and approves
    app_services.decide(actor=office, app=application, outcome="disclosed", reply_text="数据见附件。")
    assert application.status == AppStatus.APPROVAL
    for attempt in (lambda: app_services.approve_reply(actor=office, app=application),
                    lambda: app_services.return_reply(actor=office, app=application, comment="改")):
        with pytest.raises(ValidationError, match="四眼原则：不能审核本人拟定的答复"):
            attempt()
    application.refresh_from_db()
    assert application.status == AppStatus.APPROVAL and application.approved_by is None
    page = login(office).get(f"/workbench/applications/{application.pk}/").content.decode()
    assert "四眼原则：不能审核本人拟定的答复" in page and 'id="step-approve_reply"' not in page
    app_services.approve_reply(actor=make_user("leader", "city", username="leader_city"), app=application)
    application.refresh_from_db()
    assert application.status == AppStatus.CLOSED


def test_four_eyes_who_asked_for_an_extension_does_not_approve_it(application, make_user):
    office = make_user("office", "office", username="office_a")
    app_services.request_extension(actor=office, app=application, days=10, reason="档案调取")
    with pytest.raises(ValidationError, match="四眼原则：不能审核本人申请的延期"):
        app_services.approve_extension(actor=office, app=application)
    application.refresh_from_db()
    assert application.extension_days == 0 and application.extension_approved_by is None
    page = login(office).get(f"/workbench/applications/{application.pk}/").content.decode()
    assert "四眼原则：不能审核本人申请的延期" in page and 'id="step-approve_extension"' not in page
    app_services.approve_extension(actor=make_user("office", "office", username="office_b"), app=application)
    application.refresh_from_db()
    assert application.extension_days == 10


# --- Director's mailbox: the review of a unit's reply -------------------------------------------

def test_four_eyes_the_drafter_of_a_letter_reply_does_not_review_it(bureau, make_user, pin_today):
    pin_today(date(2026, 9, 25))
    letter, _ = letter_services.submit_online(body=DisclosureBody.objects.get(unit=bureau["city"]), data=LETTER,
                                              now=letter_at(date(2026, 9, 25)))
    office = make_user("office", "office", username="office_a")
    station = make_user("handler", "station", username="jb_station")
    letter_services.assign(actor=office, letter=letter, unit=bureau["station"], handler=station)
    letter_services.reply(actor=station, letter=letter, text="已责成交警大队调整信号配时。")
    assert letter.status == LetterStatus.REVIEW
    # The drafter joins the disclosure office while the reply waits: still not theirs to review.
    station.roles.add(Role.objects.get(code="office"))
    station = type(station).objects.get(pk=station.pk)
    for attempt in (lambda: letter_services.approve_reply(actor=station, letter=letter),
                    lambda: letter_services.return_reply(actor=station, letter=letter, comment="改")):
        with pytest.raises(ValidationError, match="四眼原则：不能审核本人拟定的答复"):
            attempt()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REVIEW and letter.reviewed_by is None
    page = login(station).get(f"/workbench/interaction/{letter.pk}/").content.decode()
    assert "四眼原则：不能审核本人拟定的答复" in page and 'id="step-approve_reply"' not in page
    letter_services.approve_reply(actor=office, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED and letter.reviewed_by == office
