"""Text that staff and citizens type, made safe for what it goes into: documents (Word and XML
refuse control characters; Word's manual line break pastes as a vertical tab) and spreadsheets
(a cell starting with "=" would be stored as a live formula)."""

import re

from openpyxl import Workbook

_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


def clean_text(value) -> str:
    """Line breaks of every kind become "\\n"; other control characters are dropped; trimmed."""
    return _CONTROL.sub("", _BREAKS.sub("\n", str(value or ""))).strip()


def no_formulas(wb: Workbook) -> Workbook:
    """Every cell our exports write is data: text that looks like a formula (=, +, -, @ …) stays
    text, so a downloaded sheet never runs what someone typed into a label or a reason."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return wb
