"""Weekly incident bulletins (警情通报) and service guides (办事指南).

A bulletin belongs to a disclosure body and an ISO week. Corrections are new versions of the same
body and week: the published version is replaced (status `superseded`) when the correction is
published, so there is never more than one published and one open version per body and week —
the database enforces both."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import DisclosureBody, Unit

# The four counts of a bulletin, in the order every table, chart and file shows them.
CATEGORIES = [
    ("criminal", "刑事警情"),
    ("public_order", "治安警情"),
    ("traffic", "交通警情"),
    ("fire", "火灾警情"),
]


def week_start(year: int, week: int) -> date:
    """The Monday of ISO week `week` of ISO year `year` (ValueError if there is no such week)."""
    return date.fromisocalendar(year, week, 1)


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待审核"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被更正"
        WITHDRAWN = "withdrawn", "已撤回"

    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT,
                             related_name="bulletins")
    year = models.PositiveSmallIntegerField("年份", help_text="ISO 周所属年份")
    week = models.PositiveSmallIntegerField("周次", help_text="ISO 周次，1–53")
    week_start = models.DateField("起始日（周一）", db_index=True, editable=False)
    version = models.PositiveSmallIntegerField("版本", default=1)

    criminal = models.PositiveIntegerField("刑事警情（起）", default=0)
    public_order = models.PositiveIntegerField("治安警情（起）", default=0)
    traffic = models.PositiveIntegerField("交通警情（起）", default=0)
    fire = models.PositiveIntegerField("火灾警情（起）", default=0)
    comparison = models.TextField("对比说明", blank=True, help_text="如：与上周相比，刑事警情下降 8.2%")
    notable_cases = models.TextField("典型警情", blank=True, help_text="不得含有当事人姓名、身份证号码、手机号码等个人信息")
    prevention_advice = models.TextField("防范提示", blank=True)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    replaces = models.ForeignKey("self", verbose_name="更正的原通报", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")
    correction_note = models.TextField("更正说明", blank=True)
    return_note = models.TextField("退回意见", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤回人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "警情通报"
        verbose_name_plural = "警情通报"
        ordering = ["-week_start", "body__unit__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "week", "version"], name="uniq_bulletin_version"),
            models.UniqueConstraint(fields=["body", "year", "week"], condition=Q(status="published"),
                                    name="uniq_bulletin_published"),
            models.UniqueConstraint(fields=["body", "year", "week"], condition=Q(status__in=["draft", "in_review"]),
                                    name="uniq_bulletin_open"),
        ]
        indexes = [models.Index(fields=["body", "status", "-week_start"])]

    def __str__(self) -> str:
        return self.title

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def title(self) -> str:
        return f"{self.body.letter_name}{self.year}年第{self.week}周警情通报"

    @property
    def period(self) -> str:
        return f"{self.week_start:%Y-%m-%d} 至 {self.week_end:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return self.criminal + self.public_order + self.traffic + self.fire

    def counts(self) -> list[tuple[str, str, int]]:
        return [(code, label, getattr(self, code)) for code, label in CATEGORIES]


class GuideCategory(models.Model):
    """办事指南的类别 (户政, 出入境 …): data, seeded by a migration, editable."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "办事指南类别"
        verbose_name_plural = "办事指南类别"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceGuide(models.Model):
    """One licence or service and how to obtain it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    class Kind(models.TextChoices):
        LICENCE = "licence", "行政许可"
        CONFIRMATION = "confirmation", "行政确认"
        SERVICE = "service", "公共服务"
        OTHER = "other", "其他"

    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="guides",
                             help_text="负责维护本指南的单位")
    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT, related_name="guides",
                             editable=False)
    name = models.CharField("事项名称", max_length=120)
    category = models.ForeignKey(GuideCategory, verbose_name="类别", on_delete=models.PROTECT,
                                 related_name="guides")
    kind = models.CharField("事项类型", max_length=16, choices=Kind.choices, default=Kind.LICENCE)
    legal_basis = models.TextField("设定依据")
    conditions = models.TextField("办理条件")
    materials = models.JSONField("申请材料", default=list, blank=True)
    procedure = models.TextField("办理流程", help_text="每行一个步骤")
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）", null=True, blank=True,
                                                     help_text="0 表示当场办结")
    time_limit_note = models.CharField("时限说明", max_length=200, blank=True)
    charges = models.BooleanField("收费", default=False)
    fee = models.CharField("收费标准", max_length=300, blank=True)
    fee_basis = models.CharField("收费依据", max_length=300, blank=True)
    handling_unit = models.CharField("受理单位", max_length=200)
    place = models.CharField("办理地点", max_length=300)
    hours = models.CharField("办理时间", max_length=200)
    phone = models.CharField("咨询电话", max_length=100)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"
        ordering = ["category__sort_order", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def procedure_steps(self) -> list[str]:
        return [line.strip() for line in self.procedure.splitlines() if line.strip()]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


def guide_form_path(instance, filename):
    # Random stored name: nothing of the original name reaches the file system.
    import uuid

    return f"guides/{instance.guide_id}/{uuid.uuid4().hex}"


class GuideForm(models.Model):
    """A downloadable form of a guide (申请表、承诺书 …): PDF, DOCX or XLSX, served by a view."""

    guide = models.ForeignKey(ServiceGuide, on_delete=models.CASCADE, related_name="forms")
    file = models.FileField(upload_to=guide_form_path)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "表格下载"
        verbose_name_plural = "表格下载"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
