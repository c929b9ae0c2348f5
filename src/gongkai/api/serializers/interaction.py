"""Serializers of the mailbox's API: the public Q&A and topics, what a writer sends and is
answered (none of their personal data), a staff member's view of a letter (the writer masked
through `selectors.writer_view`), and a step's request and answer."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai.interaction import selectors, services
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

from ..schema import choices_text


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="错误说明")


class LetterTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterTopic
        fields = ["id", "code", "name"]
        extra_kwargs = {"id": {"help_text": "分类 id"}, "code": {"help_text": "分类编码"},
                        "name": {"help_text": "分类名称"}}


class PublicQASerializer(serializers.Serializer):
    """A published letter with its reply, in the public text only (`selectors.public_text`)."""

    id = serializers.IntegerField(help_text="问答 id")
    kind = serializers.CharField(help_text="来信类型代码：" + choices_text(Kind.choices))
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


def _text(help_text: str, max_length: int):
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, help_text=help_text,
                                 error_messages={"max_length": f"不能超过 {max_length} 个字", "invalid": "应为文本"})


class LetterSubmitSerializer(serializers.Serializer):
    """What a citizen sends; the service checks it and its Chinese messages come back per field."""

    body = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="收信机关：公开主体 id（见 /api/v1/bodies/）；不填则为市局",
                                    error_messages={"invalid": "body 应为公开主体 id（整数）"})
    kind = serializers.CharField(required=False, allow_blank=True,
                                 help_text="来信类型（必填）：" + choices_text(Kind.choices))
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
    provisional = serializers.BooleanField(help_text="为 true 时答复期限含尚未公布节假日安排的年份，按周一至周五并扣除法定节假日暂定")


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
                                           help_text="满意程度：" + choices_text(Satisfaction.choices),
                                           error_messages={"invalid_choice": "请选择满意程度",
                                                           "required": "请选择满意程度"})
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="意见和建议（选填）",
                                    error_messages={"max_length": "意见不能超过 500 个字"})


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
    status = serializers.CharField(help_text="状态代码：" + choices_text(Status.choices))
    status_label = serializers.CharField(source="get_status_display", help_text="状态")
    kind = serializers.CharField(help_text="来信类型代码：" + choices_text(Kind.choices))
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
                                    help_text="来信渠道（必填，网站来信除外）：" + choices_text(
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
    status = serializers.CharField(help_text="办理后的状态代码：" + choices_text(Status.choices))
    due_on = serializers.DateField(help_text="答复期限")
    provisional = serializers.BooleanField(help_text="答复期限是否暂定")
