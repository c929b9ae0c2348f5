"""`GET …/steps/` of every case with a workflow: each step of the case in handling order, whether
the caller can take it now and, if not, why (the words the workbench shows). One view serves every
kind of case; `view(...)` gives it a kind's workflow, its cases and its schema."""

from collections.abc import Callable

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core.workflow import Workflow


class StepSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="步骤名：即 POST …/<name>/ 的操作名（只在工作台办理的步骤除外）")
    label = serializers.CharField(help_text="步骤名称")
    available = serializers.BooleanField(help_text="您现在能否办理这一步")
    reason = serializers.CharField(help_text="不能办理的原因；能办理时为空")


def listing(flow: Workflow, item, user, *, api_only: bool = False) -> list[dict]:
    """Each step of `flow` (with `api_only`, those the API takes) with the caller's answer: the
    offer's reason for the steps they have the right to, the permission refusal for the others."""
    offered = {o.step.name: o.reason for o in flow.offers(item, user)}
    return [{"name": s.name, "label": s.label, "available": offered.get(s.name) == "",
             "reason": offered[s.name] if s.name in offered else flow.permission_refusal(s.name, item, user)}
            for s in flow.steps.values() if s.api or not api_only]


class CaseSteps(APIView):
    flow: Workflow
    cases: Callable  # user → the cases they may see; any other is 404
    api_only = False

    def get(self, request, pk):
        item = get_object_or_404(self.cases(request.user), pk=pk)
        return Response(listing(self.flow, item, request.user, api_only=self.api_only))


def view(*, flow: Workflow, cases: Callable, noun: str, tags: list[str], operation_id: str,
         api_only: bool = False, note: str = "") -> type[CaseSteps]:
    """The steps view of one kind of case, with its schema."""
    schema = extend_schema(
        tags=tags, responses={200: StepSerializer(many=True)}, operation_id=operation_id,
        summary=f"{noun}的办理步骤及当前能否办理",
        description=f"按办理顺序列出{noun}的每一个步骤，以及您现在能否办理、不能办理的原因"
                    f"（工作台页面与 POST 操作依据同一规则）。{note}")
    attrs = {"flow": flow, "cases": staticmethod(cases), "api_only": api_only}
    return extend_schema_view(get=schema)(type(f"{operation_id.title().replace('_', '')}", (CaseSteps,), attrs))
