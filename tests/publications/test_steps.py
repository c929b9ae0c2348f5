"""The steps of a publication (`publications/workflow.py`): each step's refusal, in the words the
staff see, and the page, the API and the service agreeing on every step for every status."""

import io
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from gongkai.core import audit, calendar
from gongkai.core.models import Role
from gongkai.publications import services, workflow
from gongkai.publications.models import Attachment, CatalogTopic, Finding, Publication
from gongkai.workbench.views.publications import ROUTES
from tests.steps import MISSING, Missing, verdict

from .conftest import run_chain

P = Publication
MOBILE = "13805981234"
USERS = ["drafter", "reviewer", "censor", "leader", "office", "outsider"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"  # attachments written by steps that are then undone


def docx_bytes(text: str = "附件正文") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _build(state: str, draft, team) -> Publication:
    """An item in `state`, built through the services."""
    if state == "not_public":
        return draft(attribute=P.Attribute.ON_APPLICATION, attribute_basis=P.AttributeBasis.NOT_CONCERNING_PUBLIC,
                     attribute_reason="仅涉及特定对象")
    body = f"咨询请拨打 {MOBILE}。" if state in ("findings", "confidentiality") else "自12月1日起实行单向通行。"
    if state == "decision_changed":  # a published penalty decision since revoked (行政处罚法 Art. 48)
        pub = run_chain(draft(body_text=body, topic=CatalogTopic.objects.get(code="0601")), team)
        services.record_decision_change(actor=team["office"], publication=pub, change=P.DecisionChange.REVOKED,
                                        changed_on=date(2026, 11, 2), document="行政复议决定书")
        return P.objects.get(pk=pub.pk)
    pub = draft(body_text=body)
    if state in ("draft", "unit_review", "published"):
        services.add_attachment(actor=team["drafter"], publication=pub, name="附件.docx", data=docx_bytes())
    if state == "findings":
        services.check_now(actor=team["drafter"], publication=pub)
    elif state in ("unit_review", "confidentiality", "sign_off", "returned"):
        services.submit_for_review(actor=team["drafter"], publication=pub)
        if state == "returned":
            services.reject(actor=team["reviewer"], publication=pub, opinion="请补充施行日期")
        elif state != "unit_review":
            services.approve(actor=team["reviewer"], publication=pub)
        if state == "sign_off":
            services.approve(actor=team["censor"], publication=pub)
    elif state in ("published", "withdrawn"):
        run_chain(pub, team)
        if state == "withdrawn":
            services.withdraw(actor=team["office"], publication=pub, reason="决定已被撤销")
    return P.objects.get(pk=pub.pk)


# draft and findings (a finding in the text, checked by the drafter) are drafts; confidentiality
# waits with a finding in the text, not at the last step; sign_off is the last step, clean.
STATES = ["draft", "findings", "not_public", "unit_review", "confidentiality", "sign_off", "returned",
          "published", "decision_changed", "withdrawn"]


def _item(name: str, pub: Publication):
    """What a per-item step is asked to act on: one it can act on if there is one, else any."""
    s = workflow.STEPS[name]
    items = list(pub.attachments.all()) if s.target is Attachment else list(pub.findings.all())
    if not items:
        raise Missing
    return next((i for i in items if not s.on_target(pub, i)), items[0])


def _call(name: str, actor, pub: Publication):
    """Take the step through its service, with inputs that pass the service's own field checks."""
    calls = {
        "update_draft": lambda: services.update_draft(actor=actor, publication=pub),
        "add_attachment": lambda: services.add_attachment(actor=actor, publication=pub, name="补充.docx",
                                                          data=docx_bytes()),
        "remove_attachment": lambda: services.remove_attachment(actor=actor, attachment=_item(name, pub)),
        "check_now": lambda: services.check_now(actor=actor, publication=pub),
        "acknowledge_finding": lambda: services.acknowledge_finding(actor=actor, finding=_item(name, pub),
                                                                    reason="单位值班电话，已对外公布"),
        "redact_finding": lambda: services.redact_finding(actor=actor, finding=_item(name, pub)),
        "submit_for_review": lambda: services.submit_for_review(actor=actor, publication=pub),
        "approve": lambda: services.approve(actor=actor, publication=pub, opinion="同意"),
        "reject": lambda: services.reject(actor=actor, publication=pub, opinion="请补充"),
        "correct": lambda: services.correct(actor=actor, publication=pub, note="更正表述"),
        "record_decision_change": lambda: services.record_decision_change(
            actor=actor, publication=pub, change=P.DecisionChange.REVOKED, changed_on=date(2026, 11, 2),
            document="行政复议决定书"),
        "withdraw": lambda: services.withdraw(actor=actor, publication=pub, reason="已失效",
                                              statement="该决定已被依法撤销，现予撤回。" if pub.decision_change else ""),
        "reevaluate": lambda: services.reevaluate(actor=actor, publication=pub, decision="keep", reason="情况未变"),
    }
    assert calls.keys() == workflow.STEPS.keys()
    return calls[name]()


def _service_verdict(name: str, actor, pub: Publication) -> str:
    """"" if the service took the step (then undone), else its refusal."""
    return verdict(lambda: _call(name, actor, P.objects.get(pk=pub.pk)))


def _workflow_verdict(name: str, actor, pub: Publication) -> str:
    """The workflow's refusal for what `_call` asks: on the item it picks for a per-item step."""
    try:
        item = _item(name, pub) if workflow.STEPS[name].target is not None else None
    except Missing:
        return MISSING
    return workflow.refusal(name, pub, actor=actor, target=item)


# --- Each step's refusal --------------------------------------------------------------------

REPEAT = "同一审核流程中，每一步须由不同人员审核：您已审核过“单位审核”。"
REFUSALS = [
    ("update_draft", "unit_review", "drafter", "只有草稿、已退回或不主动公开的信息可以修改；已发布的信息请使用“更正”"),
    ("add_attachment", "published", "drafter", "审核中或已发布的信息不能再添加附件"),
    ("remove_attachment", "unit_review", "drafter", "审核中或已发布的信息不能删除附件"),
    ("remove_attachment", "returned", "drafter", "该信息没有附件"),
    ("check_now", "unit_review", "drafter",
     "只有草稿、已退回或不主动公开的信息可以由起草人检查；审核中的信息在每一步审核时自动检查"),
    ("check_now", "draft", "leader", "您没有执行此操作的权限"),
    ("acknowledge_finding", "draft", "censor", "没有待处理的敏感信息"),
    ("acknowledge_finding", "findings", "office", "您没有执行此操作的权限"),
    ("redact_finding", "draft", "drafter", "没有可以在线遮盖的敏感信息"),
    ("redact_finding", "findings", "leader", "您没有执行此操作的权限"),
    ("submit_for_review", "not_public", "drafter", "只有公开属性为“主动公开”的信息才能提交发布审核"),
    ("submit_for_review", "unit_review", "drafter", "只有草稿或已退回的信息可以提交审核"),
    ("approve", "draft", "reviewer", "该信息不在审核中"),
    ("approve", "unit_review", "leader", "您没有执行此操作的权限"),
    ("approve", "confidentiality", "reviewer", REPEAT),
    ("reject", "published", "censor", "该信息不在审核中"),
    ("reject", "confidentiality", "reviewer", REPEAT),
    ("correct", "draft", "office", "只有已发布的信息可以更正"),
    ("correct", "published", "drafter", "只有政务公开办或签发领导可以更正已发布的信息"),
    ("correct", "decision_changed", "office",
     "该决定已登记被依法撤销，应当撤回并公开说明理由（行政处罚法第四十八条第二款），不能更正"),
    ("record_decision_change", "published", "office",
     "只有行政处罚、行政许可、行政强制决定（主题分类标明行政执法决定类别的）可以登记变更、撤销或确认违法、无效"),
    ("record_decision_change", "decision_changed", "leader",
     "该决定已登记被依法撤销，应当撤回并公开说明理由（行政处罚法第四十八条第二款）"),
    ("record_decision_change", "published", "reviewer", "只有政务公开办或签发领导可以登记已公开决定的变更、撤销"),
    ("withdraw", "withdrawn", "office", "只有已发布的信息可以撤回"),
    ("withdraw", "published", "reviewer", "只有政务公开办或签发领导可以撤回已发布的信息"),
    ("reevaluate", "draft", "office", "只有不主动公开的信息需要定期评审"),
    ("reevaluate", "not_public", "drafter", "您没有执行此操作的权限"),
]


def test_every_step_has_a_refusal_case():
    assert {name for name, *_ in REFUSALS} == set(workflow.STEPS)


@pytest.mark.parametrize(("name", "state", "who", "reason"), REFUSALS, ids=[f"{n}-{s}-{w}" for n, s, w, _ in REFUSALS])
def test_refusal_is_the_same_in_the_workflow_and_the_service(name, state, who, reason, draft, team):
    pub = _build(state, draft, team)
    assert workflow.refusal(name, pub, actor=team[who]) == reason
    # A step on an attachment or a finding cannot even be asked of the service when there is none.
    assert _service_verdict(name, team[who], pub) in (reason, MISSING)
    assert name not in workflow.available(pub, team[who])


def _finding(pub: Publication, **lookup) -> Finding:
    return pub.findings.get(**lookup)


def test_refusals_on_one_finding(draft, team):
    """The per-item rules, asked with the finding: handled once; an attachment's content is not
    redacted online; a finding whose text has since changed is checked again first."""
    pub = _build("findings", draft, team)
    finding = _finding(pub, kind="mobile")
    services.acknowledge_finding(actor=team["censor"], finding=finding, reason="单位值班电话")
    finding.refresh_from_db()
    for name in ("acknowledge_finding", "redact_finding"):
        assert workflow.refusal(name, pub, actor=team["censor"], target=finding) == "该处已处理"
        assert _service_verdict(name, team["censor"], pub) == "该处已处理"
    changed = _build("findings", draft, team)
    services.update_draft(actor=team["drafter"], publication=changed, body_text="咨询请拨打值班电话。")
    changed.refresh_from_db()
    stale = _finding(changed, kind="mobile")
    assert workflow.refusal("redact_finding", changed, actor=team["drafter"], target=stale) == "内容已变化，请重新检查后再遮盖"
    assert workflow.refusal("redact_finding", changed, actor=team["drafter"]) == "没有可以在线遮盖的敏感信息"
    with pytest.raises(ValidationError, match="内容已变化"):
        services.redact_finding(actor=team["drafter"], finding=stale)


def test_an_attachments_finding_is_acknowledged_not_redacted(draft, team):
    pub = draft()
    services.add_attachment(actor=team["drafter"], publication=pub, name="附件.docx",
                            data=docx_bytes("附件标注：工作秘密"))
    services.check_now(actor=team["drafter"], publication=pub)
    finding = _finding(pub, kind="secrecy_mark")
    reason = "附件中的内容不能在线遮盖：请上传处理后的附件（退回起草人），或由审查人确认可以公开"
    assert workflow.refusal("redact_finding", pub, actor=team["censor"], target=finding) == reason
    assert _service_verdict("redact_finding", team["censor"], pub) == reason
    assert workflow.available(pub, team["censor"]) == ["acknowledge_finding"]
    page = _page(team["censor"], pub)
    assert reverse(ROUTES["acknowledge_finding"], args=[pub.pk, finding.pk]) in page
    assert f"/findings/{finding.pk}/redact/" not in page


def test_the_drafter_does_not_acknowledge_their_own_findings(bureau, make_user):
    """A reviewer who also drafts holds the capability; the page says why there is no form."""
    dual = make_user("reviewer", "sanyuan", username="dual")
    dual.roles.add(Role.objects.get(code="handler"))
    dual = type(dual).objects.get(pk=dual.pk)
    pub = services.create_draft(actor=dual, unit=bureau["station"], title="值班电话", created_on=date(2026, 11, 2),
                                topic=CatalogTopic.objects.get(code="13"), body_text=f"手机 {MOBILE}")
    services.check_now(actor=dual, publication=pub)
    reason = "起草人不能自行确认本人起草信息中的敏感内容"
    assert workflow.refusal("acknowledge_finding", pub, actor=dual) == reason
    assert _service_verdict("acknowledge_finding", dual, pub) == reason
    offer = next(o for o in workflow.offers(pub, dual) if o.step.name == "acknowledge_finding")
    assert offer.four_eyes and offer.reason == reason
    page = _page(dual, pub)
    assert 'id="four-eyes-acknowledge"' in page and reason in page and "/acknowledge/" not in page
    assert "redact_finding" in workflow.available(pub, dual)  # the drafter redacts their own text


def test_the_last_step_is_offered_and_the_scan_it_runs_refuses_to_publish(draft, team):
    """Approving scans the item again; the last step refuses to publish while a finding is open.
    The page offers the step (and lists the open findings above it); the refusal is the scan's."""
    pub = _build("confidentiality", draft, team)
    services.approve(actor=team["censor"], publication=pub)
    pub.refresh_from_db()
    assert pub.current_step == "sign_off" and "approve" in workflow.available(pub, team["leader"])
    assert _service_verdict("approve", team["leader"], pub) == "还有 1 处敏感信息未处理（遮盖或确认可公开），不能发布"


def test_old_names_resolve_to_the_steps():
    assert workflow.step("submit").name == "submit_for_review"
    assert workflow.step("approve").name == "approve" and workflow.step("explode") is None
    assert not set(workflow.ALIASES) & set(workflow.STEPS), "an alias never names another step"


def test_audit_labels_and_calendar_are_registered_once_at_startup():
    labels = audit.ACTION_LABELS
    for name, step in workflow.STEPS.items():
        assert labels[f"publication.{name}"] == step.label
    assert labels["publication.submit"] == labels["publication.submit_for_review"] == "提交审核"
    assert labels["finding.acknowledge"] == "确认敏感信息可公开" and labels["publication.scan"] == "敏感信息检查"
    assert labels["publication.import"] == "导入公开信息" and labels["catalog.import"] == "导入目录"
    assert labels["publication.publish"] == "发布" and labels["topic.create"] == "新增主题分类"
    assert calendar._recomputers.count(services.recompute_publication_deadlines) == 1


def test_the_api_takes_the_steps_under_their_names_and_the_old_name(draft, team):
    pub = draft()
    api = APIClient()
    api.force_authenticate(team["drafter"])
    url = f"/api/v1/staff/publications/{pub.pk}/"
    steps = {s["name"]: s for s in api.get(url + "steps/").json()}
    assert list(steps) == list(workflow.STEPS)
    assert steps["submit_for_review"]["available"] and steps["submit_for_review"]["reason"] == ""
    assert steps["approve"] == {"name": "approve", "label": "审核通过", "available": False, "reason": "该信息不在审核中"}
    assert steps["reevaluate"]["reason"] == "您没有执行此操作的权限"
    refused = api.post(url + "check_now/")
    assert refused.status_code == 400 and "不能通过本接口办理" in refused.json()["detail"]
    assert api.post(url + "submit/").json()["current_step"] == "unit_review"  # the name before
    assert api.post(url + "submit_for_review/").json() == {"detail": ["只有草稿或已退回的信息可以提交审核"]}


# --- Page, API and service agree ------------------------------------------------------------

def _page(user, pub: Publication) -> str:
    web = Client()
    web.force_login(user)
    return web.get(f"/workbench/publications/{pub.pk}/").content.decode()


def _page_offers(html: str, pub: Publication) -> set[str]:
    offered = set()
    for name, step in workflow.STEPS.items():
        if step.target is None:
            items = [None]
        else:
            items = list(pub.attachments.all()) if step.target is Attachment else list(pub.findings.all())
        args = [[pub.pk] if item is None else [pub.pk, item.pk] for item in items]
        if any(f'"{reverse(ROUTES[name], args=a)}"' in html for a in args):
            offered.add(name)
    return offered


@pytest.mark.parametrize("state", STATES)
def test_page_api_and_service_agree_on_every_step(state, draft, team):
    pub = _build(state, draft, team)
    for who in USERS:
        user = team[who]
        available = set(workflow.available(pub, user))
        web = Client()
        web.force_login(user)
        response = web.get(f"/workbench/publications/{pub.pk}/")
        api = APIClient()
        api.force_authenticate(user)
        listed = api.get(f"/api/v1/staff/publications/{pub.pk}/steps/")
        if who == "outsider":
            assert response.status_code == 404 and listed.status_code == 404 and not available
        else:
            assert _page_offers(response.content.decode(), pub) == available, (state, who)
            assert [s["name"] for s in listed.json()] == list(workflow.STEPS)
            assert {s["name"] for s in listed.json() if s["available"]} == available, (state, who)
            assert all(s["reason"] == workflow.refusal(s["name"], pub, actor=user)
                       for s in listed.json() if not s["available"])
        for name in workflow.STEPS:
            verdict = _service_verdict(name, user, pub)
            if name in available:
                assert verdict == "", (state, who, name, verdict)
            else:
                assert verdict, (state, who, name)
                assert verdict == _workflow_verdict(name, user, pub), (state, who, name, verdict)
