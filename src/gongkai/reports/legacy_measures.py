"""The older tables, specified: the measures a row may name and their parameters. The tables are
computed in `legacy.py`; templates and yearly figures are written in `legacy_services.py`.

The older tables: statistics tables of the kind annual reports carried before the 2021 national
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
  counts them. Parameters: `channels` (publications.PublicationChannel codes: any of them), `full_text_electronic`
  (the item's 全文电子化 flag), `legal_forms` (rule, normative: 新增的行政规范性文件 is `normative`).
- `applications_received` 受理申请数: applications whose Art. 31 receipt date (received_on) is in the
  period; never-confirmed ones are not received. Parameter `channels` (applications.ApplicationChannel values;
  信函 = letter + registered_post).
- `applications_answered` 答复数: applications whose reply was issued (decided_on) in the period.
  Parameter `groups`, the older tables' outcome groups, mapped from applications.outcomes in
  ANSWER_GROUP_OF: 同意公开 (published, disclosed), 同意部分公开 (partial), 不予公开 (the nine refusals),
  信息不存在 (not_exist), 非本机关政府信息 (not_ours: the referral, 三明's 将乐县 case), 申请内容不明确
  (still_unclear), 其他 (needs processing, the five 不予处理 and the three 其他处理 outcomes).
  三明's “其他类型答复数” is every group but the first three. Parameter `timeliness`: 按期答复 (on_time,
  replied on or before the stored due date) or 逾期答复 (late, after it). The due date is the case's
  stored clock (deadlines.clock_state), so a case received before 2019-05-15 is judged by the 2008
  regulation (国务院令第492号 Art. 24: 15 working days, extension at most 15; applications/regimes.py)
  and a later one by Art. 33 (20 and 20). A reply without a due date (a case closed while waiting for
  a supplement) is neither.
- `fees_charged` 收取信息处理费金额（元）: fee_amount of applications whose fee was paid (fee_paid_on)
  in the period. The system computes fees by the national bands and records no waiver, so a
  waived amount (减免) is a yearly figure (`fee_waived`).
- `remedies` 复议诉讼数: reconsiderations and lawsuits about replies, filed (filed_on) in the period.
  Parameters `kinds` (reconsideration; litigation, litigation_after: 行政诉讼 is both) and `results`
  (the result as at the period's last day, as section 四 counts it: one concluded later is pending).
- `letters` 来信数: mailbox letters received (received_on) in the period. Parameters `kinds`
  (enquiry, complaint, report …), `channels` (website, weibo, wechat, qq, visit …), `topics`
  (interaction.LetterTopic codes). 网上咨询数 = enquiries by website, Weibo, WeChat and QQ.
- `figure` 年度填报数: a number the office enters per body and year (LegacyFigure) because the
  records do not hold it; summed over the years of the period. Parameter `key` (FIGURES):
  网站专栏页面访问量 (the system counts no page views), 现场接待人数 (people received at windows and
  reception points; 广州's 1,204,102 are not letters — visits registered as letters are
  `letters` with channel `visit`), 收费减免金额 (no waiver is recorded), 行政申诉数 and 其中对本单位首次
  处理不满意的 (a letter does not say whether a complaint concerns disclosure or the bureau's first
  handling, so no record stands for a 申诉).

Scope: the body's own records (record.body), or with `with_branches` those of every disclosure body
whose unit is the body's unit or below it (Unit.path prefix), summed; remedies through their
application's body."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gongkai.applications import outcomes
from gongkai.applications.models import ApplicationChannel, Remedy
from gongkai.core.permissions import Capability
from gongkai.interaction import models as interaction
from gongkai.publications.models import Publication, PublicationChannel

CAPABILITY = Capability.REPORTS_MANAGE
FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008
MAX_ROWS = 80
MAX_LEVEL = 3
YEAR, TOTAL = "year", "total"  # the column keys: 本年度, 历年累计

PUBLICATION, APPLICATION, REMEDY, LETTER, FIGURE_MODEL = (
    "publications.Publication", "applications.Application", "applications.Remedy", "interaction.Letter",
    "reports.LegacyFigure")



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

# Whether a reply came by its due date (the case's governing regulation: 2008 or 2019).
TIMELINESS = [("on_time", "按期答复"), ("late", "逾期答复")]


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
    return list(interaction.LetterTopic.objects.order_by("sort_order", "id").values_list("code", "name"))


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
                Param("timeliness", "是否按期", "one", lambda: list(TIMELINESS)),
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
                Param("channels", "来信渠道", "many", lambda: list(interaction.LetterChannel.choices)),
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
