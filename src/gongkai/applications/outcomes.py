"""The outcomes the law knows (regulation.md §3, Art. 30 and 35–39), each tied to exactly one row
of section 三 of the annual report (2021 format) and to the notice that tells the applicant.

This table is the only place an outcome is defined: forms, notices, reports and the ledger import
all read it, so a new outcome cannot be half-added."""

from dataclasses import dataclass
from enum import StrEnum


class Group(StrEnum):
    """Section 三 "本年度办理结果" of the annual report, in its order."""

    PUBLIC = "public"            # （一）予以公开
    PARTIAL = "partial"          # （二）部分公开
    REFUSED = "refused"          # （三）不予公开
    UNAVAILABLE = "unavailable"  # （四）无法提供
    NOT_PROCESSED = "not_processed"  # （五）不予处理
    OTHER = "other"              # （六）其他处理


GROUP_LABELS = {
    Group.PUBLIC: "予以公开",
    Group.PARTIAL: "部分公开",
    Group.REFUSED: "不予公开",
    Group.UNAVAILABLE: "无法提供",
    Group.NOT_PROCESSED: "不予处理",
    Group.OTHER: "其他处理",
}


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str          # what staff pick from
    basis: str          # the article (and item) cited in the notice; "" where the handler names it
    group: Group
    row: int            # the numbered row inside the group (0 for groups without rows)
    notice: str         # NoticeKind value of the reply
    needs_reason: bool = False   # the notice must state why (refusals, Art. 36(三))
    is_refusal: bool = False     # reconsideration first (行政复议法 Art. 23)
    # For a refusal under Art. 14–16: the exemption alone, which a partial disclosure cites too (Art. 37).
    exemption: str = ""
    # Art. 36(七): the notice names the law or administrative regulation under which to query.
    names_query_law: bool = False

    @property
    def report_row(self) -> str:
        return f"{self.group.value}.{self.row}" if self.row else self.group.value

    @property
    def report_label(self) -> str:
        return GROUP_LABELS[self.group] + (f" {self.row}" if self.row else "")


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("published", "已主动公开，告知获取方式和途径", "《条例》第三十六条第（一）项", Group.PUBLIC, 0, "disclosed"),
    Outcome("disclosed", "予以公开，提供或告知获取的方式、途径和时间", "《条例》第三十六条第（二）项", Group.PUBLIC, 0,
            "disclosed"),
    Outcome("partial", "部分公开（区分处理）", "《条例》第三十七条", Group.PARTIAL, 0, "partial",
            needs_reason=True, is_refusal=True),
    Outcome("secret", "不予公开：属于国家秘密", "《条例》第十四条、第三十六条第（三）项", Group.REFUSED, 1, "refused",
            needs_reason=True, is_refusal=True, exemption="第十四条"),
    Outcome("law_forbids", "不予公开：其他法律行政法规禁止公开", "《条例》第十四条、第三十六条第（三）项",
            Group.REFUSED, 2, "refused", needs_reason=True, is_refusal=True, exemption="第十四条"),
    Outcome("security", "不予公开：危及“三安全一稳定”", "《条例》第十四条、第三十六条第（三）项", Group.REFUSED, 3,
            "refused", needs_reason=True, is_refusal=True, exemption="第十四条"),
    Outcome("third_party", "不予公开：保护第三方合法权益", "《条例》第十五条、第三十六条第（三）项", Group.REFUSED, 4,
            "refused", needs_reason=True, is_refusal=True, exemption="第十五条"),
    Outcome("internal", "不予公开：属于三类内部事务信息", "《条例》第十六条第一款、第三十六条第（三）项",
            Group.REFUSED, 5, "refused", needs_reason=True, is_refusal=True, exemption="第十六条第一款"),
    Outcome("process", "不予公开：属于四类过程性信息", "《条例》第十六条第二款、第三十六条第（三）项",
            Group.REFUSED, 6, "refused", needs_reason=True, is_refusal=True, exemption="第十六条第二款"),
    Outcome("case_file", "不予公开：属于行政执法案卷", "《条例》第十六条第二款、第三十六条第（三）项",
            Group.REFUSED, 7, "refused", needs_reason=True, is_refusal=True, exemption="第十六条第二款"),
    # Not a refusal letter: Art. 36(七) tells the applicant to query under the law that governs it.
    Outcome("query", "不予公开：属于行政查询事项", "《条例》第三十六条第（七）项", Group.REFUSED, 8, "reply",
            needs_reason=True, is_refusal=True, names_query_law=True),
    Outcome("not_exist", "无法提供：经检索没有所申请公开的信息", "《条例》第三十六条第（四）项", Group.UNAVAILABLE,
            1, "not_exist"),
    Outcome("not_ours", "无法提供：不属于本机关负责公开（告知负责机关）", "《条例》第三十六条第（五）项",
            Group.UNAVAILABLE, 1, "not_ours"),
    Outcome("needs_processing", "无法提供：没有现成信息需要另行制作", "《条例》第三十八条", Group.UNAVAILABLE, 2,
            "reply", needs_reason=True),
    Outcome("still_unclear", "无法提供：补正后申请内容仍不明确", "《条例》第三十条", Group.UNAVAILABLE, 3, "reply",
            needs_reason=True),
    Outcome("petition", "不予处理：信访举报投诉类申请", "《条例》第三十九条第一款", Group.NOT_PROCESSED, 1,
            "not_application"),
    Outcome("repeat", "不予处理：重复申请", "《条例》第三十六条第（六）项", Group.NOT_PROCESSED, 2, "repeat"),
    Outcome("publication", "不予处理：要求提供公开出版物", "《条例》第三十九条第二款", Group.NOT_PROCESSED, 3,
            "not_application"),
    Outcome("excessive", "不予处理：无正当理由大量反复申请", "《条例》第三十五条", Group.NOT_PROCESSED, 4, "reply",
            needs_reason=True),
    # Art. 39 is about petitions and publications; a request to confirm or re-issue what the applicant
    # already holds does not ask for existing government information as Art. 2 defines it.
    Outcome("confirm", "不予处理：要求行政机关确认或重新出具已获取信息", "《条例》第二条", Group.NOT_PROCESSED, 5,
            "reply"),
    Outcome("no_supplement", "其他处理：逾期不补正，视为放弃申请", "《条例》第三十条", Group.OTHER, 1, "reply"),
    Outcome("no_fee", "其他处理：逾期未缴纳信息处理费，视为放弃申请",
            "《条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", Group.OTHER, 2, "reply"),
    Outcome("other", "其他处理：申请人撤回申请等其他情形", "", Group.OTHER, 3, "reply"),
)

BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}
CHOICES = [(o.code, o.label) for o in OUTCOMES]
# Outcomes the handler picks in the reply form: the two "其他处理" closures for a missed supplement
# or fee are reached only through the clock, never typed in.
DECIDABLE = [o for o in OUTCOMES if o.code not in ("no_supplement", "no_fee")]
# Refusal reasons a partly disclosed reply cites for the withheld part: the exemptions of Art. 14–16.
WITHHOLDING = [o for o in OUTCOMES if o.exemption]


def cited_basis(outcome: Outcome, *, withheld: list[str] | tuple[str, ...] = (), stated: str = "") -> str:
    """What a reply cites after 根据: the outcome's article; for a partial disclosure the exemptions
    of what was withheld (in article order, each once) and Art. 37; where the law fixes none
    (其他处理 3), what the handler stated."""
    if outcome.code == "partial":
        exemptions = [o.exemption for o in WITHHOLDING if o.code in withheld]
        articles = list(dict.fromkeys(exemptions)) + ["第三十七条"]
        return "《条例》" + "、".join(articles)
    return outcome.basis or stated.strip()


def get(code: str) -> Outcome:
    return BY_CODE[code]
