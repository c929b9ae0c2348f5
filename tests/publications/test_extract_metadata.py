"""Attachments are stored without their authors' names (privacy-lessons.md: PDF and Office
metadata leaked who wrote a document)."""

from io import BytesIO

from docx import Document
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader, PdfWriter

from gongkai.core.files import extraction


def test_pdf_metadata_removed():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": "张三", "/Title": "内部草稿"})
    out = BytesIO()
    writer.write(out)
    assert "作者" in "".join(extraction.hidden_content(out.getvalue(), "pdf"))
    cleaned = extraction.strip_metadata(out.getvalue(), "pdf")
    assert extraction.hidden_content(cleaned, "pdf") == []
    assert len(PdfReader(BytesIO(cleaned)).pages) == 1


def test_docx_author_removed_text_kept():
    doc = Document()
    doc.add_paragraph("关于调整办公时间的通知")
    doc.core_properties.author = "李四"
    doc.core_properties.last_modified_by = "王五"
    out = BytesIO()
    doc.save(out)
    cleaned = extraction.strip_metadata(out.getvalue(), "docx")
    props = Document(BytesIO(cleaned)).core_properties
    assert props.author == "" and props.last_modified_by == ""
    assert "关于调整办公时间的通知" in extraction.extract_text(cleaned, "docx")


def test_xlsx_creator_removed_hidden_sheet_still_reported():
    book = Workbook()
    book.properties.creator = "赵六"
    hidden = book.create_sheet("明细")
    hidden.sheet_state = "hidden"
    out = BytesIO()
    book.save(out)
    cleaned = extraction.strip_metadata(out.getvalue(), "xlsx")
    assert load_workbook(BytesIO(cleaned)).properties.creator in (None, "")
    assert any("明细" in h for h in extraction.hidden_content(cleaned, "xlsx"))
