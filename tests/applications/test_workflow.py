"""The steps of an application (`applications/workflow.py`): each step's refusal, in the words the
staff see, and the page, the API and the service agreeing on every step in every state."""

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from gongkai.applications import services, workflow
from gongkai.applications.models import Application
from gongkai.core import clock
from tests.steps import MISSING, Missing, verdict

TODAY = date(2026, 11, 2)


def _build(state: str, staff, online, pin_today, settings) -> Application:
    """A case in `state`, built through the services; the clock ends on TODAY."""
    handler = staff["handler"]
    if state in ("lapsed", "overdue"):
        app, _ = online(date(2026, 9, 1), items=15)
        if state == "lapsed":
            services.request_supplement(actor=handler, app=app, items="请写明时间范围")
        pin_today(TODAY)
        return Application.objects.get(pk=app.pk)
    settings.GONGKAI_ONLINE_AUTO_CONFIRM = state != "registered"
    app, _ = online(TODAY, items=15)
    settings.GONGKAI_ONLINE_AUTO_CONFIRM = True
    if state == "supplement":
        services.request_supplement(actor=handler, app=app, items="请写明时间范围")
    elif state == "consulting":
        services.start_consultation(actor=handler, app=app, party="agency", party_name="交通局", matter="是否同意公开")
    elif state == "fee_pending":
        services.notify_fee(actor=handler, app=app, method="per_item", quantity=15)
    elif state == "extension_pending":
        services.request_extension(actor=handler, app=app, days=10, reason="档案调取")
    elif state == "reasons_requested":
        services.request_reasons(actor=handler, app=app)
    elif state == "consulted_closed":
        consultation = services.start_consultation(actor=handler, app=app, party="agency", party_name="交通局",
                                                   matter="是否同意公开")
        services.record_consultation_answer(actor=handler, consultation=consultation, on=TODAY, opinion="consent")
        services.decide(actor=handler, app=app, outcome="disclosed", reply_text="见附件", on_the_spot=True)
    elif state in ("approval", "closed"):
        services.decide(actor=handler, app=app, outcome="disclosed", reply_text="见附件",
                        on_the_spot=state == "closed")
    return Application.objects.get(pk=app.pk)


STATES = ["registered", "processing", "supplement", "consulting", "fee_pending", "extension_pending",
          "reasons_requested", "approval", "closed", "lapsed", "overdue"]


def _call(name: str, actor, app: Application):
    """Take the step through its service, with inputs that pass the service's own field checks."""
    today = clock.today()
    calls = {
        "confirm_receipt": lambda: services.confirm_receipt(actor=actor, app=app, received_on=today),
        "assign": lambda: services.assign(actor=actor, app=app, unit=app.unit, handler=None),
        "request_supplement": lambda: services.request_supplement(actor=actor, app=app, items="写明路段"),
        "receive_supplement": lambda: services.receive_supplement(actor=actor, app=app, on=today),
        "start_consultation": lambda: services.start_consultation(actor=actor, app=app, party="agency",
                                                                  party_name="交通局", matter="是否同意公开"),
        "record_consultation_answer": lambda: services.record_consultation_answer(
            actor=actor, consultation=app.consultations.order_by("answered_on").first()
            or _no_consultation(), on=today, opinion="consent"),
        "notify_fee": lambda: services.notify_fee(actor=actor, app=app, method="per_item", quantity=15),
        "record_payment": lambda: services.record_payment(actor=actor, app=app, on=today),
        "request_extension": lambda: services.request_extension(actor=actor, app=app, days=10, reason="档案调取"),
        "approve_extension": lambda: services.approve_extension(actor=actor, app=app),
        "request_reasons": lambda: services.request_reasons(actor=actor, app=app),
        "record_reasons": lambda: services.record_reasons(actor=actor, app=app, text="研究需要", reasonable=True),
        "decide": lambda: services.decide(actor=actor, app=app, outcome="disclosed", reply_text="见附件"),
        "approve_reply": lambda: services.approve_reply(actor=actor, app=app),
        "return_reply": lambda: services.return_reply(actor=actor, app=app, comment="请补充依据"),
        "close_lapsed": lambda: services.close_lapsed(actor=actor, app=app),
        "record_delivery": lambda: services.record_delivery(
            actor=actor, notice=app.notices.first() or _no_notice(), method="in_person", on=today),
        "add_note": lambda: services.add_note(actor=actor, app=app, text="电话联系申请人"),
        "record_remedy": lambda: services.record_remedy(actor=actor, app=app, kind="reconsideration",
                                                        authority="三明市人民政府", filed_on=today),
    }
    assert calls.keys() == workflow.STEPS.keys()
    return calls[name]()


def _no_consultation():
    raise Missing


def _no_notice():
    raise Missing


def _service_verdict(name: str, actor, app: Application) -> str:
    """"" if the service took the step (then undone), else its refusal."""
    return verdict(lambda: _call(name, actor, Application.objects.get(pk=app.pk)))


# --- Each step's refusal --------------------------------------------------------------------

REFUSALS = [
    ("confirm_receipt", "processing", "handler", "该申请已确认受理"),
    ("assign", "closed", "handler", "该申请已办结，不能再办理"),
    ("request_supplement", "supplement", "handler", "《条例》第三十条要求一次性告知补正事项，本申请已发出过补正通知"),
    ("request_supplement", "approval", "handler", "只有办理中的申请可以要求补正"),
    ("receive_supplement", "processing", "handler", "该申请没有待补正的通知"),
    ("start_consultation", "supplement", "handler", "只有办理中的申请可以征求意见"),
    ("record_consultation_answer", "processing", "handler", "没有待登记意见的征询"),
    ("record_consultation_answer", "consulted_closed", "handler", "该申请已办结，不能再办理"),
    ("notify_fee", "fee_pending", "handler", "本申请已发出收费通知；一件申请只能选择一种计费方式、发出一次收费通知"),
    ("notify_fee", "registered", "handler", "只有办理中的申请可以收费"),
    ("record_payment", "processing", "handler", "该申请没有待缴的信息处理费"),
    ("request_extension", "extension_pending", "handler", "本申请已申请过延期；延期只能一次，最长20个工作日"),
    ("request_extension", "approval", "handler", "只有办理中的申请可以申请延期"),
    ("request_extension", "overdue", "handler", "答复期限已过，不能再延期"),
    ("approve_extension", "processing", "office", "没有待批准的延期申请"),
    ("request_reasons", "reasons_requested", "handler", "已要求申请人说明理由"),
    ("request_reasons", "supplement", "handler", "只有办理中的申请可以要求说明理由"),
    ("record_reasons", "processing", "handler", "尚未要求申请人说明理由"),
    ("decide", "approval", "handler", "只有办理中的申请可以拟定答复"),
    ("decide", "consulting", "handler", "还有未答复的征求意见，请先登记意见或等待期满"),
    ("decide", "fee_pending", "handler", "信息处理费尚未缴纳，缴费后才能答复"),
    ("approve_reply", "processing", "leader", "该申请没有待审批的答复"),
    ("return_reply", "closed", "leader", "该申请没有待审批的答复"),
    ("close_lapsed", "supplement", "handler", "补正期限或缴费期限尚未届满，不能按视为放弃申请办结"),
    ("record_delivery", "registered", "handler", "该申请尚未出具文书"),
    ("add_note", "processing", "outsider", "您没有执行此操作的权限"),
    ("record_remedy", "processing", "handler", "答复作出或答复期限届满后，才能登记复议诉讼"),
]


def test_every_step_has_a_refusal_case():
    assert {name for name, *_ in REFUSALS} == set(workflow.STEPS)


@pytest.mark.parametrize(("name", "state", "who", "reason"), REFUSALS, ids=[f"{n}-{s}" for n, s, *_ in REFUSALS])
def test_refusal_is_the_same_in_the_workflow_and_the_service(name, state, who, reason, staff, online, pin_today,
                                                             settings):
    app = _build(state, staff, online, pin_today, settings)
    assert workflow.refusal(name, app, actor=staff[who]) == reason
    # A step on a consultation or a notice cannot even be asked of the service when there is none.
    assert _service_verdict(name, staff[who], app) in (reason, MISSING)
    assert name not in workflow.available(app, staff[who])


def test_four_eyes_drafter_neither_approves_nor_returns_the_reply(staff, online, pin_today, settings):
    """四眼原则 for Art. 33's extension and for the reply: refused to their author with the reason."""
    office_asked = _build("processing", staff, online, pin_today, settings)
    services.request_extension(actor=staff["office"], app=office_asked, days=10, reason="档案调取")
    office_asked.refresh_from_db()
    assert (workflow.refusal("approve_extension", office_asked, actor=staff["office"])
            == "四眼原则：不能审核本人申请的延期，须由其他人员审核。")
    assert _service_verdict("approve_extension", staff["office"], office_asked).startswith("四眼原则")
    offer = next(o for o in workflow.offers(office_asked, staff["office"]) if o.step.name == "approve_extension")
    assert offer.four_eyes and offer.reason.startswith("四眼原则")
    drafted = _build("processing", staff, online, pin_today, settings)
    services.decide(actor=staff["office"], app=drafted, outcome="disclosed", reply_text="见附件")
    drafted.refresh_from_db()
    for name in ("approve_reply", "return_reply"):
        assert (workflow.refusal(name, drafted, actor=staff["office"])
                == "四眼原则：不能审核本人拟定的答复，须由其他人员审核。")
        assert _service_verdict(name, staff["office"], drafted).startswith("四眼原则")
        assert workflow.refusal(name, drafted, actor=staff["leader"]) == ""


def test_old_api_names_resolve_to_the_steps():
    assert workflow.step("supplement_received").name == "receive_supplement"
    assert workflow.step("reasons").name == "record_reasons"
    assert workflow.step("request_reasons").name == "request_reasons"
    assert workflow.step("approve").name == "approve_reply" and workflow.step("explode") is None
    assert not set(workflow.ALIASES) & set(workflow.STEPS), "an alias never names another step"


# --- Page, API and service agree ------------------------------------------------------------

def _page_offers(html: str, app: Application) -> set[str]:
    return {name for name in workflow.STEPS if f'action="/workbench/applications/{app.pk}/{name}/"' in html}


@pytest.mark.parametrize("state", STATES)
def test_page_api_and_service_agree_on_every_step(state, staff, online, pin_today, settings):
    app = _build(state, staff, online, pin_today, settings)
    for who in ("handler", "office", "leader", "outsider"):
        user = staff[who]
        available = set(workflow.available(app, user))
        web = Client()
        web.force_login(user)
        response = web.get(f"/workbench/applications/{app.pk}/")
        if who == "outsider":
            assert response.status_code == 404 and not available
        else:
            assert _page_offers(response.content.decode(), app) == available, (state, who)
        api = APIClient()
        api.force_authenticate(user)
        response = api.get(f"/api/v1/staff/applications/{app.pk}/steps/")
        if who == "outsider":
            assert response.status_code == 404
        else:
            listed = response.json()
            assert [s["name"] for s in listed] == list(workflow.STEPS)
            assert {s["name"] for s in listed if s["available"]} == available, (state, who)
            assert all(s["reason"] for s in listed if not s["available"])
        for name in workflow.STEPS:
            verdict = _service_verdict(name, user, app)
            if name in available:
                assert verdict == "", (state, who, name, verdict)
            else:
                assert verdict, (state, who, name)
                assert verdict == workflow.refusal(name, app, actor=user) or verdict == MISSING, \
                    (state, who, name, verdict)
