"""Staff steps on an application through the API: one endpoint, one service call per step of
`applications.workflow`, under the step's name; `GET …/steps/` says which the caller can take now
and why not the others. The same rules and messages as the workbench forms."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.applications import selectors, services, workflow
from gongkai.applications.models import Remedy
from gongkai.core.models import Unit

from .. import steps
from ..serializers.applications import (
    ApplicationActionResultSerializer,
    ApplicationActionSerializer,
)


def _one(qs, field: str, message: str, **lookup):
    """The object an id or number names, or a 400 in Chinese on that field (not DRF's English 404)."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _need(data: dict, *names: str) -> None:
    missing = {n: "此项为必填项" for n in names if data.get(n) in (None, "")}
    if missing:
        raise ValidationError(missing)


def _today(data):
    from gongkai.core import clock
    return data.get("on") or clock.today()


def _assign(user, app, d):
    _need(d, "unit")
    unit = _one(Unit.objects.all(), "unit", "该单位不存在", pk=d["unit"])
    handler = (_one(get_user_model().objects.all(), "handler", "该用户不存在", pk=d["handler"])
               if d.get("handler") else None)
    return services.assign(actor=user, app=app, unit=unit, handler=handler)


def _consult_answer(user, app, d):
    _need(d, "consultation", "opinion")
    consultation = _one(app.consultations.all(), "consultation", "该征询记录不存在", pk=d["consultation"])
    return services.record_consultation_answer(actor=user, consultation=consultation, on=_today(d),
                                               opinion=d["opinion"], text=d.get("text", ""))


def _decide(user, app, d):
    _need(d, "outcome")
    earlier = None
    if d.get("earlier"):
        earlier = _one(selectors.staff_applications(user), "earlier", "该受理编号不存在或不在您的办理范围内",
                       tracking_number=d["earlier"])
    return services.decide(actor=user, app=app, outcome=d["outcome"], reply_text=d.get("reply_text", ""),
                           reason_text=d.get("reason_text", ""), withheld_reasons=d.get("withheld_reasons"),
                           referral_agency=d.get("referral_agency", ""),
                           referral_contact=d.get("referral_contact", ""), earlier=earlier,
                           on_the_spot=d.get("on_the_spot", False))


def _deliver(user, app, d):
    _need(d, "notice", "method")
    notice = _one(app.notices.all(), "notice", "该文书不存在", pk=d["notice"])
    return services.record_delivery(actor=user, notice=notice, method=d["method"], on=_today(d),
                                    tracking_number=d.get("tracking_number", ""), recipient=d.get("recipient", ""))


def _remedy(user, app, d):
    _need(d, "kind", "authority", "filed_on")
    remedy = _one(app.remedies.all(), "remedy", "该复议诉讼记录不存在", pk=d["remedy"]) if d.get("remedy") else None
    return services.record_remedy(actor=user, app=app, kind=d["kind"], authority=d["authority"],
                                  filed_on=d["filed_on"], case_number=d.get("case_number", ""),
                                  result=d.get("result") or Remedy.Result.PENDING,
                                  concluded_on=d.get("concluded_on"), summary=d.get("summary", ""), remedy=remedy)


# One entry per step of `applications.workflow`, under the step's name: how the request's fields
# become the service's arguments. Which steps exist and when they may be taken is the workflow's.
RUN = {
    "confirm_receipt": lambda u, a, d: (_need(d, "received_on"),
                                        services.confirm_receipt(actor=u, app=a, received_on=d["received_on"])),
    "assign": _assign,
    "request_supplement": lambda u, a, d: (_need(d, "items"), services.request_supplement(
        actor=u, app=a, items=d["items"], on=d.get("on"))),
    "receive_supplement": lambda u, a, d: services.receive_supplement(actor=u, app=a, on=_today(d),
                                                                      text=d.get("text", "")),
    "start_consultation": lambda u, a, d: (_need(d, "party", "party_name", "matter"), services.start_consultation(
        actor=u, app=a, party=d["party"], party_name=d["party_name"], matter=d["matter"],
        party_address=d.get("party_address", ""), on=d.get("on"))),
    "record_consultation_answer": _consult_answer,
    "notify_fee": lambda u, a, d: (_need(d, "method", "quantity"), services.notify_fee(
        actor=u, app=a, method=d["method"], quantity=d["quantity"], on=d.get("on"))),
    "record_payment": lambda u, a, d: services.record_payment(actor=u, app=a, on=_today(d)),
    "request_extension": lambda u, a, d: (_need(d, "days"), services.request_extension(
        actor=u, app=a, days=d["days"], reason=d.get("reason", ""))),
    "approve_extension": lambda u, a, d: services.approve_extension(actor=u, app=a, on=d.get("on")),
    "request_reasons": lambda u, a, d: services.request_reasons(actor=u, app=a, on=d.get("on")),
    "record_reasons": lambda u, a, d: services.record_reasons(actor=u, app=a, text=d.get("text", ""),
                                                              reasonable=d.get("reasonable", False),
                                                              stated_due_on=d.get("stated_due_on")),
    "decide": _decide,
    "approve_reply": lambda u, a, d: services.approve_reply(actor=u, app=a),
    "return_reply": lambda u, a, d: services.return_reply(actor=u, app=a, comment=d.get("comment", "")),
    "close_lapsed": lambda u, a, d: services.close_lapsed(actor=u, app=a),
    "record_delivery": _deliver,
    "add_note": lambda u, a, d: services.add_note(actor=u, app=a, text=d.get("text", "")),
    "record_remedy": _remedy,
}
assert RUN.keys() == workflow.STEPS.keys(), "every step of the workflow is an API action, and only those"

STEP_LIST = "；".join(f"{s.name} {s.label}" for s in workflow.STEPS.values())
ALIAS_LIST = "；".join(f"{old} → {new}" for old, new in workflow.ALIASES.items())


StaffApplicationSteps = steps.view(flow=workflow.FLOW, cases=selectors.staff_applications, noun="申请",
                                   tags=["依申请公开（工作人员）"], operation_id="staff_application_steps")


class StaffApplicationAction(APIView):
    @extend_schema(
        tags=["依申请公开（工作人员）"], request=ApplicationActionSerializer,
        responses={200: ApplicationActionResultSerializer}, operation_id="staff_application_action",
        summary="办理步骤：" + "、".join(workflow.STEPS),
        description=f"步骤：{STEP_LIST}。每一步当前能否办理及原因见 GET …/steps/。"
                    f"旧的操作名在本版本内仍可使用（{ALIAS_LIST}），下一版本起停用。"
                    "回答为办理后的受理编号、状态与答复期限。")
    def post(self, request, pk, action):
        step = workflow.step(action)
        if step is None:
            raise ValidationError({"detail": "未知的操作"})
        app = get_object_or_404(selectors.staff_applications(request.user), pk=pk)
        serializer = ApplicationActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        RUN[step.name](request.user, app, serializer.validated_data)
        app.refresh_from_db()
        return Response({"id": app.pk, "tracking_number": app.tracking_number, "status": app.status,
                         "due_on": app.due_on, "provisional": app.due_provisional})
