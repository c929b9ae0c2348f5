"""The shared kernel: units and disclosure bodies, people and roles, audit trail, calendar."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from .permissions import CAPABILITIES


class Unit(models.Model):
    """One organisational unit of the police; units form a tree rooted at a city (or province)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省厅"
        CITY = "city", "市局"
        BRANCH = "branch", "分局"
        DETACHMENT = "detachment", "支队"
        DIVISION = "division", "处室"
        STATION = "station", "派出所"
        BRIGADE = "brigade", "大队"
        POST = "post", "警务室"
        SQUADRON = "squadron", "中队"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField("单位代码", max_length=32, unique=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of zero-padded ids ("/000000001/000000004/"): a subtree is one indexed
    # prefix query on either database.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)

    def disclosure_body(self) -> "DisclosureBody | None":
        """The nearest disclosure body at or above this unit (a 派出所 answers to its 分局)."""
        bodies = {b.unit_id: b for b in DisclosureBody.objects.filter(unit_id__in=self.ancestor_ids())}
        for unit_id in reversed(self.ancestor_ids()):
            if unit_id in bodies:
                return bodies[unit_id]
        return None


class Region(models.TextChoices):
    """Where a calendar entry applies: national, or a province adding holidays of its own."""

    NATIONAL = "CN", "全国"
    GUANGXI = "GX", "广西壮族自治区"
    TIBET = "XZ", "西藏自治区"
    XINJIANG = "XJ", "新疆维吾尔自治区"
    NINGXIA = "NX", "宁夏回族自治区"


class DisclosureBody(models.Model):
    """A unit that discloses in its own name (公开主体): its catalog, applications and report."""

    unit = models.OneToOneField(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="body")
    org_code = models.CharField("统一社会信用代码/组织机构代码", max_length=18, unique=True)
    letter_name = models.CharField("文书署名", max_length=100, help_text="告知书等文书落款使用的机关全称")
    notice_prefix = models.CharField("文书字号前缀", max_length=20, help_text="如：明公信告")
    region = models.CharField("节假日地区", max_length=4, choices=Region.choices, default=Region.NATIONAL)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    reconsideration_authority = models.CharField(
        "行政复议机关", max_length=100, blank=True, help_text="本级人民政府，如：三明市人民政府"
    )
    litigation_court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True)
    index_pattern = models.CharField(
        "索引号格式", max_length=60, blank=True,
        help_text="留空使用默认格式 {org9}/{year}-{serial:05d}；可用 {org18} {org9} {year} {month:02d} {serial:05d}")
    # Art. 30: a supplement notice after the 7th working day only pauses the reply period; a body
    # may instead refuse to send one that late.
    refuse_late_supplement = models.BooleanField(
        "不再发出逾期补正通知", default=False,
        help_text="勾选后，收到申请超过7个工作日的，不能再发出补正通知（条例第三十条）；"
                  "不勾选时仍可发出，但答复期限只在补正期间暂停，不重新计算。")
    # 四眼原则 (core/four_eyes.py): off by default; for a body with only one reviewer.
    allow_same_reviewer = models.BooleanField(
        "允许同一人兼审", default=False,
        help_text="本单位仅有一名审核人员时勾选：同一人可审核同一信息的多个环节，审核记录注明“同一人兼审”。"
                  "起草人、提交人仍不能审核本人的信息")
    # Over the signature of issued notices; checked by core/seals.py, set by services.set_body_seal.
    seal = models.BinaryField("印章图片", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "公开主体"
        verbose_name_plural = "公开主体"
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.letter_name

    @property
    def code(self) -> str:
        return self.unit.code


class Sequence(models.Model):
    """A disclosure body's own yearly counters (index numbers, notice numbers, ...)."""

    body = models.ForeignKey(DisclosureBody, on_delete=models.PROTECT, related_name="sequences")
    name = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "name", "year"], name="uniq_sequence")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.last_value}"


class Role(models.Model):
    """A role is data: a set of capabilities and how far they reach (own subtree, or everything)."""

    class Scope(models.TextChoices):
        SUBTREE = "subtree", "本单位及下级"
        ALL = "all", "全部单位"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    capabilities = models.JSONField("权限", default=list, blank=True)
    scope = models.CharField("范围", max_length=10, choices=Scope.choices, default=Scope.SUBTREE)
    is_builtin = models.BooleanField("内置", default=False, editable=False)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def capability_labels(self) -> list[str]:
        return [CAPABILITIES.get(c, c) for c in self.capabilities]


class User(AbstractUser):
    name = models.CharField("姓名", max_length=40, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT)
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    phone = models.CharField("联系电话", max_length=40, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username


class PasswordHistory(models.Model):
    """A password a person has had (its hash), so the last few are not used again (等保 三级)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """One row per change, append-only, chained by a keyed MAC (see core/audit.py)."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False)
    unit_name = models.CharField("单位", max_length=100, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How `hash` was made (audit.MACS); "sha256" marks the unkeyed rows written before keys came.
    alg = models.CharField(max_length=16, default="sha256")

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计记录不能删除")


class AuditHead(models.Model):
    """The tip of the audit chain: serialises appends and lets `audit verify` see a cut tail."""

    count = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.count}: {self.last_hash}"


class CalendarYear(models.Model):
    """A year whose State Council arrangement (or a region's additions) has been entered."""

    region = models.CharField("地区", max_length=4, choices=Region.choices, default=Region.NATIONAL)
    year = models.PositiveIntegerField("年份")
    source = models.CharField("依据", max_length=200)
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="uniq_calendar_year")]

    def __str__(self) -> str:
        return f"{self.get_region_display()} {self.year}"


class CalendarDay(models.Model):
    """A date that differs from Monday–Friday: a holiday, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "上班（调休）"

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    region = models.CharField("地区", max_length=4, choices=Region.choices, default=Region.NATIONAL)
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("名称", max_length=60, blank=True)

    class Meta:
        verbose_name = "日历调整日"
        verbose_name_plural = "日历调整日"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="uniq_calendar_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class RateCounter(models.Model):
    """Requests per client and window for the public forms (core/ratelimit.py). In the database
    so every worker counts together on SQLite and PostgreSQL alike, with no cache server."""

    key = models.CharField(max_length=120)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="uniq_rate_counter")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.count}"


class ApiToken(models.Model):
    """A staff member's key for the API (等保: credentials that end). Only the SHA-256 of the key is
    stored; the key itself is shown once, when issued. It ends at `expires_at`, after the idle
    timeout without use, and at every password change, reset, role change and logout
    (services.revoke_api_tokens)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_because = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"API token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class KeyFingerprint(models.Model):
    """The public fingerprint (`keys.key_id`) of each key the data is written with (core/keyring.py):
    SECRET_KEY for query codes and applicant keys, the audit key for the chain. Recorded once, at
    the first migrate; a database restored beside another key then says so (`gongkai check_data`,
    `gongkai restore`, `gongkai serve`) instead of every query code silently ceasing to work."""

    name = models.CharField(max_length=40, unique=True)
    key_id = models.CharField(max_length=16)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "密钥指纹"
        verbose_name_plural = "密钥指纹"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.key_id}"
