"""XLSX import: every row checked first, errors named by row in Chinese, all or nothing."""

import io

import openpyxl
import pytest

from gongkai.bulletins import imports, services
from gongkai.bulletins.models import Bulletin
from gongkai.core.models import AuditEvent
from tests.bombs import MB, understated, with_zeros

from .conftest import id_number

HEADER = ["公开主体", "年份", "周次", "刑事警情", "治安警情", "交通警情", "火灾警情", "对比说明", "典型警情", "防范提示"]


def workbook(*rows, header=HEADER, title=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(body="三明市公安局三元分局", year=2026, week=47, counts=(12, 35, 28, 1), cases="破获盗窃案一起。"):
    return [body, year, week, *counts, "", cases, "锁好车"]


SHEET = "xl/worksheets/sheet1.xml"


def run(people, data, actor="clerk_sy"):
    return services.import_bulletins(actor=people[actor], filename="通报.xlsx", data=data)


def test_good_file_becomes_drafts(people, bodies):
    data = workbook(row(week=45), row(week=46), row("350404", week=47), title="2026年三元分局警情通报汇总")
    report = run(people, data)
    assert report.ok, report.messages()
    assert len(report.imported) == 3 and "已导入 3 份" in report.summary()
    assert list(Bulletin.objects.order_by("week").values_list("week", "status", "traffic")) == [
        (45, "draft", 28), (46, "draft", 28), (47, "draft", 28)]
    assert AuditEvent.objects.filter(action="bulletin.import").count() == 1
    assert AuditEvent.objects.filter(action="bulletin.create").count() == 3


def test_every_bad_row_is_named_and_nothing_is_written(people, make_bulletin):
    make_bulletin(week=40)
    planted = id_number("35040319900307123")
    data = workbook(
        row(week=41),                                    # row 2: good
        row(week=40),                                    # row 3: already entered
        row(body="不存在的分局", week=42),                 # row 4: unknown body
        row(week=43, counts=(-1, 3, "两起", 0)),          # row 5: bad counts
        row(week=53, year=2025),                         # row 6: no such week
        row(week=41),                                    # row 7: duplicate of row 2
        row(week=44, cases=f"当事人身份证号 {planted}"),    # row 8: personal data
        row(body="三明市公安局", week=44),                  # row 9: not the clerk's body
        row(week=50),                                    # row 10: not begun
    )
    report = run(people, data)
    assert not report.ok and report.imported == []
    text = "\n".join(report.messages())
    assert text.startswith("第 3 行：三明市公安局三元分局2026年第40周的警情通报已存在（草稿）")
    for expected in ["第 4 行：“公开主体”中的“不存在的分局”不是已设立的公开主体",
                     "第 5 行：刑事警情不能为负数", "第 5 行：交通警情应为整数",
                     "第 6 行：2025 年没有第 53 周", "第 7 行：与第 2 行重复",
                     f"第 8 行：含有个人信息，不能公开：“典型警情”中的身份证号码 {planted}",
                     "第 9 行：您无权填报“三明市公安局”的警情通报", "第 10 行：2026 年第 50 周"]:
        assert expected in text, expected
    assert not any(e.startswith("第 2 行") for e in report.messages())
    assert Bulletin.objects.count() == 1  # only the one entered before
    assert not AuditEvent.objects.filter(action="bulletin.import").exists()
    assert "未导入任何通报" in report.summary()


@pytest.mark.parametrize("data, message", [
    (b"", "文件为空"),
    (b"%PDF-1.4 not a table", "只能导入 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不支持旧版 Excel 97-2003"),
    (b"PK\x03\x04broken", "只能导入 Excel 工作簿"),
    # ZIP bombs (#16, hole 2): 2 MB of zeros in 2 KB; a sheet of 20 MB whose directory says 1 000 bytes
    (with_zeros(workbook(row()), SHEET, 2 * MB), "可能是恶意构造的压缩文件"),
    (understated(with_zeros(workbook(row()), SHEET, 20 * MB, level=9), SHEET, 1000), "可能是恶意构造的压缩文件"),
])
def test_unreadable_files(people, data, message):
    report = run(people, data)
    assert not report.ok and message in report.messages()[0]


def test_missing_columns_and_empty_sheet(people):
    report = run(people, workbook(row(), header=["公开主体", "年份", "周次", "刑事", "治安"]))
    assert report.messages() == ["缺少必填列：交通警情、火灾警情"]
    assert run(people, workbook()).messages() == ["文件中只有表头，没有数据行"]


def test_short_headers_are_accepted(people):
    header = ["主体", "年份", "周", "刑事", "治安", "交通", "火灾"]
    report = run(people, workbook(row()[:7], header=header))
    assert report.ok, report.messages()


def test_template_round_trips(people):
    """The downloadable template, filled as shipped, imports."""
    report = run(people, imports.template_workbook())
    assert report.ok, report.messages()
    assert Bulletin.objects.get().notable_cases.startswith("11月16日")


def test_workbench_import_page(client, people):
    client.force_login(people["clerk_sy"])
    assert client.get("/workbench/bulletins/import/").status_code == 200
    template = client.get("/workbench/bulletins/import/template.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    upload = io.BytesIO(workbook(row(week=46), row(week=46)))
    upload.name = "通报.xlsx"
    page = client.post("/workbench/bulletins/import/", {"file": upload}).content.decode()
    assert "第 3 行：与第 2 行重复" in page and "未导入任何通报" in page
    assert not Bulletin.objects.exists()


def test_workbench_import_page_refuses_a_file_over_the_limit(client, people, monkeypatch):
    """The import's own limit, said on the form (the same helper serves the catalog and ledger pages)."""
    monkeypatch.setattr(imports, "MAX_BYTES", 1024)
    client.force_login(people["clerk_sy"])
    upload = io.BytesIO(workbook(row(week=46)))
    upload.name = "通报.xlsx"
    page = client.post("/workbench/bulletins/import/", {"file": upload}).content.decode()
    assert "文件过大：不能超过 0 MB" in page and not Bulletin.objects.exists()
