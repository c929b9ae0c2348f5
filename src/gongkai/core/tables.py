"""One reader for every spreadsheet import (the catalog, the ledger of applications, the weekly
bulletins): an upload, its bytes and its name, read as an Excel workbook (.xlsx, first sheet) or a
CSV file (UTF-8 with or without BOM, GB18030, or UTF-16 as Excel's "Unicode 文本"), its header row
found and mapped through the importer's column names, its data rows numbered as a spreadsheet
program shows them. What is wrong with a file is said in Chinese, in the same words for every
importer: a web page saved as ".xls", the old binary .xls, other kinds of file, a damaged or
bomb-shaped workbook, the limits, missing, repeated and unknown columns.

`ImportReport` is what every import shows (pages and commands); `RowError` is one problem of one
row, `Row` collects them while a row is checked. Pure: no Django (openpyxl is imported to read a
workbook only)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .cells import CellError, cell_text, norm
from .files import kinds

# Lines above the header that may be skipped (a title such as "2018年政府信息公开申请台账").
MAX_ROWS_BEFORE_HEADER = 5
ONLY = "只能导入 Excel 工作簿（.xlsx）或 CSV 文件"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()


class TableError(ValueError):
    """The file as a whole cannot be read; the message is for people (Chinese). `hint` says what
    the file should look like, shown beside the message."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class SourceRow:
    number: int  # the row number a spreadsheet program shows (the header is usually row 1)
    values: dict[str, object]  # raw cell values by column code


@dataclass
class Table:
    format: str  # "XLSX", "CSV（UTF-8）" …
    header_row: int
    columns: dict[str, int]  # column code -> index, the columns the file has
    rows: list[SourceRow]
    warnings: list[str]


# --------------------------------------------------------------------------- what kind of file


_OTHER_KINDS = {"pdf": "PDF 文件", "docx": "Word 文档（DOCX）", "png": "图片", "jpeg": "图片", "gif": "图片",
                "webp": "图片"}
_EXCEL_NAMES = ("xlsx", "xlsm", "xls")
_TEXT_NAMES = ("csv", "tsv", "txt", "")
_MARKUP = (b"<!doctype", b"<html", b"<?xml", b"<table", b"<head", b"<meta", b"<style")


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_markup(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP)


def file_kind(filename: str, data: bytes) -> str:
    """"xlsx" or "csv", decided by the content; the name only sharpens the message."""
    kind = kinds.sniff(data)
    if kind == "xlsx":
        return "xlsx"
    if kind in _OTHER_KINDS:
        raise TableError(f"文件内容是{_OTHER_KINDS[kind]}，不是表格。{ONLY}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("不支持旧版 Excel 97-2003（.xls）格式：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入")
    if data.startswith(b"PK\x03\x04"):
        raise TableError(f"Excel 文件已损坏，或不是 Excel 工作簿（是压缩包或其他 Office 文档）。{ONLY}")
    if _is_markup(data):
        raise TableError("文件内容是网页（HTML/XML），不是 Excel 工作簿或 CSV。旧网站和一些系统导出的“.xls”其实是网页，"
                         "请用 Excel 打开后“另存为” .xlsx 再导入")
    ext = _extension(filename)
    if ext not in _EXCEL_NAMES + _TEXT_NAMES:
        raise TableError(f"不支持 .{ext} 文件：{ONLY}")
    return "csv"


def _not_a_workbook(ext: str) -> TableError:
    return TableError(f"文件扩展名为 .{ext}，但内容不是 Excel 工作簿（文件类型按内容识别）。请用 Excel 另存为 .xlsx 后再导入")


# --------------------------------------------------------------------------- raw rows


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
            try:
                return data.decode(encoding), label
            except UnicodeDecodeError:
                pass
    raise TableError("无法识别文件的文字编码：CSV 文件应为 UTF-8、GBK/GB18030 或 UTF-16 编码"
                     "（Excel 的“CSV（逗号分隔）”“CSV UTF-8”“Unicode 文本”均可）")


def _csv_rows(data: bytes, max_rows: int) -> tuple[str, list[tuple[int, list]]]:
    text, encoding = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Excel's "Unicode 文本" is tab-separated.
    delimiter = "\t" if "\t" in first_line and "," not in first_line and "，" not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return f"CSV（{encoding}）", _filled(enumerate(reader, start=1), max_rows)
    except csv.Error as exc:
        raise TableError(f"CSV 格式错误（第 {reader.line_num} 行附近）：{exc}") from None


def _xlsx_rows(data: bytes, max_rows: int) -> tuple[str, list[tuple[int, list]]]:
    import openpyxl

    damaged = TableError("Excel 文件已损坏或格式不正确，无法读取")
    try:
        kinds.check_zip(data, "Excel")  # an XLSX is a zip: no bomb reaches openpyxl
    except kinds.ExtractError as exc:
        raise TableError(str(exc)) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise damaged from None
    try:
        if not wb.worksheets:
            raise TableError("Excel 文件中没有工作表")
        return "XLSX", _filled(enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1), max_rows)
    except TableError:
        raise
    except Exception:  # read lazily: a sheet holding more than the archive declares fails here
        raise damaged from None
    finally:
        wb.close()


def _blank(values) -> bool:
    return all(cell_text(v) == "" for v in values)


def _filled(records, max_rows: int) -> list[tuple[int, list]]:
    """The non-blank rows with their numbers; stops a huge sheet early."""
    rows = []
    for number, values in records:
        if not _blank(values):
            rows.append((number, list(values)))
            if len(rows) > max_rows + MAX_ROWS_BEFORE_HEADER + 1:
                raise TableError(f"数据超过 {max_rows} 行，请分成几个文件导入")
    return rows


# --------------------------------------------------------------------------- the header


def column_letter(index: int) -> str:
    """A, B, …, Z, AA … for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_key(value) -> str:
    """A header as it is looked up: "信息名称（必填）", "*信息名称" and "信息名称" are one."""
    return norm(re.sub(r"[（(]\s*(必填|选填|可选)\s*[)）]\s*$", "", cell_text(value)))


def header_lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    return {header_key(name): c.code for c in columns for name in (c.label, c.code, *c.aliases)}


def _map_header(values: list, columns: tuple[Column, ...],
                lookup: dict[str, str]) -> tuple[dict[str, int], list[str], list[str]]:
    """(code -> column index, unknown headers, headers given twice) for one row read as the header."""
    labels = {c.code: c.label for c in columns}
    mapping: dict[str, int] = {}
    unknown, twice = [], []
    for index, value in enumerate(values):
        key = header_key(value)
        if not key:
            continue
        code = lookup.get(key)
        if code is None:
            unknown.append(f"“{cell_text(value)}”（第 {column_letter(index)} 列）")
        elif code in mapping:
            twice.append(f"“{labels[code]}”列出现了两次（第 {column_letter(mapping[code])} 列和第 "
                         f"{column_letter(index)} 列）")
        else:
            mapping[code] = index
    return mapping, unknown, twice


def _find_header(rows: list[tuple[int, list]], columns, lookup) -> int:
    # The header is the first row naming known columns; a title line or two above it is skipped.
    for i, (_, values) in enumerate(rows[:MAX_ROWS_BEFORE_HEADER + 1]):
        if len(_map_header(values, columns, lookup)[0]) >= 2:
            return i
    return 0


# --------------------------------------------------------------------------- reading


def read_table(filename: str, data: bytes, *, columns: tuple[Column, ...], max_bytes: int,
               max_rows: int) -> Table:
    """The file's data rows by column code, numbered as a spreadsheet program shows them; blank
    rows are skipped. Raises TableError."""
    if not data:
        raise TableError("文件为空")
    if len(data) > max_bytes:
        raise TableError(f"文件过大：不能超过 {max_bytes // (1024 * 1024)} MB，请分成几个文件导入")
    kind = file_kind(filename, data)
    fmt, rows = _xlsx_rows(data, max_rows) if kind == "xlsx" else _csv_rows(data, max_rows)
    if not rows:
        raise TableError("文件为空：没有表头，也没有数据")
    lookup = header_lookup(columns)
    header_at = _find_header(rows, columns, lookup)
    header_row, header = rows[header_at]
    mapping, unknown, twice = _map_header(header, columns, lookup)
    ext = _extension(filename)
    if kind == "csv" and ext in _EXCEL_NAMES and len(mapping) < 2:
        # Text named .xls is read when it is a table of ours (systems export CSV under that name).
        raise _not_a_workbook(ext)
    if twice:
        raise TableError("；".join(twice))
    missing = [c.label for c in columns if c.required and c.code not in mapping]
    if missing:
        raise TableError(f"缺少必填列：{'、'.join(missing)}",
                         hint=f"第 {header_row} 行应为表头，可用的列名：{'、'.join(c.label for c in columns)}"
                              f"（也可用英文代码，如 {columns[0].code}）。请下载导入模板对照")
    warnings = []
    if header_at:
        warnings.append(f"表头在第 {header_row} 行，前面的 {header_at} 行已跳过")
    if unknown:
        warnings.append(f"未识别的列已忽略：{'、'.join(unknown)}")
    data_rows = [SourceRow(n, {code: values[i] if i < len(values) else None for code, i in mapping.items()})
                 for n, values in rows[header_at + 1:]]
    if not data_rows:
        raise TableError("文件中只有表头，没有数据行")
    if len(data_rows) > max_rows:
        raise TableError(f"数据超过 {max_rows} 行，请分成几个文件导入")
    return Table(format=fmt, header_row=header_row, columns=mapping, rows=data_rows, warnings=warnings)


# --------------------------------------------------------------------------- errors and the report


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's Chinese label, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"第 {self.row} 行“{self.column}”：{self.message}"
        return f"第 {self.row} 行：{self.message}"


class Row:
    """One data row while it is checked: its raw values, their text, the problems found."""

    def __init__(self, source: SourceRow, columns: tuple[Column, ...], error: type[RowError] = RowError):
        self.number = source.number
        self.values = source.values
        self.labels = {c.code: c.label for c in columns}
        self.text = {c.code: cell_text(source.values.get(c.code)) for c in columns}
        self.errors: list[RowError] = []
        self._error = error

    def error(self, code: str, message: str) -> None:
        self.errors.append(self._error(self.number, self.labels.get(code, ""), message))

    def clean(self, code: str, cleaner: Callable, *args, **kwargs):
        """`cleaner(raw value, …)`, or None with the CellError it raised recorded for `code`."""
        try:
            return cleaner(self.values.get(code), *args, **kwargs)
        except CellError as exc:
            self.error(code, str(exc))
            return None


@dataclass
class ImportReport:
    """What an import shows: the file, every problem, what was checked and what was written.

    `thing` names what a row becomes, with its measure word ("条", "信息"); an importer with
    figures of its own subclasses it and says them in `details`."""

    filename: str = ""
    sha256: str = ""
    size: int = 0
    format: str = ""
    dry_run: bool = False
    total_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: list = field(default_factory=list, repr=False)  # the rows that passed, to be written
    imported: list = field(default_factory=list)  # what was written (ids, numbers), in file order
    measure: str = "行"
    thing: str = "数据"

    @classmethod
    def of(cls, filename: str, data: bytes, **kwargs) -> ImportReport:
        return cls(filename=filename, sha256=hashlib.sha256(data).hexdigest(), size=len(data), **kwargs)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: e.row)

    def messages(self) -> list[str]:
        return list(self.file_errors) + [str(e) for e in self.sorted_errors()]

    def read(self, data: bytes, *, columns: tuple[Column, ...], max_bytes: int, max_rows: int) -> Table | None:
        """The upload read into this report (format, warnings, rows), or None with the file's error."""
        try:
            table = read_table(self.filename, data, columns=columns, max_bytes=max_bytes, max_rows=max_rows)
        except TableError as exc:
            self.file_error(str(exc))
            if exc.hint:
                self.warnings.append(exc.hint)
            return None
        self.format, self.total_rows = table.format, len(table.rows)
        self.warnings.extend(table.warnings)
        return table

    def file_error(self, message: str) -> None:
        """The file refused as a whole: nothing of it is written."""
        self.file_errors.append(message)
        self.rows, self.imported = [], []

    def details(self, *, written: bool) -> str:
        return ""

    def summary(self) -> str:
        if self.file_errors:
            return "文件无法导入：" + "；".join(self.file_errors)
        if self.errors:
            return (f"共 {self.total_rows} 行数据，其中 {len(self.bad_rows)} 行有错误（{len(self.errors)} 处），"
                    f"未导入任何{self.thing}。请改正后重新导入。")
        details = self.details(written=not self.dry_run)
        details = f"（{details}）" if details else ""
        if self.dry_run:
            return f"检查通过：共 {self.total_rows} 行数据均无错误{details}。仅检查，未导入。"
        return f"已导入 {len(self.imported)} {self.measure}{self.thing}{details}。"
