"""Import of a legacy catalog (XLSX/CSV): all rows checked first, all or nothing written."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from gongkai.core import audit, clock
from gongkai.core.cells import CellError, parse_date
from gongkai.core.models import AuditEvent, Role, Sequence
from gongkai.core.scanner import id_check_char
from gongkai.publications import importer, selectors
from gongkai.publications.models import Finding, Publication, PublicationChannel
from tests.bombs import MB, understated, with_members, with_zeros

from .conftest import run_chain

P = Publication
HEADERS = ["索引号", "信息名称", "内容概述", "发布机构", "生成日期", "发布日期", "文号", "主题分类", "体裁分类",
           "关键词", "公开渠道", "有效性", "废止日期", "文件类型", "正文"]


def id_number(first17: str) -> str:
    return first17 + id_check_char(first17)


def row(**values):
    base = {
        "索引号": "", "信息名称": "关于春节期间烟花爆竹燃放管理的通告", "内容概述": "城区禁止燃放烟花爆竹的区域和时段",
        "发布机构": "三明市公安局", "生成日期": "2016-01-20", "发布日期": "2016/1/25", "文号": "明公〔2016〕3号",
        "主题分类": "治安状况", "体裁分类": "通告", "关键词": "烟花爆竹", "公开渠道": "政府网站、政务微博",
        "有效性": "有效", "废止日期": "", "文件类型": "", "正文": "为维护公共安全，现就春节期间烟花爆竹燃放管理通告如下。",
    }
    base.update(values)
    return base


def good_rows():
    return [
        row(),
        row(**{"索引号": "SMGA-2016-0007", "信息名称": "三明市公安局关于调整户籍业务办理时间的公告",
               "生成日期": "2016年3月1日", "发布日期": "2016年3月2日", "主题分类": "0805", "体裁分类": "公告",
               "公开渠道": "", "文号": ""}),
        row(**{"信息名称": "列东街交通组织调整", "发布机构": "三元分局", "生成日期": "2016-03-05",
               "发布日期": "2016-03-08 09:30", "主题分类": "交通管理", "体裁分类": "", "有效性": "已废止",
               "废止日期": "2018/12/31", "文件类型": "行政规范性文件"}),
    ]


def xlsx(rows, headers=HEADERS, dates_as_cells=True) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        values = []
        for h in headers:
            v = r.get(h, "")
            if dates_as_cells and h in ("生成日期", "发布日期") and v:
                try:
                    v = parse_date(v, with_time=True)
                except CellError:
                    pass
            values.append(v if v != "" else None)
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8-sig", headers=HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def run(actor, data, filename="catalog.xlsx", **kwargs):
    return importer.import_catalog(actor=actor, filename=filename, data=data, **kwargs)


def imported_titles():
    return set(selectors.public_publications().values_list("title", flat=True))


# --- Good files -----------------------------------------------------------------------------

def test_xlsx_imported_and_public(team, bureau):
    data = xlsx(good_rows())
    report = run(team["office"], data)
    assert report.ok, report.messages()
    assert len(report.imported) == 3 and report.index_numbers_kept == 1 and report.index_numbers_assigned == 2
    assert imported_titles() == {r["信息名称"] for r in good_rows()}

    first = P.objects.get(title="关于春节期间烟花爆竹燃放管理的通告")
    assert first.status == P.Status.PUBLISHED and first.attribute == P.Attribute.PROACTIVE
    assert first.created_by == team["office"] and first.unit == bureau["city"]
    assert first.created_on == date(2016, 1, 20)
    assert timezone.localdate(first.published_at) == date(2016, 1, 25)
    assert first.index_number == "003614578/2016-00001"  # the body's pattern, the year of publication
    assert first.topic.code == "0801" and first.genre.name == "通告" and first.document_number == "明公〔2016〕3号"
    assert set(first.channels.values_list("name", flat=True)) == {"政府网站", "政务微博"}
    assert not first.reviews.exists()

    legacy = P.objects.get(index_number="SMGA-2016-0007")
    assert legacy.topic.code == "0805" and list(legacy.channels.all()) == [PublicationChannel.objects.get(code="website")]

    branch = P.objects.get(title="列东街交通组织调整")
    assert branch.body.unit == bureau["sanyuan"] and branch.index_number == "003614586/2016-00001"
    assert branch.validity == P.Validity.REPEALED and branch.repealed_on == date(2018, 12, 31)
    assert branch.legal_form == P.LegalForm.NORMATIVE and branch.genre is None
    assert timezone.localtime(branch.published_at).replace(tzinfo=None) == datetime(2016, 3, 8, 9, 30)

    events = AuditEvent.objects.filter(action="publication.import")
    assert events.count() == 3
    assert {e.object_id for e in events} == {str(pk) for pk in report.imported}
    summary = AuditEvent.objects.get(action="catalog.import")
    assert summary.after["sha256"] == report.sha256 and summary.after["imported"] == 3
    assert summary.after["index_numbers_kept"] == 1
    assert audit.verify().ok


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"),
                                             ("utf-16", "UTF-16")])
def test_csv_imported_in_each_encoding(team, encoding, label):
    data = csv_bytes(good_rows(), encoding)
    if encoding == "utf-16":  # Excel's "Unicode 文本": UTF-16 with a BOM, tab-separated
        data = data.decode("utf-16").replace(",", "\t").encode("utf-16")
    report = run(team["office"], data, filename="目录.csv")
    assert report.ok, report.messages()
    assert report.format == f"CSV（{label}）"
    assert imported_titles() == {r["信息名称"] for r in good_rows()}


def test_english_headers_any_order_and_title_row(team):
    codes = {c.label: c.code for c in importer.COLUMNS}
    headers = list(reversed(HEADERS))
    rows = [{codes[h]: v for h, v in r.items()} for r in good_rows()]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["三明市公安局政府信息公开目录"])
    writer.writerow([codes[h] for h in headers] + ["备注"])
    for r in rows:
        writer.writerow([r[codes[h]] for h in headers] + ["旧网站栏目"])
    report = run(team["office"], out.getvalue().encode("utf-8"), filename="catalog.csv")
    assert report.ok, report.messages()
    assert any("表头在第 2 行" in w for w in report.warnings)
    assert any("备注" in w for w in report.warnings)
    assert len(report.imported) == 3


def test_dry_run_writes_nothing(team):
    before = AuditEvent.objects.count()
    report = run(team["office"], xlsx(good_rows()), dry_run=True)
    assert report.ok and report.dry_run and "仅检查" in report.summary()
    assert not P.objects.exists() and AuditEvent.objects.count() == before
    assert not Sequence.objects.filter(name="index").exists()


# --- Bad rows -------------------------------------------------------------------------------

def test_one_bad_row_writes_nothing_and_names_row_and_column(team):
    rows = good_rows()
    rows.insert(1, row(**{"信息名称": "关于驾驶人考试的通知", "发布日期": "2016-02-30"}))
    rows.append(row(**{"信息名称": "", "主题分类": "不存在的分类"}))
    before = AuditEvent.objects.count()
    report = run(team["office"], xlsx(rows, dates_as_cells=False))
    assert not report.ok and report.bad_rows == [3, 6]
    messages = report.messages()
    assert "第 3 行“发布日期”：日期“2016-02-30”不存在" in messages
    assert "第 6 行“信息名称”：不能为空" in messages
    assert any(m.startswith("第 6 行“主题分类”：未找到主题分类“不存在的分类”") for m in messages)
    assert "2 行有错误" in report.summary() and "未导入任何信息" in report.summary()
    assert not P.objects.exists() and AuditEvent.objects.count() == before
    assert not Sequence.objects.filter(name="index").exists()


@pytest.mark.parametrize("changes, column, text", [
    ({"发布日期": "2016-01-19"}, "发布日期", "早于生成日期"),
    ({"生成日期": "2999-01-01", "发布日期": "2999-01-02"}, "发布日期", "晚于现在"),
    ({"发布日期": "明年"}, "发布日期", "无法识别的日期"),
    ({"主题分类": "0603"}, "主题分类", "封存"),
    ({"发布机构": "不存在的派出所"}, "发布机构", "未找到单位"),
    ({"体裁分类": "函"}, "体裁分类", "未知的体裁分类"),
    ({"公开渠道": "政府网站、抖音"}, "公开渠道", "未知的公开渠道“抖音”"),
    ({"有效性": "作废"}, "有效性", "有效性应为"),
    ({"有效性": "已废止"}, "废止日期", "须填写废止日期"),
    ({"文件类型": "地方性法规"}, "文件类型", "文件类型应为"),
    ({"信息名称": "长" * 201}, "信息名称", "不能超过 200 字"),
])
def test_row_checks(team, changes, column, text):
    report = run(team["office"], csv_bytes([row(**changes)]), filename="c.csv")
    assert not report.ok
    assert any(e.row == 2 and e.column == column and text in e.message for e in report.errors), report.messages()
    assert not P.objects.exists()


def test_date_spellings():
    assert parse_date("2016-03-05") == date(2016, 3, 5)
    assert parse_date("2016/3/5") == date(2016, 3, 5)
    assert parse_date("2016年3月5日") == date(2016, 3, 5)
    assert parse_date("２０１６年３月５日") == date(2016, 3, 5)
    assert parse_date("2016.03.05") == date(2016, 3, 5)
    assert parse_date("20160305") == date(2016, 3, 5)
    assert parse_date(20160305) == date(2016, 3, 5)
    assert parse_date(datetime(2016, 3, 5, 0, 0)) == date(2016, 3, 5)
    assert parse_date(42434) == date(2016, 3, 5)  # an Excel serial in a cell without a date format
    assert parse_date("2016-03-05 09:30", with_time=True) == datetime(2016, 3, 5, 9, 30)
    assert parse_date("2016年3月5日 9时30分", with_time=True) == datetime(2016, 3, 5, 9, 30)
    assert parse_date("2016/3/5 0:00", with_time=True) == date(2016, 3, 5)
    with pytest.raises(CellError):
        parse_date("3/5/2016")


def test_duplicates_in_file_and_against_catalog(team):
    rows = good_rows() + [row(**{"发布日期": "2016-01-25 15:00"})]  # same title, same day as row 2
    report = run(team["office"], xlsx(rows))
    assert [str(e) for e in report.errors] == ["第 5 行“信息名称”：与第 2 行重复（信息名称和发布日期相同）"]

    assert run(team["office"], xlsx(good_rows())).ok
    again = run(team["office"], xlsx(good_rows()))
    assert again.bad_rows == [2, 3, 4]
    assert any("目录中已有同名且发布日期相同的信息（索引号 003614578/2016-00001）" in m for m in again.messages())
    assert P.objects.count() == 3


def test_legacy_index_number_kept_and_duplicates_rejected(team):
    rows = [row(**{"索引号": "003614578/2016-00001"}),
            row(**{"信息名称": "第二条", "索引号": ""}),
            row(**{"信息名称": "第三条", "索引号": "X-1"}),
            row(**{"信息名称": "第四条", "索引号": "X-1"})]
    report = run(team["office"], xlsx(rows))
    assert [str(e) for e in report.errors] == ["第 5 行“索引号”：索引号“X-1”与第 4 行重复"]

    report = run(team["office"], xlsx(rows[:3]))
    assert report.ok, report.messages()
    assert P.objects.get(title=rows[0]["信息名称"]).index_number == "003614578/2016-00001"
    # The kept legacy number is one the pattern makes: the assigned one comes after it.
    assert P.objects.get(title="第二条").index_number == "003614578/2016-00002"

    clash = run(team["office"], xlsx([row(**{"信息名称": "另一条", "索引号": "X-1"})]))
    assert [str(e) for e in clash.errors] == ["第 2 行“索引号”：索引号“X-1”已被信息“第三条”使用"]


def test_kept_legacy_number_does_not_collide_with_later_publication(team, draft, pin_today):
    pin_today(date(2026, 11, 24))  # later in the year than the legacy item's 6 January
    year = clock.today().year
    legacy = f"003614586/{year}-00005"
    report = run(team["office"], xlsx([row(**{"发布机构": "三元分局", "索引号": legacy,
                                              "生成日期": f"{year}-01-05", "发布日期": f"{year}-01-06"})]))
    assert report.ok, report.messages()
    pub = run_chain(draft(), team)
    assert pub.status == P.Status.PUBLISHED and pub.index_number == f"003614586/{year}-00006"


def test_planted_id_number_rejected(team):
    planted = id_number("35040319900307123")
    rows = good_rows()
    rows[2]["正文"] = f"当事人张三（身份证号码 {planted}）因违反交通管理规定被处罚。"
    report = run(team["office"], xlsx(rows))
    assert report.bad_rows == [4]
    (error,) = report.errors
    assert error.column == "正文" and "身份证号" in error.message and planted in error.message
    assert not P.objects.exists()


def test_findings_acknowledged_only_with_confidentiality_capability(team, make_user):
    planted = id_number("35040319900307123")
    rows = [row(**{"内容概述": f"身份证号 {planted}"})]
    # The office manages the catalog but does not do confidentiality review.
    refused = run(team["office"], xlsx(rows), acknowledge_findings=True)
    assert refused.bad_rows == [2] and "保密审查权限" in refused.errors[0].message

    role = Role.objects.create(code="office_secrecy", name="公开办（含保密审查）", scope="all",
                               capabilities=["publications.manage", "publications.confidentiality"])
    user = make_user(None, "office", username="secrecy")
    user.roles.add(role)
    report = run(user, xlsx(rows), acknowledge_findings=True)
    assert report.ok and report.findings_acknowledged == 1
    finding = Finding.objects.get()
    assert finding.state == Finding.State.ACKNOWLEDGED and finding.text == planted and finding.resolved_by == user
    event = AuditEvent.objects.get(action="publication.import")
    assert event.after["findings_acknowledged"][0]["kind"] == "id_number"


def test_unit_outside_scope(team, make_user):
    role = Role.objects.create(code="branch_manager", name="分局公开管理", scope="subtree",
                               capabilities=["publications.manage"])
    manager = make_user(None, "sanyuan", username="branch_manager")
    manager.roles.add(role)
    rows = [row(**{"发布机构": "三元分局"}), row(**{"信息名称": "市局的", "发布机构": "350400"}),
            row(**{"信息名称": "不填发布机构", "发布机构": ""})]
    report = run(manager, xlsx(rows))
    assert [str(e) for e in report.errors] == ["第 3 行“发布机构”：“三明市公安局”不在您的管理范围内"]
    report = run(manager, xlsx([rows[0], rows[2]]))
    assert report.ok
    assert P.objects.get(title="不填发布机构").unit.name == "三元分局"


# --- Whole-file problems --------------------------------------------------------------------

def test_missing_column(team):
    headers = [h for h in HEADERS if h != "发布日期"]
    report = run(team["office"], xlsx(good_rows(), headers=headers))
    assert not report.ok and not report.errors
    assert "缺少必填列：发布日期" in report.file_errors[0]


def test_wrong_file_type(team):
    html = "<!DOCTYPE html><html><body><table><tr><td>信息名称</td></tr></table></body></html>".encode()
    report = run(team["office"], html, filename="旧网站目录.xlsx")
    assert not report.ok and "网页" in report.file_errors[0]
    report = run(team["office"], b"plain words, not a spreadsheet", filename="catalog.xlsx")
    assert "不是 Excel 工作簿" in report.file_errors[0]
    report = run(team["office"], b"%PDF-1.4\n...", filename="catalog.pdf")
    assert "PDF" in report.file_errors[0]
    report = run(team["office"], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, filename="catalog.xls")
    assert ".xls" in report.file_errors[0]


def test_empty_and_oversized_files(team, monkeypatch):
    assert run(team["office"], b"", filename="c.csv").file_errors == ["文件为空"]
    assert "只有表头" in run(team["office"], csv_bytes([]), filename="c.csv").file_errors[0]
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    assert "超过 2 行" in run(team["office"], csv_bytes(good_rows()), filename="c.csv").file_errors[0]
    assert "超过 2 行" in run(team["office"], xlsx(good_rows())).file_errors[0]
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    assert "文件过大" in run(team["office"], xlsx(good_rows())).file_errors[0]


def test_zip_bombs_are_refused_before_openpyxl_reads_them(team):
    # #16, hole 2: every XLSX goes through core.files.kinds.check_zip first.
    sheet = "xl/worksheets/sheet1.xml"
    for bomb, message in [
        (with_zeros(xlsx(good_rows()), sheet, 2 * MB), "压缩比异常"),
        (with_zeros(xlsx(good_rows()), sheet, 1024 * MB), "解压后超过 64 MB"),
        (understated(with_zeros(xlsx(good_rows()), sheet, 20 * MB, level=9), sheet, 1000), "实际大小超过记录的大小"),
    ]:
        report = run(team["office"], bomb)
        assert not report.ok and message in report.file_errors[0] and "恶意构造" in report.file_errors[0]
    assert "不是 Excel 工作簿" in run(team["office"], with_members(xlsx(good_rows()), 20_000)).file_errors[0]
    assert not Publication.objects.exists()


def test_permission(team):
    with pytest.raises(PermissionDenied):
        run(team["drafter"], xlsx(good_rows()))
    with pytest.raises(PermissionDenied):
        run(team["drafter"], xlsx(good_rows()), dry_run=True)
    assert not P.objects.exists()


# --- Workbench page and command -------------------------------------------------------------

def test_workbench_page_shows_report(team):
    client = Client()
    client.force_login(team["office"])
    page = client.get("/workbench/publications/import/")
    assert page.status_code == 200 and "导入目录" in page.content.decode()

    rows = good_rows()
    rows[1]["生成日期"] = "去年"
    response = client.post("/workbench/publications/import/", {
        "file": SimpleUploadedFile("catalog.xlsx", xlsx(rows, dates_as_cells=False)), "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行" in html and "生成日期" in html and "无法识别的日期“去年”" in html
    assert "未导入任何信息" in html

    response = client.post("/workbench/publications/import/", {
        "file": SimpleUploadedFile("catalog.csv", csv_bytes(good_rows(), "gb18030"))})
    assert "已导入 3 条信息" in response.content.decode()
    assert P.objects.count() == 3

    template = client.get("/workbench/publications/import/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(template.content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS

    handler = Client()
    handler.force_login(team["drafter"])
    assert handler.get("/workbench/publications/import/").status_code == 403
    assert "导入目录" not in handler.get("/workbench/").content.decode()
    assert "导入目录" in client.get("/workbench/").content.decode()


def test_command(team, tmp_path):
    bad = good_rows()
    bad[0]["主题分类"] = "治安管理处罚决定"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(bad, "gb18030"))
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_catalog", str(path), user="office", stdout=out)
    assert exc.value.returncode == 1
    assert "第 2 行“主题分类”" in out.getvalue() and "封存" in out.getvalue()
    assert not P.objects.exists()

    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx(good_rows()))
    out = io.StringIO()
    call_command("import_catalog", str(path), user="office", dry_run=True, stdout=out)
    assert "检查通过" in out.getvalue() and not P.objects.exists()
    call_command("import_catalog", str(path), user="office", stdout=out)
    assert "已导入 3 条信息" in out.getvalue() and P.objects.count() == 3

    with pytest.raises(CommandError, match="没有导入目录的权限"):
        call_command("import_catalog", str(path), user="drafter", stdout=io.StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_catalog", str(path), user="nobody", stdout=io.StringIO())


def test_command_takes_actor_like_the_ledger_import(team, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx(good_rows()))
    out = io.StringIO()
    call_command("import_catalog", str(path), "--actor", "office", "--dry-run", stdout=out)
    assert "检查通过" in out.getvalue()
    err = io.StringIO()
    call_command("import_catalog", str(path), "--user", "office", "--dry-run", stdout=io.StringIO(), stderr=err)
    assert "--user 已弃用" in err.getvalue()
    with pytest.raises(CommandError, match="--actor"):
        call_command("import_catalog", str(path), stdout=io.StringIO())


def test_import_published_asks_permission_itself(team, bureau):
    from gongkai.publications import services

    report = run(team["office"], xlsx(good_rows()[:1]), dry_run=True)
    assert report.ok and len(report.rows) == 1
    with pytest.raises(PermissionDenied):
        services.import_published(actor=team["drafter"], rows=report.rows, source={"file": "x", "sha256": "0"})
    assert not P.objects.exists()
