"""Fees (Art. 42, 国办函〔2020〕109号), identity checks (Art. 29) and the outcome table (Art. 30, 35–39)."""

import pytest

from gongkai.applications import fees, outcomes
from gongkai.applications.models import NoticeKind
from gongkai.core import identity


@pytest.mark.parametrize(("items", "before", "expected"), [
    (10, 0, 0),          # up to 10 items a month are free
    (11, 0, 100),        # the 11th costs 100
    (30, 0, 2000),       # 11–30: 20 × 100
    (40, 0, 4000),       # 31–40: 10 × 200 more
    (45, 0, 5500),       # 41–45: 5 × 300 more
    (5, 8, 300),         # 9th, 10th free; 11th–13th at 100 (counted across the month)
    (1, 50, 400),        # the 51st item is in the 51–60 band: 400
])
def test_art42_per_item_progressive_per_applicant_per_month(items, before, expected):
    assert fees.total(fees.per_item(items, before)) == expected


@pytest.mark.parametrize(("pages", "expected"), [
    (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700),
])
def test_art42_per_page_progressive(pages, expected):
    assert fees.total(fees.per_page(pages)) == expected


def test_fee_bands_are_configurable():
    cfg = {"item_tiers": [(5, 0), (10, 50)], "item_band": 5, "item_step": 50, "page_tiers": [(10, 0), (None, 1)]}
    assert fees.total(fees.per_item(12, 0, cfg)) == 5 * 50 + 2 * 100
    assert fees.total(fees.per_page(15, cfg)) == 5


def test_fee_description_lists_charged_bands():
    lines = fees.describe(fees.per_item(35), "件")
    assert lines == ["第11—30件，每件100元，计2000元", "第31—35件，每件200元，计1000元"]


def test_art29_resident_id_check_digit():
    assert identity.check_resident_id("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValueError, match="校验不通过"):
        identity.check_resident_id("110105194912310021")
    with pytest.raises(ValueError, match="18位"):
        identity.check_resident_id("1101051949")


def test_art29_credit_code_check_character():
    assert identity.check_credit_code("91350400MA31XXXX0X".lower()) == "91350400MA31XXXX0X"
    with pytest.raises(ValueError, match="校验不通过"):
        identity.check_credit_code("91350400MA31XXXX01")
    # Letter prefixes exist (N: 农村集体经济组织, Y: other authorities); the check character decides.
    from stdnum.cn import uscc
    rural = "N2350402MF" + "0000001"
    assert identity.check_credit_code(rural + uscc.calc_check_digit(rural)) == rural + uscc.calc_check_digit(rural)
    with pytest.raises(ValueError, match="格式不正确"):
        identity.check_credit_code("913504O0MA31XXXX0X")  # letter O in the division code


def test_phone_numbers():
    assert identity.check_phone("13805981234") == "13805981234"
    assert identity.check_phone("0598-8250000").startswith("0598")
    with pytest.raises(ValueError):
        identity.check_phone("12345")


def test_masks_hide_the_middle():
    assert identity.mask_name("张三") == "张*"
    assert identity.mask_name("欧阳小明") == "欧**明"
    assert identity.mask_number("11010519491231002X") == "1101**********002X"
    assert identity.mask_phone("13805981234") == "138****1234"
    assert identity.mask_email("zhang@example.com") == "z***@example.com"


def test_outcome_table_matches_regulation_section_3():
    """Every row of the outcome table in regulation.md §3, each in exactly one report row."""
    rows = {o.code: o.report_row for o in outcomes.OUTCOMES}
    assert rows == {
        "published": "public", "disclosed": "public", "partial": "partial",
        "secret": "refused.1", "law_forbids": "refused.2", "security": "refused.3", "third_party": "refused.4",
        "internal": "refused.5", "process": "refused.6", "case_file": "refused.7", "query": "refused.8",
        "not_exist": "unavailable.1", "not_ours": "unavailable.1", "needs_processing": "unavailable.2",
        "still_unclear": "unavailable.3",
        "petition": "not_processed.1", "repeat": "not_processed.2", "publication": "not_processed.3",
        "excessive": "not_processed.4", "confirm": "not_processed.5",
        "no_supplement": "other.1", "no_fee": "other.2", "other": "other.3",
    }
    assert outcomes.get("published").basis.endswith("第三十六条第（一）项")
    assert outcomes.get("partial").basis == "《条例》第三十七条"
    assert "第三十六条第（五）项" in outcomes.get("not_ours").basis
    assert outcomes.get("needs_processing").basis == "《条例》第三十八条"
    assert outcomes.get("excessive").basis == "《条例》第三十五条"


def test_every_outcome_has_a_notice_kind():
    for outcome in outcomes.OUTCOMES:
        assert outcome.notice in NoticeKind.values, outcome.code


def test_refusals_go_to_reconsideration_first():
    refusing = {o.code for o in outcomes.OUTCOMES if o.is_refusal}
    assert refusing == {"partial", "secret", "law_forbids", "security", "third_party", "internal", "process",
                        "case_file", "query"}
