"""Director's mailbox and enquiries (局长信箱, 咨询, 投诉, 举报, 建议, 求助): the letter with its
writer, handling and reply, the writer's rating, the public Q&A version, the Art. 39 links to
disclosure applications, internal notes and the timeline.

A letter belongs to the disclosure body that received it (its number comes from the body's
yearly sequence) and to the unit that handles it (the body's own unit until the office assigns
it). The query code is stored only as a keyed hash; the writer's phone and e-mail encrypted."""

from django.conf import settings
from django.db import models

from gongkai.core import crypto
from gongkai.core.fields import EncryptedCharField, EncryptedEmailField
from gongkai.core.models import DisclosureBody, Unit


def writer_key(value: str, kind: str) -> str:
    """The keyed hash a writer's phone ("phone": digits only) or e-mail ("email": lower case) is
    found by; "" for none. Migration interaction/0003 computes the same."""
    if kind == "phone":
        value = "".join(ch for ch in value or "" if ch.isdigit())
    else:
        value = (value or "").strip().lower()
    return crypto.index(value, f"letter.{kind}") if value else ""


class LetterTopic(models.Model):
    """What a letter is about (来信分类); data, seeded by migration, editable."""

    code = models.SlugField("编码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "来信分类"
        verbose_name_plural = "来信分类"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    ENQUIRY = "enquiry", "咨询"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    HELP = "help", "求助"
    DIRECTOR = "director", "局长信箱"


# A writer may stay anonymous only when making a suggestion or asking a question.
NAME_OPTIONAL = frozenset({Kind.ENQUIRY, Kind.SUGGESTION})


class LetterChannel(models.TextChoices):
    WEBSITE = "website", "网站"
    WEIBO = "weibo", "微博"
    WECHAT = "wechat", "微信"
    QQ = "qq", "QQ"
    PHONE = "phone", "电话"
    VISIT = "visit", "来访"
    HOTLINE = "hotline", "12345热线转办"
    HIGHER = "higher", "上级转办"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    PENDING = "pending", "待分办"
    PROCESSING = "processing", "办理中"
    REVIEW = "review", "待审核"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.PENDING, Status.PROCESSING, Status.REVIEW)
ANSWERED_STATUSES = (Status.REPLIED, Status.CLOSED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Letter(models.Model):
    body = models.ForeignKey(DisclosureBody, verbose_name="收信机关", on_delete=models.PROTECT, related_name="letters")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="letters")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_letters")
    tracking_number = models.CharField("来信编号", max_length=40, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)

    kind = models.CharField("来信类型", max_length=12, choices=Kind.choices)
    channel = models.CharField("来信渠道", max_length=12, choices=LetterChannel.choices)
    topic = models.ForeignKey(LetterTopic, verbose_name="来信分类", on_delete=models.PROTECT, related_name="letters")
    subject = models.CharField("标题", max_length=100)
    content = models.TextField("内容")

    # The writer: personal data, shown only to staff who may handle the letter's unit.
    writer_name = models.CharField("来信人姓名", max_length=100, blank=True)
    phone = EncryptedCharField("联系电话", max_length=30, blank=True)
    email = EncryptedEmailField("电子邮箱", blank=True)
    # Keyed hashes of the two (crypto.index): the same writer's other letters, found without
    # decrypting every letter.
    phone_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    wants_reply = models.BooleanField("需要答复", default=True)
    consent_publish = models.BooleanField("同意公开来信及答复", default=False)

    received_at = models.DateTimeField("收信时间")
    received_on = models.DateField("收信日期", db_index=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="entered_letters")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    assigned_on = models.DateField("分办日期", null=True, blank=True)
    # GONGKAI_LETTER_REPLY_DAYS working days after receipt; stored so queues sort and stats count.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限暂定", default=False)

    # The reply: drafted by the unit, visible to the writer from `replied_on` (after review).
    reply_text = models.TextField("答复内容", blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    drafted_on = models.DateField("拟稿日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    close_note = models.CharField("办结说明", max_length=200, blank=True)

    # Follow-up (回访): the writer rates the reply once.
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    # The public Q&A: a version of the text edited for publication; the original stays private.
    published = models.BooleanField("已公开", default=False, db_index=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    public_subject = models.CharField("公开标题", max_length=100, blank=True)
    public_content = models.TextField("公开来信内容", blank=True)
    public_reply = models.TextField("公开答复内容", blank=True)

    # Art. 39, both ways: this letter became an application, or came from one.
    converted_to = models.ForeignKey("applications.Application", verbose_name="转为的政府信息公开申请", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="source_letters")
    source_application = models.ForeignKey("applications.Application", verbose_name="转来的政府信息公开申请",
                                           null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="petition_letters")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "来信"
        verbose_name_plural = "来信"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.tracking_number

    def save(self, *args, **kwargs):
        # The lookup hashes follow the values they stand for, whichever path changed them.
        self.phone_key, self.email_key = writer_key(self.phone, "phone"), writer_key(self.email, "email")
        fields = kwargs.get("update_fields")
        if fields and {"phone", "email"} & set(fields):
            kwargs["update_fields"] = {*fields, "phone_key", "email_key"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    @property
    def on_time(self) -> bool | None:
        if not self.replied_on or not self.due_on:
            return None
        return self.replied_on <= self.due_on


class LetterNote(models.Model):
    """An internal note: never shown to the writer, never on any public path."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField("内容")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "内部备注"
        verbose_name_plural = "内部备注"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class LetterEvent(models.Model):
    """The letter's timeline as staff read it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    on = models.DateField("日期")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.CharField("说明", max_length=300)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.text}"
