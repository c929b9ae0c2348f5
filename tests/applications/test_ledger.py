"""Importing past applications from a bureau's ledger (台账): every row checked, all or nothing,
closed and carried-over cases, remedies, and the outcome wording a ledger uses."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from gongkai.applications import ledger, ledger_words, selectors, services
from gongkai.applications.models import Application, CaseEvent, Remedy, Status
from gongkai.core import audit
from gongkai.core.calendar import get_calendar
from gongkai.core.models import AuditEvent, DisclosureBody, Sequence
from tests.bombs import MB, understated, with_zeros

HEADER = ["受理编号", "公开主体", "申请人类型", "申请人", "申请渠道", "收到申请日期", "申请内容", "办理结果", "答复日期",
          "是否延期", "复议结果", "诉讼类型", "诉讼结果"]
GOOD = [
    ["350400-2019-0007", "", "自然人", "陈某", "网上申请", date(2019, 3, 5), "2018年度交通事故统计数据", "予以公开",
     date(2019, 3, 20), "否", "", "", ""],
    ["", "", "商业企业", "三明市鑫达物流有限公司", "挂号信", date(2019, 4, 1), "停车收费批复文件",
     "不予公开-属于国家秘密", date(2019, 4, 25), "是", "维持", "复议后起诉", "尚未审结"],
    ["", "350404", "法律服务机构", "福建明理律师事务所", "电子邮件", date(2019, 5, 6), "治安处罚裁量基准",
     "无法提供-本机关不掌握相关政府信息", date(2019, 5, 30), "", "", "直接起诉", "纠正"],
    ["", "三明市公安局", "科研机构", "", "平信", date(2019, 6, 3), "", "其他处理-逾期不补正", date(2019, 7, 10), "",
     "纠正", "", ""],
    ["", "", "自然人", "林某", "当面申请", date(2019, 12, 20), "户籍迁移政策文件", "", "", "", "", "", ""],
    ["", "", "社会公益组织", "三明市爱心志愿者协会", "传真", date(2026, 11, 2), "电动自行车登记数量", "", "", "", "", "",
     ""],
]


def xlsx(rows, header=HEADER, title=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.strftime("%Y/%m/%d") if isinstance(v, date) else v for v in row])
    return out.getvalue().encode(encoding)


@pytest.fixture
def office(staff, city_body):
    sanyuan = DisclosureBody.objects.get(unit__code="350404")
    sanyuan.reconsideration_authority = "三明市三元区人民政府"
    sanyuan.litigation_court = "三明市三元区人民法院"
    sanyuan.save()
    return staff["office"]


SHEET = "xl/worksheets/sheet1.xml"


def run(actor, data, filename="台账.xlsx", **kwargs):
    kwargs.setdefault("default_body", DisclosureBody.objects.get(unit__code="350400"))
    return ledger.import_ledger(actor=actor, filename=filename, data=data, **kwargs)


def test_good_xlsx_imports_closed_open_and_remedies(office):
    report = run(office, xlsx(GOOD, title="三明市公安局2019年政府信息公开申请台账"))
    assert report.ok, report.messages()
    assert report.warnings == ["表头在第 2 行，前面的 1 行已跳过"]
    assert len(report.imported) == 6 and report.numbers_assigned == 5
    assert report.summary().startswith("已导入 6 件申请（已办结 4 件，未办结（结转）2 件，复议诉讼 4 件")
    apps = {a.tracking_number: a for a in Application.objects.all()}
    assert set(apps) == {"350400-2019-0007", "350400-2019-L0001", "350404-2019-L0001", "350400-2019-L0002",
                         "350400-2019-L0003", "350400-2026-L0001"}
    assert all(a.imported for a in apps.values())

    first = apps["350400-2019-0007"]
    assert (first.status, first.outcome, first.received_on, first.decided_on, first.closed_on) == (
        Status.CLOSED, "disclosed", date(2019, 3, 5), date(2019, 3, 20), date(2019, 3, 20))
    assert first.channel == "online" and first.applicant_kind == "person" and first.body.code == "350400"
    # Received before 2019-05-15: 国务院令第492号 第二十四条, 15 working days (see test_old_regulation.py).
    assert first.due_on == get_calendar().add_working_days(date(2019, 3, 5), 15).date
    assert first.applicant_key == services.applicant_key("person", "", "", "", "陈某")
    # Not trackable online: no code matches, and the public lookup skips imported cases.
    assert not services.check_query_code(first, "")
    assert selectors.find_for_applicant(first.tracking_number, "ABCDEFGH") is None

    secret = apps["350400-2019-L0001"]
    assert secret.outcome == "secret" and secret.channel == "registered_post" and secret.extension_days == 15  # 是: the 2008 maximum
    kinds = {r.kind: r for r in secret.remedies.all()}
    assert kinds[Remedy.Kind.RECONSIDERATION].result == "maintained"
    assert kinds[Remedy.Kind.RECONSIDERATION].authority == "三明市人民政府"
    assert kinds[Remedy.Kind.RECONSIDERATION].filed_on == date(2019, 4, 25)
    assert kinds[Remedy.Kind.LITIGATION_AFTER].result == "pending"

    branch = apps["350404-2019-L0001"]
    assert branch.body.code == "350404" and branch.unit.code == "350404" and branch.outcome == "not_exist"
    direct = branch.remedies.get()
    assert (direct.kind, direct.result, direct.authority) == (Remedy.Kind.LITIGATION, "corrected", "三明市三元区人民法院")

    anonymous = apps["350400-2019-L0002"]
    assert anonymous.name == "（台账导入）" and anonymous.outcome == "no_supplement"
    assert anonymous.applicant_kind == "research" and anonymous.channel == "letter"

    assert CaseEvent.objects.filter(kind="imported").count() == 6
    assert "台账.xlsx 第 3 行" in first.events.get().text
    event = AuditEvent.objects.get(action="application.import")
    assert event.after["rows"] == 6 and event.after["file"] == "台账.xlsx" and event.object_id == report.sha256
    assert event.actor == office
    assert audit.verify().ok


def test_carried_over_rows_stay_open_with_their_clock(office):
    report = run(office, xlsx(GOOD))
    assert report.ok
    old = Application.objects.get(name="林某")
    assert old.status == Status.PROCESSING and old.outcome == "" and old.decided_on is None
    assert old.clock_start == old.received_on == date(2019, 12, 20)
    assert old.due_on == get_calendar().add_working_days(date(2019, 12, 20), 20).date
    assert selectors.urgency(old).css == "overdue"
    recent = Application.objects.get(name="三明市爱心志愿者协会")
    assert recent.status == Status.PROCESSING and recent.due_on == date(2026, 11, 30)
    assert recent.channel == "fax" and recent.applicant_kind == "nonprofit"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_good_csv_in_each_encoding_with_english_headers(office, encoding):
    header = ["tracking_number", "body", "applicant_type", "applicant", "channel", "received_on", "description",
              "outcome", "decided_on", "extended", "reconsideration", "litigation", "litigation_result"]
    rows = [list(r) for r in GOOD]
    rows[0][5] = "2019年3月5日"
    report = run(office, csv_bytes(rows, header, encoding), filename="ledger.csv")
    assert report.ok, report.messages()
    assert report.format == ("CSV（GB18030）" if encoding == "gb18030" else "CSV（UTF-8）")
    assert Application.objects.count() == 6 and Remedy.objects.count() == 4
    assert Application.objects.get(tracking_number="350400-2019-0007").received_on == date(2019, 3, 5)


def test_dry_run_writes_nothing(office):
    report = run(office, xlsx(GOOD), dry_run=True)
    assert report.ok and report.summary().startswith("检查通过：共 6 行数据均无错误")
    assert not Application.objects.exists() and not AuditEvent.objects.filter(action="application.import").exists()
    assert not Sequence.objects.filter(name="ledger").exists()


BAD = [
    # row 2: a good row, to show one bad row stops the whole file
    ["", "", "自然人", "陈某", "网上申请", "2019-03-05", "", "予以公开", "2019-03-20", "", "", "", ""],
    ["", "", "外国人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],                 # 3 kind
    ["", "", "自然人", "", "飞鸽传书", "2019-03-05", "", "", "", "", "", "", ""],                  # 4 channel
    ["", "", "自然人", "", "网上申请", "", "", "", "", "", "", "", ""],                            # 5 no received
    ["", "", "自然人", "", "网上申请", "2099-01-01", "", "", "", "", "", "", ""],                  # 6 future
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "予以公开", "2019-03-01", "", "", "", ""],  # 7 before
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "予以公开", "", "", "", "", ""],          # 8 no decided
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "", "2019-03-20", "", "", "", ""],        # 9 no outcome
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "不予公开", "2019-03-20", "", "", "", ""],  # 10 ambiguous
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "已阅", "2019-03-20", "", "", "", ""],     # 11 unknown
    ["X-1", "", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],               # 12
    ["x-1", "", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],               # 13 duplicate
    ["350400-2026-0001", "", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],  # 14 taken
    ["", "福州市公安局", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],      # 15 no body
    ["", "35040401", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "", "", ""],          # 16 not a body
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "", "", "半年", "", "", ""],              # 17 extension
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "", "", "", "维持", "", ""],              # 18 open remedy
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "予以公开", "2019-03-20", "", "", "复议后起诉", ""],  # 19
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "予以公开", "2019-03-20", "", "", "", "维持"],  # 20
    ["", "", "自然人", "", "网上申请", "2019-03-05", "", "予以公开", "2019-03-20", "", "驳回了", "", ""],  # 21
    ["", "", "自然人", "", "网上申请", "2008-01-02", "", "", "", "", "", "", ""],                  # 22 too early
    ["", "", "自然人", "赵某", "网上申请", "2019-03-05", "驾驶证", "", "", "", "", "", ""],         # 23
    ["", "", "自然人", "赵某", "网上申请", "2019-03-05", "驾驶证", "", "", "", "", "", ""],         # 24 same case
]
EXPECTED = {
    3: "第 3 行：“申请人类型”应为自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之一，不能是“外国人”",
    4: "第 4 行：“申请渠道”应为网上申请、当面申请、挂号信、平信、传真、电子邮件或其他，不能是“飞鸽传书”",
    5: "第 5 行：“收到申请日期”不能为空",
    6: "第 6 行：“收到申请日期”2099-01-01 晚于今天",
    7: "第 7 行：“答复日期”2019-03-01 早于收到申请日期 2019-03-05",
    8: "第 8 行：“答复日期”不能为空：填写了办理结果时必须填写答复日期",
    9: "第 9 行：“办理结果”为空，但填写了答复日期",
    10: "第 10 行：“办理结果”“不予公开”可能是“不予公开：属于国家秘密”",
    11: "第 11 行：“办理结果”无法识别“已阅”",
    13: "第 13 行：“受理编号”“X-1”与第 12 行重复",
    14: "第 14 行：“受理编号”“350400-2026-0001”已被系统中的申请使用",
    15: "第 15 行：“公开主体”未找到公开主体“福州市公安局”",
    16: "第 16 行：“公开主体”“城关派出所”不是公开主体",
    17: "第 17 行：“是否延期”应为“是”“否”或延长的工作日数",
    18: "第 18 行：“复议结果”未办结的申请不能有复议或诉讼",
    19: "第 19 行：“诉讼类型”复议后起诉须同时填写复议结果",
    20: "第 20 行：“诉讼类型”为空，但填写了诉讼结果",
    21: "第 21 行：“复议结果”应为维持、纠正、其他或尚未审结，不能是“驳回了”",
    22: "第 22 行：“收到申请日期”2008-01-02 早于《政府信息公开条例》施行日期",
    24: "第 24 行：与第 23 行重复",
}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_bad_row_reported_with_its_number_and_nothing_written(office, online, fmt):
    online(date(2026, 11, 2))  # 350400-2026-0001
    data = xlsx(BAD) if fmt == "xlsx" else csv_bytes(BAD)
    before = (Application.objects.count(), AuditEvent.objects.count(), Sequence.objects.count())
    report = run(office, data, filename=f"bad.{fmt}")
    assert not report.ok
    messages = report.messages()
    for row, expected in EXPECTED.items():
        assert any(m.startswith(expected) for m in messages), (expected, [m for m in messages if f"第 {row} 行" in m])
    assert [e.row for e in report.errors] == sorted(e.row for e in report.errors)
    bad_rows = {e.row for e in report.errors}
    assert bad_rows == set(EXPECTED)  # rows 2, 12 and 23 are fine
    assert report.summary() == (f"共 {len(BAD)} 行数据，其中 {len(EXPECTED)} 行有错误（{len(report.errors)} 处），"
                                "未导入任何申请。请改正后重新导入。")
    assert (Application.objects.count(), AuditEvent.objects.count(), Sequence.objects.count()) == before


@pytest.mark.parametrize("field, row, label", [("reconsideration_authority", 3, "行政复议机关"),
                                               ("litigation_court", 4, "行政诉讼管辖法院")])
def test_remedies_are_not_given_a_made_up_authority(office, field, row, label):
    """行政复议法第二十条, 行政诉讼法第四十六条: an imported remedy went to the body's authority or court,
    as its settings name them; a body without the setting has the row refused, not a placeholder."""
    body = DisclosureBody.objects.get(unit__code="350400" if row == 3 else "350404")
    setattr(body, field, "")
    body.save()
    report = run(office, xlsx(GOOD))
    assert not report.ok and not Application.objects.exists()
    [message] = [m for m in report.messages() if m.startswith(f"第 {row} 行")]
    assert label in message and "公开主体设置" in message, message
    assert not Remedy.objects.filter(authority__in=["本级人民政府", "有管辖权的人民法院"]).exists()


def test_parse_returns_rows_and_errors_without_writing(office):
    rows, errors = ledger.parse("台账.xlsx", xlsx(GOOD), default_body=DisclosureBody.objects.get(unit__code="350400"))
    assert not errors and [r.number for r in rows] == [2, 3, 4, 5, 6, 7]
    assert rows[1].outcome == "secret" and rows[1].remedies[0]["kind"] == Remedy.Kind.RECONSIDERATION
    assert not Application.objects.exists()
    rows, errors = ledger.parse("x.xlsx", xlsx(GOOD[:1]))  # no default body, row has none
    assert not rows and str(errors[0]) == "第 2 行：“公开主体”不能为空（导入时未指定默认公开主体）"
    rows, errors = ledger.parse("x.csv", "申请人,备注\n张三,x\n".encode())
    assert str(errors[0]).startswith("缺少必填列：申请人类型、申请渠道、收到申请日期")


@pytest.mark.parametrize("data,message", [
    (b"", "文件为空"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "不支持旧版 Excel 97-2003"),
    (b"PK\x03\x04broken", "Excel 文件已损坏"),
    # ZIP bombs (#16, hole 2): 2 MB of zeros in 2 KB; a sheet of 20 MB whose directory says 1 000 bytes
    (with_zeros(xlsx([]), SHEET, 2 * MB), f"Excel 文件内部的“{SHEET}”压缩比异常"),
    (understated(with_zeros(xlsx([]), SHEET, 20 * MB, level=9), SHEET, 1000), f"Excel 文件内部的“{SHEET}”实际大小超过"),
    ("\ufeff受理编号,申请人类型,申请渠道,收到申请日期\n".encode(), "文件中只有表头"),
])
def test_unreadable_files(office, data, message):
    report = run(office, data)
    assert not report.ok and report.summary().startswith("文件无法导入：" + message)


@pytest.mark.parametrize("text,code", [
    ("secret", "secret"),
    ("不予公开：属于国家秘密", "secret"),
    ("不予公开-属于国家秘密", "secret"),
    ("（三）不予公开 1.属于国家秘密", "secret"),
    ("不予公开 1", "secret"),
    ("不予公开（国家秘密）", "secret"),
    ("行政执法案卷", "case_file"),
    ("不予公开－危及“三安全一稳定”", "security"),
    ("无法提供-本机关不掌握相关政府信息", "not_exist"),
    ("无法提供：不属于本机关负责公开（告知负责机关）", "not_ours"),
    ("非本机关", "not_ours"),
    ("无法提供-没有现成信息", "needs_processing"),
    ("其他处理-逾期不补正", "no_supplement"),
    ("其他处理 2", "no_fee"),
    ("其他处理-其他", "other"),
    ("申请人撤回申请", "other"),
    ("予以公开", "disclosed"),
    ("同意公开", "disclosed"),
    ("已主动公开", "published"),
    ("部分公开（区分处理）", "partial"),
    ("不予处理-重复申请", "repeat"),
    ("不予处理 5", "confirm"),
    ("ＮＯＴ＿ＥＸＩＳＴ", "not_exist"),
])
def test_outcome_matching(text, code):
    assert ledger_words.match_outcome(text) == code


def test_every_outcome_code_label_and_report_row_is_accepted():
    from gongkai.applications import outcomes
    for o in outcomes.OUTCOMES:
        assert ledger_words.match_outcome(o.code) == o.code
        assert ledger_words.match_outcome(o.label) == o.code
        assert outcomes.BY_CODE[ledger_words.match_outcome(o.report_label)].report_row == o.report_row
        for leaf in ledger_words.REPORT_LEAVES.get(o.report_row, ()):
            code = ledger_words.match_outcome(f"{outcomes.GROUP_LABELS[o.group]}-{leaf}")
            assert outcomes.BY_CODE[code].report_row == o.report_row


@pytest.mark.parametrize("text,message", [
    ("不予公开", "可能是"),
    ("无法提供", "可能是"),
    ("其他处理", "可能是"),
    ("予以公开：国家秘密", "前后矛盾"),
    ("已阅", "无法识别"),
])
def test_outcome_matching_refuses_the_unclear(text, message):
    with pytest.raises(ValueError, match=message):
        ledger_words.match_outcome(text)


def test_kept_number_in_system_form_moves_the_sequence(office, online):
    rows = [["350400-2026-0005", "", "自然人", "", "当面申请", date(2026, 1, 5), "", "予以公开", date(2026, 1, 9),
             "", "", "", ""]]
    assert run(office, xlsx(rows)).ok
    app, _ = online(date(2026, 11, 2))
    assert app.tracking_number == "350400-2026-0006"


def test_same_file_twice_and_same_case_again_are_refused(office):
    data = xlsx(GOOD)  # one file: openpyxl stamps each new workbook with the time it was written
    assert run(office, data).ok
    again = run(office, data)
    assert not again.ok and "已于" in again.summary() and "导入过" in again.summary()
    # The same rows in another file: the named cases are found as already imported.
    report = run(office, csv_bytes(GOOD[2:3]), filename="again.csv")
    assert [str(e) for e in report.errors] == [
        "第 2 行：与已导入的申请 350404-2019-L0001 相同（公开主体、申请人、收到申请日期和申请内容均相同），不能重复导入"]


def test_permission_and_scope(staff, city_body, make_user):
    with pytest.raises(PermissionDenied):
        run(staff["handler"], xlsx(GOOD))
    leader = make_user("leader", "sanyuan", username="leader_sy")
    with pytest.raises(PermissionDenied):
        run(leader, xlsx(GOOD))  # the default body is the city's
    sanyuan = DisclosureBody.objects.get(unit__code="350404")
    report = run(leader, xlsx([GOOD[0][:1] + ["350400"] + GOOD[0][2:], GOOD[2]]), default_body=sanyuan)
    assert [str(e) for e in report.errors] == ["第 2 行：“公开主体”“三明市公安局”不在您的管理范围内"]
    assert not Application.objects.exists()


def test_command(office, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("import_applications", str(path), "--body", "350400", "--actor", "office_head", "--dry-run",
                 stdout=out)
    assert "检查通过" in out.getvalue() and not Application.objects.exists()
    call_command("import_applications", str(path), "--body", "三明市公安局", "--actor", "office_head", stdout=out)
    assert "已导入 6 件申请" in out.getvalue() and Application.objects.count() == 6
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(BAD))
    out = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何申请"):
        call_command("import_applications", str(bad), "--body", "350400", "--actor", "office_head", stdout=out)
    assert "第 3 行：“申请人类型”" in out.getvalue()
    with pytest.raises(CommandError, match="不是公开主体"):
        call_command("import_applications", str(path), "--body", "35040401", "--actor", "office_head")


def test_imported_case_open_in_the_queue_for_the_office(office):
    run(office, xlsx(GOOD))
    queue = selectors.queue(office)
    assert {a.name for a in queue} == {"林某", "三明市爱心志愿者协会"}
