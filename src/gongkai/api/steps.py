"""`GET …/steps/` of every case with a workflow: each step of the case in handling order, whether
the caller can take it now and, if not, why (the words the workbench shows)."""

from rest_framework import serializers


class StepSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="步骤名：即 POST …/<name>/ 的操作名")
    label = serializers.CharField(help_text="步骤名称")
    available = serializers.BooleanField(help_text="您现在能否办理这一步")
    reason = serializers.CharField(help_text="不能办理的原因；能办理时为空")


def listing(steps, offers, no_right: str = "您没有执行此操作的权限") -> list[dict]:
    """`steps`: the workflow's steps in order; `offers`: its offers to the caller (the steps they
    have the right to, each with why not now)."""
    offered = {o.step.name: o.reason for o in offers}
    return [{"name": s.name, "label": s.label, "available": offered.get(s.name) == "",
             "reason": offered.get(s.name, no_right)} for s in steps]
