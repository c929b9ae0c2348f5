"""API of disclosure on application.

Public: submit an application (anonymous, no session so no CSRF), follow it with tracking number
and query code, download the notices visible to the applicant. Every public answer is built from
`selectors.public_view` and lists its fields explicitly: no applicant data leaves through it
(privacy-lessons.md). A wrong code and an unknown number get the same 404.

Staff: read the cases in their scope; the applicant's personal fields come through
`selectors.applicant_view`, masked unless the user may see them."""

import time

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.applications import selectors, services
from gongkai.applications.models import (
    Application,
    CaseEvent,
    Notice,
    Status,
)
from gongkai.core.middleware import client_ip
from gongkai.core.models import DisclosureBody, Unit
from gongkai.core.ratelimit import hit, parse_rate

from ..schema import choices_text
from ..serializers.applications import (
    ApplicationReceiptSerializer,
    ApplicationStatusSerializer,
    ApplicationSubmitSerializer,
    NotFoundSerializer,
    StaffApplicationDetailSerializer,
    StaffApplicationSerializer,
)

NOT_FOUND = "未找到与受理编号和查询码相符的申请，请核对后重试"
TOO_MANY = "操作过于频繁，请稍后再试。"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _limit(request, scope: str, rate_setting: str) -> None:
    """Shared with the portal form (same scopes and settings): one budget per client address."""
    rate = getattr(settings, rate_setting)
    if not hit(scope, client_ip(request) or "-", rate):
        period = parse_rate(rate)[1]
        raise Throttled(wait=period - int(time.time()) % period, detail=TOO_MANY)


# --- Public: submit -------------------------------------------------------------------------

def _notice_url(app: Application, notice: Notice, ext: str) -> str:
    return reverse("api-public-application-notice", args=[app.tracking_number, notice.pk, ext])


@extend_schema(
    tags=["依申请公开"], summary="提交政府信息公开申请",
    description="匿名提交，无须登录。成功时返回受理编号和查询码（查询码只返回这一次）。"
                "字段错误返回 400，按字段给出中文说明；同一地址提交过于频繁时返回 429。",
    request=ApplicationSubmitSerializer,
    responses={201: ApplicationReceiptSerializer,
               400: OpenApiResponse(description="字段错误：{字段名: [中文说明]}"),
               429: OpenApiResponse(NotFoundSerializer, description="操作过于频繁")})
class PublicApplicationSubmit(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # no session: anonymous JSON clients need no CSRF token

    def post(self, request):
        serializer = ApplicationSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if v is not None}
        body_id = data.pop("body", None)
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        body = bodies.filter(pk=body_id).first() if body_id else bodies.first()
        if body is None:
            raise ValidationError({"body": ["未找到该公开主体"]})
        # Check first, count after: only what would be written uses up the client's budget.
        services.clean_application(data)
        _limit(request, "apply", "GONGKAI_RATE_APPLY")
        app, code = services.submit_online(body=body, data=data)
        answer = ApplicationReceiptSerializer({
            "tracking_number": app.tracking_number, "query_code": code, "received_on": app.received_on,
            "due_on": app.due_on, "provisional": app.due_provisional})
        return Response(answer.data, status=status.HTTP_201_CREATED)


CODE_PARAMETER = OpenApiParameter("code", str, required=True, description="查询码（提交申请时取得）")


def _find(request, tracking_number: str) -> Application | None:
    _limit(request, "lookup", "GONGKAI_RATE_LOOKUP")
    return selectors.find_for_applicant(tracking_number, request.query_params.get("code", ""))


def _not_found() -> Response:
    # Built here rather than raised, so the answer is the same text for both cases.
    return Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)


@extend_schema(
    tags=["依申请公开"], summary="查询申请办理进度",
    description="凭受理编号和查询码查询。受理编号不存在与查询码错误时的应答完全相同（404）。查询过于频繁时返回 429。",
    parameters=[CODE_PARAMETER],
    responses={200: ApplicationStatusSerializer, 404: NotFoundSerializer, 429: NotFoundSerializer})
class PublicApplicationStatus(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request, tracking_number):
        app = _find(request, tracking_number)
        if app is None:
            return _not_found()
        view = selectors.public_view(app)
        view["notices"] = [{"number": n.number, "title": n.title, "issued_on": n.issued_on,
                            "pdf_url": _notice_url(app, n, "pdf"), "docx_url": _notice_url(app, n, "docx")}
                           for n in selectors.public_notices(app)]
        return Response(ApplicationStatusSerializer(view).data)


@extend_schema(
    tags=["依申请公开"], summary="下载申请人可见的文书（PDF 或 DOCX）",
    description="须附查询码；受理编号、查询码或文书不符时一律返回 404。",
    parameters=[CODE_PARAMETER],
    responses={(200, "application/pdf"): OpenApiTypes.BINARY,
               (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY,
               404: NotFoundSerializer, 429: NotFoundSerializer})
class PublicApplicationNotice(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def perform_content_negotiation(self, request, force=False):
        # A client asking for application/pdf still gets a JSON error when there is one.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, tracking_number, notice_id, ext):
        app = _find(request, tracking_number)
        notice = selectors.public_notices(app).filter(pk=notice_id).first() if app else None
        if notice is None or ext not in CONTENT_TYPES:
            return _not_found()
        response = HttpResponse(bytes(notice.pdf if ext == "pdf" else notice.docx), content_type=CONTENT_TYPES[ext])
        response["Content-Disposition"] = (f"attachment; filename=\"notice-{notice.pk}.{ext}\"; "
                                           f"filename*=UTF-8''{escape_uri_path(f'{notice.number}{notice.title}.{ext}')}")
        response["Cache-Control"] = "no-store, private"
        return response


# --- Staff: read ----------------------------------------------------------------------------

@extend_schema(tags=["工作人员"], summary="政府信息公开申请（本人权限范围内）", parameters=[
    OpenApiParameter("status", str, description="状态：" + choices_text(Status.choices)),
    OpenApiParameter("unit", int, description="承办单位 id（含下级单位）")])
class StaffApplicationList(generics.ListAPIView):
    serializer_class = StaffApplicationSerializer
    filter_backends = []

    def get_queryset(self):
        # Consultations feed the clock behind `urgency`: one query for the page, not one per row.
        qs = selectors.staff_applications(self.request.user).prefetch_related("consultations")
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        raw_unit = params.get("unit", "")
        if raw_unit:
            # "²" is a digit to str.isdigit() but not to int(); an id past 64 bits is no unit either.
            is_id = raw_unit.isascii() and raw_unit.isdigit() and len(raw_unit) <= 18
            unit = Unit.objects.filter(pk=int(raw_unit)).first() if is_id else None
            qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
        return qs.order_by("-submitted_at", "-id")


@extend_schema(tags=["工作人员"], summary="一件政府信息公开申请：计时、征求意见、文书、办理过程")
class StaffApplicationDetail(generics.RetrieveAPIView):
    serializer_class = StaffApplicationDetailSerializer

    def get_queryset(self):
        return selectors.staff_applications(self.request.user).prefetch_related(
            "consultations", Prefetch("notices", queryset=Notice.objects.defer("pdf", "docx")
                                      .prefetch_related("deliveries")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")))
