"""Disclosure on application (依申请公开): the application with its applicant and clock,
consultations, notices and their delivery, internal notes, remedies and reminders.

The applicant is held on the application itself (one person or organisation per application, as
the law treats it); `applicant_key` is a keyed hash of the identity number so duplicates and the
monthly fee count can be found without reading personal data. ID numbers, phone numbers,
e-mail and postal addresses and identity proofs are stored encrypted (core/fields.py).

Longer than the house limit: Django keeps an app's models in one module, and these are the parts of
one case (the application and what hangs off it), each with its own small choices."""

from django.conf import settings
from django.db import models

from gongkai.core.fields import EncryptedBinaryField, EncryptedCharField, EncryptedEmailField
from gongkai.core.models import DisclosureBody, Unit

from . import fees, outcomes


class ApplicantKind(models.TextChoices):
    """The six columns of report section 三."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效证件"


class ApplicationChannel(models.TextChoices):
    """How the application arrived; decides the receipt date (Art. 31)."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面申请"
    REGISTERED_POST = "registered_post", "挂号信/快递"
    LETTER = "letter", "平信"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    OTHER = "other", "其他"


class Medium(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子邮件"
    DISC = "disc", "光盘/磁盘"
    OTHER = "other", "其他"


class Collection(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    COLLECT = "collect", "自行领取"
    ON_SITE = "on_site", "当场阅读、抄录"
    ONLINE = "online", "网上获取"


class Status(models.TextChoices):
    # Submitted, not yet confirmed as received: the clock has not started (Art. 31).
    AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认受理"
    PROCESSING = "processing", "办理中"
    SUPPLEMENT = "supplement", "待补正"
    APPROVAL = "approval", "答复待审批"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.AWAITING_CONFIRMATION, Status.PROCESSING, Status.SUPPLEMENT, Status.APPROVAL)


class Application(models.Model):
    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT,
                             related_name="applications")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="applications")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_applications")
    tracking_number = models.CharField("受理编号", max_length=30, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)

    # The applicant (Art. 29)
    applicant_kind = models.CharField("申请人类型", max_length=12, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices, blank=True)
    id_number = EncryptedCharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=40, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    phone = EncryptedCharField("联系电话", max_length=30)
    email = EncryptedEmailField("电子邮箱", blank=True)
    address = EncryptedCharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)
    identity_proof = EncryptedBinaryField("身份证明文件", null=True, blank=True, editable=False)
    identity_proof_name = models.CharField(max_length=100, blank=True, editable=False)

    # What is asked (Art. 29)
    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文件名称、文号", max_length=200, blank=True)
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    medium = models.CharField("获取信息的载体形式", max_length=12, choices=Medium.choices, default=Medium.PAPER)
    collection = models.CharField("获取信息的方式", max_length=12, choices=Collection.choices,
                                  default=Collection.POST)
    items = models.PositiveSmallIntegerField("申请信息件数", default=1)

    # Intake (Art. 31)
    channel = models.CharField("申请渠道", max_length=16, choices=ApplicationChannel.choices)
    submitted_at = models.DateTimeField("提交/收到时间")
    received_on = models.DateField("受理日期", null=True, blank=True,
                                   help_text="依《条例》第三十一条按渠道确定；计时从次一工作日起算")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="entered_applications")
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.AWAITING_CONFIRMATION,
                              db_index=True)

    # The clock: the due date is derived (clock.py) and stored so queues can sort and filter.
    clock_start = models.DateField("计时起点", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限暂定", default=False)

    # Art. 30: one supplement request
    supplement_requested_on = models.DateField("补正通知日期", null=True, blank=True)
    supplement_items = models.TextField("需补正事项", blank=True)
    supplement_due_on = models.DateField("补正期限", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正日期", null=True, blank=True)
    supplement_late = models.BooleanField("补正通知超过7个工作日", default=False)

    # Art. 33: one extension
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_requested_days = models.PositiveSmallIntegerField("申请延长工作日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+")
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+")
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)

    # Art. 35: excessive applications
    reasons_requested_on = models.DateField("要求说明理由日期", null=True, blank=True)
    reasons_text = models.TextField("申请人说明的理由", blank=True)
    stated_due_on = models.DateField("另行确定的答复期限", null=True, blank=True)

    # Fees (Art. 42): one method per application
    fee_method = models.CharField("计费方式", max_length=10, choices=fees.Method.CHOICES, blank=True)
    fee_quantity = models.PositiveIntegerField("计费数量", default=0)
    fee_amount = models.PositiveIntegerField("收费金额（元）", default=0)
    fee_notified_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_notice_received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # The reply
    outcome = models.CharField("办理结果", max_length=20, choices=outcomes.CHOICES, blank=True, db_index=True)
    withheld_reasons = models.JSONField("不予公开部分的理由", default=list, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    reason_text = models.TextField("理由说明", blank=True)
    referral_agency = models.CharField("负责公开的机关", max_length=100, blank=True)
    referral_contact = models.CharField("该机关联系方式", max_length=200, blank=True)
    # Art. 36(七): the law or administrative regulation under which the applicant is to query.
    query_law = models.CharField("规定该查询的法律、行政法规", max_length=200, blank=True)
    # 其他处理 3 (e.g. withdrawn): no article of the regulation fixes its basis, so the handler states it.
    stated_basis = models.CharField("答复依据", max_length=200, blank=True)
    # Art. 32: why the information is disclosed although a third party objected.
    public_interest_reason = models.TextField("不公开可能对公共利益造成重大影响的理由", blank=True)
    earlier = models.ForeignKey("self", verbose_name="此前的申请", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    on_the_spot = models.BooleanField("当场答复", default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    decided_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    # Follow-up
    satisfaction = models.CharField("满意度", max_length=12, blank=True,
                                    choices=[("satisfied", "满意"), ("basic", "基本满意"),
                                             ("unsatisfied", "不满意")])
    satisfaction_comment = models.CharField("评价意见", max_length=500, blank=True)

    imported = models.BooleanField("台账导入", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def outcome_info(self) -> "outcomes.Outcome | None":
        return outcomes.BY_CODE.get(self.outcome) if self.outcome else None

    @property
    def cited_basis(self) -> str:
        """What the reply cites (outcomes.cited_basis), "" before a decision."""
        info = self.outcome_info
        return outcomes.cited_basis(info, withheld=self.withheld_reasons, stated=self.stated_basis) if info else ""

    @property
    def is_person(self) -> bool:
        return self.applicant_kind == ApplicantKind.PERSON


class Consultation(models.Model):
    """Art. 32 / 34: a third party or co-producing agency asked for its view. The time it takes is
    not counted (Art. 33); the party has 15 working days; an agency's silence means consent."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他机关"

    class Opinion(models.TextChoices):
        CONSENT = "consent", "同意公开"
        OBJECT = "object", "不同意公开"
        SILENT = "silent", "逾期未答复"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    party = models.CharField("征询对象类型", max_length=12, choices=Party.choices)
    party_name = models.CharField("征询对象", max_length=100)
    party_address = EncryptedCharField("地址或联系方式", max_length=200, blank=True)
    matter = models.TextField("征询事项")
    sent_on = models.DateField("发出日期")
    # Art. 32: the party's 15 working days run from the day it receives the letter, known once the
    # letter's delivery is recorded; until then there is no deadline, and no silence to record.
    received_on = models.DateField("对方收到征询书日期", null=True, blank=True)
    answer_due_on = models.DateField("答复期限", null=True, blank=True)
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.CharField("意见", max_length=10, choices=Opinion.choices, blank=True)
    opinion_text = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} → {self.party_name}"


class NoticeKind(models.TextChoices):
    """Every notice of regulation.md §4, plus the general reply for outcomes without a letter of
    their own (Art. 38, Art. 35, the 其他处理 closures)."""

    RECEIPT = "receipt", "政府信息公开申请受理回执"
    SUPPLEMENT = "supplement", "政府信息公开申请补正通知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    CONSULTATION = "consultation", "政府信息公开第三方意见征询书"
    FEE = "fee", "政府信息公开信息处理费收费通知书"
    REASONS = "reasons", "政府信息公开申请说明理由通知书"
    DISCLOSED = "disclosed", "政府信息公开告知书"
    PARTIAL = "partial", "政府信息部分公开告知书"
    REFUSED = "refused", "政府信息不予公开告知书"
    NOT_EXIST = "not_exist", "政府信息不存在告知书"
    NOT_OURS = "not_ours", "非本机关政府信息告知书"
    REPEAT = "repeat", "不予重复处理告知书"
    NOT_APPLICATION = "not_application", "不作为政府信息公开申请处理告知书"
    REPLY = "reply", "政府信息公开申请答复书"
    # Art. 32: to a third party that objected, when the bureau discloses in the public interest.
    OVERRIDE = "override", "政府信息公开决定告知书（第三方）"


class NoticeTemplate(models.Model):
    """The editable wording of one notice kind; `{占位符}` are filled from the case (notices.py)."""

    kind = models.CharField("文书类型", max_length=20, choices=NoticeKind.choices, unique=True)
    title = models.CharField("标题", max_length=60)
    body = models.TextField("正文", help_text="每段一行；可用的占位符见页面说明，如 {受理日期}")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Notice(models.Model):
    """An issued notice: numbered, rendered once, hashed, never changed."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("文书类型", max_length=20, choices=NoticeKind.choices)
    number = models.CharField("文号", max_length=40, unique=True)
    title = models.CharField("标题", max_length=60)
    addressee = models.CharField("主送", max_length=100)
    paragraphs = models.JSONField("正文段落")
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="notices")
    pdf = models.BinaryField(editable=False)
    docx = models.BinaryField(editable=False)
    sha256 = models.CharField("PDF 摘要", max_length=64, editable=False)
    docx_sha256 = models.CharField("DOCX 摘要", max_length=64, editable=False)
    visible_to_applicant = models.BooleanField("申请人可下载", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("已出具的文书不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("已出具的文书不能删除")


class Delivery(models.Model):
    """送达: how and when a notice reached its addressee; evidence in review and litigation."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "直接送达"
        POST = "post", "邮寄送达"
        EMAIL = "email", "电子邮件送达"
        ONLINE = "online", "网上送达"
        FAX = "fax", "传真送达"

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField("送达方式", max_length=12, choices=Method.choices)
    # The day it reached the addressee: the day signed for (in person, by post) or sent
    # (electronically). A period the addressee has runs from it.
    delivered_on = models.DateField("送达日期",
                                    help_text="直接送达为签收之日；邮寄为收件人签收之日；电子送达为发送之日")
    # By post, the day it was posted too: evidence of when the bureau acted.
    posted_on = models.DateField("交邮日期", null=True, blank=True)
    tracking_number = models.CharField("邮件单号", max_length=40, blank=True)
    recipient = EncryptedCharField("签收人/收件地址", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.notice.number} {self.get_method_display()} {self.delivered_on}"


class CaseNote(models.Model):
    """An internal note: never shown to the applicant, never in any public path."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField("内容")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "内部备注"
        verbose_name_plural = "内部备注"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class CaseEvent(models.Model):
    """The case timeline as staff read it: one row per step, with the date it counts from."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    on = models.DateField("日期")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.CharField("说明", max_length=300)
    due_on = models.DateField("此时的答复期限", null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.text}"


class Remedy(models.Model):
    """Reconsideration and litigation about a reply; feeds section 四 of the annual report."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION = "litigation", "未经复议直接起诉"
        LITIGATION_AFTER = "litigation_after", "复议后起诉"

    class Result(models.TextChoices):
        MAINTAINED = "maintained", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    authority = models.CharField("复议机关/法院", max_length=100)
    case_number = models.CharField("案号", max_length=60, blank=True)
    filed_on = models.DateField("申请/起诉日期")
    result = models.CharField("结果", max_length=12, choices=Result.choices, default=Result.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    summary = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class Reminder(models.Model):
    """A deadline reminder for a handler or the office, written by the daily job."""

    class Kind(models.TextChoices):
        FIVE_DAYS = "5d", "5个工作日内到期"
        ONE_DAY = "1d", "1个工作日内到期"
        OVERDUE = "overdue", "已超期"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["application", "user", "kind", "due_on"],
                                               name="uniq_reminder")]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"
