"""The quarterly circular (季度通报, 上海 2013: 继续实行季度通报制度): a letter of the disclosure
office to the units, generated from the quarter's figures (`oversight`) as PDF and DOCX through
the official-letter renderer (GB/T 9704 信函格式). Nothing is stored: the office downloads the
files, numbers and issues them through its own document system; each generation is audited.

What it says, in order: the overall figures of the quarter; the ranking (every ranked unit with
its score and rates, then the units at the top and at the bottom named); the overdue items by unit (counts, and the first few items named); the requirements for the next
quarter (units at the bottom to report their corrections); 特此通报."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import audit
from gongkai.core.access import has_capability
from gongkai.core.models import Unit, User
from gongkai.documents import NoticeDocument, chinese_date, render_docx, render_pdf

from . import oversight as O
from .periods import Period

ACTION = "oversight.circular"
# What the audit pages call it (registered in ReportsConfig.ready()).
AUDIT_LABELS = {ACTION: "生成季度工作通报"}

NAMED = 3           # units named at the top and at the bottom of the ranking (at most 10)
ITEMS_NAMED = 5     # overdue items named per unit and kind
FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

# 主送: the kinds of unit the circular goes to, in this order.
# 中队 and 警务室 are reached through their 大队 and 派出所, as the four-level network works.
ADDRESSEES = [
    (Unit.Level.BRANCH, "各分局"),
    (Unit.Level.DETACHMENT, "各支队"),
    (Unit.Level.DIVISION, "局机关各部门"),
    (Unit.Level.BRIGADE, "各大队"),
    (Unit.Level.STATION, "各派出所"),
]


def title(period: Period) -> str:
    return f"关于{period.label}政府信息公开工作情况的通报"


def addressee(units: list[Unit], issuer_unit: Unit | None) -> str:
    """"各分局、各派出所": the kinds of unit below the issuer that the circular concerns."""
    levels = {u.level for u in units if issuer_unit is None or u.pk != issuer_unit.pk}
    words = [word for level, word in ADDRESSEES if level in levels]
    return "、".join(words) or "各单位"


def _count(n: int) -> str:
    return "两" if n == 2 else "一二三四五六七八九十"[n - 1]


def _rates(row: O.UnitRow) -> str:
    parts = [f"{O.KIND_LABELS[k]}{O.RATE_LABELS[k]}{m.percent}（{m.on_time.value}/{m.due.value}）"
             for k, m in row.measures.items() if m.rate is not None]
    return "，".join(parts)


def _named(rows: list[O.UnitRow]) -> str:
    """The units at one end with their score and rates; only the score when a tie makes the group
    long (the list above gives every unit's rates)."""
    if len(rows) > 2 * NAMED:
        return "、".join(f"{r.label}（{r.score_text}分）" for r in rows)
    return "；".join(f"{r.label}（综合得分{r.score_text}分，{_rates(r)}）" for r in rows)


def _ends(ranked: list[O.UnitRow]) -> tuple[list[O.UnitRow], list[O.UnitRow]]:
    """The units named at the top and at the bottom: NAMED each, more when units tie at the edge,
    none when the ranking is too short to have a top and a bottom apart (its list says it all)."""
    if len(ranked) <= 2 * NAMED:
        return [], []
    top = [r for r in ranked if r.rank <= ranked[NAMED - 1].rank]
    bottom = [r for r in ranked if r.rank >= ranked[-NAMED].rank and r not in top]
    return top, bottom


def _overall(period: Period, total: O.UnitRow, scope_name: str) -> str:
    sentences = []
    for kind, m in total.measures.items():
        word = O.UNIT_WORDS[kind]
        done = {O.PUBLICATION: f"主动公开政府信息{m.done.value}{word}",
                O.APPLICATION: f"答复政府信息公开申请{m.done.value}{word}",
                O.LETTER: f"答复信箱来信{m.done.value}{word}"}[kind]
        if m.due.value:
            verb = "公开" if kind == O.PUBLICATION else "答复"
            due = (f"期限届满的{m.due.value}{word}中按期{verb}{m.on_time.value}{word}，"
                   f"{O.RATE_LABELS[kind]}{m.percent}")
            if m.late.value:
                due += f"，逾期{m.late.value}{word}" + (f"（其中至今未{verb}{m.open.value}{word}）"
                                                     if m.open.value else "")
        else:
            due = "本季度无期限届满的事项"
        sentences.append(f"{done}，{due}")
    return f"本季度，{scope_name}" + "；".join(sentences) + "。"


def _overdue_paragraphs(ranking: O.Ranking) -> list[str]:
    lines = []
    for row in ranking.rows:
        if not row.late_count():
            continue
        parts = []
        for kind, m in row.measures.items():
            if not m.late.value:
                continue
            word = O.UNIT_WORDS[kind]
            items = ranking.records(m.late)
            names = "、".join((f"《{i.ref}》" if kind == O.PUBLICATION else i.ref)
                             for i in items[:ITEMS_NAMED])
            more = f"等{len(items)}{word}" if len(items) > ITEMS_NAMED else ""
            still = f"，其中{m.open.value}{word}至今未办结" if m.open.value else ""
            label = {O.PUBLICATION: "逾期公开信息", O.APPLICATION: "逾期答复申请", O.LETTER: "逾期答复来信"}[kind]
            parts.append(f"{label}{m.late.value}{word}（{names}{more}）{still}")
        lines.append(f"{row.label}：" + "；".join(parts) + "。")
    return lines or ["本季度各单位均在期限内完成公开和答复，无逾期事项。"]


def compose(ranking: O.Ranking, *, issuer: str, issuer_unit: Unit | None, units: list[Unit],
            signed_on: date) -> NoticeDocument:
    """The circular of a quarter's ranking as an official letter."""
    period = ranking.period
    ranked = ranking.ranked
    paragraphs = [
        f"为贯彻落实《中华人民共和国政府信息公开条例》，督促各单位依法、按时做好政府信息公开工作，"
        f"现将{period.label}（{period.span()}）政府信息公开工作情况通报如下：",
        "一、总体情况",
        _overall(period, ranking.total, "全局"),
        "二、各单位排名情况",
        "按照主动公开按期公开率、依申请公开按期答复率、信箱来信按期答复率计算各单位综合得分"
        "（各项按期率的平均值，本季度无该项期限届满事项的不参与平均），按得分高低排名。"
        f"本季度参加排名的单位{len(ranked)}个"
        + (f"，另有{len(ranking.unranked)}个单位本季度无期限届满的事项，不参加排名" if ranking.unranked else "")
        + "。",
    ]
    if ranked:
        paragraphs.append("各单位排名如下：")
        paragraphs.extend(f"第{r.rank}名：{r.label}，综合得分{r.score_text}分（{_rates(r)}）。" for r in ranked)
    top, bottom = _ends(ranked)
    if top:
        paragraphs.append(f"综合得分排名前{_count(NAMED)}位的单位{'（含并列）' if len(top) > NAMED else ''}是："
                          + _named(top) + "。")
    if bottom:
        paragraphs.append(f"综合得分排名后{_count(NAMED)}位的单位{'（含并列）' if len(bottom) > NAMED else ''}是："
                          + _named(bottom) + "。")
    paragraphs.append("三、逾期情况")
    paragraphs.extend(_overdue_paragraphs(ranking))
    paragraphs.append("四、下一步工作要求")
    paragraphs.append("（一）严格落实公开时限。各单位要对照《条例》第二十六条和本局主题分类规定的公开时限，"
                      "对逾期未公开的信息逐条核查，审查完毕的及时公开，做到“先审查、后公开”，不得以审查为由拖延公开。")
    paragraphs.append("（二）依法按期答复申请。各单位要严格执行《条例》第三十三条规定的答复期限，"
                      "确需延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不得超过20个工作日。")
    paragraphs.append("（三）及时答复群众来信。各单位要在规定期限内答复信箱来信，答复前做好审核，"
                      "对群众反映的问题认真核查办理，做到件件有回音。")
    lagging = [r for r in bottom if r.score is not None and r.score < 1]
    if lagging:
        paragraphs.append(f"（四）抓好整改落实。{'、'.join(r.label for r in lagging)}要认真分析原因，制定整改措施，"
                          "于下季度第一个月底前将整改情况书面报送政务公开办。"
                          "政务公开办将继续按月排名、按季度通报，并将结果纳入年度考核。")
    elif ranking.total.late_count():
        paragraphs.append("（四）抓好整改落实。存在逾期事项的单位要认真分析原因，制定整改措施。"
                          "政务公开办将继续按月排名、按季度通报，并将结果纳入年度考核。")
    else:
        paragraphs.append("（四）保持良好态势。各单位要继续做到按期公开、按期答复。"
                          "政务公开办将继续按月排名、按季度通报，并将结果纳入年度考核。")
    paragraphs.append("特此通报。")
    return NoticeDocument(issuer=issuer, number="", title=title(period), addressee=addressee(units, issuer_unit),
                  paragraphs=paragraphs, signed_on=signed_on,
                  footer_note=f"本通报数据由政务公开平台按办理记录统计，统计截至{chinese_date(ranking.today)}。")


@dataclass(frozen=True)
class Circular:
    title: str
    ext: str
    content: bytes

    @property
    def content_type(self) -> str:
        return FORMATS[self.ext]

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.ext}"


def generate(*, actor: User, period: Period, ext: str, today: date) -> Circular:
    """Compute the quarter's ranking over the actor's `reports.manage` units, render one file and
    record the generation in the audit log."""
    if not has_capability(actor, O.CIRCULAR_CAPABILITY):
        raise PermissionDenied("您没有生成工作通报的权限")
    if ext not in FORMATS:
        raise ValidationError({"format": "请选择 PDF 或 DOCX 格式"})
    if not period.is_quarter or period.end >= today:
        raise ValidationError({"quarter": "只能生成已经结束的季度的通报"})
    units = list(O.circular_scope(actor))
    ranking = O.Records(units, period.start, period.end, today).ranking(period)
    issuer_unit = actor.unit
    body = issuer_unit.disclosure_body() if issuer_unit else None
    issuer = body.letter_name if body else (issuer_unit.name if issuer_unit else "")
    if body is not None:
        issuer_unit = body.unit
    # 主送: the units the figures concern — ranked, or with something done in the quarter.
    counted = {r.unit_id for r in ranking.rows if r.ranked or any(m.done.value for m in r.measures.values())}
    concerned = [u for u in units if u.pk in counted]
    letter = compose(ranking, issuer=issuer, issuer_unit=issuer_unit, units=concerned, signed_on=today)
    content = render_pdf(letter) if ext == "pdf" else render_docx(letter)
    audit.record(action=ACTION, actor=actor, object_type="reports.circular", object_id=period.key,
                 object_repr=letter.title,
                 after={"period": period.key, "format": ext, "units": len(ranking.rows),
                        "ranked": len(ranking.ranked), "sha256": hashlib.sha256(content).hexdigest()})
    return Circular(letter.title, ext, content)
