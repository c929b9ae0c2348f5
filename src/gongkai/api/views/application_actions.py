"""Staff steps on an application through the API: one endpoint, each step of
`applications.workflow` under its name, taken by `applications.actions` as the workbench's forms
take it; `GET …/steps/` says which the caller can take now and why not the others."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.applications import actions, selectors, workflow

from .. import steps
from ..serializers.applications import (
    ApplicationActionResultSerializer,
    ApplicationActionSerializer,
)

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
        actions.APPLICATION[step.name](request.user, app, serializer.validated_data)
        app.refresh_from_db()
        return Response({"id": app.pk, "tracking_number": app.tracking_number, "status": app.status,
                         "due_on": app.due_on, "provisional": app.due_provisional})
