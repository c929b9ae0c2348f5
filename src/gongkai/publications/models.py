"""Proactive disclosure (主动公开): the catalog tree, items with their catalog metadata,
attachments, the review trail, scanner findings, corrections and yearly enforcement figures."""

from django.conf import settings
from django.db import models

from gongkai.core.models import DisclosureBody, Unit
from gongkai.core.permissions import Capability


class ReviewStep(models.TextChoices):
    """The review chain, always in this order (先审查、后公开); a topic may skip steps."""

    UNIT_REVIEW = "unit_review", "单位审核"
    CONFIDENTIALITY = "confidentiality", "保密审查"
    SIGN_OFF = "sign_off", "领导签发"


# Which capability acts on which step (core/permissions.py).
STEP_CAPABILITY = {
    ReviewStep.UNIT_REVIEW: Capability.PUBLICATIONS_REVIEW,
    ReviewStep.CONFIDENTIALITY: Capability.PUBLICATIONS_CONFIDENTIALITY,
    ReviewStep.SIGN_OFF: Capability.PUBLICATIONS_SIGN_OFF,
}


def default_review_steps() -> list[str]:
    return list(ReviewStep.values)


class CatalogTopic(models.Model):
    """A node of the catalog tree (主题分类), with its publication deadline and review chain."""

    name = models.CharField("名称", max_length=60)
    code = models.CharField("编码", max_length=20, unique=True)
    parent = models.ForeignKey("self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    publish_within_days = models.PositiveSmallIntegerField(
        "公开时限（工作日）", null=True, blank=True,
        help_text="信息形成或变更之日起多少个工作日内公开；留空则按上级分类，最终默认 20 个工作日（条例第二十六条）")
    review_steps = models.JSONField("审核环节", default=default_review_steps)
    is_sealed = models.BooleanField(
        "依法封存不公开", default=False,
        help_text="如治安管理处罚决定：依《治安管理处罚法》第一百三十六条封存，不得逐件公开，只计入统计")

    class EnforcementKind(models.TextChoices):
        """The enforcement decisions a topic holds (行政执法公示, 国办发〔2018〕118号). Not inherited:
        行政许可 holds both 办事指南 and 行政许可结果, and only the latter are decisions."""

        NONE = "", "—"
        LICENCE = "licence", "行政许可决定"
        PENALTY = "penalty", "行政处罚决定"
        COERCIVE = "coercive", "行政强制决定"

    enforcement_kind = models.CharField(
        "行政执法决定类别", max_length=10, choices=EnforcementKind.choices, blank=True, default="",
        help_text="此分类下的信息是行政执法决定：决定被依法变更、撤销、确认违法或者确认无效的，"
                  "应当在三个工作日内撤回并公开说明理由（行政处罚法第四十八条第二款、第八十五条）")

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestors(self) -> list["CatalogTopic"]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        by_id = CatalogTopic.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def withdrawal_basis(self) -> str:
        """What a withdrawn decision of this topic cites for its public statement."""
        if self.enforcement_kind == self.EnforcementKind.PENALTY:
            return "《中华人民共和国行政处罚法》第四十八条第二款"
        return "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"

    def effective_deadline_days(self) -> int | None:
        for topic in reversed(self.ancestors() or [self]):
            if topic.publish_within_days:
                return topic.publish_within_days
        return None


class Genre(models.Model):
    """体裁分类: 通知, 公告, 通告, 意见, 办法 …"""

    name = models.CharField("名称", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "体裁分类"
        verbose_name_plural = "体裁分类"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class PublicationChannel(models.Model):
    """公开方式/渠道: 政府网站, 政府公报, 新闻发布会 … (the reports count them)."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """One item of the catalog, from draft to published (or withdrawn)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "审核中"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"
        NOT_PUBLIC = "not_public", "不主动公开"

    class Attribute(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_APPLICATION = "on_application", "依申请公开"
        NOT_PUBLIC = "not_public", "不予公开"

    class AttributeBasis(models.TextChoices):
        """The article (and item) a non-public attribute rests on (条例 Art. 14–16)."""

        ART14_SECRET = "art14_secret", "第十四条：国家秘密"
        ART14_LAW = "art14_law", "第十四条：法律、行政法规禁止公开"
        ART14_SAFETY = "art14_safety", "第十四条：危及国家安全、公共安全、经济安全、社会稳定"
        ART15 = "art15", "第十五条：商业秘密、个人隐私等第三方合法权益"
        ART16_INTERNAL = "art16_internal", "第十六条第一款：内部事务信息"
        ART16_PROCESS = "art16_process", "第十六条第二款：过程性信息"
        ART16_CASE_FILE = "art16_case_file", "第十六条第二款：行政执法案卷信息"
        NOT_CONCERNING_PUBLIC = "not_public_interest", "不涉及公众利益调整、无需公众广泛知晓（依申请公开）"

    class LegalForm(models.TextChoices):
        """What section 二 of the annual report counts under 第二十条第（一）项."""

        NONE = "", "—"
        RULE = "rule", "规章"
        NORMATIVE = "normative", "行政规范性文件"

    class DecisionChange(models.TextChoices):
        """What befell a published enforcement decision (行政处罚法 Art. 48 para. 2)."""

        CHANGED = "changed", "变更"
        REVOKED = "revoked", "撤销"
        UNLAWFUL = "unlawful", "确认违法"
        VOID = "void", "确认无效"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        AMENDED = "amended", "已修改"
        REPEALED = "repealed", "已废止"
        EXPIRED = "expired", "已失效"

    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT,
                             related_name="publications")
    unit = models.ForeignKey(Unit, verbose_name="发布机构", on_delete=models.PROTECT, related_name="publications")
    title = models.CharField("信息名称", max_length=200)
    summary = models.TextField("内容概述", blank=True)
    body_text = models.TextField("正文", blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    created_on = models.DateField("生成日期", help_text="信息形成或者变更之日，公开时限从此起算")
    topic = models.ForeignKey(CatalogTopic, verbose_name="主题分类", on_delete=models.PROTECT, related_name="publications")
    genre = models.ForeignKey(Genre, verbose_name="体裁分类", null=True, blank=True, on_delete=models.PROTECT)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    channels = models.ManyToManyField(PublicationChannel, verbose_name="公开渠道", blank=True)
    full_text_electronic = models.BooleanField("全文电子化", default=True)
    legal_form = models.CharField("文件类型", max_length=12, choices=LegalForm.choices, blank=True, default="")
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("失效日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    interprets = models.ForeignKey("self", verbose_name="解读的政策文件", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="interpretations")

    attribute = models.CharField("公开属性", max_length=16, choices=Attribute.choices, default=Attribute.PROACTIVE)
    attribute_basis = models.CharField("不公开依据", max_length=24, choices=AttributeBasis.choices, blank=True)
    attribute_reason = models.TextField("属性认定理由", blank=True)
    next_reevaluation_on = models.DateField("下次评审日期", null=True, blank=True)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    current_step = models.CharField("当前审核环节", max_length=20, choices=ReviewStep.choices, blank=True)
    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    publish_due_on = models.DateField("公开期限", null=True, blank=True)
    publish_due_provisional = models.BooleanField("期限为暂定", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True)
    correction_note = models.TextField("更正说明", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    # An enforcement decision changed, revoked, found unlawful or void after publication: recorded
    # by the bureau, withdrawn by `withdraw_due_on` with a public statement (行政处罚法 Art. 48).
    decision_change = models.CharField("决定被依法", max_length=10, choices=DecisionChange.choices, blank=True)
    decision_changed_on = models.DateField("变更、撤销或确认之日", null=True, blank=True)
    decision_change_document = models.CharField("作出机关及文书", max_length=200, blank=True)
    withdraw_due_on = models.DateField("撤回期限", null=True, blank=True)
    withdraw_due_provisional = models.BooleanField("撤回期限为暂定", default=False)
    withdrawal_statement = models.TextField("撤回说明（公开）", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["body", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").replace("；", " ").split() if k]


class PublicationVersion(models.Model):
    """A version of a published item as it was before a correction (old versions are kept)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("内容")
    replaced_at = models.DateTimeField("被更正时间", auto_now_add=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    correction_note = models.TextField("更正说明")

    class Meta:
        ordering = ["publication", "-version"]
        constraints = [models.UniqueConstraint(fields=["publication", "version"], name="uniq_pub_version")]

    def __str__(self) -> str:
        return f"{self.publication_id} v{self.version}"


class ReviewRecord(models.Model):
    """One act in the review trail: who, when, which step, what decision, the opinion (一事一审)."""

    class Decision(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        APPROVE = "approve", "通过"
        REJECT = "reject", "退回"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="reviews")
    step = models.CharField("环节", max_length=20, choices=ReviewStep.choices, blank=True)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    opinion = models.TextField("意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    # The body allowed one person to take several steps (四眼原则, core/four_eyes.py) and this was one.
    same_reviewer = models.BooleanField("同一人兼审", default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.get_decision_display()}"


def attachment_path(instance, filename):
    # Random stored name: nothing of the original name or the item reaches the file system.
    import uuid

    return f"publications/{instance.publication_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取文本", blank=True)
    hidden_content = models.JSONField("隐藏内容", default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Finding(models.Model):
    """What the sensitive-content scanner found; publication waits until each is resolved."""

    class State(models.TextChoices):
        OPEN = "open", "待处理"
        ACKNOWLEDGED = "acknowledged", "已确认可公开"
        REDACTED = "redacted", "已遮盖"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="findings")
    source = models.CharField("位置", max_length=40)  # "title", "summary", "body_text", "attachment:<id>"
    kind = models.CharField("类型", max_length=32)  # the longest scanner kind is id_number_unverified (20)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField("内容", max_length=200)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.OPEN)
    reason = models.TextField("理由", blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "敏感信息检查结果"
        verbose_name_plural = "敏感信息检查结果"
        ordering = ["source", "start"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class Reevaluation(models.Model):
    """定期评审 of an item that is not public: the decision and its reason."""

    class Decision(models.TextChoices):
        KEEP = "keep", "维持原属性"
        OPEN = "open", "转为主动公开"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="reevaluations")
    decision = models.CharField("结论", max_length=8, choices=Decision.choices)
    reason = models.TextField("理由")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.get_decision_display()


class EnforcementFigures(models.Model):
    """Yearly counts the annual report's section 二 needs and that are not items of the catalog."""

    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT)
    year = models.PositiveIntegerField("年度")
    licences = models.PositiveIntegerField("行政许可处理决定数", default=0)
    penalties = models.PositiveIntegerField("行政处罚处理决定数", default=0)
    coercive_measures = models.PositiveIntegerField("行政强制处理决定数", default=0)
    fees_wan_yuan = models.DecimalField("行政事业性收费金额（万元）", max_digits=12, decimal_places=4, default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法与收费年度数据"
        verbose_name_plural = "执法与收费年度数据"
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="uniq_enforcement_year")]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"
