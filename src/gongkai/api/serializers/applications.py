"""Serializers of the applications' API: what a citizen submits and is answered, a staff member's
view of a case (the applicant masked through `selectors.applicant_view`), and a step's request and
answer. Every field is listed explicitly: nothing of the staff side leaks by default."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai.applications import deadlines, outcomes, selectors
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    CaseEvent,
    Collection,
    Consultation,
    IdType,
    Medium,
    Notice,
    Remedy,
    Status,
)

from ..schema import choices_text


def _text(help_text: str, max_length: int, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, help_text=help_text,
                                 error_messages={"max_length": f"不能超过 {max_length} 个字",
                                                 "invalid": "应为文本"}, **kwargs)


def _choice(choices, help_text: str, label: str, **kwargs):
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True,
                                   help_text=f"{help_text}（{choices_text(choices)}）",
                                   error_messages={"invalid_choice": f"请选择{label}"}, **kwargs)


class ApplicationSubmitSerializer(serializers.Serializer):
    """What a citizen submits (Art. 29). The service checks it; its Chinese messages come back per field."""

    body = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="受理机关：公开主体 id（见 /api/v1/bodies/ 接口）；不填则为市局",
                                    error_messages={"invalid": "body 应为公开主体 id（整数）"})
    applicant_kind = _choice(ApplicantKind.choices, "申请人类型：自然人或五类法人、其他组织", "申请人类型")
    name = _text("自然人姓名，或法人、其他组织的名称", 100)
    id_type = _choice(IdType.choices, "证件类型（自然人必填）", "证件类型")
    id_number = _text("证件号码（自然人必填；居民身份证校验末位校验码）", 40)
    credit_code = _text("统一社会信用代码（法人或其他组织必填，18位，校验末位校验码）", 18)
    legal_representative = _text("法定代表人或负责人（法人或其他组织必填）", 40)
    contact_name = _text("联系人（法人或其他组织必填）", 40)
    phone = _text("联系电话：手机号码或带区号的固定电话（必填）", 30)
    email = _text("电子邮箱", 254)
    address = _text("通信地址", 200)
    postcode = _text("邮政编码，6位数字", 6)
    description = _text("所需政府信息的名称、文号或者便于查询的其他特征性描述（《条例》第二十九条，必填）", 2000)
    document_number = _text("文件名称、文号", 200)
    purpose = _text("用途（选填）", 200)
    medium = _choice(Medium.choices, "获取信息的载体形式，默认纸质", "获取信息的载体形式")
    collection = _choice(Collection.choices, "获取信息的方式，默认邮寄", "获取信息的方式")
    items = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999,
                                     help_text="申请信息件数，1至999，默认1",
                                     error_messages={"invalid": "申请信息件数应为1至999之间的整数",
                                                     "min_value": "申请信息件数应为1至999之间的整数",
                                                     "max_value": "申请信息件数应为1至999之间的整数"})


class ApplicationReceiptSerializer(serializers.Serializer):
    """The answer to a submission: no applicant data, only what the applicant needs to follow it."""

    tracking_number = serializers.CharField(help_text="受理编号")
    query_code = serializers.CharField(help_text="查询码：只在此次应答中返回一次，本机关不保存原文，请妥善保管")
    received_on = serializers.DateField(allow_null=True,
                                        help_text="收到申请之日（《条例》第三十一条）；须工作人员确认时为空")
    due_on = serializers.DateField(allow_null=True, help_text="答复期限（收到申请之日起20个工作日）")
    provisional = serializers.BooleanField(help_text="为 true 时答复期限含尚未公布节假日安排的年份，按周一至周五并扣除法定节假日暂定")


class PublicNoticeSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="文号")
    title = serializers.CharField(help_text="文书标题")
    issued_on = serializers.DateField(help_text="成文日期")
    pdf_url = serializers.CharField(help_text="PDF 下载地址；请求时须附加查询参数 code（查询码）")
    docx_url = serializers.CharField(help_text="Word（DOCX）下载地址；请求时须附加查询参数 code（查询码）")


class ApplicationStatusSerializer(serializers.Serializer):
    """The tracking answer: `selectors.public_view` and the notices visible to the applicant."""

    tracking_number = serializers.CharField(help_text="受理编号")
    body = serializers.CharField(help_text="受理机关")
    status = serializers.CharField(help_text="办理状态：已提交，待确认受理／办理中／待您补正／已办结")
    submitted_on = serializers.DateField(allow_null=True, help_text="提交日期")
    received_on = serializers.DateField(allow_null=True, help_text="收到申请之日")
    due_on = serializers.DateField(allow_null=True, help_text="答复期限")
    provisional = serializers.BooleanField(help_text="答复期限是否暂定（含尚未公布节假日安排的年份）")
    paused = serializers.BooleanField(help_text="计时是否暂停（征求意见或等待缴费期间不计入答复期限）")
    supplement_due_on = serializers.DateField(allow_null=True, help_text="补正期限（待补正时）")
    decided_on = serializers.DateField(allow_null=True, help_text="答复日期")
    outcome = serializers.CharField(help_text="办理结果（办结后）")
    notices = PublicNoticeSerializer(many=True, help_text="申请人可下载的文书")


class NotFoundSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="错误说明")


class ApplicantSerializer(serializers.Serializer):
    """`selectors.applicant_view`: masked unless the user may see personal data of the case's unit."""

    kind = serializers.CharField(help_text="申请人类型")
    name = serializers.CharField(help_text="姓名或名称（自然人姓名按权限脱敏）")
    id_type = serializers.CharField(help_text="证件类型")
    id_number = serializers.CharField(help_text="证件号码（按权限脱敏）")
    credit_code = serializers.CharField(help_text="统一社会信用代码")
    legal_representative = serializers.CharField(help_text="法定代表人或负责人（按权限脱敏）")
    contact_name = serializers.CharField(help_text="联系人（按权限脱敏）")
    phone = serializers.CharField(help_text="联系电话（按权限脱敏）")
    email = serializers.CharField(help_text="电子邮箱（按权限脱敏）")
    address = serializers.CharField(help_text="通信地址（按权限脱敏）")
    postcode = serializers.CharField(help_text="邮政编码（脱敏时为空）")
    masked = serializers.BooleanField(help_text="为 true 时以上个人信息已脱敏（无“查看申请人个人信息”权限）")


class StaffApplicationSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.letter_name", help_text="公开主体")
    unit = serializers.IntegerField(source="unit_id", help_text="承办单位 id")
    unit_name = serializers.CharField(source="unit.name", help_text="承办单位")
    handler = serializers.CharField(source="handler.name", default="", help_text="承办人")
    # A plain string: an enum here would collide with the publications' `status` enum in the schema.
    status = serializers.CharField(help_text="状态代码：" + choices_text(Status.choices))
    status_label = serializers.CharField(source="get_status_display", help_text="状态名称")
    channel_label = serializers.CharField(source="get_channel_display", help_text="申请渠道名称")
    outcome_label = serializers.SerializerMethodField(help_text="办理结果名称")
    urgency = serializers.SerializerMethodField(help_text="期限提示，如“剩余5个工作日”“超期2个工作日”")
    applicant = serializers.SerializerMethodField(help_text="申请人（按权限脱敏）")

    class Meta:
        model = Application
        fields = ["id", "tracking_number", "body", "unit", "unit_name", "handler", "status", "status_label",
                  "channel", "channel_label", "submitted_at", "received_on", "due_on", "due_provisional",
                  "outcome", "outcome_label", "decided_on", "closed_on", "urgency", "description",
                  "document_number", "items", "applicant"]
        extra_kwargs = {
            "id": {"help_text": "申请 id"}, "tracking_number": {"help_text": "受理编号"},
            "channel": {"help_text": "申请渠道代码"},
            "submitted_at": {"help_text": "提交（收到）时间"}, "received_on": {"help_text": "收到申请之日"},
            "due_on": {"help_text": "答复期限"}, "due_provisional": {"help_text": "答复期限是否暂定"},
            "outcome": {"help_text": "办理结果代码"}, "decided_on": {"help_text": "答复日期"},
            "closed_on": {"help_text": "办结日期"}, "description": {"help_text": "所需信息的内容描述"},
            "document_number": {"help_text": "文件名称、文号"}, "items": {"help_text": "申请信息件数"},
        }

    def get_outcome_label(self, app) -> str:
        return app.outcome_info.label if app.outcome_info else ""

    def get_urgency(self, app) -> str:
        return selectors.urgency(app).label

    @extend_schema_field(ApplicantSerializer)
    def get_applicant(self, app) -> dict:
        view = selectors.applicant_view(self.context["request"].user, app)
        return ApplicantSerializer(view).data


class ClockSerializer(serializers.Serializer):
    due = serializers.DateField(help_text="答复期限")
    provisional = serializers.BooleanField(help_text="期限是否暂定")
    paused = serializers.BooleanField(help_text="今天计时是否暂停（征求意见、等待缴费）")
    elapsed = serializers.IntegerField(help_text="已计入的工作日数")
    remaining = serializers.IntegerField(help_text="剩余工作日数；负数为超期天数")
    limit = serializers.IntegerField(help_text="允许的工作日数（20加延长天数）")
    stated = serializers.BooleanField(help_text="是否为依《条例》第三十五条另行确定的期限")


class ConsultationSerializer(serializers.ModelSerializer):
    party_label = serializers.CharField(source="get_party_display", help_text="征询对象类型名称")
    opinion_label = serializers.CharField(source="get_opinion_display", help_text="意见名称")

    class Meta:
        model = Consultation
        fields = ["id", "party", "party_label", "party_name", "matter", "sent_on", "received_on", "answer_due_on", "answered_on",
                  "opinion", "opinion_label"]
        extra_kwargs = {
            "id": {"help_text": "征求意见 id"}, "party": {"help_text": "征询对象类型代码"},
            "party_name": {"help_text": "征询对象"}, "matter": {"help_text": "征询事项"},
            "sent_on": {"help_text": "发出日期"}, "answer_due_on": {"help_text": "对方提出意见的期限：自其收到征询书之日起15个工作日；登记送达前为空"},
            "received_on": {"help_text": "对方收到征询书的日期（征询书的送达记录）"},
            "answered_on": {"help_text": "收到意见日期"}, "opinion": {"help_text": "意见代码"},
        }


class NoticeMetaSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", help_text="文书类型名称")
    addressee = serializers.SerializerMethodField(help_text="主送（申请人姓名按权限脱敏）")
    delivered_on = serializers.SerializerMethodField(help_text="最近一次送达日期；未送达为空")

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_label", "number", "title", "addressee", "issued_on", "visible_to_applicant",
                  "sha256", "docx_sha256", "delivered_on"]
        extra_kwargs = {
            "id": {"help_text": "文书 id"}, "kind": {"help_text": "文书类型代码"}, "number": {"help_text": "文号"},
            "title": {"help_text": "标题"}, "issued_on": {"help_text": "成文日期"},
            "visible_to_applicant": {"help_text": "申请人能否在查询页下载"},
            "sha256": {"help_text": "PDF 的 SHA-256 摘要"}, "docx_sha256": {"help_text": "DOCX 的 SHA-256 摘要"},
        }

    def get_addressee(self, notice) -> str:
        # Every notice but a consultation letter is addressed to the applicant: masked like them.
        if notice.consultation_id:
            return notice.addressee
        return selectors.applicant_view(self.context["request"].user, notice.application).name

    def get_delivered_on(self, notice) -> str | None:
        deliveries = list(notice.deliveries.all())
        return deliveries[-1].delivered_on.isoformat() if deliveries else None


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.name", default="", help_text="操作人")

    class Meta:
        model = CaseEvent
        fields = ["kind", "on", "at", "actor", "text", "due_on"]
        extra_kwargs = {
            "kind": {"help_text": "环节代码"}, "on": {"help_text": "该环节的计算日期"}, "at": {"help_text": "记录时间"},
            "text": {"help_text": "说明"}, "due_on": {"help_text": "此时的答复期限"},
        }


class StaffApplicationDetailSerializer(StaffApplicationSerializer):
    clock = serializers.SerializerMethodField(help_text="计时状态；待确认受理、待补正或未计时时为空")
    consultations = ConsultationSerializer(many=True, read_only=True, help_text="征求第三方或其他机关意见")
    notices = NoticeMetaSerializer(many=True, read_only=True, help_text="已出具的文书（不含文件内容）")
    events = EventSerializer(many=True, read_only=True, help_text="办理过程")

    class Meta(StaffApplicationSerializer.Meta):
        fields = StaffApplicationSerializer.Meta.fields + [
            "purpose", "medium", "collection", "clock_start", "supplement_requested_on", "supplement_items",
            "supplement_due_on", "supplement_received_on", "extension_days", "fee_method", "fee_amount",
            "fee_due_on", "fee_paid_on", "reply_text", "reason_text", "satisfaction", "clock", "consultations",
            "notices", "events"]
        extra_kwargs = {
            **StaffApplicationSerializer.Meta.extra_kwargs,
            "purpose": {"help_text": "用途"}, "medium": {"help_text": "载体形式代码"},
            "collection": {"help_text": "获取方式代码"}, "clock_start": {"help_text": "计时起点"},
            "supplement_requested_on": {"help_text": "补正通知日期"}, "supplement_items": {"help_text": "需补正事项"},
            "supplement_due_on": {"help_text": "补正期限"}, "supplement_received_on": {"help_text": "收到补正日期"},
            "extension_days": {"help_text": "延长工作日数"}, "fee_method": {"help_text": "计费方式"},
            "fee_amount": {"help_text": "收费金额（元）"}, "fee_due_on": {"help_text": "缴费期限：自申请人收到收费通知次日起20个工作日；登记送达前为空"},
            "fee_paid_on": {"help_text": "缴费日期"}, "reply_text": {"help_text": "答复内容"},
            "reason_text": {"help_text": "理由说明"}, "satisfaction": {"help_text": "申请人评价"},
        }

    @extend_schema_field(ClockSerializer(allow_null=True))
    def get_clock(self, app) -> dict | None:
        state = deadlines.clock_state(app)
        return ClockSerializer(state).data if state else None


class ApplicationActionSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="日期（收到补正、收到意见、缴费、送达等），默认今天")
    received_on = serializers.DateField(required=False, help_text="confirm_receipt：与申请人确认之日（条例第三十一条）")
    unit = serializers.IntegerField(required=False, help_text="assign：承办单位 id")
    handler = serializers.IntegerField(required=False, allow_null=True, help_text="assign：承办人用户 id")
    items = serializers.CharField(required=False, help_text="request_supplement：需补正的全部事项（一次性告知）")
    text = serializers.CharField(required=False, allow_blank=True, help_text="补正内容、意见内容、理由或备注")
    party = serializers.ChoiceField(required=False, choices=["third_party", "agency"], help_text="start_consultation：征询对象类型")
    party_name = serializers.CharField(required=False, help_text="start_consultation：征询对象名称")
    party_address = serializers.CharField(required=False, allow_blank=True)
    matter = serializers.CharField(required=False, help_text="start_consultation：征询事项")
    consultation = serializers.IntegerField(required=False, help_text="record_consultation_answer：征询记录 id")
    opinion = serializers.ChoiceField(required=False, choices=["consent", "object", "silent"])
    method = serializers.CharField(required=False, help_text="notify_fee：per_item / per_page；record_delivery：送达方式")
    quantity = serializers.IntegerField(required=False, help_text="notify_fee：件数或页数")
    days = serializers.IntegerField(required=False, help_text="request_extension：延长的工作日数（1–20）")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="request_extension：延期理由")
    reasonable = serializers.BooleanField(required=False, help_text="record_reasons：理由是否合理（条例第三十五条）")
    stated_due_on = serializers.DateField(required=False, help_text="record_reasons：另行确定的答复期限")
    outcome = serializers.ChoiceField(required=False, choices=[o.code for o in outcomes.DECIDABLE],
                                      help_text="decide：办理结果代码")
    reply_text = serializers.CharField(required=False, allow_blank=True)
    reason_text = serializers.CharField(required=False, allow_blank=True)
    withheld_reasons = serializers.ListField(child=serializers.CharField(), required=False)
    referral_agency = serializers.CharField(required=False, allow_blank=True)
    referral_contact = serializers.CharField(required=False, allow_blank=True)
    query_law = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                      help_text="decide query：规定该查询的法律、行政法规名称（条例第三十六条第（七）项）")
    stated_basis = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                         help_text="decide other：答复所依据的法律、法规或规范性文件的名称和条款")
    public_interest_reason = serializers.CharField(
        required=False, allow_blank=True,
        help_text="decide：第三方不同意公开而决定公开时，不公开可能对公共利益造成重大影响的理由（条例第三十二条）")
    earlier = serializers.CharField(required=False, help_text="decide repeat：此前申请的受理编号")
    on_the_spot = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, help_text="return_reply：退回意见")
    notice = serializers.IntegerField(required=False, help_text="record_delivery：文书 id")
    tracking_number = serializers.CharField(required=False, allow_blank=True, help_text="record_delivery：邮件单号")
    posted_on = serializers.DateField(required=False, allow_null=True,
                                      help_text="record_delivery：邮寄送达的交邮日期（on 为收件人签收日期）")
    recipient = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(required=False, choices=Remedy.Kind.choices, help_text="record_remedy：复议或诉讼")
    authority = serializers.CharField(required=False, allow_blank=True, help_text="record_remedy：复议机关或法院")
    filed_on = serializers.DateField(required=False, help_text="record_remedy：申请复议或起诉日期")
    case_number = serializers.CharField(required=False, allow_blank=True, help_text="record_remedy：案号")
    result = serializers.ChoiceField(required=False, choices=Remedy.Result.choices, help_text="record_remedy：结果")
    concluded_on = serializers.DateField(required=False, allow_null=True, help_text="record_remedy：审结日期")
    summary = serializers.CharField(required=False, allow_blank=True, help_text="record_remedy：简要情况")
    remedy = serializers.IntegerField(required=False, help_text="record_remedy：修改已登记的记录时其 id")


class ApplicationActionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="申请 id")
    tracking_number = serializers.CharField(help_text="受理编号")
    status = serializers.CharField(help_text="办理后的状态代码")
    due_on = serializers.DateField(allow_null=True, help_text="答复期限")
    provisional = serializers.BooleanField(help_text="答复期限是否暂定")
