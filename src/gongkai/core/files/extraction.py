"""The text inside a file and what it hides, whatever its kind. Pure: no Django.

- `extract_text` returns everything a reader of the file could get at, not only what is shown:
  deleted revisions, comments, headers and footers of DOCX; every sheet of an XLSX including
  hidden ones, hidden rows/columns and cell comments. The scanner runs over this text, so a
  personal ID number kept in a hidden sheet is found like any other.
- `hidden_content` lists, in Chinese, what a publisher may not know the file carries (hidden
  sheets, comments, tracked changes, PDF metadata, attachments, scripts…). Published spreadsheets
  with hidden sheets have leaked personal data elsewhere; this is the check against that.
- `strip_metadata` removes who wrote a file, on which machine, for which company.

The work per kind is in `office.py` (DOCX, XLSX) and `pdf.py`; `kinds.py` names the kinds.
"""

from .kinds import IMAGE_KINDS, ExtractError, decode_text
from .office import docx_hidden, docx_text, strip_office, xlsx_hidden, xlsx_text
from .pdf import pdf_hidden, pdf_text, strip_pdf


def extract_text(data: bytes, kind: str) -> str:
    """The text of a file of type `kind` (as `sniff` names it). Images have no text: ""."""
    if kind in IMAGE_KINDS:
        return ""
    if kind == "txt":
        text = decode_text(data)
        if text is None:
            raise ExtractError("文本文件编码无法识别（应为 UTF-8 或 GB18030）")
        return text
    if kind == "pdf":
        return pdf_text(data)
    if kind == "docx":
        return docx_text(data)
    if kind == "xlsx":
        return xlsx_text(data)
    raise ExtractError(f"不支持的文件类型：{kind}")


def hidden_content(data: bytes, kind: str) -> list[str]:
    """What the file carries beyond its visible text, described in Chinese; [] when nothing."""
    if kind == "pdf":
        return pdf_hidden(data)
    if kind == "docx":
        return docx_hidden(data)
    if kind == "xlsx":
        return xlsx_hidden(data)
    if kind == "txt" or kind in IMAGE_KINDS:
        return []
    raise ExtractError(f"不支持的文件类型：{kind}")


# --- Metadata removal --------------------------------------------------------------------------
# Who wrote a file, on which machine, for which company: published files leaked this elsewhere
# (privacy-lessons.md). Attachments are stored without it; the reviewer still sees the hidden
# content that cannot be removed mechanically (hidden sheets, comments, tracked changes).


def strip_metadata(data: bytes, kind: str) -> bytes:
    if kind == "pdf":
        return strip_pdf(data)
    if kind in ("docx", "xlsx"):
        return strip_office(data, kind.upper())
    return data
