"""The annual report, national format (annual-report.md): sections 二–四 computed from a known set
of records over 2024–2026, every cell compared with numbers counted by hand; the five consistency
rules; the official labels; the JSON shape of the API."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from gongkai.applications import ledger_words, outcomes, services
from gongkai.applications.models import ApplicantKind, Application, Remedy
from gongkai.publications.models import EnforcementFigures
from gongkai.reports import annual, labels
from gongkai.reports.annual import Cell

P, B, R, N, L, OT = "person", "business", "research", "nonprofit", "legal", "other_org"
COLUMNS = (P, B, R, N, L, OT, "total")

def table(report: annual.AnnualReport) -> dict[str, tuple]:
    return {row.key: tuple(report.value("三", row.key, c) for c in COLUMNS) for row in labels.COUNTED_ROWS}


# Counted by hand from `records` (columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
CITY_2025 = {
    # 7 person: internal, needs_processing, confirm, published, disclosed, letter, o1; 4 legal incl. o3.
    "received":        (7, 4, 4, 4, 4, 4, 27),
    "carried_in":      (1, 1, 1, 0, 1, 0, 4),     # c1, c2, c4 (ledger), c3
    "public":          (3, 0, 0, 0, 0, 0, 3),     # published, disclosed, c1
    "partial":         (0, 1, 0, 0, 0, 0, 1),
    "refused.1":       (0, 1, 1, 0, 0, 0, 2),     # c2 and secret
    "refused.2":       (0, 0, 0, 1, 0, 0, 1),
    "refused.3":       (0, 0, 0, 0, 1, 0, 1),
    "refused.4":       (0, 0, 0, 0, 0, 1, 1),
    "refused.5":       (1, 0, 0, 0, 0, 0, 1),
    "refused.6":       (0, 1, 0, 0, 0, 0, 1),
    "refused.7":       (0, 0, 1, 0, 0, 0, 1),
    "refused.8":       (0, 0, 0, 1, 0, 0, 1),
    "unavailable.1":   (0, 0, 1, 0, 1, 1, 3),     # c4 and not_exist, not_ours (referral)
    "unavailable.2":   (1, 0, 0, 0, 0, 0, 1),
    "unavailable.3":   (0, 1, 0, 0, 0, 0, 1),
    "not_processed.1": (0, 0, 1, 0, 0, 0, 1),
    "not_processed.2": (0, 0, 0, 1, 0, 0, 1),
    "not_processed.3": (0, 0, 0, 0, 1, 0, 1),
    "not_processed.4": (0, 0, 0, 0, 0, 1, 1),
    "not_processed.5": (1, 0, 0, 0, 0, 0, 1),
    "other.1":         (0, 1, 0, 0, 0, 0, 1),
    "other.2":         (0, 0, 1, 0, 0, 0, 1),
    "other.3":         (0, 0, 0, 1, 0, 0, 1),     # withdrawn by the applicant
    "total":           (6, 5, 5, 4, 3, 3, 26),
    "carried_out":     (2, 0, 0, 0, 2, 1, 5),     # letter, o1; c3, o3; o2
}


def test_section3_every_cell_city_2025(records, bodies):
    """Section 三 of annual-report.md: 一 received (Art. 31 date) in the year, 二 carried over from
    last year, （一）–（六） decided in the year by outcome row, （七）, 四 carried to next year; per
    applicant type. The branch's cases, the unconfirmed fax and cases of other years stay out."""
    report = annual.compute(bodies["city"], 2025)
    assert table(report) == CITY_2025


def test_section3_every_cell_city_2024(records, bodies):
    """The previous year from the same records: what 2024 carries out is what 2025 carries in."""
    got = table(annual.compute(bodies["city"], 2024))
    expected = {key: (0,) * 7 for key in got}
    expected.update({
        "received":        (2, 1, 1, 1, 1, 0, 6),  # p1, c1; c2; c4; p2; c3 (the letter is not yet confirmed)
        "public":          (1, 0, 0, 0, 0, 0, 1),  # p1
        "not_processed.2": (0, 0, 0, 1, 0, 0, 1),  # p2, decided on 31 December
        "total":           (1, 0, 0, 1, 0, 0, 2),
        "carried_out":     (1, 1, 1, 0, 1, 0, 4),
    })
    assert got == expected


def test_section3_with_branches_sums_the_branch(records, bodies):
    """Issue 6: the city bureau summed with its branches (Unit.path subtree); the branch alone too."""
    got = table(annual.compute(bodies["city"], 2025, with_branches=True))
    expected = dict(CITY_2025)
    expected.update({
        "received":    (8, 4, 4, 4, 5, 4, 29),     # + b1, b3
        "carried_in":  (1, 2, 1, 0, 1, 0, 5),      # + b2
        "public":      (4, 0, 0, 0, 0, 0, 4),      # + b1
        "refused.3":   (0, 0, 0, 0, 2, 0, 2),      # + b3
        "total":       (7, 5, 5, 4, 4, 3, 28),
        "carried_out": (2, 1, 0, 0, 2, 1, 6),      # + b2
    })
    assert got == expected
    branch = table(annual.compute(bodies["branch"], 2025))
    assert branch["received"] == (1, 0, 0, 0, 1, 0, 2) and branch["carried_in"] == (0, 1, 0, 0, 0, 0, 1)
    assert branch["total"] == (1, 0, 0, 0, 1, 0, 2) and branch["carried_out"] == (0, 1, 0, 0, 0, 0, 1)
    assert annual.compute(bodies["branch"], 2025, with_branches=True).section3 == \
        annual.compute(bodies["branch"], 2025).section3


def test_cells_carry_the_records_they_count(records, bodies):
    """Issue 6: every number drills down to the list of records it counts."""
    report = annual.compute(bodies["city"], 2025)
    ids = lambda *names: tuple(sorted(records[n].pk for n in names))  # noqa: E731
    assert report.cell("三", "refused.1", "total") == Cell(2, ids("c2", "secret"), "applications.Application")
    assert report.cell("三", "carried_in", "total").ids == ids("c1", "c2", "c3", "c4")
    assert report.cell("三", "carried_out", "person").ids == ids("letter", "o1")
    assert report.cell("三", "other.3", "nonprofit").ids == ids("other")
    assert report.cell("三", "received", "legal").ids == ids("security", "not_exist", "publication", "o3")
    maintained = report.cell("四", "reconsideration", "maintained")
    assert maintained.model == "applications.Remedy" and maintained.value == 2
    assert set(Remedy.objects.filter(pk__in=maintained.ids).values_list("application_id", flat=True)) == \
        {records["secret"].pk, records["c4"].pk}
    counted = [c for c in [*report.section2.values(), *report.section3.values(), *report.section4.values()]
               if c.model != "publications.EnforcementFigures"]
    assert len(counted) == 6 + 25 * 7 + 15 and all(c.value == len(c.ids) for c in counted)
    figures = report.cell("二", "fee", "amount")
    assert figures.model == "publications.EnforcementFigures"
    assert figures.ids == tuple(EnforcementFigures.objects.filter(body=bodies["city"], year=2025)
                                .values_list("id", flat=True))


def test_imported_and_service_cases_count_like_any_other(records, bodies):
    """Ledger import (台账导入) and cases handled through the services are records like the rest;
    a reply awaiting approval on 31 December is not yet decided."""
    report = annual.compute(bodies["city"], 2025)
    assert records["c4"].imported
    assert records["c4"].pk in report.cell("三", "unavailable.1", "research").ids
    assert records["disclosed"].pk in report.cell("三", "public", "person").ids
    assert records["o3"].decided_on == date(2026, 1, 5)
    assert records["o3"].pk in report.cell("三", "carried_out", "legal").ids
    everything = {pk for cell in report.section3.values() for pk in cell.ids}
    assert records["fax"].received_on is None and records["fax"].pk not in everything
    assert records["new"].pk not in everything and records["b1"].pk not in everything


def test_section4_every_cell(records, bodies):
    """Section 四: remedies filed in the year, by kind and result as at 31 December (a later result
    is 尚未审结; a ledger result without a date stands); earlier years' remedies are not counted again."""
    cols = ("maintained", "corrected", "other", "pending", "total")

    def rows(report):
        return {row.key: tuple(report.value("四", row.key, c) for c in cols) for row in labels.SECTION4_ROWS}

    assert rows(annual.compute(bodies["city"], 2025)) == {
        "reconsideration":  (2, 1, 1, 2, 6),
        "litigation":       (1, 1, 0, 1, 3),
        "litigation_after": (1, 0, 1, 0, 2),
    }
    assert rows(annual.compute(bodies["city"], 2025, with_branches=True))["litigation"] == (1, 1, 0, 2, 4)
    # p1's reconsideration, filed in 2024, was decided (corrected) only in March 2025.
    assert rows(annual.compute(bodies["city"], 2024)) == {
        "reconsideration":  (0, 0, 0, 1, 1),
        "litigation":       (0, 0, 0, 0, 0),
        "litigation_after": (0, 0, 0, 0, 0),
    }


def test_section2_every_cell(records, bodies):
    """Section 二, Art. 20 (一)(五)(六)(八): documents issued, repealed and in force as at 31 December
    (withdrawn items count only for years they were public at the end of; the bureau's time zone
    decides the year); licences, penalties, coercive measures and fees from the yearly figures."""
    def cells(report):
        return {key: report.section2[key].value for key in labels.SECTION2_CELLS}

    assert cells(annual.compute(bodies["city"], 2025)) == {
        ("rule", "issued"): 1, ("rule", "repealed"): 0, ("rule", "in_force"): 2,
        ("normative", "issued"): 3, ("normative", "repealed"): 1, ("normative", "in_force"): 4,
        ("licence", "decisions"): 1234, ("penalty", "decisions"): 5678, ("coercive", "decisions"): 90,
        ("fee", "amount"): Decimal("12.3456"),
    }
    assert cells(annual.compute(bodies["city"], 2025, with_branches=True)) == {
        ("rule", "issued"): 1, ("rule", "repealed"): 0, ("rule", "in_force"): 2,
        ("normative", "issued"): 4, ("normative", "repealed"): 1, ("normative", "in_force"): 5,
        ("licence", "decisions"): 1334, ("penalty", "decisions"): 5878, ("coercive", "decisions"): 100,
        ("fee", "amount"): Decimal("12.8456"),
    }
    assert cells(annual.compute(bodies["city"], 2024)) == {
        ("rule", "issued"): 0, ("rule", "repealed"): 0, ("rule", "in_force"): 1,
        ("normative", "issued"): 2, ("normative", "repealed"): 0, ("normative", "in_force"): 3,
        ("licence", "decisions"): 1, ("penalty", "decisions"): 2, ("coercive", "decisions"): 3,
        ("fee", "amount"): Decimal("4"),
    }
    empty = annual.compute(bodies["branch"], 2023)
    assert cells(empty)[("fee", "amount")] == Decimal("0") and empty.section2[("licence", "decisions")].ids == ()


def test_computed_reports_pass_all_five_rules(records, bodies):
    """Rules 1–5 of annual-report.md hold for reports computed from consistent records."""
    previous = annual.compute(bodies["city"], 2024)
    report = annual.compute(bodies["city"], 2025)
    assert annual.check(previous) == []
    assert annual.check(report, previous) == []
    assert annual.check(annual.compute(bodies["city"], 2025, with_branches=True),
                        annual.compute(bodies["city"], 2024, with_branches=True)) == []


def _bump(report: annual.AnnualReport, section: str, *keys: tuple[str, str], by: int = 1) -> annual.AnnualReport:
    """A copy of `report` with the given cells off by `by` (a broken report, as a bad edit would leave it)."""
    broken = replace(report, section2=dict(report.section2), section3=dict(report.section3),
                     section4=dict(report.section4))
    table_ = {"三": broken.section3, "四": broken.section4}[section]
    for key in keys:
        table_[key] = replace(table_[key], value=table_[key].value + by)
    return broken


@pytest.fixture
def report_2025(records, bodies):
    return annual.compute(bodies["city"], 2025)


def test_rule1_received_plus_carried_in_equals_total_plus_carried_out(report_2025):
    """Rule 1: in each of the seven columns, 一 + 二 = （七）总计 + 四."""
    broken = _bump(report_2025, "三", ("carried_out", "person"), ("carried_out", "total"))
    failures = annual.check(broken)
    assert {f.rule for f in failures} == {1}
    person = next(f for f in failures if ("carried_out", "person") in f.cells)
    assert (person.expected, person.actual) == (8, 9) and person.section == "三"
    assert "规则1" in person.message and "自然人" in person.message and "8" in person.message
    assert len(failures) == 2  # 自然人 and 总计


def test_rule2_total_equals_the_sum_of_the_outcome_rows(report_2025):
    """Rule 2: （七）总计 = the sum of the outcome rows."""
    broken = _bump(report_2025, "三", ("public", "business"), ("public", "total"))
    failures = annual.check(broken)
    assert {f.rule for f in failures} == {2} and len(failures) == 2
    business = next(f for f in failures if ("total", "business") in f.cells)
    assert (business.expected, business.actual) == (6, 5)
    assert "商业企业" in business.message and "（七）总计为5" in business.message


def test_rule3_total_column_equals_the_six_applicant_types(report_2025):
    """Rule 3: in every row, 总计 = the sum of the six applicant-type columns."""
    broken = _bump(report_2025, "三", ("carried_in", "total"), ("carried_out", "total"))
    failures = annual.check(broken)
    assert {f.rule for f in failures} == {3}
    assert {f.cells[0] for f in failures} == {("carried_in", "total"), ("carried_out", "total")}
    carried_in = next(f for f in failures if f.cells[0] == ("carried_in", "total"))
    assert (carried_in.expected, carried_in.actual) == (4, 5)
    assert "二、上年结转政府信息公开申请数量" in carried_in.message


def test_rule4_remedy_total_equals_its_four_results(report_2025):
    """Rule 4: in section 四, each 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    failures = annual.check(_bump(report_2025, "四", ("litigation_after", "total"), by=-1))
    assert [(f.rule, f.section, f.cells[0], f.expected, f.actual) for f in failures] == \
        [(4, "四", ("litigation_after", "total"), 2, 1)]
    assert "行政诉讼（复议后起诉）" in failures[0].message


def test_rule5_carried_in_equals_last_years_carried_out(records, bodies, staff):
    """Rule 5: this year's 二 equals last year's 四, checked when last year's report is given. A case
    of 2024 entered after the 2024 report was made breaks it, in its column."""
    previous = annual.compute(bodies["city"], 2024)
    assert annual.check(annual.compute(bodies["city"], 2025)) == []
    services.import_ledger_row(actor=staff["handler"], body=bodies["city"], tracking_number="350400-2024-L002",
                               applicant_kind="nonprofit", name="三明市爱心志愿者协会", channel="fax",
                               received_on=date(2024, 11, 4))
    report = annual.compute(bodies["city"], 2025)
    assert annual.check(report) == []  # the year on its own is consistent
    failures = annual.check(report, previous)
    assert [(f.rule, f.cells, f.expected, f.actual) for f in failures] == [
        (5, (("carried_in", "nonprofit"),), 0, 1), (5, (("carried_in", "total"),), 4, 5)]
    assert "2024年度报告" in failures[0].message and "社会公益组织" in failures[0].message


def test_rules_catch_inconsistent_records(records, bodies):
    """The rules check the records, not only the arithmetic: an outcome outside the table fails
    rule 2, an applicant type outside the six fails rule 3, a reply dated before its receipt rule 1."""
    Application.objects.filter(pk=records["published"].pk).update(outcome="unknown")
    assert {(f.rule, f.cells[0]) for f in annual.check(annual.compute(bodies["city"], 2025))} == \
        {(2, ("total", "person")), (2, ("total", "total"))}
    Application.objects.filter(pk=records["published"].pk).update(outcome="published", applicant_kind="club")
    assert {f.rule for f in annual.check(annual.compute(bodies["city"], 2025))} == {3}
    Application.objects.filter(pk=records["published"].pk).update(
        applicant_kind="person", received_on=date(2025, 2, 3), decided_on=date(2024, 12, 30))
    assert {(f.rule, f.expected, f.actual) for f in annual.check(annual.compute(bodies["city"], 2025))} == \
        {(1, 8, 7), (1, 31, 30)}


SECTION3_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
SECTION3_COLUMN_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_json_shape_and_official_labels(report_2025):
    """Issue 6, the JSON of GET /api/v1/reports/annual/{year}/: section 三 a list of rows in the
    official order, each with `label` and `values` keyed by the seven official column labels
    (headings without numbers have `values` null); sections 二 and 四 likewise."""
    data = json.loads(json.dumps(annual.to_dict(report_2025), ensure_ascii=False))
    assert data["year"] == 2025 and data["body"] == {"code": "350400", "name": "三明市公安局"}
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    s3 = data["sections"]["三"]
    assert s3["title"] == "三、收到和处理政府信息公开申请情况"
    assert s3["columns"] == SECTION3_COLUMN_LABELS
    assert [row["label"] for row in s3["rows"]] == SECTION3_LABELS
    numbered = [row for row in s3["rows"] if row["values"] is not None]
    assert [row["label"] for row in s3["rows"] if row["values"] is None] == [
        "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    assert all(list(row["values"]) == SECTION3_COLUMN_LABELS for row in numbered)
    assert s3["rows"][0]["values"] == dict(zip(SECTION3_COLUMN_LABELS, CITY_2025["received"], strict=True))
    assert s3["rows"][-1]["values"]["总计"] == 5 and s3["rows"][-2]["values"]["总计"] == 26

    s2 = data["sections"]["二"]
    assert s2["title"] == "二、主动公开政府信息情况"
    assert [(b["title"], b["columns"], [r["label"] for r in b["rows"]]) for b in s2["blocks"]] == [
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]
    assert s2["blocks"][0]["rows"][1]["values"] == {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 4}
    assert s2["blocks"][3]["rows"][0]["values"] == {"本年收费金额（单位：万元）": 12.3456}

    s4 = data["sections"]["四"]
    assert s4["title"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert s4["columns"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [(r["group"], r["label"]) for r in s4["rows"]] == [
        ("", "行政复议"), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉")]
    assert s4["rows"][0]["values"] == {"结果维持": 2, "结果纠正": 1, "其他结果": 1, "尚未审结": 2, "总计": 6}
    assert "ids" not in s4["rows"][0]


def test_json_with_ids_for_drill_down(records, report_2025):
    """The same shape with the ids behind every number, keyed like `values`."""
    data = annual.to_dict(report_2025, with_ids=True)
    rows = {row["key"]: row for row in data["sections"]["三"]["rows"]}
    assert rows["refused.1"]["ids"]["总计"] == sorted([records["c2"].pk, records["secret"].pk])
    assert rows["refused"]["ids"] is None
    assert data["sections"]["四"]["rows"][0]["ids"]["总计"] == list(report_2025.cell("四", "reconsideration",
                                                                                     "total").ids)


def test_labels_sections_and_layout():
    """annual-report.md: the six section titles in order; section 三's seven columns under the
    自然人 / 法人或其他组织 / 总计 header; section 四's fifteen cells."""
    assert [s.title for s in labels.SECTIONS] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [c.label for c in labels.SECTION3_COLUMNS] == SECTION3_COLUMN_LABELS
    assert [(top, [c.label for c in cols]) for top, cols in labels.SECTION3_HEADER] == [
        ("", ["自然人"]), ("法人或其他组织", ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]),
        ("", ["总计"])]
    assert [r.label for r in labels.SECTION3_ROWS] == SECTION3_LABELS
    assert len(labels.SECTION4_CELLS) == 15
    assert labels.row_label("四", "litigation") == "行政诉讼（未经复议直接起诉）"
    assert labels.row_label("二", "fee") == "行政事业性收费" and labels.row_label("三", "other.3") == "3.其他"
    assert labels.column_label("二", "amount") == "本年收费金额（单位：万元）"


def test_labels_agree_with_the_outcomes_and_models():
    """One name per concept: the 23 outcomes map onto exactly the 21 outcome rows (不予公开 8,
    无法提供 3, 不予处理 5, 其他处理 3, plus 予以公开 and 部分公开); the group labels, the applicant
    types, the remedy kinds and results, and the ledger's leaf wording match the official labels."""
    assert len(outcomes.OUTCOMES) == 23 and len(labels.OUTCOME_ROWS) == 21
    assert {o.report_row for o in outcomes.OUTCOMES} == {r.key for r in labels.OUTCOME_ROWS}
    for group, text in outcomes.GROUP_LABELS.items():
        assert text in labels.SECTION3_ROW[group.value].label
    for key, words in ledger_words.REPORT_LEAVES.items():
        assert labels.SECTION3_ROW[key].label.split(".", 1)[1] == words[0]
    assert [(c.key, c.label) for c in labels.APPLICANT_COLUMNS] == list(ApplicantKind.choices)
    assert [r.key for r in labels.SECTION4_ROWS] == Remedy.Kind.values
    assert [(r.key, r.label) for r in labels.SECTION4_ROWS] == list(Remedy.Kind.choices)
    assert [(c.key, c.label) for c in labels.RESULT_COLUMNS] == list(Remedy.Result.choices)


def test_compute_reads_in_one_query_per_model(records, bodies, django_assert_max_num_queries):
    """Efficiency: a fixed number of queries (publications, figures, applications, remedies),
    however many records; no query per row."""
    with django_assert_max_num_queries(4):
        annual.compute(bodies["city"], 2025, with_branches=True)
