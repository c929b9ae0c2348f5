"""API of incident bulletins and service guides: public read of what is published; staff writes
through the same services (and permission checks) as the workbench pages. The staff actions are
the steps of `bulletins.workflow`, under the steps' names; `GET …/steps/` says which the caller can
take now and why not the others."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.bulletins import actions, selectors, services, workflow
from gongkai.bulletins.models import GuideCategory
from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody

from .. import params as query
from .. import steps
from ..serializers.bulletins import (
    BulletinActionSerializer,
    GuideCategorySerializer,
    PublicBulletinSerializer,
    PublicGuideSerializer,
    StaffBulletinCreateSerializer,
    StaffBulletinSerializer,
    StaffGuideSerializer,
)

# --- Public read ----------------------------------------------------------------------------

@extend_schema(tags=["警情通报与办事指南"], summary="已发布的警情通报", parameters=[
    OpenApiParameter("body", str, description="公开主体单位代码"),
    OpenApiParameter("year", int, description="年份（ISO 周所属年份）")])
class PublicBulletinList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicBulletinSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.public_bulletins().order_by("-week_start", "body__unit__path")
        params = self.request.query_params
        if params.get("body"):
            qs = qs.filter(body__unit__code=params["body"])
        if year := query.year(params):
            qs = qs.filter(year=year)
        return qs


@extend_schema(tags=["警情通报与办事指南"], summary="一份已发布的警情通报")
class PublicBulletinDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicBulletinSerializer

    def get_queryset(self):
        return selectors.public_bulletins()


@extend_schema(tags=["警情通报与办事指南"], summary="已发布的办事指南", parameters=[
    OpenApiParameter("category", str, description="类别代码，如 huzheng")])
class PublicGuideList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicGuideSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.public_guides().prefetch_related("forms")
        if self.request.query_params.get("category"):
            qs = qs.filter(category__code=self.request.query_params["category"])
        return qs


@extend_schema(tags=["警情通报与办事指南"], summary="一份已发布的办事指南")
class PublicGuideDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicGuideSerializer

    def get_queryset(self):
        return selectors.public_guides().prefetch_related("forms")


@extend_schema(tags=["警情通报与办事指南"], summary="办事指南类别")
class GuideCategoryList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = GuideCategorySerializer
    pagination_class = None
    filter_backends = []
    queryset = GuideCategory.objects.all()


# --- Staff write ----------------------------------------------------------------------------

@extend_schema(tags=["工作人员"], summary="警情通报（本人权限范围内）；POST 填报")
class StaffBulletinList(generics.ListCreateAPIView):
    filterset_fields = ["status", "year"]

    def get_serializer_class(self):
        return StaffBulletinCreateSerializer if self.request.method == "POST" else StaffBulletinSerializer

    def get_queryset(self):
        return selectors.staff_bulletins(self.request.user).order_by("-week_start", "-id")

    @extend_schema(request=StaffBulletinCreateSerializer, responses={201: StaffBulletinSerializer})
    def post(self, request, *args, **kwargs):
        serializer = StaffBulletinCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body = DisclosureBody.objects.filter(unit__code=data.pop("body")).select_related("unit").first()
        if body is None:
            raise ValidationError({"body": "不是已设立的公开主体"})
        bulletin = services.create_bulletin(actor=request.user, body=body, **data)
        return Response(StaffBulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["工作人员"], summary="一份警情通报；PATCH 修改草稿")
class StaffBulletinDetail(generics.RetrieveUpdateAPIView):
    serializer_class = StaffBulletinSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.staff_bulletins(self.request.user)

    def update(self, request, *args, **kwargs):
        bulletin = self.get_object()
        serializer = StaffBulletinSerializer(bulletin, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k in services.BULLETIN_FIELDS}
        bulletin = services.update_bulletin(actor=request.user, bulletin=bulletin, **fields)
        return Response(StaffBulletinSerializer(bulletin).data)


def _step_list(flow: workflow.Workflow) -> str:
    return "；".join(f"{s.name} {s.label}" for s in flow.steps.values())


def _take(run: dict, action: str, request, items, pk: int):
    """Take the step `action` on the item `pk` of `items` (those in the caller's reach); 400
    "未知的操作" for a name that is not an action."""
    if action not in run:
        raise ValidationError({"detail": "未知的操作"})
    item = generics.get_object_or_404(items, pk=pk)
    data = BulletinActionSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    result = run[action](request.user, item, data.validated_data)
    result.refresh_from_db()
    return result


StaffBulletinSteps = steps.view(flow=workflow.BULLETIN, cases=selectors.staff_bulletins, noun="警情通报",
                                tags=["工作人员"], operation_id="staff_bulletin_steps", note="update（修改草稿）用 PATCH。")


class StaffBulletinAction(APIView):
    @extend_schema(tags=["工作人员"], summary="警情通报操作：" + "、".join(actions.BULLETIN) + "（correct 返回更正版本）",
                   description=f"步骤：{_step_list(workflow.BULLETIN)}。修改草稿（update）用 PATCH。"
                               "每一步当前能否办理及原因见 GET …/steps/。",
                   request=BulletinActionSerializer, responses={200: StaffBulletinSerializer},
                   operation_id="staff_bulletin_action")
    def post(self, request, pk, action):
        bulletin = _take(actions.BULLETIN, action, request, selectors.staff_bulletins(request.user), pk)
        return Response(StaffBulletinSerializer(bulletin).data)


@extend_schema(tags=["工作人员"], summary="办事指南（本人权限范围内）；POST 起草")
class StaffGuideList(generics.ListCreateAPIView):
    serializer_class = StaffGuideSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.staff_guides(self.request.user).order_by("category__sort_order", "name")

    def create(self, request, *args, **kwargs):
        serializer = StaffGuideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = scope_units(request.user, services.GUIDE_CAPABILITY).filter(pk=data.pop("unit_id")).first()
        if unit is None:
            raise PermissionDenied("您不能以该单位的名义维护办事指南")
        guide = services.create_guide(actor=request.user, unit=unit, **data)
        return Response(StaffGuideSerializer(guide).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["工作人员"], summary="一份办事指南；PATCH 修改")
class StaffGuideDetail(generics.RetrieveUpdateAPIView):
    serializer_class = StaffGuideSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.staff_guides(self.request.user)

    def update(self, request, *args, **kwargs):
        guide = self.get_object()
        serializer = StaffGuideSerializer(guide, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = None
        if "unit_id" in data:
            unit = scope_units(request.user, services.GUIDE_CAPABILITY).filter(pk=data.pop("unit_id")).first()
            if unit is None:
                raise PermissionDenied("您不能以该单位的名义维护办事指南")
        guide = services.update_guide(actor=request.user, guide=guide, unit=unit, **data)
        return Response(StaffGuideSerializer(guide).data)


StaffGuideSteps = steps.view(flow=workflow.GUIDE, cases=selectors.staff_guides, noun="办事指南", tags=["工作人员"],
                             operation_id="staff_guide_steps", note="update（修改）用 PATCH。")


class StaffGuideAction(APIView):
    @extend_schema(tags=["工作人员"], summary="办事指南操作：" + "、".join(actions.GUIDE),
                   description=f"步骤：{_step_list(workflow.GUIDE)}。修改（update）用 PATCH。"
                               "每一步当前能否办理及原因见 GET …/steps/。",
                   request=BulletinActionSerializer, responses={200: StaffGuideSerializer},
                   operation_id="staff_guide_action")
    def post(self, request, pk, action):
        guide = _take(actions.GUIDE, action, request, selectors.staff_guides(request.user), pk)
        return Response(StaffGuideSerializer(guide).data)
