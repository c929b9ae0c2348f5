"""The search change log: one row per change to public content, written by the service that makes
the change in the same database transaction. The indexes (one per web server) apply the rows in
id order and each remembers the last one it applied, so an index never misses a change and never
needs the database to say what changed since when."""

from django.db import models


class Kind(models.TextChoices):
    PUBLICATION = "publication", "公开信息"
    GUIDE = "guide", "办事指南"
    QA = "qa", "互动交流问答"
    BULLETIN = "bulletin", "警情通报"
    REPORT = "report", "年度报告"
    UNIT = "unit", "单位"  # a renamed unit: everything it published shows the new name


class Change(models.Model):
    """Something public may have changed: the indexer reads the object's current state and adds,
    replaces or removes its document accordingly (so one row kind serves publish, correct,
    withdraw and delete alike)."""

    kind = models.CharField("内容类型", max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("对象 id")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "检索变更记录"
        verbose_name_plural = "检索变更记录"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}:{self.object_id}"


class Version(models.Model):
    """One row, bumped by every `changed()` in the changing transaction. The row lock makes the
    bumps follow commit order (change-log ids do not on PostgreSQL), so a page cached under a
    version (portal/caching.py) is never served after a change committed later."""

    number = models.PositiveBigIntegerField("版本号", default=0)

    class Meta:
        verbose_name = "公开内容版本"
        verbose_name_plural = "公开内容版本"

    def __str__(self) -> str:
        return f"v{self.number}"
