from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core import ratelimit
from gongkai.core import services as core_services
from gongkai.core.access import has_capability, scope_units
from gongkai.core.calendar import add_working_days
from gongkai.core.models import AuditEvent, CalendarYear, DisclosureBody, Unit
from gongkai.core.permissions import Capability

from ..serializers import core as s


class HasCapability(permissions.BasePermission):
    """Staff endpoints name the capability they need in `required_capability`."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not has_capability(request.user, view.required_capability):
            raise PermissionDenied("您没有执行此操作的权限")
        return True


class WorkdaysAddView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="工作日期限计算",
        description="返回起算日之后第 N 个工作日（起算日当天不计入），按国务院节假日安排含调休；"
                    "期间含未录入年份时 provisional 为 true。",
        parameters=[s.WorkdaysQuerySerializer],
        responses={200: s.WorkdaysResultSerializer},
        tags=["公共"],
    )
    def get(self, request):
        query = s.WorkdaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["days"]
        due = add_working_days(start, days, query.validated_data["region"])
        return Response({"start": start.isoformat(), "days": days, "due": due.date.isoformat(),
                         "provisional": due.provisional})


@extend_schema(tags=["公共"], summary="工作日历（某年的放假和调休日期）")
class CalendarYearView(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.CalendarYearSerializer

    def get_object(self):
        from django.shortcuts import get_object_or_404

        region = self.request.query_params.get("region", "CN")
        return get_object_or_404(CalendarYear.objects.prefetch_related("days"), region=region,
                                 year=self.kwargs["year"])

    @extend_schema(parameters=[OpenApiParameter("region", str, description="地区代码，默认 CN")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["公共"], summary="信息公开主体及联系方式")
class DisclosureBodyListView(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.DisclosureBodySerializer
    queryset = DisclosureBody.objects.select_related("unit").order_by("unit__path")
    pagination_class = None


@extend_schema(tags=["工作人员"], summary="当前用户")
class MeView(generics.RetrieveAPIView):
    serializer_class = s.MeSerializer

    def get_object(self):
        return self.request.user


@extend_schema(tags=["工作人员"], summary="单位（本人权限范围内）")
class UnitListView(generics.ListAPIView):
    serializer_class = s.UnitSerializer
    filterset_fields = ["level", "is_active"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Unit.objects.none()
        user = self.request.user
        # Every staff member may see the units their roles reach; administrators see all.
        capabilities = {c for role in user.roles.all() for c in role.capabilities}
        units = None
        for capability in capabilities:
            scoped = scope_units(user, capability)
            units = scoped if units is None else units | scoped
        if units is None:
            return Unit.objects.none()
        return units.distinct().select_related("parent", "body").order_by("path")


@extend_schema(tags=["工作人员"], summary="审计日志（安全审计员、政务公开办）")
class AuditEventListView(generics.ListAPIView):
    serializer_class = s.AuditEventSerializer
    permission_classes = [HasCapability]
    required_capability = Capability.AUDIT_VIEW
    queryset = AuditEvent.objects.all()
    filterset_fields = ["action", "object_type", "object_id"]


class ObtainToken(APIView):
    """A key for the API, shown once; the login lockout applies as on the workbench."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(tags=["认证"], summary="申请接口令牌", request=s.TokenRequest,
                   responses={200: inline_serializer("TokenIssued", {
                       "token": serializers.CharField(), "expires_at": serializers.DateTimeField()})})
    def post(self, request):
        if not ratelimit.login_allowed(request):
            raise exceptions.Throttled(detail=ratelimit.LOGIN_STOPPED)
        data = s.TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request=request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if user is None:
            raise exceptions.AuthenticationFailed("用户名或密码不正确")
        token, key = core_services.issue_api_token(user=user, second_factor_code=data.validated_data.get("otp", ""))
        return Response({"token": key, "expires_at": token.expires_at})
