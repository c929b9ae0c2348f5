"""The steps of a letter (`interaction/workflow.py`): each step's refusal, in the words the staff
see, and the page, the API and the service agreeing on every step in every state."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from gongkai.interaction import services, workflow
from gongkai.interaction.models import Letter
from tests.applications.conftest import PERSON
from tests.steps import verdict

DAY = date(2026, 9, 25)


def _build(state: str, people, bureau, write, pin_today) -> Letter:
    """A letter in `state`, built through the services."""
    letter, _ = write(DAY, consent_publish=state != "no_consent")
    office, sanyuan = people["office"], people["sanyuan"]
    if state == "pending":
        return letter
    if state == "converted":
        services.convert_to_application(actor=office, letter=letter, unit=bureau["city"],
                                        data={**PERSON, "description": letter.content})
        return Letter.objects.get(pk=letter.pk)
    services.assign(actor=office, letter=letter, unit=bureau["sanyuan"])
    if state != "processing":
        services.reply(actor=sanyuan, letter=letter, text="已协调交管部门延长行人绿灯时间。")
    if state in ("replied", "closed", "published", "no_consent"):
        services.approve_reply(actor=office, letter=letter)
    if state == "closed":
        services.close(actor=office, letter=letter)
    if state == "published":
        services.publish(actor=office, letter=letter, subject="关于列东街路口红绿灯时间的答复",
                         content="反映列东街路口行人绿灯时间太短。", reply="已协调交管部门延长行人绿灯时间。")
    return Letter.objects.get(pk=letter.pk)


STATES = ["pending", "processing", "review", "replied", "closed", "published", "no_consent", "converted"]
USERS = ["office", "sanyuan", "station", "shaxian", "leader"]


def _call(name: str, actor, letter: Letter, bureau):
    """Take the step through its service, with inputs that pass the service's own field checks."""
    calls = {
        "assign": lambda: services.assign(actor=actor, letter=letter, unit=bureau["sanyuan"]),
        "reply": lambda: services.reply(actor=actor, letter=letter, text="已协调交管部门延长行人绿灯时间。"),
        "approve_reply": lambda: services.approve_reply(actor=actor, letter=letter),
        "return_reply": lambda: services.return_reply(actor=actor, letter=letter, comment="请写明办理结果"),
        "close": lambda: services.close(actor=actor, letter=letter),
        "publish": lambda: services.publish(actor=actor, letter=letter, subject="关于路口红绿灯时间的答复",
                                            content="反映路口行人绿灯时间太短。", reply="已延长行人绿灯时间。"),
        "unpublish": lambda: services.unpublish(actor=actor, letter=letter, reason="来信人要求撤回"),
        "add_note": lambda: services.add_note(actor=actor, letter=letter, text="电话联系来信人"),
        # Into the applications of the actor's own disclosure body, which they handle.
        "convert_to_application": lambda: services.convert_to_application(
            actor=actor, letter=letter, unit=actor.unit.disclosure_body().unit,
            data={**PERSON, "description": letter.content}),
    }
    assert calls.keys() == workflow.STEPS.keys()
    return calls[name]()


def _service_verdict(name: str, actor, letter: Letter, bureau) -> str:
    """"" if the service took the step (then undone), else its refusal."""
    return verdict(lambda: _call(name, actor, Letter.objects.get(pk=letter.pk), bureau))


REFUSALS = [
    ("assign", "review", "office", "只有待分办或办理中的来信可以分办"),
    ("assign", "pending", "sanyuan", "只有政务公开办可以分办来信"),
    ("reply", "pending", "sanyuan", "您没有执行此操作的权限"),
    ("reply", "review", "sanyuan", "只有办理中的来信可以答复"),
    ("approve_reply", "processing", "office", "该来信没有待审核的答复"),
    ("approve_reply", "review", "sanyuan", "只有政务公开办可以审核来信答复"),
    ("return_reply", "replied", "office", "该来信没有待审核的答复"),
    ("close", "review", "office", "来信答复后才能办结"),
    ("publish", "published", "office", "该来信已经公开；如需修改公开文本，请先撤回公开"),
    ("publish", "no_consent", "office", "来信人未同意公开，不能公开该来信"),
    ("publish", "review", "office", "来信答复后才能公开"),
    ("unpublish", "replied", "office", "该来信没有公开"),
    ("add_note", "processing", "shaxian", "您没有执行此操作的权限"),
    ("convert_to_application", "replied", "office", "只有待分办或办理中的来信可以转为政府信息公开申请"),
]


def test_every_step_has_a_refusal_case():
    assert {name for name, *_ in REFUSALS} == set(workflow.STEPS)


def test_a_pending_letter_is_answered_by_the_office_only(people, bureau, write, pin_today, make_user):
    letter = _build("pending", people, bureau, write, pin_today)
    city_handler = make_user("handler", "city", username="jb_city")
    assert workflow.refusal("reply", letter, actor=city_handler) == "来信尚未分办，不能答复"
    assert _service_verdict("reply", city_handler, letter, bureau) == "来信尚未分办，不能答复"
    assert workflow.refusal("reply", letter, actor=people["office"]) == ""
    assert _service_verdict("reply", people["office"], letter, bureau) == ""


@pytest.mark.parametrize(("name", "state", "who", "reason"), REFUSALS, ids=[f"{n}-{s}-{w}" for n, s, w, _ in REFUSALS])
def test_refusal_is_the_same_in_the_workflow_and_the_service(name, state, who, reason, people, bureau, write,
                                                             pin_today):
    letter = _build(state, people, bureau, write, pin_today)
    assert workflow.refusal(name, letter, actor=people[who]) == reason
    assert _service_verdict(name, people[who], letter, bureau) == reason
    assert name not in workflow.available(letter, people[who])


def test_four_eyes_the_drafter_neither_approves_nor_returns(people, bureau, write, pin_today):
    letter, _ = write(DAY)
    services.assign(actor=people["office"], letter=letter, unit=bureau["sanyuan"])
    services.reply(actor=people["sanyuan"], letter=letter, text="已协调交管部门延长行人绿灯时间。")
    letter.refresh_from_db()
    # The drafter gains an office role afterwards: still not theirs to review.
    people["sanyuan"].roles.add(*people["office"].roles.all())
    del people["sanyuan"]._gongkai_roles
    for name in ("approve_reply", "return_reply"):
        assert workflow.refusal(name, letter, actor=people["sanyuan"]) == "四眼原则：不能审核本人拟定的答复，须由其他人员审核。"
        assert _service_verdict(name, people["sanyuan"], letter, bureau).startswith("四眼原则")
        offer = next(o for o in workflow.offers(letter, people["sanyuan"]) if o.step.name == name)
        assert offer.four_eyes


def test_old_api_names_resolve_to_the_steps():
    assert workflow.step("approve").name == "approve_reply" and workflow.step("return").name == "return_reply"
    assert workflow.step("note").name == "add_note" and workflow.step("explode") is None
    assert not set(workflow.ALIASES) & set(workflow.STEPS)


def _page_offers(html: str, letter: Letter) -> set[str]:
    found = {name for name in workflow.STEPS if f'action="/workbench/interaction/{letter.pk}/{name}/"' in html}
    if f'href="/workbench/interaction/{letter.pk}/to-application/"' in html:
        found.add("convert_to_application")
    return found


@pytest.mark.parametrize("state", STATES)
def test_page_api_and_service_agree_on_every_step(state, people, bureau, write, pin_today, staff_client):
    letter = _build(state, people, bureau, write, pin_today)
    for who in USERS:
        user = people[who]
        available = set(workflow.available(letter, user))
        response = staff_client(user).get(f"/workbench/interaction/{letter.pk}/")
        api = APIClient()
        api.force_authenticate(user)
        listed = api.get(f"/api/v1/staff/letters/{letter.pk}/steps/")
        if response.status_code == 404:  # not in the user's units: no step either
            assert listed.status_code == 404 and not available, (state, who)
        else:
            assert _page_offers(response.content.decode(), letter) == available, (state, who)
            rows = listed.json()
            assert [r["name"] for r in rows] == [s.name for s in workflow.STEPS.values() if s.api]
            assert {r["name"] for r in rows if r["available"]} == available - {"convert_to_application"}
            assert all(r["reason"] for r in rows if not r["available"])
        for name in workflow.STEPS:
            verdict = _service_verdict(name, user, letter, bureau)
            if name in available:
                assert verdict == "", (state, who, name, verdict)
            else:
                assert verdict and verdict == workflow.refusal(name, letter, actor=user), (state, who, name, verdict)
