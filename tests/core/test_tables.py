"""The one table reader of every import (core/tables.py): encodings, workbooks, the files that are
not tables, the limits, the header and the numbering of rows; and the three importers saying the
same thing about the same file."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from gongkai.core import tables
from gongkai.core.cells import CellError, parse_date
from gongkai.core.tables import Column, ImportReport, RowError, TableError, read_table

COLUMNS = (
    Column("name", "名称", True, aliases=("标题",)),
    Column("day", "日期", True),
    Column("note", "备注"),
)
HEADER = ["名称", "日期", "备注"]
ROWS = [["甲", "2026-01-05", "一"], ["乙", "2026/1/6", ""]]


def read(data: bytes, filename: str = "t.csv", max_bytes: int = 1024 * 1024, max_rows: int = 100):
    return read_table(filename, data, columns=COLUMNS, max_bytes=max_bytes, max_rows=max_rows)


def refused(data: bytes, filename: str = "t.csv", **limits) -> str:
    with pytest.raises(TableError) as exc:
        read(data, filename, **limits)
    return str(exc.value)


def csv_text(rows, header=HEADER, sep=",") -> str:
    return "\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n"


def workbook(rows, header=HEADER, title=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Encodings and workbooks ----------------------------------------------------------------

@pytest.mark.parametrize("encoding, sep, label", [
    ("utf-8", ",", "CSV（UTF-8）"),
    ("utf-8-sig", ",", "CSV（UTF-8）"),
    ("gb18030", ",", "CSV（GB18030）"),
    ("utf-16", "\t", "CSV（UTF-16）"),  # Excel's "Unicode 文本"
    ("utf-16", ",", "CSV（UTF-16）"),
])
def test_csv_in_each_encoding(encoding, sep, label):
    table = read(csv_text(ROWS, sep=sep).encode(encoding))
    assert table.format == label
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"name": "甲", "day": "2026-01-05", "note": "一"}), (3, {"name": "乙", "day": "2026/1/6", "note": ""})]


def test_xlsx_keeps_cell_values():
    table = read(workbook([["甲", date(2026, 1, 5), 3]]), "t.xlsx")
    assert table.format == "XLSX" and table.header_row == 1
    (row,) = table.rows
    assert row.number == 2 and row.values["day"] == datetime(2026, 1, 5) and row.values["note"] == 3


def test_undecodable_csv():
    assert "无法识别文件的文字编码" in refused(b"\x00\x01name,day\n")


def test_broken_csv_names_the_line():
    huge = "x" * 200_000  # over the csv module's field limit
    assert refused(f'名称,日期\n甲,2026-01-05\n"{huge}",1\n'.encode()).startswith("CSV 格式错误（第 3 行附近）")


# --- Files that are not tables ---------------------------------------------------------------

@pytest.mark.parametrize("data, filename, message", [
    (b"", "t.csv", "文件为空"),
    ("<!DOCTYPE html><html><table><tr><td>名称</td></tr></table></html>".encode(), "目录.xls", "文件内容是网页"),
    ("<html><table></table></html>".encode("utf-16"), "目录.xls", "文件内容是网页"),
    (b'<?xml version="1.0"?><Workbook/>', "目录.xls", "文件内容是网页"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "t.xls", "不支持旧版 Excel 97-2003（.xls）格式"),
    (b"PK\x03\x04broken", "t.xlsx", "Excel 文件已损坏，或不是 Excel 工作簿"),
    (b"%PDF-1.4\n", "t.pdf", "文件内容是PDF 文件，不是表格。只能导入 Excel 工作簿（.xlsx）或 CSV 文件"),
    (b"plain words", "t.xlsx", "文件扩展名为 .xlsx，但内容不是 Excel 工作簿"),
    ("名称,日期\n".encode(), "t.docx", "不支持 .docx 文件"),
    (b"\r\n,,\r\n", "t.csv", "文件为空：没有表头，也没有数据"),
    ("名称,日期\n,\n".encode(), "t.csv", "文件中只有表头，没有数据行"),
])
def test_files_that_are_not_tables(data, filename, message):
    assert refused(data, filename).startswith(message)


def test_html_saved_as_xls_explains_what_to_do():
    message = refused(b"<html><body><table></table></body></html>", "旧网站目录.xls")
    assert "“.xls”其实是网页" in message and "另存为" in message


def test_a_csv_named_xls_is_read_when_it_is_a_table():
    # Some systems export their "Excel" as tab-separated text under an .xls name.
    table = read(csv_text(ROWS, sep="\t").encode("gb18030"), "导出.xls")
    assert table.format == "CSV（GB18030）" and len(table.rows) == 2


# --- Limits ------------------------------------------------------------------------------------

def test_limits():
    data = csv_text(ROWS).encode()
    assert refused(data, max_bytes=10).startswith("文件过大：不能超过 0 MB")
    assert refused(data, max_rows=1) == "数据超过 1 行，请分成几个文件导入"
    assert refused(workbook(ROWS), "t.xlsx", max_rows=1) == "数据超过 1 行，请分成几个文件导入"
    assert len(read(data, max_rows=2).rows) == 2


def test_a_huge_sheet_is_refused_while_it_is_read():
    rows = [["名", "2026-01-05", ""]] * 50
    assert refused(workbook(rows, title="标题"), "t.xlsx", max_rows=3) == "数据超过 3 行，请分成几个文件导入"


# --- The header ----------------------------------------------------------------------------

def test_missing_columns_are_named_and_the_header_explained():
    with pytest.raises(TableError) as exc:
        read(csv_text([["甲"]], header=["名称", "说明"]).encode())
    assert str(exc.value) == "缺少必填列：日期"
    assert exc.value.hint.startswith("第 1 行应为表头，可用的列名：名称、日期、备注（也可用英文代码，如 name）")


def test_unknown_columns_are_ignored_with_a_warning():
    table = read(csv_text([["甲", "2026-01-05", "x"]], header=["名称", "日期", "旧栏目"]).encode())
    assert table.warnings == ["未识别的列已忽略：“旧栏目”（第 C 列）"]
    assert table.rows[0].values == {"name": "甲", "day": "2026-01-05"}


def test_a_column_given_twice_is_refused():
    assert refused(csv_text([["甲", "乙", "2026-01-05"]], header=["名称", "标题", "日期"]).encode()) == (
        "“名称”列出现了两次（第 A 列和第 B 列）")


def test_header_names_aliases_codes_marks_and_order():
    header = ["*日期（必填）", "ＮＡＭＥ", "备 注"]
    table = read(csv_text([["2026-01-05", "甲", "一"]], header=header).encode())
    assert table.columns == {"day": 0, "name": 1, "note": 2}
    assert read(csv_text([["甲", "2026-01-05"]], header=["标题", "日期"]).encode()).rows[0].values["name"] == "甲"


# --- Row numbers ----------------------------------------------------------------------------

def test_rows_numbered_as_the_spreadsheet_shows_them():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年台账"])
    ws.append([])
    ws.append(HEADER)
    ws.append(["甲", "2026-01-05", None])
    ws.append([None, None, None])  # a blank row is skipped, the numbers stay the sheet's
    ws.append(["乙", "2026-01-06", None])
    out = io.BytesIO()
    wb.save(out)
    table = read(out.getvalue(), "t.xlsx")
    assert table.header_row == 3 and [r.number for r in table.rows] == [4, 6]
    assert table.warnings == ["表头在第 3 行，前面的 1 行已跳过"]


def test_a_cell_with_line_breaks_is_one_row():
    table = read('名称,日期\n"甲\n乙",2026-01-05\n丙,2026-01-06\n'.encode())
    assert [r.number for r in table.rows] == [2, 3] and table.rows[0].values["name"] == "甲\n乙"


# --- Row errors and the report ------------------------------------------------------------

def test_row_collects_cell_errors_by_column():
    (source,) = read(csv_text([["", "明年", ""]]).encode()).rows
    row = tables.Row(source, COLUMNS)
    assert row.clean("day", parse_date) is None
    if not row.text["name"]:
        row.error("name", "不能为空")
    row.error("", "与第 2 行重复")
    assert [str(e) for e in row.errors] == [
        "第 2 行“日期”：无法识别的日期“明年”，请写成 2016-03-05、2016/3/5 或 2016年3月5日",
        "第 2 行“名称”：不能为空", "第 2 行：与第 2 行重复"]
    with pytest.raises(CellError):
        parse_date("明年")


def test_report_reads_a_file_and_says_what_happened():
    data = csv_text(ROWS).encode()
    report = ImportReport.of("t.csv", data, measure="条", thing="记录")
    table = report.read(data, columns=COLUMNS, max_bytes=1000, max_rows=10)
    assert table is not None and report.format == "CSV（UTF-8）" and report.total_rows == 2 and report.size == len(data)
    report.dry_run = True
    assert report.summary() == "检查通过：共 2 行数据均无错误。仅检查，未导入。"
    report.dry_run, report.imported = False, [1, 2]
    assert report.summary() == "已导入 2 条记录。"
    report.errors = [RowError(3, "日期", "不存在"), RowError(2, "", "重复")]
    assert report.messages() == ["第 2 行：重复", "第 3 行“日期”：不存在"]
    assert report.summary() == "共 2 行数据，其中 2 行有错误（2 处），未导入任何记录。请改正后重新导入。"

    refused_report = ImportReport.of("t.csv", b"x", thing="记录")
    assert refused_report.read(b"title\n", columns=COLUMNS, max_bytes=1000, max_rows=10) is None
    assert refused_report.summary() == "文件无法导入：缺少必填列：名称、日期"
    assert refused_report.warnings[0].startswith("第 1 行应为表头")

# --- The three importers say the same -------------------------------------------------------

@pytest.fixture
def importers(make_user):
    """Each importer as run(data, filename) → its report, by one person allowed all three."""
    from gongkai.applications import ledger
    from gongkai.bulletins import services as bulletins
    from gongkai.core.models import DisclosureBody
    from gongkai.publications import importer

    office = make_user("office", "office", username="office_all")
    body = DisclosureBody.objects.get(unit__code="350400")
    return {
        "catalog": lambda data, name: importer.import_catalog(actor=office, filename=name, data=data, dry_run=True),
        "ledger": lambda data, name: ledger.import_ledger(actor=office, filename=name, data=data, default_body=body,
                                                          dry_run=True),
        "bulletins": lambda data, name: bulletins.import_bulletins(actor=office, filename=name, data=data),
    }


@pytest.mark.parametrize("data, filename", [
    (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "导出.xls"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "导出.xls"),
    (b"", "t.csv"),
    (b"%PDF-1.4\n", "t.pdf"),
    (b"PK\x03\x04broken", "t.xlsx"),
])
def test_same_defect_same_message(importers, data, filename):
    messages = {name: run(data, filename).messages() for name, run in importers.items()}
    assert len({tuple(m) for m in messages.values()}) == 1, messages
    assert messages["catalog"] == [refused(data, filename)]


def test_utf16_csv_is_read_by_all_three(importers):
    files = {
        "catalog": ["信息名称", "生成日期", "发布日期", "主题分类", "发布机构"],
        "ledger": ["申请人类型", "申请渠道", "收到申请日期"],
        "bulletins": ["公开主体", "年份", "周次", "刑事警情", "治安警情", "交通警情", "火灾警情"],
    }
    values = {
        "catalog": ["旧目录里的一条", "2016-01-20", "2016-01-25", "0801", "三明市公安局"],
        "ledger": ["自然人", "网上申请", "2019-03-05"],
        "bulletins": ["三明市公安局", "2026", "1", "1", "2", "3", "0"],
    }
    for name, run in importers.items():
        text = "\t".join(files[name]) + "\r\n" + "\t".join(values[name]) + "\r\n"
        report = run(text.encode("utf-16"), "导出.txt")
        assert report.ok and report.format == "CSV（UTF-16）" and report.total_rows == 1, (name, report.messages())
