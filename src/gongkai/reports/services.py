"""Writes of the annual report: the working copy (narrative, adjustments) and publication, which
checks the five rules, freezes the numbers with the records behind them, renders the files and
keeps them as a new version. Every change is audited."""

import dataclasses
import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.access import require
from gongkai.core.models import DisclosureBody, User
from gongkai.core.permissions import Capability
from gongkai.core.text import clean_text
from gongkai.documents import chinese_date
from gongkai.search import changes as search

from . import annual
from . import labels as L
from .models import Adjustment, AnnualReport, ReportVersion

CAPABILITY = Capability.REPORTS_MANAGE
NARRATIVE = {"一": "overview", "五": "problems", "六": "other_matters"}  # section → field
NARRATIVE_MAX = 20000
FIRST_YEAR = 2008  # the Regulation took effect on 1 May 2008: no report before it

# What the audit pages call this module's actions (registered in ReportsConfig.ready()).
AUDIT_LABELS = {
    "annual_report.create": "新建年度报告",
    "annual_report.text": "修改年度报告文字部分",
    "annual_report.adjust": "人工调整年度报告数据",
    "annual_report.unadjust": "撤销年度报告人工调整",
    "annual_report.publish": "公布年度报告",
}


class ReportFailsChecks(ValidationError):
    """Publication refused: the numbers break the consistency rules; `failures` says which."""

    def __init__(self, failures: list[annual.Failure]):
        self.failures = failures
        super().__init__("年度报告未通过数据校验，不能公布：" + "；".join(f.message for f in failures[:5])
                         + (f"等{len(failures)}处" if len(failures) > 5 else ""))


def check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "年度应为四位数字"}) from None
    if not FIRST_YEAR <= year < clock.today().year:
        raise ValidationError({"year": f"只能编制{FIRST_YEAR}年至{clock.today().year - 1}年的年度报告（年度结束后编制）"})
    return year


# --- The working copy ----------------------------------------------------------------------------

def _previous_text(body: DisclosureBody, year: int, with_branches: bool) -> dict[str, str]:
    """Sections 一, 五 and 六 start from last year's text: the published one if there is one."""
    last = AnnualReport.objects.filter(body=body, year=year - 1, with_branches=with_branches).first()
    if last is None:
        return {}
    version = last.current_version
    if version is not None:
        return {NARRATIVE[s]: text for s, text in version.document.get("narrative", {}).items() if s in NARRATIVE}
    return {f: getattr(last, f) for f in NARRATIVE.values()}


@transaction.atomic
def open_report(*, actor: User, body: DisclosureBody, year, with_branches: bool = False) -> AnnualReport:
    """The working copy of a year's report, made on first use from last year's text."""
    require(actor, CAPABILITY, body.unit)
    year = check_year(year)
    report = AnnualReport.objects.filter(body=body, year=year, with_branches=with_branches).first()
    if report is None:
        report = AnnualReport.objects.create(body=body, year=year, with_branches=with_branches, updated_by=actor,
                                             **_previous_text(body, year, with_branches))
        audit.record(action="annual_report.create", actor=actor, obj=report, unit=body.unit,
                     after={"body": body.unit.code, "year": year, "with_branches": with_branches})
    return report


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("body__unit").get(pk=report.pk)


@transaction.atomic
def save_text(*, actor: User, report: AnnualReport, overview: str, problems: str, other_matters: str
              ) -> AnnualReport:
    report = _locked(report)
    require(actor, CAPABILITY, report.body.unit)
    texts = {"overview": overview, "problems": problems, "other_matters": other_matters}
    errors = {}
    for field, text in texts.items():
        text = clean_text(text)
        if len(text) > NARRATIVE_MAX:
            errors[field] = f"不能超过{NARRATIVE_MAX}个字"
        texts[field] = text
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(report, f) for f in texts}
    for field, text in texts.items():
        setattr(report, field, text)
    report.updated_by = actor
    report.save()
    audit.record(action="annual_report.text", actor=actor, obj=report, unit=report.body.unit, before=before,
                 after=texts)
    return report


def _cell_keys(section: str) -> tuple[tuple[str, str], ...]:
    return {"二": L.SECTION2_CELLS, "三": tuple((r.key, c.key) for r in L.COUNTED_ROWS for c in L.SECTION3_COLUMNS),
            "四": L.SECTION4_CELLS}.get(section, ())


def cell_name(section: str, row: str, column: str) -> str:
    return f"{section}、“{L.row_label(section, row)}”行“{L.column_label(section, column)}”列"


@transaction.atomic
def adjust(*, actor: User, report: AnnualReport, section: str, row: str, column: str, value, reason: str
           ) -> Adjustment:
    """Report `value` in a cell instead of the computed number, with the reason (shown with the
    report). Re-adjusting the same cell replaces the earlier adjustment."""
    report = _locked(report)
    require(actor, CAPABILITY, report.body.unit)
    errors = {}
    if (row, column) not in _cell_keys(section):
        errors["cell"] = "请选择要调整的单元格"
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite() or number < 0 or number > Decimal("999999999"):
            raise InvalidOperation
        if (section, row) != ("二", "fee") and number != number.to_integral_value():
            errors["value"] = "件数应为整数"
        elif number.as_tuple().exponent < -4:
            errors["value"] = "收费金额以万元计，最多保留四位小数"
    except (InvalidOperation, ValueError):
        errors["value"] = "请填写不小于 0 的数字"
    reason = clean_text(reason)
    if len(reason) < 4:
        errors["reason"] = "请写明调整原因（如：系统启用前的纸质台账数据）"
    if errors:
        raise ValidationError(errors)
    computed = annual.compute(report.body, report.year, with_branches=report.with_branches).cell(section, row, column)
    adjustment, created = Adjustment.objects.update_or_create(
        report=report, section=section, row=row, column=column,
        defaults={"value": number, "reason": reason, "created_by": actor})
    audit.record(action="annual_report.adjust", actor=actor, obj=report, unit=report.body.unit,
                 after={"cell": cell_name(section, row, column), "computed": str(computed.value),
                        "value": str(number), "reason": reason, "replaced": not created})
    return adjustment


@transaction.atomic
def remove_adjustment(*, actor: User, adjustment: Adjustment) -> None:
    report = _locked(adjustment.report)
    require(actor, CAPABILITY, report.body.unit)
    audit.record(action="annual_report.unadjust", actor=actor, obj=report, unit=report.body.unit,
                 before={"cell": cell_name(adjustment.section, adjustment.row, adjustment.column),
                         "value": str(adjustment.value), "reason": adjustment.reason})
    adjustment.delete()


# --- Figures and checks --------------------------------------------------------------------------

@dataclasses.dataclass
class Figures:
    """A working copy's numbers: computed, with the adjustments applied; and the checks."""

    report: annual.AnnualReport
    adjusted: dict[tuple[str, str, str], tuple[annual.Cell, Adjustment]]  # (section, row, col) → (computed, adj)
    failures: list[annual.Failure]
    previous_checked: bool  # rule 5 applied: last year's report is published here


def _number(value: Decimal, section: str, row: str) -> int | Decimal:
    return value if (section, row) == ("二", "fee") else int(value)


def figures(report: AnnualReport) -> Figures:
    computed = annual.compute(report.body, report.year, with_branches=report.with_branches)
    adjusted = {}
    for adj in report.adjustments.all():
        section = computed.section(adj.section)
        key = (adj.row, adj.column)
        if key in section:
            adjusted[(adj.section, adj.row, adj.column)] = (section[key], adj)
            section[key] = dataclasses.replace(section[key], value=_number(adj.value, adj.section, adj.row))
    previous = _previous_published(report)
    return Figures(computed, adjusted, annual.check(computed, previous), previous is not None)


def _previous_published(report: AnnualReport) -> annual.AnnualReport | None:
    """Last year's published report of the same scope, as published: rule 5 compares with what the
    public was told, not with today's recomputation."""
    last = AnnualReport.objects.filter(body=report.body, year=report.year - 1,
                                       with_branches=report.with_branches).first()
    version = last.current_version if last else None
    if version is None:
        return None
    rows = {r["key"]: r for r in version.document["figures"]["sections"]["三"]["rows"]}
    carried = rows[L.CARRIED_OUT]["values"]
    section3 = {(L.CARRIED_OUT, c.key): annual.Cell(int(carried[c.label]), (), annual.APPLICATION)
                for c in L.SECTION3_COLUMNS}
    return annual.AnnualReport(body_id=report.body_id, body_code=report.body.unit.code,
                               body_name=report.body.letter_name, year=report.year - 1,
                               with_branches=report.with_branches, section3=section3)


# --- Publication ---------------------------------------------------------------------------------

def title(report: AnnualReport) -> str:
    scope = "（含所属机关汇总）" if report.with_branches else ""
    return f"{report.body.letter_name}{report.year}年政府信息公开工作年度报告{scope}"


def opening(report: AnnualReport) -> str:
    """The opening paragraph: legal basis, period, where to download, contact. From the body's
    settings (address, postcode, phone) and the site's (name, domain)."""
    body, year = report.body, report.year
    site = getattr(settings, "GONGKAI_SITE_NAME", "") or body.letter_name
    domain = getattr(settings, "GONGKAI_SITE_DOMAIN", "")
    where = f"{site}（{domain}）" if domain else site
    contact = "；".join(part for part in (
        f"地址：{body.address}" if body.address else "", f"邮编：{body.postcode}" if body.postcode else "",
        f"电话：{body.phone}" if body.phone else "") if part)
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）要求编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"本报告电子版可在{where}“政府信息公开”专栏“信息公开年报”栏目下载。"
        f"如对本报告有疑问，请与{body.letter_name}联系" + (f"（{contact}）" if contact else "") + "。")


def document(report: AnnualReport, figs: Figures, *, on: date, number: int, correction: str) -> dict:
    """What a version freezes: everything the files, the portal page and the API show."""
    adjustments = [{
        "section": section, "row": L.row_label(section, row), "column": L.column_label(section, column),
        "row_key": row, "column_key": column, "computed": annual.json_number(cell.value),
        "value": annual.json_number(_number(adj.value, section, row)), "reason": adj.reason,
    } for (section, row, column), (cell, adj) in figs.adjusted.items()]
    return {
        "title": title(report), "issuer": report.body.letter_name, "year": report.year, "date": on.isoformat(),
        "opening": opening(report),
        "narrative": {"一": report.overview, "五": report.problems, "六": report.other_matters},
        "figures": annual.to_dict(figs.report, with_ids=True),
        "adjustments": adjustments, "correction": correction, "version": number,
    }


@transaction.atomic
def publish(*, actor: User, report: AnnualReport, correction: str = "") -> ReportVersion:
    """Check, freeze and render. The first version needs no note; every later one is a correction
    and says what changed (更正说明). Refused while any rule fails or a narrative section is empty."""
    from gongkai.reports.document.pdf import render_report_pdf
    from gongkai.reports.document.sheet import render_report_xlsx
    from gongkai.reports.document.word import render_report_docx

    report = _locked(report)
    require(actor, CAPABILITY, report.body.unit)
    last = report.versions.order_by("-number").first()
    correction = clean_text(correction)
    errors = {}
    for section, field in NARRATIVE.items():
        if not getattr(report, field).strip():
            errors[field] = f"请填写第{section}部分"
    if last is not None and len(correction) < 4:
        errors["correction"] = "重新公布须写明更正说明：更正了什么、为什么"
    if errors:
        raise ValidationError(errors)
    figs = figures(report)
    if figs.failures:
        raise ReportFailsChecks(figs.failures)
    number = (last.number + 1) if last else 1
    doc = document(report, figs, on=clock.today(), number=number, correction=correction if last else "")
    pdf = render_report_pdf(doc)
    version = ReportVersion.objects.create(
        report=report, number=number, document=doc, correction=doc["correction"], published_at=clock.now(),
        published_by=actor, pdf=pdf, docx=render_report_docx(doc), xlsx=render_report_xlsx(doc),
        sha256=hashlib.sha256(pdf).hexdigest())
    search.changed(search.Kind.REPORT, version.pk, last.pk if last else 0)  # the new version replaces the last
    audit.record(action="annual_report.publish", actor=actor, obj=report, unit=report.body.unit,
                 after={"version": number, "sha256": version.sha256, "correction": version.correction,
                        "date": chinese_date(clock.today())})
    return version
