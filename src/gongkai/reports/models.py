"""The annual report as kept: per disclosure body and year, the narrative the office writes
(sections 一, 五, 六), the manual adjustments of cells, and the published versions, each frozen
with everything it showed (numbers, the records behind them, text, files)."""

from django.conf import settings
from django.db import models

from gongkai.core.models import DisclosureBody

SECTION_CHOICES = [("二", "二、主动公开政府信息情况"), ("三", "三、收到和处理政府信息公开申请情况"),
                   ("四", "四、政府信息公开行政复议、行政诉讼情况")]


class AnnualReport(models.Model):
    """The working copy of one body's report for one year. `with_branches` is the sum of the body
    and every body below it, made where a superior office asks for it."""

    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT,
                             related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    with_branches = models.BooleanField("含下级机关汇总", default=False)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "body__unit__path", "with_branches"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "with_branches"], name="one_report_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body.letter_name}{self.year}年{'（含下级机关）' if self.with_branches else ''}"

    @property
    def current_version(self) -> "ReportVersion | None":
        return self.versions.order_by("-number").defer("pdf", "docx", "xlsx").first()


class Adjustment(models.Model):
    """A reported value that replaces the computed one in one cell, for data the system does not
    hold (years, or months, before it was in use). Kept, shown beside the table, audited."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="adjustments")
    section = models.CharField("部分", max_length=2, choices=SECTION_CHOICES)
    row = models.CharField("行", max_length=30)
    column = models.CharField("列", max_length=30)
    value = models.DecimalField("填报数", max_digits=14, decimal_places=4)
    reason = models.TextField("调整原因")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人工调整"
        verbose_name_plural = "人工调整"
        ordering = ["section", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "section", "row", "column"], name="one_adjustment_per_cell")]

    def __str__(self) -> str:
        return f"{self.section}、{self.row}/{self.column} = {self.value}"


class ReportVersion(models.Model):
    """A published report. Never changed afterwards (save and delete refuse): later changes to the
    cases do not alter what was published; republishing makes the next version with a 更正说明."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    document = models.JSONField("报告内容")  # what the renderers and the API read: text, figures with ids, adjustments
    correction = models.TextField("更正说明", blank=True)
    published_at = models.DateTimeField("公布时间")
    # PROTECT: deleting a user must not rewrite who published (staff are deactivated, not deleted).
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    pdf = models.BinaryField(editable=False)
    docx = models.BinaryField(editable=False)
    xlsx = models.BinaryField(editable=False)
    sha256 = models.CharField("PDF 摘要", max_length=64, editable=False)

    class Meta:
        verbose_name = "年度报告公布版本"
        verbose_name_plural = "年度报告公布版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"{self.report}（第{self.number}版）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("已公布的年度报告不能修改；如需更正，请重新公布新版本")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("已公布的年度报告不能删除")


# --- The older tables (legacy templates, see reports/legacy_measures.py) ------------------------------------

class LegacyTemplate(models.Model):
    """A statistics table of the kind reports carried before the 2021 national format (三明 2016,
    广州 2011): a title, a 本年度 column and, if named, a 历年累计 column, and rows (LegacyRow), each
    computed by a measure of `legacy.py`. Kept as data so the office can change the rows.

    `unit` is the owner: empty for the templates every unit may use and only an office with
    all-unit scope may change; otherwise the unit whose `reports.manage` holders keep it."""

    name = models.CharField("模板名称", max_length=60, unique=True)
    title = models.CharField("表题", max_length=100, help_text="可用占位符 {主体}、{年度}")
    year_label = models.CharField("本年度列名", max_length=20, default="{年度}年度",
                                  help_text="可用占位符 {年度}，如“{年度}年度”“数量”")
    cumulative_label = models.CharField("历年累计列名", max_length=20, blank=True,
                                        help_text="如“历年累计”；留空则不设历年累计列")
    note = models.TextField("说明", blank=True)
    unit = models.ForeignKey("core.Unit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "历年统计表模板"
        verbose_name_plural = "历年统计表模板"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegacyRow(models.Model):
    """One row of a legacy template: label, unit, indent, and the measure (with its parameters)
    that computes it. `block` names the sub-table the row belongs to (广州's 附表1–4)."""

    template = models.ForeignKey(LegacyTemplate, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField("顺序")
    block = models.CharField("分表", max_length=60, blank=True)
    label = models.CharField("指标名称", max_length=100)
    unit = models.CharField("计量单位", max_length=10, blank=True)
    level = models.PositiveSmallIntegerField("缩进层级", default=0)
    measure = models.CharField("统计口径", max_length=40)
    params = models.JSONField("参数", default=dict, blank=True)

    class Meta:
        verbose_name = "历年统计表指标"
        verbose_name_plural = "历年统计表指标"
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="one_legacy_row_per_position")]

    def __str__(self) -> str:
        return self.label


class LegacyFigure(models.Model):
    """A yearly figure the records do not hold (page views of the disclosure section, people
    received on site, fee waivers, 申诉), entered by the office for a body and a year."""

    body = models.ForeignKey(DisclosureBody, verbose_name="公开主体", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField("数据项", max_length=30)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "历年统计表年度填报数"
        verbose_name_plural = "历年统计表年度填报数"
        ordering = ["-year", "body", "key"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "key"], name="one_legacy_figure_per_year")]

    def __str__(self) -> str:
        return f"{self.body} {self.year} {self.key}"
