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
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core import clock
from gongkai.core.middleware import client_ip
from gongkai.core.models import DisclosureBody, Unit
from gongkai.core.ratelimit import hit, parse_rate
from gongkai.interaction import selectors, services, workflow
from gongkai.interaction.models import (
    Kind,
    Letter,
    LetterChannel,
    LetterEvent,
    LetterNote,
    LetterTopic,
    Satisfaction,
    Status,
)

from . import steps

NOT_FOUND = "未找到与来信编号和查询码相符的来信，请核对后重试"
TOO_MANY = "操作过于频繁，请稍后再试。"


def _limit(request, scope: str, rate_setting: str) -> None:
    rate = getattr(settings, rate_setting)
    if not hit(scope, client_ip(request) or "-", rate):
        period = parse_rate(rate)[1]
        raise Throttled(wait=period - int(time.time()) % period, detail=TOO_MANY)


def _choices_text(choices) -> str:
    return "；".join(f"{value}＝{label}" for value, label in choices)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="错误说明")


# --- Public: the Q&A --------------------------------------------------------------------------

class LetterTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterTopic
        fields = ["id", "code", "name"]
        extra_kwargs = {"id": {"help_text": "分类 id"}, "code": {"help_text": "分类编码"},
                        "name": {"help_text": "分类名称"}}


class PublicQASerializer(serializers.Serializer):
    """A published letter with its reply, in the public text only (`selectors.public_text`)."""

    id = serializers.IntegerField(help_text="问答 id")
    kind = serializers.CharField(help_text="来信类型代码：" + _choices_text(Kind.choices))
    kind_label = serializers.CharField(source="get_kind_display", help_text="来信类型")
    topic = serializers.CharField(source="topic.name", help_text="来信分类")
    subject = serializers.SerializerMethodField(help_text="标题（公开文本）")
    content = serializers.SerializerMethodField(help_text="来信内容（公开文本，已去除个人信息）")
    reply = serializers.SerializerMethodField(help_text="答复内容（公开文本）")
    reply_unit = serializers.CharField(source="unit.name", help_text="答复单位")
    received_on = serializers.DateField(help_text="来信日期")
    replied_on = serializers.DateField(help_text="答复日期")
    published_at = serializers.DateTimeField(help_text="公开时间")
    url = serializers.SerializerMethodField(help_text="门户网站页面地址")

    def get_subject(self, letter) -> str:
        return selectors.public_text(letter)["subject"]

    def get_content(self, letter) -> str:
        return selectors.public_text(letter)["content"]

    def get_reply(self, letter) -> str:
        return selectors.public_text(letter)["reply"]

    def get_url(self, letter) -> str:
        return f"/hudong/{letter.pk}/"


@extend_schema(tags=["互动交流"], summary="来信分类")
class LetterTopicList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = LetterTopicSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.public_topics()


@extend_schema(tags=["互动交流"], summary="公开的来信与答复（问答）", parameters=[
    OpenApiParameter("kind", str, description="来信类型代码：" + _choices_text(Kind.choices)),
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

def _text(help_text: str, max_length: int):
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, help_text=help_text,
                                 error_messages={"max_length": f"不能超过 {max_length} 个字", "invalid": "应为文本"})


class LetterSubmitSerializer(serializers.Serializer):
    """What a citizen sends; the service checks it and its Chinese messages come back per field."""

    body = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="收信机关：公开主体 id（见 /api/v1/bodies/）；不填则为市局",
                                    error_messages={"invalid": "body 应为公开主体 id（整数）"})
    kind = serializers.CharField(required=False, allow_blank=True,
                                 help_text="来信类型（必填）：" + _choices_text(Kind.choices))
    topic = serializers.CharField(required=False, allow_blank=True,
                                  help_text="来信分类编码或 id（必填，见 /api/v1/interaction/topics/）")
    subject = _text("标题（必填）", services.SUBJECT_MAX)
    content = _text("来信内容（必填）", services.CONTENT_MAX)
    writer_name = _text("姓名：投诉、举报、求助和局长信箱须填写，咨询和建议可不填", 100)
    phone = _text("联系电话：手机号码或带区号的固定电话", 30)
    email = _text("电子邮箱", 254)
    wants_reply = serializers.BooleanField(required=False, default=True,
                                           help_text="是否需要答复；需要的，联系电话和电子邮箱至少填一项")
    consent_publish = serializers.BooleanField(required=False, default=False,
                                               help_text="是否同意去除个人信息后将来信和答复作为问答公开")


class LetterReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="来信编号")
    query_code = serializers.CharField(help_text="查询码：只在此次应答中返回一次，本机关不保存原文，请妥善保管")
    received_on = serializers.DateField(help_text="收信日期")
    due_on = serializers.DateField(help_text="答复期限")
    provisional = serializers.BooleanField(help_text="为 true 时答复期限含尚未公布节假日安排的年份，按周一至周五暂定")


class LetterStatusSerializer(serializers.Serializer):
    """`selectors.public_view`: the writer's own letter, without any contact details."""

    tracking_number = serializers.CharField(help_text="来信编号")
    body = serializers.CharField(help_text="收信机关")
    kind = serializers.CharField(help_text="来信类型")
    topic = serializers.CharField(help_text="来信分类")
    subject = serializers.CharField(help_text="标题")
    status = serializers.CharField(help_text="办理状态：已收到，正在分办／办理中／已答复／已办结")
    received_on = serializers.DateField(help_text="收信日期")
    due_on = serializers.DateField(allow_null=True, help_text="答复期限")
    provisional = serializers.BooleanField(help_text="答复期限是否暂定")
    reply = serializers.CharField(help_text="答复内容（答复后）")
    replied_on = serializers.DateField(allow_null=True, help_text="答复日期")
    reply_unit = serializers.CharField(help_text="答复单位")
    satisfaction = serializers.CharField(help_text="来信人的评价（已评价时）")
    may_rate = serializers.BooleanField(help_text="现在能否评价")


class RatingSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="查询码", error_messages={"required": "请填写查询码"})
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices,
                                           help_text="满意程度：" + _choices_text(Satisfaction.choices),
                                           error_messages={"invalid_choice": "请选择满意程度",
                                                           "required": "请选择满意程度"})
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="意见和建议（选填）",
                                    error_messages={"max_length": "意见不能超过 500 个字"})


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
        try:
            services.clean_letter(data)  # check first, count after: mistakes use no budget
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
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

class WriterSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="来信人姓名（按权限脱敏）")
    phone = serializers.CharField(help_text="联系电话（按权限脱敏）")
    email = serializers.CharField(help_text="电子邮箱（按权限脱敏）")
    masked = serializers.BooleanField(help_text="为 true 时以上个人信息已脱敏（不能办理该来信的承办单位）")


class StaffLetterSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.letter_name", help_text="收信机关")
    unit = serializers.IntegerField(source="unit_id", help_text="承办单位 id")
    unit_name = serializers.CharField(source="unit.name", help_text="承办单位")
    handler = serializers.CharField(source="handler.name", default="", help_text="承办人")
    topic = serializers.CharField(source="topic.name", help_text="来信分类")
    # Plain strings: enums here would collide with other apps' `status`/`kind` enums in the schema.
    status = serializers.CharField(help_text="状态代码：" + _choices_text(Status.choices))
    status_label = serializers.CharField(source="get_status_display", help_text="状态")
    kind = serializers.CharField(help_text="来信类型代码：" + _choices_text(Kind.choices))
    kind_label = serializers.CharField(source="get_kind_display", help_text="来信类型")
    channel = serializers.CharField(help_text="来信渠道代码")
    channel_label = serializers.CharField(source="get_channel_display", help_text="来信渠道")
    urgency = serializers.SerializerMethodField(help_text="期限提示，如“剩余2个工作日”“超期1个工作日”")
    writer = serializers.SerializerMethodField(help_text="来信人（按权限脱敏）")

    class Meta:
        model = Letter
        fields = ["id", "tracking_number", "body", "unit", "unit_name", "handler", "kind", "kind_label", "channel",
                  "channel_label", "topic", "subject", "status", "status_label", "received_at", "received_on",
                  "due_on", "due_provisional", "replied_on", "closed_on", "satisfaction", "published", "urgency",
                  "writer"]
        extra_kwargs = {
            "id": {"help_text": "来信 id"}, "tracking_number": {"help_text": "来信编号"},
            "subject": {"help_text": "标题"}, "received_at": {"help_text": "收信时间"},
            "received_on": {"help_text": "收信日期"}, "due_on": {"help_text": "答复期限"},
            "due_provisional": {"help_text": "答复期限是否暂定"}, "replied_on": {"help_text": "答复日期"},
            "closed_on": {"help_text": "办结日期"}, "satisfaction": {"help_text": "来信人评价"},
            "published": {"help_text": "是否已作为问答公开"},
        }

    def get_urgency(self, letter) -> str:
        return selectors.urgency(letter).label

    @extend_schema_field(WriterSerializer)
    def get_writer(self, letter) -> dict:
        return WriterSerializer(selectors.writer_view(self.context["request"].user, letter)).data


class LetterEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.name", default="", help_text="操作人")

    class Meta:
        model = LetterEvent
        fields = ["kind", "on", "at", "actor", "text"]
        extra_kwargs = {"kind": {"help_text": "环节代码"}, "on": {"help_text": "日期"}, "at": {"help_text": "记录时间"},
                        "text": {"help_text": "说明"}}


class LetterNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name", default="", help_text="备注人")

    class Meta:
        model = LetterNote
        fields = ["text", "author", "created_at"]
        extra_kwargs = {"text": {"help_text": "内部备注"}, "created_at": {"help_text": "时间"}}


class StaffLetterDetailSerializer(StaffLetterSerializer):
    events = LetterEventSerializer(many=True, read_only=True, help_text="办理过程")
    notes = LetterNoteSerializer(many=True, read_only=True, help_text="内部备注（不对来信人公开）")
    converted_to = serializers.CharField(source="converted_to.tracking_number", default="",
                                         help_text="转为的政府信息公开申请受理编号")
    source_application = serializers.CharField(source="source_application.tracking_number", default="",
                                               help_text="转来的政府信息公开申请受理编号")

    class Meta(StaffLetterSerializer.Meta):
        fields = StaffLetterSerializer.Meta.fields + [
            "content", "wants_reply", "consent_publish", "assigned_on", "reply_text", "drafted_on",
            "satisfaction_comment", "close_note", "public_subject", "public_content", "public_reply",
            "converted_to", "source_application", "events", "notes"]
        extra_kwargs = {
            **StaffLetterSerializer.Meta.extra_kwargs,
            "content": {"help_text": "来信内容"}, "wants_reply": {"help_text": "来信人是否需要答复"},
            "consent_publish": {"help_text": "来信人是否同意公开"}, "assigned_on": {"help_text": "分办日期"},
            "reply_text": {"help_text": "答复内容（待审核时为拟定的答复）"}, "drafted_on": {"help_text": "拟稿日期"},
            "satisfaction_comment": {"help_text": "评价意见"}, "close_note": {"help_text": "办结说明"},
            "public_subject": {"help_text": "公开标题"}, "public_content": {"help_text": "公开的来信内容"},
            "public_reply": {"help_text": "公开的答复内容"},
        }


class StaffLetterEntrySerializer(LetterSubmitSerializer):
    """A letter staff enter from another channel (Weibo, WeChat, QQ, phone, visit, hotline…)."""

    channel = serializers.CharField(required=False, allow_blank=True,
                                    help_text="来信渠道（必填，网站来信除外）：" + _choices_text(
                                        [c for c in LetterChannel.choices if c[0] != LetterChannel.WEBSITE]))
    received_at = serializers.CharField(required=False, allow_blank=True,
                                        help_text="收信时间（ISO 8601，如 2026-11-24T09:30）；不填为现在")

    def validate_received_at(self, value):
        """Parsed here rather than by DRF's DateTimeField, which fails with a 500 on year 1."""
        if not value:
            return None
        try:
            moment = parse_datetime(value.strip())
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise serializers.ValidationError("收信时间格式不正确，应如 2026-11-24T09:30")
        return moment


class StaffLetterReceiptSerializer(LetterReceiptSerializer):
    id = serializers.IntegerField(help_text="来信 id")


class StaffLetterList(generics.ListAPIView):
    serializer_class = StaffLetterSerializer
    filter_backends = []

    @extend_schema(tags=["工作人员"], summary="信箱来信（本人权限范围内）", parameters=[
        OpenApiParameter("status", str, description="状态：" + _choices_text(Status.choices)),
        OpenApiParameter("kind", str, description="来信类型：" + _choices_text(Kind.choices)),
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


class LetterActionSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text="assign：承办单位 id")
    handler = serializers.IntegerField(required=False, allow_null=True, help_text="assign：承办人用户 id")
    text = serializers.CharField(required=False, allow_blank=True, help_text="reply：答复内容；add_note：备注内容")
    comment = serializers.CharField(required=False, allow_blank=True, help_text="return_reply：退回意见")
    note = serializers.CharField(required=False, allow_blank=True, help_text="close：办结说明（选填）")
    public_subject = serializers.CharField(required=False, allow_blank=True, help_text="publish：公开标题")
    public_content = serializers.CharField(required=False, allow_blank=True,
                                           help_text="publish：公开的来信内容（已去除个人信息）")
    public_reply = serializers.CharField(required=False, allow_blank=True, help_text="publish：公开的答复内容")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="unpublish：撤回理由")


class LetterActionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="来信 id")
    tracking_number = serializers.CharField(help_text="来信编号")
    status = serializers.CharField(help_text="办理后的状态代码：" + _choices_text(Status.choices))
    due_on = serializers.DateField(help_text="答复期限")
    provisional = serializers.BooleanField(help_text="答复期限是否暂定")


def _assign(user, letter, d):
    if not d.get("unit"):
        raise ValidationError({"unit": ["请选择承办单位"]})
    unit = Unit.objects.filter(pk=d["unit"]).first()
    if unit is None:
        raise ValidationError({"unit": ["未找到该单位"]})
    handler = None
    if d.get("handler"):
        handler = get_user_model().objects.filter(pk=d["handler"]).first()
        if handler is None:
            raise ValidationError({"handler": ["未找到该承办人"]})
    return services.assign(actor=user, letter=letter, unit=unit, handler=handler)


# One entry per step of `interaction.workflow` the API offers, under the step's name: how the
# request's fields become the service's arguments. When a step may be taken is the workflow's.
RUN = {
    "assign": _assign,
    "reply": lambda u, lt, d: services.reply(actor=u, letter=lt, text=d.get("text", "")),
    "approve_reply": lambda u, lt, d: services.approve_reply(actor=u, letter=lt),
    "return_reply": lambda u, lt, d: services.return_reply(actor=u, letter=lt, comment=d.get("comment", "")),
    "close": lambda u, lt, d: services.close(actor=u, letter=lt, note=d.get("note", "")),
    "publish": lambda u, lt, d: services.publish(actor=u, letter=lt, subject=d.get("public_subject", ""),
                                                 content=d.get("public_content", ""), reply=d.get("public_reply", "")),
    "unpublish": lambda u, lt, d: services.unpublish(actor=u, letter=lt, reason=d.get("reason", "")),
    "add_note": lambda u, lt, d: services.add_note(actor=u, letter=lt, text=d.get("text", "")),
}
assert RUN.keys() == {s.name for s in workflow.STEPS.values() if s.api}, "the API's actions are the workflow's steps"
API_STEPS = [s for s in workflow.STEPS.values() if s.api]


class StaffLetterSteps(APIView):
    @extend_schema(tags=["工作人员"], responses={200: steps.StepSerializer(many=True)},
                   operation_id="staff_letter_steps", summary="来信办理步骤及当前能否办理",
                   description="按办理顺序列出来信的每一个步骤，以及您现在能否办理、不能办理的原因"
                               "（工作台页面与 POST 操作依据同一规则）。")
    def get(self, request, pk):
        letter = get_object_or_404(selectors.staff_letters(request.user), pk=pk)
        offers = [o for o in workflow.offers(letter, request.user) if o.step.api]
        return Response(steps.listing(API_STEPS, offers))


class StaffLetterAction(APIView):
    @extend_schema(
        tags=["工作人员"], request=LetterActionSerializer, responses={200: LetterActionResultSerializer},
        operation_id="staff_letter_action", summary="来信办理步骤：" + "、".join(RUN),
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
        RUN[step.name](request.user, letter, serializer.validated_data)
        letter.refresh_from_db()
        return Response(LetterActionResultSerializer({
            "id": letter.pk, "tracking_number": letter.tracking_number, "status": letter.status,
            "due_on": letter.due_on, "provisional": letter.due_provisional}).data)
