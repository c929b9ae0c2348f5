"""What a ledger's words mean (政府信息公开申请台账): the listed values of its columns, written as
bureaus write them (申请人类型, 申请方式, 复议诉讼结果, 是否延期), and the outcome matcher, which
reads a ledger's many wordings of the annual report's leaves as one of `outcomes.OUTCOMES`.
Pure: no database. Used by the ledger import (`ledger.py`)."""

import re

from gongkai.core.cells import CellError, cell_text, norm

from . import outcomes, regimes
from .models import ApplicantKind, ApplicationChannel, Remedy

# --------------------------------------------------------------------------- listed values


def _lookup(pairs: dict[str, str]) -> dict[str, str]:
    return {norm(k): v for k, v in pairs.items()}


KINDS = _lookup({
    **{label: value for value, label in ApplicantKind.choices}, **{v: v for v in ApplicantKind.values},
    "个人": "person", "公民": "person", "企业": "business", "公司": "business", "公益组织": "nonprofit",
    "律师事务所": "legal", "律所": "legal", "其它": "other_org", "其他组织": "other_org", "other": "other_org",
})
CHANNELS = _lookup({
    **{label: value for value, label in ApplicationChannel.choices}, **{v: v for v in ApplicationChannel.values},
    "网上": "online", "网络申请": "online", "互联网": "online", "在线申请": "online",
    "当面": "in_person", "现场申请": "in_person", "窗口": "in_person",
    "挂号信": "registered_post", "快递": "registered_post", "邮寄": "registered_post", "EMS": "registered_post",
    "信函": "letter", "来信": "letter", "电子邮箱": "email", "邮件": "email", "e-mail": "email", "其它": "other",
})
REMEDY_RESULTS = _lookup({
    **{label: value for value, label in Remedy.Result.choices}, **{v: v for v in Remedy.Result.values},
    "维持": "maintained", "纠正": "corrected", "撤销": "corrected", "其他": "other", "其它": "other",
    "未审结": "pending", "审理中": "pending",
})
LITIGATION_KINDS = _lookup({
    "直接起诉": Remedy.Kind.LITIGATION, "未经复议直接起诉": Remedy.Kind.LITIGATION, "litigation": Remedy.Kind.LITIGATION,
    "复议后起诉": Remedy.Kind.LITIGATION_AFTER, "litigation_after": Remedy.Kind.LITIGATION_AFTER,
})
YES = {norm(v) for v in ("是", "有", "延期", "已延期", "y", "yes", "true", "√", "✓")}
NO = {norm(v) for v in ("否", "无", "未延期", "不延期", "n", "no", "false", "×", "—", "-", "0")}


# --------------------------------------------------------------------------- the outcome matcher

# The leaves of section 三 of the annual report (2021 format), as the report and ledgers word them.
REPORT_LEAVES: dict[str, tuple[str, ...]] = {
    "refused.1": ("属于国家秘密",),
    "refused.2": ("其他法律行政法规禁止公开",),
    "refused.3": ("危及“三安全一稳定”",),
    "refused.4": ("保护第三方合法权益",),
    "refused.5": ("属于三类内部事务信息",),
    "refused.6": ("属于四类过程性信息",),
    "refused.7": ("属于行政执法案卷",),
    "refused.8": ("属于行政查询事项",),
    "unavailable.1": ("本机关不掌握相关政府信息",),
    "unavailable.2": ("没有现成信息需要另行制作",),
    "unavailable.3": ("补正后申请内容仍不明确",),
    "not_processed.1": ("信访举报投诉类申请",),
    "not_processed.2": ("重复申请",),
    "not_processed.3": ("要求提供公开出版物",),
    "not_processed.4": ("无正当理由大量反复申请",),
    "not_processed.5": ("要求行政机关确认或重新出具已获取信息",),
    "other.1": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", "逾期未补正"),
    "other.2": ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "逾期未缴费",
                "逾期未缴纳费用", "逾期未缴纳信息处理费"),
    "other.3": ("其他",),
}
# A report row that holds more than one outcome: the row's label means this one. The report
# counts them alike; the exact code or label tells them apart (e.g. not_ours).
ROW_DEFAULTS = {"public": "disclosed", "unavailable.1": "not_exist"}
ALIASES: dict[str, tuple[str, ...]] = {
    "published": ("已主动公开", "主动公开", "已公开"),
    "disclosed": ("同意公开", "公开", "予以公开"),
    "partial": ("同意部分公开", "部分公开", "区分处理"),
    "not_exist": ("信息不存在", "政府信息不存在", "经检索没有所申请公开的信息"),
    "not_ours": ("非本机关", "非本机关政府信息", "不属于本机关", "不属于本机关负责公开"),
    "petition": ("信访", "投诉举报", "信访举报投诉"),
    "other": ("撤回", "撤回申请", "申请人撤回", "申请人撤回申请"),
}


def _outcome_keys() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}

    def add(text: str, code: str) -> None:
        key = norm(text)
        if key:
            keys.setdefault(key, set()).add(code)
            # "属于国家秘密" is also written "国家秘密".
            if key.startswith("属于") and len(key) > 4:
                keys.setdefault(key[2:], set()).add(code)

    for o in outcomes.OUTCOMES:
        group = outcomes.GROUP_LABELS[o.group]
        tails = [o.label.split("：", 1)[1]] if "：" in o.label else []
        tails += list(REPORT_LEAVES.get(o.report_row, ()))
        tails += list(ALIASES.get(o.code, ()))
        for text in [o.code, o.label, o.report_label, *tails]:
            add(text, o.code)
        for tail in tails:
            add(group + tail, o.code)
            if tail.startswith("属于"):
                add(group + tail[2:], o.code)
        if not o.row:
            add(group, o.code)
    return keys


OUTCOME_KEYS = _outcome_keys()
GROUP_KEYS = {norm(label): group for group, label in outcomes.GROUP_LABELS.items()}


def _resolve(codes: set[str]) -> str | None:
    """One outcome for a set of candidates: itself, or the row's default if they share a row."""
    if len(codes) == 1:
        return next(iter(codes))
    rows = {outcomes.BY_CODE[c].report_row for c in codes}
    if len(rows) == 1:
        return ROW_DEFAULTS.get(rows.pop())
    return None


def match_outcome(text: str) -> str:
    """The outcome code a ledger's 办理结果 means; ValueError (Chinese) if none or several fit.

    Accepted: the code (secret), the label of outcomes.OUTCOMES ("不予公开：属于国家秘密"), the
    report row ("不予公开-属于国家秘密", "不予公开 1", "其他处理-逾期不补正") and a few common
    wordings (同意公开, 信息不存在, 撤回); punctuation, spaces and enumerators are ignored. A
    part of one of these is enough when it fits exactly one outcome ("行政执法案卷")."""
    key = norm(text)
    if not key:
        raise ValueError("不能为空")
    hit = OUTCOME_KEYS.get(key)
    if hit:
        code = _resolve(hit)
        if code:
            return code
        raise ValueError(_ambiguous(text, hit))
    # A text that holds a known wording ("不予公开（属于国家秘密级）"), or is part of exactly one
    # ("行政执法案卷"). The group it names, if any, must agree with the outcome found.
    groups = {group for label, group in GROUP_KEYS.items() if label in key}
    found = {k: codes for k, codes in OUTCOME_KEYS.items() if len(k) >= 3 and k in key and k not in GROUP_KEYS}
    rest = key
    for label in GROUP_KEYS:
        rest = rest.replace(label, "")
    if not found and len(rest) >= 2:
        found = {k: codes for k, codes in OUTCOME_KEYS.items() if rest in k}
    if groups:
        agreeing = {k: {c for c in codes if outcomes.BY_CODE[c].group in groups} for k, codes in found.items()}
        agreeing = {k: codes for k, codes in agreeing.items() if codes}
        if found and not agreeing:
            named = "、".join(f"“{outcomes.GROUP_LABELS[g]}”" for g in groups)
            raise ValueError(f"“{text}”前后矛盾：{named}与所写的具体情形不符")
        found = agreeing
    if found:
        longest = max(len(k) for k in found)
        candidates = set().union(*(codes for k, codes in found.items() if len(k) == longest))
    elif groups:
        candidates = {o.code for o in outcomes.OUTCOMES if o.group in groups}
    else:
        raise ValueError(f"无法识别“{text}”。请填写办理结果的名称或代码，如“予以公开”“不予公开-属于国家秘密”"
                         "“无法提供-本机关不掌握相关政府信息”“其他处理-逾期不补正”（可用的写法见导入说明）")
    code = _resolve(candidates)
    if code is None:
        raise ValueError(_ambiguous(text, candidates))
    return code


def _ambiguous(text: str, codes: set[str]) -> str:
    order = [o.code for o in outcomes.OUTCOMES]
    labels = [outcomes.BY_CODE[c].label for c in sorted(codes, key=order.index)]
    listed = "、".join(f"“{label}”" for label in labels[:6]) + ("等" if len(labels) > 6 else "")
    return f"“{text}”可能是{listed}，请写明具体情形"


def extension(value, law: regimes.Regime | None = None) -> int:
    """Working days of extension from 是否延期: 是/否, or a number of days, at most what the
    regulation governing the case allows (`law`, the current one by default). Raises CellError."""
    law = law or regimes.of(None)
    text = cell_text(value)
    key = norm(text)
    if not key or key in NO:
        return 0
    if key in YES:
        return law.extension_max
    match = re.fullmatch(r"(?:延期|延长)?(\d+)(?:个)?(?:工作日|日|天)?", key)
    if match:
        days = int(match.group(1))
        if 1 <= days <= law.extension_max:
            return days
        if days:
            raise CellError(f"延长期限最多{law.extension_max}个工作日（{law.basis}），不能是“{text}”")
        return 0
    raise CellError(f"应为“是”“否”或延长的工作日数（1至{law.extension_max}），不能是“{text}”")
