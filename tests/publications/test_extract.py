"""File type by content, text extraction and hidden content (core/files/). Pure tests:
every file is generated here, in memory."""

import io
import zipfile

import docx
import pytest
import typst
from openpyxl import Workbook
from openpyxl.comments import Comment
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from gongkai.core.files.extraction import extract_text, hidden_content
from gongkai.core.files.kinds import ExtractError, sniff

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def make_pdf(body: str, preamble: str = "") -> bytes:
    source = f'#set text(font: "Noto Sans CJK SC", lang: "zh")\n{preamble}\n{body}\n'
    return typst.compile(source.encode())


def make_docx(body_xml: str, extra_parts: dict[str, str] | None = None) -> bytes:
    """A minimal hand-written DOCX: what python-docx cannot write (revisions, raw comments)."""
    extra_parts = extra_parts or {}
    overrides = f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>",
        )
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>')
        for name, xml in extra_parts.items():
            zf.writestr(name, xml)
    return buf.getvalue()


def para(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{r}</w:t></w:r>" for r in runs) + "</w:p>"


def python_docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- sniff


def test_sniff_office_pdf_and_images():
    assert sniff(make_pdf("你好")) == "pdf"
    assert sniff(python_docx_bytes(lambda d: d.add_paragraph("正文"))) == "docx"
    assert sniff(workbook_bytes(Workbook())) == "xlsx"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20) == "png"
    assert sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 20) == "jpeg"
    assert sniff(b"GIF89a" + b"\x00" * 20) == "gif"
    assert sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20) == "webp"


def test_sniff_text_utf8_gb18030_and_utf16():
    assert sniff("三明市公安局政府信息公开指南\n".encode()) == "txt"
    assert sniff("\ufeff带 BOM 的文本".encode()) == "txt"
    assert sniff("三明市公安局".encode("gb18030")) == "txt"
    assert sniff("记事本保存的文本".encode("utf-16")) == "txt"


def test_html_named_pdf_is_not_pdf():
    page = b"<!DOCTYPE html><html><head><title>404</title></head><body>not found</body></html>"
    assert sniff(page) != "pdf"
    assert sniff(page) == "txt"


def test_sniff_unknown_binary_and_plain_zip():
    assert sniff(b"\x00\x01\x02\x03binary\x00") is None
    assert sniff(bytes(range(256))) is None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not an office file")
    assert sniff(buf.getvalue()) is None
    assert sniff(b"PK\x03\x04 truncated zip") is None


def test_sniff_zip_with_document_xml_but_wrong_content_type():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"/>')
    assert sniff(buf.getvalue()) is None


# --------------------------------------------------------------------------- text


def test_pdf_text_with_chinese():
    data = make_pdf("当事人张三，身份证号 11010519491231002X。")
    text = extract_text(data, "pdf")
    assert "当事人张三" in text
    assert "11010519491231002X" in text


def test_docx_text_paragraphs_tables_headers_footers():
    def build(d):
        d.add_paragraph("关于公开道路交通事故处理情况的通知")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "姓名"
        table.cell(0, 1).text = "张三"
        table.cell(1, 0).text = "电话"
        table.cell(1, 1).text = "13800138000"
        section = d.sections[0]
        section.header.paragraphs[0].text = "秘密★1年"
        section.footer.paragraphs[0].text = "三明市公安局办公室印发"

    text = extract_text(python_docx_bytes(build), "docx")
    lines = text.split("\n")
    assert lines[0] == "关于公开道路交通事故处理情况的通知"
    assert "姓名\t张三" in lines
    assert "电话\t13800138000" in lines
    assert "秘密★1年" in lines
    assert "三明市公安局办公室印发" in lines
    # The body comes before headers and footers.
    assert lines.index("姓名\t张三") < lines.index("秘密★1年")


def test_docx_text_keeps_deleted_revisions_and_comments_once_per_textbox():
    body = (
        para("申请人：", "李四")
        + f'<w:p><w:del w:id="1" w:author="a" xmlns:w="{W_NS}"><w:r><w:delText>350402199001011234</w:delText>'
        "</w:r></w:del><w:r><w:tab/><w:t>已删</w:t></w:r></w:p>"
        # A text box is stored twice (DrawingML and VML fallback); it must come out once.
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="100"/></w:tabs></w:pPr><w:r><w:t>无制表位</w:t></w:r></w:p>'
    )
    comments = f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0">{para("批注：电话 13912345678")}</w:comment></w:comments>'
    text = extract_text(make_docx(body, {"word/comments.xml": comments}), "docx")
    assert "申请人：李四" in text
    assert "350402199001011234\t已删" in text
    assert text.count("文本框内容") == 1
    assert "\n无制表位" in text
    assert "批注：电话 13912345678" in text


def test_xlsx_text_all_sheets_including_hidden_numbers_as_integers():
    wb = Workbook()
    ws = wb.active
    ws.title = "公开目录"
    ws.append(["标题", "日期"])
    ws.append(["年度报告", "2026-01-15"])
    secret = wb.create_sheet("原始数据")
    secret.append(["张三", 13800138000, "35040219900101123X"])
    secret["A1"].comment = Comment("联系人李明", "经办人")
    secret.sheet_state = "hidden"
    text = extract_text(workbook_bytes(wb), "xlsx")
    assert "【公开目录】" in text
    assert "年度报告\t2026-01-15" in text
    assert "张三\t13800138000\t35040219900101123X" in text
    assert "13800138000.0" not in text
    assert "联系人李明" in text


def test_txt_text_utf8_and_gb18030_fallback():
    assert extract_text("联系人：王五".encode(), "txt") == "联系人：王五"
    assert extract_text("\ufeff联系人：王五".encode(), "txt") == "联系人：王五"
    assert extract_text("联系人：王五".encode("gb18030"), "txt") == "联系人：王五"


def test_images_have_no_text():
    assert extract_text(b"\x89PNG\r\n\x1a\n", "png") == ""
    assert hidden_content(b"\x89PNG\r\n\x1a\n", "png") == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "pdf"),
        (b"PK\x03\x04 not really a zip", "docx"),
        (b"PK\x03\x04 not really a zip", "xlsx"),
        (b"\x00\x01\x02", "txt"),
    ],
)
def test_damaged_files_raise_extract_error_in_chinese(data, kind):
    with pytest.raises(ExtractError) as excinfo:
        extract_text(data, kind)
    assert isinstance(excinfo.value, ValueError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(excinfo.value))


def test_truncated_pdf_is_damaged():
    data = make_pdf("当事人张三")
    with pytest.raises(ExtractError):
        extract_text(data[: len(data) // 3], "pdf")


def test_docx_with_broken_xml_or_dtd_is_damaged():
    with pytest.raises(ExtractError, match="损坏"):
        extract_text(make_docx("<w:p><w:r><w:t>未闭合"), "docx")
    bomb = make_docx(para("x"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bomb)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "word/document.xml":
                content = b'<!DOCTYPE d [<!ENTITY a "aaaa">]>' + content
            dst.writestr(item, content)
    with pytest.raises(ExtractError):
        extract_text(buf.getvalue(), "docx")


def test_unsupported_kind():
    with pytest.raises(ExtractError, match="不支持"):
        extract_text(b"", "doc")


# --------------------------------------------------------------------------- hidden content


def test_xlsx_hidden_sheets_rows_columns_and_comments():
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for i in range(1, 6):
        ws.append([f"行{i}", "x", "y"])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws["A1"].comment = Comment("原始数据见 Sheet2", "经办人")
    ws["B2"].comment = Comment("身份证号已删", "经办人")
    wb.create_sheet("Sheet2").sheet_state = "hidden"
    wb.create_sheet("Sheet3").sheet_state = "veryHidden"
    wb.properties.creator = "张三"
    found = hidden_content(workbook_bytes(wb), "xlsx")
    assert "隐藏工作表：Sheet2" in found
    assert "深度隐藏工作表：Sheet3" in found
    assert "隐藏行：Sheet1 第 3 行" in found
    assert "隐藏列：Sheet1 第 C 列" in found
    assert any(f.startswith("批注 2 条") for f in found)
    assert "文档属性：作者（张三）" in found


def test_plain_xlsx_hides_nothing():
    wb = Workbook()
    wb.active.append(["标题"])
    wb.properties.creator = ""
    assert hidden_content(workbook_bytes(wb), "xlsx") == []


def test_docx_revisions_comments_hidden_text():
    body = (
        para("正文")
        + '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>'
        '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的电话</w:t></w:r></w:p>'
    )
    comments = (f'<w:comments xmlns:w="{W_NS}">'
                + "".join(f'<w:comment w:id="{i}">{para("意见")}</w:comment>' for i in range(3))
                + "</w:comments>")
    found = hidden_content(make_docx(body, {"word/comments.xml": comments}), "docx")
    assert "修订痕迹（插入/删除）：插入 1 处，删除 1 处" in found
    assert "批注 3 条" in found
    assert "隐藏文字 1 处" in found


def test_clean_docx_hides_nothing():
    assert hidden_content(make_docx(para("正文")), "docx") == []


def test_python_docx_author_is_reported():
    def build(d):
        d.add_paragraph("正文")
        d.core_properties.author = "李明"
        d.core_properties.last_modified_by = "王五"

    found = hidden_content(python_docx_bytes(build), "docx")
    assert "文档属性：作者（李明）" in found
    assert "文档属性：最后修改者（王五）" in found


def test_pdf_metadata():
    data = make_pdf("正文", '#set document(author: "张三", title: "内部名单")')
    found = hidden_content(data, "pdf")
    assert "PDF 元数据：作者（张三）" in found
    assert "PDF 元数据：标题（内部名单）" in found
    assert any(f.startswith("PDF 元数据：创建程序") for f in found)
    assert len(found) == len(set(found))


def test_pdf_attachments_form_fields_annotations_and_incremental_saves():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    field = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"),
        NameObject("/T"): TextStringObject("name"),
        NameObject("/V"): TextStringObject("张三"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(20)]),
    })
    widget = writer.add_annotation(0, field)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([widget.indirect_reference])}
    )
    writer.add_annotation(0, FreeText(text="备注：电话见附件", rect=(0, 0, 50, 50)))
    writer.add_attachment("名单.xlsx", b"data")
    buf = io.BytesIO()
    writer.write(buf)
    data = buf.getvalue()
    found = hidden_content(data, "pdf")
    assert "PDF 嵌入文件：名单.xlsx" in found
    assert "PDF 表单域 1 个" in found
    assert "PDF 注释 1 条" in found
    assert not any("增量" in f for f in found)

    updated = PdfWriter(io.BytesIO(data), incremental=True)
    updated.add_metadata({"/Title": "修改后"})
    buf = io.BytesIO()
    updated.write(buf)
    assert PdfReader(io.BytesIO(buf.getvalue())).metadata.title == "修改后"
    assert "PDF 含增量保存（文件中可能保留修改前的内容）" in hidden_content(buf.getvalue(), "pdf")


def test_hidden_content_of_damaged_file():
    with pytest.raises(ExtractError):
        hidden_content(b"PK\x03\x04 broken", "xlsx")
    assert hidden_content("文本".encode(), "txt") == []


def test_xlsx_with_a_stray_far_cell_reads_only_stored_cells():
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "标题"
    ws["XFD1048576"] = "13800138000"
    data = workbook_bytes(wb)
    assert extract_text(data, "xlsx").split("\n") == ["【Sheet】", "标题", "13800138000"]


def test_pdf_text_has_no_nul():
    assert "\x00" not in extract_text(make_pdf("正文"), "pdf")
