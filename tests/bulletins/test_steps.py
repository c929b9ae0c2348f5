"""The steps of a bulletin and of a guide (`bulletins/workflow.py`): each step's refusal, in the
words the staff see, the same from the workflow and from the service; and the page, the API and
the service agreeing on every step in every state, for everyone who can see the item."""

import pytest
from django.test import Client

from gongkai.bulletins import services, workflow
from gongkai.bulletins.models import Bulletin, ServiceGuide
from gongkai.core import audit
from gongkai.core.models import AuditEvent
from tests.steps import verdict

B = Bulletin
MOBILE = "报警人电话 13805981234。"
FOUR_EYES = "四眼原则：不能审核本人填报或提交的通报，须由其他人员审核。"
FOUND = "含有个人信息，不能公开：“{}”中的手机号码 13805981234。请删除或改写后再提交"
STAFF = ["clerk_sy", "office", "office2", "clerk_sx", "handler"]  # clerk_sy enters and submits


# --- Items in every state, built through the services -----------------------------------------

def _bulletin(state: str, make_bulletin, publish, people) -> Bulletin:
    clerk = people["clerk_sy"]
    if state == "draft":
        return make_bulletin()
    if state == "draft_findings":
        return make_bulletin(notable_cases=MOBILE)
    if state.startswith("in_review"):
        b = make_bulletin(week=48 if state == "in_review_this_week" else 47)
        services.submit_bulletin(actor=clerk, bulletin=b)
        if state == "in_review_findings":  # text that reached review by another way
            B.objects.filter(pk=b.pk).update(notable_cases=MOBILE)
        return B.objects.get(pk=b.pk)
    b = publish(make_bulletin())
    if state == "correcting":
        services.start_correction(actor=clerk, bulletin=b, note="交通警情重复统计 1 起")
    elif state == "superseded":
        publish(services.start_correction(actor=clerk, bulletin=b, note="交通警情重复统计 1 起"))
    elif state == "withdrawn":
        services.withdraw_bulletin(actor=people["office"], bulletin=b, reason="误发")
    return B.objects.get(pk=b.pk)


BULLETIN_STATES = ["draft", "draft_findings", "in_review", "in_review_this_week", "in_review_findings", "published",
                   "correcting", "superseded", "withdrawn"]


def _guide(state: str, make_guide, people) -> ServiceGuide:
    clerk = people["clerk_sy"]
    g = make_guide(conditions=f"联系人张某，{MOBILE}") if state == "draft_findings" else make_guide()
    if state in ("published", "withdrawn", "withdrawn_taken"):
        services.publish_guide(actor=clerk, guide=g)
    if state in ("withdrawn", "withdrawn_taken"):
        services.withdraw_guide(actor=clerk, guide=g, reason="事项已调整")
    if state == "withdrawn_taken":
        make_guide()  # a newer guide of the same name
    return ServiceGuide.objects.get(pk=g.pk)


GUIDE_STATES = ["draft", "draft_findings", "published", "withdrawn", "withdrawn_taken"]


# --- Taking a step through its service, then undoing it ---------------------------------------

BULLETIN_CALLS = {
    "update": lambda actor, b: services.update_bulletin(actor=actor, bulletin=b, traffic=27),
    "submit": lambda actor, b: services.submit_bulletin(actor=actor, bulletin=b),
    "publish": lambda actor, b: services.publish_bulletin(actor=actor, bulletin=b),
    "return": lambda actor, b: services.return_bulletin(actor=actor, bulletin=b, note="交通警情与台账不一致"),
    "correct": lambda actor, b: services.start_correction(actor=actor, bulletin=b, note="交通警情更正"),
    "withdraw": lambda actor, b: services.withdraw_bulletin(actor=actor, bulletin=b, reason="数据有误"),
}
# Inputs that pass the services' own field checks: the guide is renamed, since a withdrawn
# guide's name may meanwhile belong to a newer one.
GUIDE_CALLS = {
    "update": lambda actor, g: services.update_guide(actor=actor, guide=g, name="剧毒化学品购买许可（旧版）"),
    "publish": lambda actor, g: services.publish_guide(actor=actor, guide=g),
    "withdraw": lambda actor, g: services.withdraw_guide(actor=actor, guide=g, reason="事项已取消"),
}


def _service_verdict(call, actor, item) -> str:
    """"" if the service took the step (then undone), else its refusal."""
    return verdict(lambda: call(actor, type(item).objects.get(pk=item.pk)))


def test_every_step_is_called_and_labelled():
    assert BULLETIN_CALLS.keys() == workflow.BULLETIN.steps.keys()
    assert GUIDE_CALLS.keys() == workflow.GUIDE.steps.keys()
    for kind, flow in (("bulletin", workflow.BULLETIN), ("guide", workflow.GUIDE)):
        for name, step in flow.steps.items():
            assert audit.ACTION_LABELS[f"{kind}.{name}"] == step.label


def test_every_audit_action_written_has_a_label(make_bulletin, publish, make_guide, people):
    publish(services.start_correction(actor=people["clerk_sy"], bulletin=publish(make_bulletin()), note="更正"))
    services.withdraw_bulletin(actor=people["office"], bulletin=B.objects.get(version=2), reason="误发")
    services.publish_guide(actor=people["clerk_sy"], guide=make_guide())
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"bulletin.create", "bulletin.correct", "bulletin.withdraw", "guide.publish"} <= actions
    assert all(action in audit.ACTION_LABELS for action in actions)


# --- Each step's refusal --------------------------------------------------------------------

BULLETIN_REFUSALS = [
    ("update", "in_review", "clerk_sy", "只有草稿可以修改；已发布的通报请使用“更正”生成新版本"),
    ("submit", "in_review", "clerk_sy", "只有草稿可以提交审核"),
    ("submit", "draft_findings", "clerk_sy", FOUND.format("典型警情")),
    ("submit", "draft", "clerk_sx", "您没有执行此操作的权限"),
    ("publish", "draft", "office", "该通报不在审核中"),
    ("publish", "in_review", "clerk_sy", FOUR_EYES),
    ("publish", "in_review_this_week", "office", "2026 年第 48 周到 2026-11-29 才结束，结束后才能发布"),
    ("publish", "in_review_findings", "office", FOUND.format("典型警情")),
    ("return", "published", "office", "该通报不在审核中"),
    ("return", "in_review", "clerk_sy", FOUR_EYES),
    ("correct", "draft", "clerk_sy", "只有已发布的通报可以更正"),
    ("correct", "correcting", "office", "该周已有一份正在办理的更正版本，请先完成它"),
    ("withdraw", "superseded", "office", "只有已发布的通报可以撤回"),
]
GUIDE_REFUSALS = [
    ("update", "draft", "clerk_sx", "您没有执行此操作的权限"),
    ("publish", "published", "clerk_sy", "该指南已发布"),
    ("publish", "draft_findings", "clerk_sy", FOUND.format("办理条件")),
    ("publish", "withdrawn_taken", "office", "“剧毒化学品购买许可”已有办事指南，一个事项只能有一份指南"),
    ("withdraw", "draft", "clerk_sy", "只有已发布的指南可以撤回"),
]


def test_every_step_has_a_refusal_case():
    assert {name for name, *_ in BULLETIN_REFUSALS} == set(workflow.BULLETIN.steps)
    assert {name for name, *_ in GUIDE_REFUSALS} == set(workflow.GUIDE.steps)


@pytest.mark.parametrize(("name", "state", "who", "reason"), BULLETIN_REFUSALS,
                         ids=[f"{n}-{s}-{w}" for n, s, w, _ in BULLETIN_REFUSALS])
def test_bulletin_refusal_is_the_same_in_the_workflow_and_the_service(name, state, who, reason, make_bulletin,
                                                                      publish, people):
    b = _bulletin(state, make_bulletin, publish, people)
    assert workflow.BULLETIN.refusal(name, b, actor=people[who]) == reason
    assert _service_verdict(BULLETIN_CALLS[name], people[who], b) == reason
    assert name not in workflow.BULLETIN.available(b, people[who])


@pytest.mark.parametrize(("name", "state", "who", "reason"), GUIDE_REFUSALS,
                         ids=[f"{n}-{s}-{w}" for n, s, w, _ in GUIDE_REFUSALS])
def test_guide_refusal_is_the_same_in_the_workflow_and_the_service(name, state, who, reason, make_guide, people):
    g = _guide(state, make_guide, people)
    assert workflow.GUIDE.refusal(name, g, actor=people[who]) == reason
    assert _service_verdict(GUIDE_CALLS[name], people[who], g) == reason
    assert name not in workflow.GUIDE.available(g, people[who])


def test_four_eyes_is_said_on_the_page_and_another_reviewer_publishes(make_bulletin, people):
    b = _bulletin("in_review", make_bulletin, None, people)
    offers = {o.step.name: o for o in workflow.BULLETIN.offers(b, people["clerk_sy"])}
    assert offers["publish"].four_eyes and offers["return"].four_eyes
    assert not offers["update"].four_eyes and offers["update"].reason
    assert set(workflow.BULLETIN.available(b, people["office"])) == {"publish", "return"}


def test_the_reviewer_is_told_why_not_yet(client, make_bulletin, people):
    """A week not over yet: the reviewer may return the bulletin, and is told why it cannot go out."""
    b = _bulletin("in_review_this_week", make_bulletin, None, people)
    client.force_login(people["office"])
    page = client.get(f"/workbench/bulletins/{b.pk}/").content.decode()
    assert "暂不能发布：2026 年第 48 周到 2026-11-29 才结束，结束后才能发布" in page
    assert "审核通过并发布" not in page and f'action="/workbench/bulletins/{b.pk}/return/"' in page


# --- Page, API and service agree ------------------------------------------------------------

def _page_offers(html: str, path: str, flow: workflow.Workflow) -> set[str]:
    """The steps a detail page offers: the edit link, and a form posting to each other step."""
    edit = {"update"} if f'href="{path}edit/"' in html else set()
    return edit | {name for name in flow.steps if f'action="{path}{name}/"' in html}


def _agree(flow: workflow.Workflow, calls: dict, item, kind: str, people):
    for who in STAFF:
        user = people[who]
        available = set(flow.available(item, user))
        web = Client()
        web.force_login(user)
        response = web.get(f"/workbench/{kind}/{item.pk}/")
        api = web.get(f"/api/v1/staff/{kind}/{item.pk}/steps/")
        if who in ("clerk_sx", "handler"):  # out of reach, or without the capability at all
            assert response.status_code in (403, 404) and api.status_code == 404 and not available
        else:
            assert _page_offers(response.content.decode(), f"/workbench/{kind}/{item.pk}/", flow) == available, who
            listed = api.json()
            assert [s["name"] for s in listed] == list(flow.steps)
            assert {s["name"] for s in listed if s["available"]} == available, who
            assert all(s["reason"] for s in listed if not s["available"])
        for name, call in calls.items():
            verdict = _service_verdict(call, user, item)
            if name in available:
                assert verdict == "", (who, name, verdict)
            else:
                assert verdict and verdict == flow.refusal(name, item, actor=user), (who, name, verdict)


@pytest.mark.parametrize("state", BULLETIN_STATES)
def test_page_api_and_service_agree_on_every_bulletin_step(state, make_bulletin, publish, people):
    b = _bulletin(state, make_bulletin, publish, people)
    _agree(workflow.BULLETIN, BULLETIN_CALLS, b, "bulletins", people)


@pytest.mark.parametrize("state", GUIDE_STATES)
def test_page_api_and_service_agree_on_every_guide_step(state, make_guide, people):
    g = _guide(state, make_guide, people)
    _agree(workflow.GUIDE, GUIDE_CALLS, g, "guides", people)


def test_the_api_takes_only_the_steps(make_bulletin, people):
    api = Client()
    api.force_login(people["clerk_sy"])
    b = make_bulletin()
    for name in ("update", "approve"):  # update is PATCH on the bulletin itself
        response = api.post(f"/api/v1/staff/bulletins/{b.pk}/{name}/")
        assert (response.status_code, response.json()) == (400, {"detail": "未知的操作"})
    assert api.post(f"/api/v1/staff/bulletins/{b.pk}/steps/").status_code == 405
    assert api.post(f"/api/v1/staff/bulletins/{b.pk}/submit/").json()["status"] == "in_review"
