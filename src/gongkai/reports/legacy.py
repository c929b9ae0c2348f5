"""The older tables: statistics tables of the kind annual reports carried before the 2021 national
format (三明 2016 with 本年度 and 历年累计 columns; 广州 2011 附表1–4), computed from the same records.

A template (models.LegacyTemplate, kept as data) is a title, a 本年度 column, an optional 历年累计
column, and rows; each row names a measure (below) and its parameters. `compute` fills the table
for a disclosure body (optionally with the bodies below it) and a year, one `values_list` query per
model the rows need, aggregated in Python; every cell keeps the ids of the records it counts (or of
the yearly figures it sums), for drill-down.

Periods (calendar dates in the bureau's time zone): 本年度 is 1 January – 31 December of the year;
历年累计 runs from the first record the system holds up to 31 December of the year (no lower bound).

The measures, what they count, and the decisions behind them:

- `publications` 主动公开信息数: catalog items with attribute 主动公开 published (published_at) in the
  period and still public on its last day (not withdrawn by then), as section 二 of the annual report
  counts them. Parameters: `channels` (publications.Channel codes: any of them), `full_text_electronic`
  (the item's 全文电子化 flag), `legal_forms` (rule, normative: 新增的行政规范性文件 is `normative`).
- `applications_received` 受理申请数: applications whose Art. 31 receipt date (received_on) is in the
  period; never-confirmed ones are not received. Parameter `channels` (applications.Channel values;
  信函 = letter + registered_post).
- `applications_answered` 答复数: applications whose reply was issued (decided_on) in the period.
  Parameter `groups`, the older tables' outcome groups, mapped from applications.outcomes in
  ANSWER_GROUP_OF: 同意公开 (published, disclosed), 同意部分公开 (partial), 不予公开 (the nine refusals),
  信息不存在 (not_exist), 非本机关政府信息 (not_ours: the referral, 三明's 将乐县 case), 申请内容不明确
  (still_unclear), 其他 (needs processing, the five 不予处理 and the three 其他处理 outcomes).
  三明's “其他类型答复数” is every group but the first three.
- `fees_charged` 收取信息处理费金额（元）: fee_amount of applications whose fee was paid (fee_paid_on)
  in the period. The system computes fees by the national bands and records no waiver, so a
  waived amount (减免) is a yearly figure (`fee_waived`).
- `remedies` 复议诉讼数: reconsiderations and lawsuits about replies, filed (filed_on) in the period.
  Parameters `kinds` (reconsideration; litigation, litigation_after: 行政诉讼 is both) and `results`
  (the result as at the period's last day, as section 四 counts it: one concluded later is pending).
- `letters` 来信数: mailbox letters received (received_on) in the period. Parameters `kinds`
  (enquiry, complaint, report …), `channels` (website, weibo, wechat, qq, visit …), `topics`
  (interaction.Topic codes). 网上咨询数 = enquiries by website, Weibo, WeChat and QQ.
- `figure` 年度填报数: a number the office enters per body and year (LegacyFigure) because the
  records do not hold it; summed over the years of the period. Parameter `key` (FIGURES):
  网站专栏页面访问量 (the system counts no page views), 现场接待人数 (people received at windows and
  reception points; 广州's 1,204,102 are not letters — visits registered as letters are
  `letters` with channel `visit`), 收费减免金额 (no waiver is recorded), 行政申诉数 and 其中对本单位首次
  处理不满意的 (a letter does not say whether a complaint concerns disclosure or the bureau's first
  handling, so no record stands for a 申诉).

Scope: the body's own records (record.body), or with `with_branches` those of every disclosure body
whose unit is the body's unit or below it (Unit.path prefix), summed; remedies through their
application's body.

The writes (templates, yearly figures) are at the end: validated with Chinese messages, audited,
allowed to holders of `reports.manage` on the owner's unit (a template without a unit: all-unit
scope only; a figure: the body's unit)."""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.applications import outcomes
from gongkai.applications.models import Application, Remedy
from gongkai.applications.models import Channel as ApplicationChannel
from gongkai.core import audit, clock
from gongkai.core.access import can, require, scope_units
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.text import clean_text
from gongkai.interaction import models as interaction
from gongkai.publications.models import Channel as PublicationChannel
from gongkai.publications.models import Publication

from .models import LegacyFigure, LegacyRow, LegacyTemplate

CAPABILITY = "reports.manage"
FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008
MAX_ROWS = 80
MAX_LEVEL = 3
YEAR, TOTAL = "year", "total"  # the column keys: 本年度, 历年累计

PUBLICATION, APPLICATION, REMEDY, LETTER, FIGURE_MODEL = (
    "publications.Publication", "applications.Application", "applications.Remedy", "interaction.Letter",
    "reports.LegacyFigure")

# What the audit pages call this module's actions (registered in ReportsConfig.ready()).
AUDIT_LABELS = {
    "legacy_template.create": "新建历年统计表模板",
    "legacy_template.update": "修改历年统计表模板",
    "legacy_template.delete": "删除历年统计表模板",
    "legacy_figure.save": "填报历年统计表年度数据",
}


# --- Vocabulary ----------------------------------------------------------------------------------

ANSWER_GROUPS = [
    ("public", "同意公开"), ("partial", "同意部分公开"), ("refused", "不予公开"), ("not_exist", "信息不存在"),
    ("not_ours", "非本机关政府信息"), ("unclear", "申请内容不明确"), ("other", "其他"),
]


def _answer_group(outcome: outcomes.Outcome) -> str:
    if outcome.group == outcomes.Group.PUBLIC:
        return "public"
    if outcome.group == outcomes.Group.PARTIAL:
        return "partial"
    if outcome.group == outcomes.Group.REFUSED:
        return "refused"
    return {"not_exist": "not_exist", "not_ours": "not_ours", "still_unclear": "unclear"}.get(outcome.code, "other")


ANSWER_GROUP_OF: dict[str, str] = {o.code: _answer_group(o) for o in outcomes.OUTCOMES}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    help: str
    decimals: bool = False


FIGURES: tuple[Figure, ...] = (
    Figure("page_views", "网站专栏页面访问量", "人次", "门户网站“政府信息公开”专栏全年页面访问量，取自网站访问统计"),
    Figure("onsite_reception", "现场接待人数", "人次", "办事窗口、接待室等现场接待咨询的人次（系统只记录登记为来访来信的）"),
    Figure("fee_waived", "政府信息公开收费减免金额", "元", "依规定减免的信息处理费金额（系统不记录减免）", decimals=True),
    Figure("complaints", "行政申诉（举报）数", "件", "公民、法人或其他组织就本机关政府信息公开工作提出的行政申诉、举报件数"),
    Figure("complaints_first", "其中：对本单位首次处理不满意的行政申诉数", "件", "上项中对本单位首次处理不满意而提出的件数"),
)
FIGURE_BY_KEY = {f.key: f for f in FIGURES}


def _publication_channels() -> list[tuple[str, str]]:
    return list(PublicationChannel.objects.order_by("sort_order", "id").values_list("code", "name"))


def _letter_topics() -> list[tuple[str, str]]:
    return list(interaction.Topic.objects.order_by("sort_order", "id").values_list("code", "name"))


# --- Measures ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Param:
    key: str
    label: str
    kind: str                                     # "many" (list of codes), "one" (a code), "bool"
    choices: Callable[[], list[tuple[str, str]]] | None = None
    required: bool = False


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    model: str
    help: str
    params: tuple[Param, ...] = ()

    def param(self, key: str) -> Param | None:
        return next((p for p in self.params if p.key == key), None)


MEASURES: tuple[Measure, ...] = (
    Measure("publications", "主动公开信息数", PUBLICATION,
            "统计期内发布、期末仍公开（未撤回）的主动公开信息条数", (
                Param("channels", "公开渠道（任一）", "many", _publication_channels),
                Param("full_text_electronic", "全文电子化", "bool"),
                Param("legal_forms", "文件类型", "many",
                      lambda: [c for c in Publication.LegalForm.choices if c[0]]),
            )),
    Measure("applications_received", "受理申请数", APPLICATION,
            "统计期内受理（《条例》第三十一条收到申请之日）的政府信息公开申请件数", (
                Param("channels", "申请渠道", "many", lambda: list(ApplicationChannel.choices)),
            )),
    Measure("applications_answered", "答复数", APPLICATION,
            "统计期内作出答复（答复日期）的申请件数，按答复类型分列", (
                Param("groups", "答复类型", "many", lambda: list(ANSWER_GROUPS)),
            )),
    Measure("fees_charged", "收取信息处理费金额（元）", APPLICATION,
            "统计期内缴纳的信息处理费金额（按缴费日期）"),
    Measure("remedies", "复议诉讼数", REMEDY,
            "统计期内提起的政府信息公开行政复议、行政诉讼件数（按申请/起诉日期）", (
                Param("kinds", "类型", "many", lambda: list(Remedy.Kind.choices)),
                Param("results", "截至期末的结果", "many", lambda: list(Remedy.Result.choices)),
            )),
    Measure("letters", "来信数", LETTER,
            "统计期内收到（收信日期）的信箱来信件数", (
                Param("kinds", "来信类型", "many", lambda: list(interaction.Kind.choices)),
                Param("channels", "来信渠道", "many", lambda: list(interaction.Channel.choices)),
                Param("topics", "来信分类", "many", _letter_topics),
            )),
    Measure("figure", "年度填报数", FIGURE_MODEL,
            "政务公开办按年度填报的、系统记录中没有的数字（历年累计为各年之和）", (
                Param("key", "数据项", "one", lambda: [(f.key, f.label) for f in FIGURES], required=True),
            )),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
TRUE_WORDS, FALSE_WORDS = {"是", "true", "yes", "1"}, {"否", "false", "no", "0"}


def clean_params(measure_key: str, params) -> dict:
    """The parameters of a row, checked against its measure; Chinese messages for every mistake."""
    measure = MEASURE_BY_KEY.get(measure_key)
    if measure is None:
        raise ValidationError(f"未知的统计口径“{measure_key}”，可选：{'、'.join(m.key for m in MEASURES)}")
    if not isinstance(params, dict):
        raise ValidationError("参数格式不正确")
    cleaned = {}
    for key, value in params.items():
        param = measure.param(key)
        if param is None:
            allowed = "、".join(p.key for p in measure.params) or "无"
            raise ValidationError(f"统计口径“{measure.label}”没有参数“{key}”（可用参数：{allowed}）")
        if param.kind == "bool":
            if isinstance(value, list | tuple) and len(value) == 1:
                value = value[0]  # as parse_params gives it
            if isinstance(value, bool):
                cleaned[key] = value
                continue
            word = str(value).strip().lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                raise ValidationError(f"参数“{key}”（{param.label}）应为“是”或“否”")
            cleaned[key] = word in TRUE_WORDS
            continue
        values = value if isinstance(value, list | tuple) else [value]
        values = [str(v).strip() for v in values if str(v).strip()]
        allowed_codes = [code for code, _ in param.choices()]
        wrong = [v for v in values if v not in allowed_codes]
        if wrong:
            raise ValidationError(f"参数“{key}”（{param.label}）的取值“{'、'.join(wrong)}”无效，"
                                  f"可选：{'、'.join(allowed_codes)}")
        if not values:
            continue
        if param.kind == "one":
            if len(values) > 1:
                raise ValidationError(f"参数“{key}”（{param.label}）只能填一个值")
            cleaned[key] = values[0]
        else:
            cleaned[key] = list(dict.fromkeys(values))
    for param in measure.params:
        if param.required and param.key not in cleaned:
            raise ValidationError(f"统计口径“{measure.label}”须填写参数“{param.key}”（{param.label}）")
    return cleaned


def parse_params(text: str) -> dict:
    """`channels=letter,fax; full_text_electronic=是` (Chinese punctuation accepted) → a dict of raw values."""
    text = (text or "").strip()
    result: dict = {}
    for part in re.split(r"[;；\n]+", text):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.replace("＝", "=").partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValidationError(f"参数“{part}”应写成“参数名=取值”，多个取值用逗号分隔")
        if key in result:
            raise ValidationError(f"参数“{key}”重复")
        result[key] = [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]
    return result


def format_params(params: dict) -> str:
    parts = []
    for key, value in (params or {}).items():
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, list | tuple):
            value = ",".join(value)
        parts.append(f"{key}={value}")
    return "; ".join(parts)


def describe(measure_key: str, params: dict) -> str:
    """What a row counts, in words: the measure and its parameters by their Chinese names."""
    measure = MEASURE_BY_KEY.get(measure_key)
    if measure is None:
        return measure_key
    words = []
    for param in measure.params:
        if param.key not in params:
            continue
        value = params[param.key]
        if param.kind == "bool":
            words.append(f"{param.label}：{'是' if value else '否'}")
            continue
        names = dict(param.choices())
        values = value if isinstance(value, list) else [value]
        words.append(f"{param.label}：{'、'.join(names.get(v, v) for v in values)}")
    return measure.label + (f"（{'；'.join(words)}）" if words else "")


# --- Periods and cells ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: date | None      # None: from the first record (历年累计)
    end: date

    def has(self, day: date | None) -> bool:
        return day is not None and day <= self.end and (self.start is None or day >= self.start)


@dataclass(frozen=True)
class Cell:
    """One number of a legacy table and what is behind it: ids of `model` ("app_label.Model")."""

    value: int | Decimal
    ids: tuple[int, ...]
    model: str
    unfilled: bool = False  # a yearly figure not entered for the year (shown as 0, marked)

    @property
    def display(self) -> str:
        return number(self.value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    period: Period


@dataclass
class Row:
    id: int
    position: int
    block: str
    label: str
    unit: str
    level: int
    measure: str
    params: dict
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def description(self) -> str:
        return describe(self.measure, self.params)


@dataclass
class Block:
    title: str
    rows: list[Row]

    @property
    def has_units(self) -> bool:
        return any(r.unit for r in self.rows)


@dataclass
class Table:
    template_id: int
    template_name: str
    title: str
    body_code: str
    body_name: str
    year: int
    with_branches: bool
    columns: list[Column]
    rows: list[Row]

    @property
    def blocks(self) -> list[Block]:
        """Consecutive rows with the same `block` form one sub-table (广州's 附表1–4)."""
        blocks: list[Block] = []
        for row in self.rows:
            if not blocks or blocks[-1].title != row.block:
                blocks.append(Block(row.block, []))
            blocks[-1].rows.append(row)
        return blocks

    def row(self, pk: int) -> Row:
        return next(r for r in self.rows if r.id == pk)

    def value(self, label: str, column: str = YEAR) -> int | Decimal:
        """The number in the row labelled `label` (the first, if a label repeats) and `column`."""
        return next(r for r in self.rows if r.label == label).cells[column].value


def fill(pattern: str, *, body: str = "", year: int | str = "") -> str:
    return pattern.replace("{主体}", body).replace("{年度}", str(year))


def _scope(body: DisclosureBody, with_branches: bool, prefix: str = "") -> Q:
    if with_branches:
        return Q(**{f"{prefix}body__unit__path__startswith": body.unit.path})
    return Q(**{f"{prefix}body_id": body.pk})


def _day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _cell(found: Iterable[tuple[int, int | Decimal]], model: str, amount: bool = False) -> Cell:
    found = list(found)
    ids = tuple(sorted({pk for pk, _ in found}))
    value = sum((v for _, v in found), Decimal("0") if amount else 0)
    if amount and value == value.to_integral_value():
        value = int(value)
    return Cell(value, ids, model)


# --- The loaders: one query per model, only for the models the rows need ------------------------

def _load_publications(body, with_branches, end: date, need_channels: bool) -> list[tuple]:
    P = Publication
    base = P.objects.filter(_scope(body, with_branches), attribute=P.Attribute.PROACTIVE,
                            status__in=[P.Status.PUBLISHED, P.Status.WITHDRAWN], published_at__isnull=False,
                            published_at__lt=_day_after(end))
    channels: dict[int, set[str]] = defaultdict(set)
    if need_channels:
        through = P.channels.through
        for pk, code in (through.objects.filter(publication__in=base.values("pk"))
                         .values_list("publication_id", "channel__code")):
            channels[pk].add(code)
    rows = []
    for pk, published_at, withdrawn_at, electronic, form in base.values_list(
            "id", "published_at", "withdrawn_at", "full_text_electronic", "legal_form"):
        rows.append((pk, timezone.localdate(published_at),
                     timezone.localdate(withdrawn_at) if withdrawn_at else None, electronic, form,
                     channels.get(pk, frozenset())))
    return rows


def _load_applications(body, with_branches, end: date) -> list[tuple]:
    return list(Application.objects.filter(_scope(body, with_branches))
                .filter(Q(received_on__lte=end) | Q(decided_on__lte=end) | Q(fee_paid_on__lte=end))
                .values_list("id", "channel", "received_on", "decided_on", "outcome", "fee_amount", "fee_paid_on"))


def _load_remedies(body, with_branches, end: date) -> list[tuple]:
    return list(Remedy.objects.filter(_scope(body, with_branches, "application__"), filed_on__lte=end)
                .values_list("id", "kind", "result", "concluded_on", "filed_on"))


def _load_letters(body, with_branches, end: date) -> list[tuple]:
    return list(interaction.Letter.objects.filter(_scope(body, with_branches), received_on__lte=end)
                .values_list("id", "kind", "channel", "topic__code", "received_on"))


def _load_figures(body, with_branches, year: int) -> list[tuple]:
    return list(LegacyFigure.objects.filter(_scope(body, with_branches), year__lte=year)
                .values_list("id", "key", "year", "value"))


# --- The measures' computations ------------------------------------------------------------------

def _publications(rows, params: dict, period: Period) -> Cell:
    channels, forms = set(params.get("channels", ())), set(params.get("legal_forms", ()))
    electronic = params.get("full_text_electronic")
    found = []
    for pk, published_on, withdrawn_on, is_electronic, form, item_channels in rows:
        if not period.has(published_on) or (withdrawn_on is not None and withdrawn_on <= period.end):
            continue
        if channels and not channels & item_channels:
            continue
        if forms and form not in forms:
            continue
        if electronic is not None and is_electronic != electronic:
            continue
        found.append((pk, 1))
    return _cell(found, PUBLICATION)


def _received(rows, params: dict, period: Period) -> Cell:
    channels = set(params.get("channels", ()))
    return _cell(((pk, 1) for pk, channel, received_on, *_ in rows
                  if period.has(received_on) and (not channels or channel in channels)), APPLICATION)


def _answered(rows, params: dict, period: Period) -> Cell:
    groups = set(params.get("groups", ()))
    return _cell(((pk, 1) for pk, _channel, _received, decided_on, outcome, *_ in rows
                  if period.has(decided_on) and (not groups or ANSWER_GROUP_OF.get(outcome, "other") in groups)),
                 APPLICATION)


def _fees(rows, params: dict, period: Period) -> Cell:
    return _cell(((pk, Decimal(amount)) for pk, *_, amount, paid_on in rows if period.has(paid_on) and amount),
                 APPLICATION, amount=True)


def _remedies(rows, params: dict, period: Period) -> Cell:
    kinds, results = set(params.get("kinds", ())), set(params.get("results", ()))
    found = []
    for pk, kind, result, concluded_on, filed_on in rows:
        if not period.has(filed_on) or (kinds and kind not in kinds):
            continue
        if concluded_on is not None and concluded_on > period.end:
            result = Remedy.Result.PENDING  # the result came after the period
        if results and result not in results:
            continue
        found.append((pk, 1))
    return _cell(found, REMEDY)


def _letters(rows, params: dict, period: Period) -> Cell:
    kinds, channels, topics = (set(params.get(k, ())) for k in ("kinds", "channels", "topics"))
    return _cell(((pk, 1) for pk, kind, channel, topic, received_on in rows
                  if period.has(received_on) and (not kinds or kind in kinds)
                  and (not channels or channel in channels) and (not topics or topic in topics)), LETTER)


def _figures(rows, params: dict, period: Period) -> Cell:
    key = params["key"]
    first = period.start.year if period.start else 0
    found = [(pk, value) for pk, k, year, value in rows if k == key and first <= year <= period.end.year]
    cell = _cell(found, FIGURE_MODEL, amount=True)
    if period.start is not None and not found:
        cell = Cell(cell.value, cell.ids, cell.model, unfilled=True)
    return cell


COMPUTE = {
    "publications": _publications, "applications_received": _received, "applications_answered": _answered,
    "fees_charged": _fees, "remedies": _remedies, "letters": _letters, "figure": _figures,
}


def columns(template: LegacyTemplate, year: int) -> list[Column]:
    cols = [Column(YEAR, fill(template.year_label, year=year), Period(date(year, 1, 1), date(year, 12, 31)))]
    if template.cumulative_label:
        cols.append(Column(TOTAL, fill(template.cumulative_label, year=year), Period(None, date(year, 12, 31))))
    return cols


def compute(template: LegacyTemplate, body: DisclosureBody, year: int, *, with_branches: bool = False) -> Table:
    """The template's table for `body` and `year` (with the bodies below it if asked)."""
    rows = [Row(r.pk, r.position, r.block, r.label, r.unit, r.level, r.measure, r.params)
            for r in template.rows.order_by("position")]
    cols = columns(template, year)
    end = date(year, 12, 31)
    needed = {MEASURE_BY_KEY[r.measure].model for r in rows if r.measure in MEASURE_BY_KEY}
    data = {
        PUBLICATION: lambda: _load_publications(body, with_branches, end,
                                                any(r.params.get("channels") for r in rows
                                                    if r.measure == "publications")),
        APPLICATION: lambda: _load_applications(body, with_branches, end),
        REMEDY: lambda: _load_remedies(body, with_branches, end),
        LETTER: lambda: _load_letters(body, with_branches, end),
        FIGURE_MODEL: lambda: _load_figures(body, with_branches, year),
    }
    loaded = {model: data[model]() for model in needed}
    for row in rows:
        measure = MEASURE_BY_KEY.get(row.measure)
        for col in cols:
            if measure is None:  # a row stored before a measure was removed: shown empty, never guessed
                row.cells[col.key] = Cell(0, (), "", unfilled=True)
                continue
            row.cells[col.key] = COMPUTE[measure.key](loaded[measure.model], row.params, col.period)
    return Table(template.pk, template.name, fill(template.title, body=body.letter_name, year=year), body.unit.code,
                 body.letter_name, year, with_branches, cols, rows)


# --- Reads ---------------------------------------------------------------------------------------

def visible_templates(user: User) -> QuerySet[LegacyTemplate]:
    """The templates a user may use: the shared ones and those of units in the user's scope."""
    return (LegacyTemplate.objects.filter(Q(unit__isnull=True) | Q(unit__in=scope_units(user, CAPABILITY).values("pk")))
            .select_related("unit"))


def can_edit(user: User, template: LegacyTemplate) -> bool:
    return can(user, CAPABILITY, template.unit)


def bodies(user: User) -> QuerySet[DisclosureBody]:
    return (DisclosureBody.objects.filter(unit__in=scope_units(user, CAPABILITY).values("pk"))
            .select_related("unit").order_by("unit__path"))


def records(cell: Cell) -> QuerySet:
    """The records a cell counts, in the model it names."""
    from django.apps import apps

    model = apps.get_model(cell.model)
    related = {APPLICATION: ("unit",), REMEDY: ("application",), PUBLICATION: ("unit",),
               LETTER: ("unit", "topic"), FIGURE_MODEL: ("body__unit",)}
    return model.objects.filter(pk__in=cell.ids).select_related(*related.get(cell.model, ()))


def figures_of(body: DisclosureBody, year: int) -> dict[str, LegacyFigure]:
    return {f.key: f for f in LegacyFigure.objects.filter(body=body, year=year)}


def number(value) -> str:
    """A cell's value as the tables print it: whole numbers without decimals."""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"
    return str(value)


# --- Writes --------------------------------------------------------------------------------------

def check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "年度应为四位数字"}) from None
    if not FIRST_YEAR <= year <= clock.today().year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{clock.today().year}年之间"})
    return year


def _check_pattern(text: str, field_name: str, allowed: tuple[str, ...], errors: dict, max_length: int) -> str:
    text = clean_text(text)
    if len(text) > max_length:
        errors[field_name] = f"不能超过{max_length}个字"
    rest = text
    for placeholder in allowed:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        errors[field_name] = f"只能使用占位符{'、'.join(allowed)}"
    return text


def clean_rows(rows: list[dict]) -> list[dict]:
    """Rows as the editor sends them, in order: block, label, unit, level, measure, params (a dict,
    or the editor's text). Raises one ValidationError listing every bad row."""
    problems, cleaned = [], []
    for n, raw in enumerate(rows, start=1):
        label = clean_text(raw.get("label"))
        where = f"第{n}行" + (f"“{label}”" if label else "")
        try:
            if not label:
                raise ValidationError("请填写指标名称")
            if len(label) > 100:
                raise ValidationError("指标名称不能超过100个字")
            block, unit = clean_text(raw.get("block")), clean_text(raw.get("unit"))
            if len(block) > 60 or len(unit) > 10:
                raise ValidationError("分表名称不能超过60个字，计量单位不能超过10个字")
            try:
                level = int(raw.get("level") or 0)
            except (TypeError, ValueError):
                raise ValidationError("缩进层级应为0至3的整数") from None
            if not 0 <= level <= MAX_LEVEL:
                raise ValidationError("缩进层级应为0至3的整数")
            measure = (raw.get("measure") or "").strip()
            if not measure:
                raise ValidationError("请选择统计口径")
            params = raw.get("params") or {}
            if isinstance(params, str):
                params = parse_params(params)
            params = clean_params(measure, params)
        except ValidationError as exc:
            problems.append(f"{where}：{'；'.join(exc.messages)}")
            continue
        cleaned.append({"block": block, "label": label, "unit": unit, "level": level, "measure": measure,
                        "params": params})
    if problems:
        raise ValidationError({"rows": problems})
    if not cleaned:
        raise ValidationError({"rows": "模板至少要有一行指标"})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError({"rows": f"模板不能超过{MAX_ROWS}行"})
    return cleaned


def _snapshot(template: LegacyTemplate) -> dict:
    return {
        "name": template.name, "title": template.title, "year_label": template.year_label,
        "cumulative_label": template.cumulative_label, "note": template.note,
        "unit": template.unit.code if template.unit_id else "",
        "rows": [{"block": r.block, "label": r.label, "unit": r.unit, "level": r.level, "measure": r.measure,
                  "params": r.params} for r in template.rows.order_by("position")],
    }


@transaction.atomic
def save_template(*, actor: User, template: LegacyTemplate | None = None, name: str, title: str,
                  year_label: str, cumulative_label: str = "", note: str = "", rows: list[dict]) -> LegacyTemplate:
    """Create a template (owned by no unit when the actor has all-unit scope, else by the actor's
    unit) or replace an existing one's settings and rows, in the order given. All or nothing."""
    if template is None:
        owner: Unit | None = None if can(actor, CAPABILITY, None) else actor.unit
        require(actor, CAPABILITY, owner)
    else:
        template = LegacyTemplate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=template.pk)
        require(actor, CAPABILITY, template.unit)
    errors: dict = {}
    name = clean_text(name)
    if not name:
        errors["name"] = "请填写模板名称"
    elif len(name) > 60:
        errors["name"] = "模板名称不能超过60个字"
    elif LegacyTemplate.objects.filter(name=name).exclude(pk=getattr(template, "pk", None)).exists():
        errors["name"] = "已有同名模板"
    title = _check_pattern(title, "title", ("{主体}", "{年度}"), errors, 100)
    if not title:
        errors["title"] = "请填写表题"
    year_label = _check_pattern(year_label, "year_label", ("{年度}",), errors, 20)
    if not year_label:
        errors["year_label"] = "请填写本年度列名"
    cumulative_label = _check_pattern(cumulative_label, "cumulative_label", ("{年度}",), errors, 20)
    note = clean_text(note)
    try:
        cleaned = clean_rows(rows)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    created = template is None
    before = None if created else _snapshot(template)
    if created:
        template = LegacyTemplate(unit=owner)
    template.name, template.title, template.year_label = name, title, year_label
    template.cumulative_label, template.note, template.updated_by = cumulative_label, note, actor
    template.save()
    template.rows.all().delete()
    LegacyRow.objects.bulk_create(LegacyRow(template=template, position=i, **row)
                                  for i, row in enumerate(cleaned, start=1))
    audit.record(action="legacy_template.create" if created else "legacy_template.update", actor=actor,
                 obj=template, unit=template.unit, before=before, after=_snapshot(template))
    return template


@transaction.atomic
def delete_template(*, actor: User, template: LegacyTemplate) -> None:
    template = LegacyTemplate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=template.pk)
    require(actor, CAPABILITY, template.unit)
    audit.record(action="legacy_template.delete", actor=actor, obj=template, unit=template.unit,
                 before=_snapshot(template))
    template.delete()


def _clean_figure(figure: Figure, value) -> Decimal | None:
    text = "" if value is None else str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError("请填写数字") from None
    if amount < 0 or amount > Decimal("999999999999"):
        raise ValidationError("应为不小于0的数字")
    if not figure.decimals and amount != amount.to_integral_value():
        raise ValidationError(f"{figure.unit}数应为整数")
    if amount.as_tuple().exponent < -2:
        raise ValidationError("最多保留两位小数")
    return amount


@transaction.atomic
def save_figures(*, actor: User, body: DisclosureBody, year, values: dict, note: str = "") -> dict[str, LegacyFigure]:
    """Enter a body's yearly figures (FIGURES keys → number, or empty to clear). All or nothing."""
    require(actor, CAPABILITY, body.unit)
    year = check_year(year)
    errors, amounts = {}, {}
    for key, value in values.items():
        figure = FIGURE_BY_KEY.get(key)
        if figure is None:
            errors[key] = f"未知的数据项“{key}”"
            continue
        try:
            amounts[key] = _clean_figure(figure, value)
        except ValidationError as exc:
            errors[key] = exc.messages
    note = clean_text(note)
    if len(note) > 200:
        errors["note"] = "说明不能超过200个字"
    if errors:
        raise ValidationError(errors)
    existing = {f.key: f for f in LegacyFigure.objects.select_for_update().filter(body=body, year=year)}
    before = {k: number(f.value) for k, f in existing.items()}
    notes_before = {f.note for f in existing.values()}
    after = {}
    for key, amount in amounts.items():
        row = existing.get(key)
        if amount is None:
            if row is not None:
                row.delete()
                existing.pop(key)
            continue
        if row is None:
            row = existing[key] = LegacyFigure(body=body, year=year, key=key)
        row.value, row.note, row.updated_by = amount, note, actor
        row.save()
        after[key] = number(amount)
    for key, row in existing.items():
        after.setdefault(key, number(row.value))
    if before != after or (existing and notes_before != {note}):
        audit.record(action="legacy_figure.save", actor=actor, obj=body, unit=body.unit,
                     object_repr=f"{body.letter_name}{year}年", before={"year": year, **before},
                     after={"year": year, "note": note, **after})
    return existing
