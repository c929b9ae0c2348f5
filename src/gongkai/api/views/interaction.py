"""API of the mailbox (互动交流).

Public: the published Q&A (public text only), the topics, writing a letter, and — with the
letter's number and query code — its status and reply, and the rating. Every public answer lists
its fields explicitly and carries none of the writer's personal data (privacy-lessons.md); a wrong
code and an unknown number get the same 404; writing and lookups are rate-limited with the same
budgets as the portal forms.

Staff: the letters in their scope, the writer's name, phone and e-mail masked unless they may
handle the letter's unit; actions through the same services as the workbench pages."""

import time

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core import clock
from gongkai.core.middleware import client_ip
from gongkai.core.models import DisclosureBody, Unit
from gongkai.core.ratelimit import hit, parse_rate
from gongkai.interaction import actions, selectors, services, workflow
from gongkai.interaction.models import (
    Kind,
    LetterEvent,
    LetterNote,
    Status,
)

from .. import steps
from ..schema import choices_text
from ..serializers.interaction import (
    DetailSerializer,
    LetterActionResultSerializer,
    LetterActionSerializer,
    LetterReceiptSerializer,
    LetterStatusSerializer,
    LetterSubmitSerializer,
    LetterTopicSerializer,
    PublicQASerializer,
    RatingSerializer,
    StaffLetterDetailSerializer,
    StaffLetterEntrySerializer,
    StaffLetterReceiptSerializer,
    StaffLetterSerializer,
)

NOT_FOUND = "未找到与来信编号和查询码相符的来信，请核对后重试"
TOO_MANY = "操作过于频繁，请稍后再试。"


def _limit(request, scope: str, rate_setting: str) -> None:
    rate = getattr(settings, rate_setting)
    if not hit(scope, client_ip(request) or "-", rate):
        period = parse_rate(rate)[1]
        raise Throttled(wait=period - int(time.time()) % period, detail=TOO_MANY)


# --- Public: the Q&A --------------------------------------------------------------------------

@extend_schema(tags=["互动交流"], summary="来信分类")
class LetterTopicList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = LetterTopicSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.public_topics()


@extend_schema(tags=["互动交流"], summary="公开的来信与答复（问答）", parameters=[
    OpenApiParameter("kind", str, description="来信类型代码：" + choices_text(Kind.choices)),
    OpenApiParameter("topic", str, description="来信分类编码")])
class PublicQAList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = PublicQASerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.public_letters()
        if self.request.query_params.get("kind"):
            qs = qs.filter(kind=self.request.query_params["kind"])
        if self.request.query_params.get("topic"):
            qs = qs.filter(topic__code=self.request.query_params["topic"])
        return qs.order_by("-published_at", "-id")


@extend_schema(tags=["互动交流"], summary="一条公开的问答")
class PublicQADetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = PublicQASerializer

    def get_queryset(self):
        return selectors.public_letters()


# --- Public: write, follow, rate ----------------------------------------------------------------

def _not_found() -> Response:
    return Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)


@extend_schema(
    tags=["互动交流"], summary="写信（咨询、投诉、举报、建议、求助、局长信箱）",
    description="匿名提交，无须登录。成功时返回来信编号和查询码（查询码只返回这一次）。字段错误返回 400，"
                "按字段给出中文说明；同一地址提交过于频繁时返回 429。",
    request=LetterSubmitSerializer,
    responses={201: LetterReceiptSerializer, 400: OpenApiResponse(description="字段错误：{字段名: [中文说明]}"),
               429: OpenApiResponse(DetailSerializer, description="操作过于频繁")})
class PublicLetterSubmit(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # no session: anonymous JSON clients need no CSRF token

    def post(self, request):
        serializer = LetterSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body_id = data.pop("body", None)
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        body = bodies.filter(pk=body_id).first() if body_id else bodies.first()
        if body is None:
            raise ValidationError({"body": ["未找到该公开主体"]})
        services.clean_letter(data)  # check first, count after: mistakes use no budget
        _limit(request, "letter", "GONGKAI_RATE_LETTER")
        letter, code = services.submit_online(body=body, data=data)
        answer = LetterReceiptSerializer({"tracking_number": letter.tracking_number, "query_code": code,
                                          "received_on": letter.received_on, "due_on": letter.due_on,
                                          "provisional": letter.due_provisional})
        return Response(answer.data, status=status.HTTP_201_CREATED)


CODE_PARAMETER = OpenApiParameter("code", str, required=True, description="查询码（写信时取得）")


@extend_schema(
    tags=["互动交流"], summary="查询来信办理情况和答复",
    description="凭来信编号和查询码查询。来信编号不存在与查询码错误时的应答完全相同（404）。查询过于频繁时返回 429。",
    parameters=[CODE_PARAMETER],
    responses={200: LetterStatusSerializer, 404: DetailSerializer, 429: DetailSerializer})
class PublicLetterStatus(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request, tracking_number):
        _limit(request, "letter_lookup", "GONGKAI_RATE_LOOKUP")
        letter = selectors.find_for_writer(tracking_number, request.query_params.get("code", ""))
        if letter is None:
            return _not_found()
        return Response(LetterStatusSerializer(selectors.public_view(letter)).data)


@extend_schema(
    tags=["互动交流"], summary="评价来信答复（每封来信一次）",
    description="须附查询码；来信编号或查询码不符时返回 404。答复前或已评价过时返回 400。",
    request=RatingSerializer,
    responses={200: LetterStatusSerializer, 400: OpenApiResponse(description="字段错误或不能评价的原因"),
               404: DetailSerializer, 429: DetailSerializer})
class PublicLetterRating(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def post(self, request, tracking_number):
        from django.contrib.auth import SESSION_KEY

        from gongkai.core.access import STAFF_REFUSED

        # A workbench session is not the writer (hole 6). DRF has already replaced request.user
        # with an anonymous one here (no authentication classes), so ask the session itself.
        if request._request.session.get(SESSION_KEY):
            raise exceptions.PermissionDenied(STAFF_REFUSED)
        _limit(request, "letter_lookup", "GONGKAI_RATE_LOOKUP")
        serializer = RatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        letter = selectors.find_for_writer(tracking_number, d["code"])
        if letter is None:
            return _not_found()
        services.rate(letter=letter, value=d["satisfaction"], comment=d.get("comment", ""))
        return Response(LetterStatusSerializer(selectors.public_view(letter)).data)


# --- Staff ------------------------------------------------------------------------------------

class StaffLetterList(generics.ListAPIView):
    serializer_class = StaffLetterSerializer
    filter_backends = []

    @extend_schema(tags=["工作人员"], summary="信箱来信（本人权限范围内）", parameters=[
        OpenApiParameter("status", str, description="状态：" + choices_text(Status.choices)),
        OpenApiParameter("kind", str, description="来信类型：" + choices_text(Kind.choices)),
        OpenApiParameter("unit", int, description="承办单位 id（含下级单位）")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["工作人员"], summary="登记其他渠道的来信（微博、微信、QQ、电话、来访、12345 热线、上级转办）",
        description="与工作台“登记来信”相同的服务和检查。成功时返回来信 id、编号和查询码（只返回这一次，"
                    "请告知来信人）；字段错误返回 400，按字段给出中文说明。",
        request=StaffLetterEntrySerializer, responses={201: StaffLetterReceiptSerializer})
    def post(self, request):
        serializer = StaffLetterEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body_id = data.pop("body", None)
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        body = bodies.filter(pk=body_id).first() if body_id else bodies.first()
        if body is None:
            raise ValidationError({"body": ["未找到该公开主体"]})
        channel = data.pop("channel", "")
        received_at = data.pop("received_at", None) or clock.now()
        letter, code = services.register(actor=request.user, body=body, data=data, channel=channel,
                                         received_at=received_at)
        answer = StaffLetterReceiptSerializer({
            "id": letter.pk, "tracking_number": letter.tracking_number, "query_code": code,
            "received_on": letter.received_on, "due_on": letter.due_on, "provisional": letter.due_provisional})
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        qs = selectors.staff_letters(self.request.user)
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("unit", "").isdigit():
            unit = Unit.objects.filter(pk=int(params["unit"])).first()
            qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
        return qs.order_by("-received_at", "-id")


@extend_schema(tags=["工作人员"], summary="一封来信：内容、答复、办理过程")
class StaffLetterDetail(generics.RetrieveAPIView):
    serializer_class = StaffLetterDetailSerializer

    def get_queryset(self):
        return selectors.staff_letters(self.request.user).select_related(
            "converted_to", "source_application").prefetch_related(
            Prefetch("events", queryset=LetterEvent.objects.select_related("actor")),
            Prefetch("notes", queryset=LetterNote.objects.select_related("author")))


StaffLetterSteps = steps.view(flow=workflow.FLOW, cases=selectors.staff_letters, noun="来信", tags=["工作人员"],
                              operation_id="staff_letter_steps", api_only=True,
                              note="转为依申请公开在工作台办理，不在此列出。")


class StaffLetterAction(APIView):
    @extend_schema(
        tags=["工作人员"], request=LetterActionSerializer, responses={200: LetterActionResultSerializer},
        operation_id="staff_letter_action", summary="来信办理步骤：" + "、".join(actions.LETTER),
        description="assign 分办（政务公开办）；reply 答复（承办单位；需审核时报政务公开办审核）；approve_reply 审核通过；"
                    "return_reply 退回修改；close 办结；add_note 内部备注；publish 经来信人同意、去除个人信息后作为问答公开"
                    "（公开文本仍含个人信息时返回 400 并列出位置）；unpublish 撤回公开。每一步当前能否办理及原因见 "
                    "GET …/steps/。旧的操作名在本版本内仍可使用（approve → approve_reply；return → return_reply；"
                    "note → add_note），下一版本起停用。回答为办理后的来信编号、状态与答复期限。")
    def post(self, request, pk, action):
        step = workflow.step(action)
        if step is None or not step.api:
            raise ValidationError({"detail": "未知的操作"})
        letter = get_object_or_404(selectors.staff_letters(request.user), pk=pk)
        serializer = LetterActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.LETTER[step.name](request.user, letter, serializer.validated_data)
        letter.refresh_from_db()
        return Response(LetterActionResultSerializer({
            "id": letter.pk, "tracking_number": letter.tracking_number, "status": letter.status,
            "due_on": letter.due_on, "provisional": letter.due_provisional}).data)
