"""API of proactive disclosure: public read of published items; staff writes through the same
services as the workbench pages, the review steps through the same table (`publications.actions`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core.access import scope_units
from gongkai.core.permissions import Capability
from gongkai.publications import actions, selectors, services, workflow
from gongkai.publications.models import CatalogTopic, Publication

from .. import params as query
from .. import steps
from ..serializers.publications import (
    ActionSerializer,
    PublicPublicationSerializer,
    StaffCreateSerializer,
    StaffPublicationSerializer,
    TopicSerializer,
    WithdrawnPublicationSerializer,
)

P = Publication


@extend_schema(tags=["主动公开"], summary="已发布的公开信息", parameters=[
    OpenApiParameter("topic", str, description="主题分类编码（含下级）"),
    OpenApiParameter("body", str, description="公开主体单位代码"),
    OpenApiParameter("year", int, description="发布年份")])
class PublicPublicationList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPublicationSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.public_publications().prefetch_related("channels").order_by("-published_at", "-id")
        params = self.request.query_params
        if params.get("topic"):
            topic = CatalogTopic.objects.filter(code=params["topic"]).first()
            qs = qs.filter(topic__path__startswith=topic.path) if topic else qs.none()
        if params.get("body"):
            qs = qs.filter(body__unit__code=params["body"])
        if year := query.year(params):
            qs = qs.filter(published_at__year=year)
        return qs


@extend_schema(tags=["主动公开"], summary="一条已发布的公开信息",
               description="被依法变更、撤销、确认违法或者确认无效而撤回的行政执法决定答 410，只含撤回说明"
                           "（行政处罚法第四十八条第二款），与网站上原网址所示相同。",
               responses={200: PublicPublicationSerializer, 410: WithdrawnPublicationSerializer})
class PublicPublicationDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPublicationSerializer

    def get_queryset(self):
        return selectors.public_publications().prefetch_related("channels")

    def retrieve(self, request, *args, **kwargs):
        withdrawn = selectors.withdrawal_statements().filter(pk=kwargs.get("pk")).first()
        if withdrawn is not None:
            return Response(WithdrawnPublicationSerializer(withdrawn).data, status=status.HTTP_410_GONE)
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["主动公开"], summary="主题分类（目录树）")
class TopicList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = TopicSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.public_topics()


@extend_schema(tags=["工作人员"], summary="公开信息（本人权限范围内）；POST 起草")
class StaffPublicationList(generics.ListCreateAPIView):
    filterset_fields = ["status", "attribute"]

    def get_serializer_class(self):
        return StaffCreateSerializer if self.request.method == "POST" else StaffPublicationSerializer

    def get_queryset(self):
        return selectors.staff_publications(self.request.user).prefetch_related("channels").order_by("-id")

    def create(self, request, *args, **kwargs):
        serializer = StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = scope_units(request.user, Capability.PUBLICATIONS_DRAFT).filter(pk=data.pop("unit")).first()
        if unit is None:
            raise PermissionDenied("您不能以该单位的名义起草信息")
        channels = data.pop("channels", None)
        pub = services.create_draft(actor=request.user, unit=unit, channels=channels, **data)
        return Response(StaffPublicationSerializer(pub).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["工作人员"], summary="一条公开信息；PATCH 修改草稿")
class StaffPublicationDetail(generics.RetrieveUpdateAPIView):
    serializer_class = StaffPublicationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.staff_publications(self.request.user)

    def update(self, request, *args, **kwargs):
        pub = self.get_object()
        serializer = StaffPublicationSerializer(pub, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        channels = data.pop("channels", None)
        pub = services.update_draft(actor=request.user, publication=pub, channels=channels, **data)
        return Response(StaffPublicationSerializer(pub).data)


STEP_LIST = "；".join(f"{name} {workflow.STEPS[name].label}" for name in actions.PUBLICATION)
ALIAS_LIST = "；".join(f"{old} → {new}" for old, new in workflow.ALIASES.items())


StaffPublicationSteps = steps.view(flow=workflow.FLOW, cases=selectors.staff_publications, noun="公开信息",
                                   tags=["工作人员"], operation_id="staff_publication_steps",
                                   note="附件、敏感信息处理与更正只在工作台办理，其步骤也一并列出。")


class StaffPublicationAction(APIView):
    @extend_schema(tags=["工作人员"], summary="审核流程操作：" + "、".join(actions.PUBLICATION),
                   description=f"步骤：{STEP_LIST}。每一步当前能否办理及原因见 GET …/steps/。"
                               f"旧的操作名在本版本内仍可使用（{ALIAS_LIST}），下一版本起停用。"
                               "修改草稿用 PATCH；附件、敏感信息检查与更正在工作台办理。",
                   request=ActionSerializer, responses={200: StaffPublicationSerializer},
                   operation_id="staff_publication_action")
    def post(self, request, pk, action):
        step = workflow.step(action)
        if step is None:
            raise ValidationError({"detail": "未知的操作"})
        if step.name not in actions.PUBLICATION:
            raise ValidationError({"detail": f"“{step.label}”不能通过本接口办理：{actions.ELSEWHERE[step.name]}"})
        pub = generics.get_object_or_404(selectors.staff_publications(request.user), pk=pk)
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.PUBLICATION[step.name](request.user, pub, data.validated_data)
        pub.refresh_from_db()
        return Response(StaffPublicationSerializer(pub).data)
