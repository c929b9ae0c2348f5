"""Uploads that exhaust the server (issue #16, hole 2), the file half: a 1 MB DOCX holding one
1 GiB zero-filled part was accepted after 13.7 s and 2 GB of memory. Every ZIP-based file is now
checked from its directory before anything is unpacked (`kinds.check_zip`): members, size of each
part and of all, compression ratio; and a PDF with JavaScript or embedded files is a finding for the
reviewer and is never shown inline. The request half is tests/core/test_request_size.py.

Memory is measured with tracemalloc (what Python allocates), never time."""

import io
import tracemalloc

import docx
import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from gongkai.core.files import extraction, kinds
from gongkai.core.files.extraction import extract_text, hidden_content
from gongkai.core.files.kinds import ExtractError, check_zip, sniff
from gongkai.core.files.pdf import pdf_active_content
from gongkai.core.models import AuditEvent
from gongkai.publications import services
from gongkai.publications.models import Attachment
from tests.bombs import MB, understated, with_members, with_zeros

GIB = 1024 * MB


def docx_bytes(text: str = "关于城区道路交通组织调整的通告") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "辖区警情"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def peak_while(call, *args) -> tuple[object, int]:
    """What `call(*args)` returned or raised, and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        try:
            result = call(*args)
        except Exception as exc:  # the refusal is the result here
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def gib_docx() -> bytes:
    """The attack as reported: a real DOCX plus one part of 1 GiB of zeros (a few MB packed)."""
    return with_zeros(docx_bytes(), "word/media/image1.png", GIB)


# --------------------------------------------------------------------------- ZIP bombs


def test_a_docx_holding_a_1_gib_part_is_refused_before_anything_is_unpacked(gib_docx):
    assert len(gib_docx) < 5 * MB
    assert sniff(gib_docx) == "docx"  # what it claims to be; only its content types are read
    for call in (extraction.strip_metadata, extract_text, hidden_content):
        refused, peak = peak_while(call, gib_docx, "docx")
        assert isinstance(refused, ExtractError), refused
        assert "word/media/image1.png" in str(refused) and "可能是恶意构造的压缩文件" in str(refused)
        assert peak < 16 * MB


def test_the_attachment_is_refused_with_a_message_and_nothing_is_written(draft, team, gib_docx):
    pub = draft()
    with pytest.raises(ValidationError) as excinfo:
        services.add_attachment(actor=team["drafter"], publication=pub, name="通告.docx", data=gib_docx)
    assert "解压后超过 64 MB" in excinfo.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="publication.add_attachment").exists()


def test_a_workbook_holding_a_1_gib_sheet_is_refused_before_openpyxl_reads_it():
    bomb = with_zeros(xlsx_bytes(), "xl/worksheets/sheet1.xml", GIB)
    assert sniff(bomb) == "xlsx"
    for call in (extraction.strip_metadata, extract_text, hidden_content):
        refused, peak = peak_while(call, bomb, "xlsx")
        assert isinstance(refused, ExtractError) and "sheet1.xml" in str(refused), refused
        assert peak < 16 * MB


def test_a_zip_of_100_000_members_is_refused_before_its_directory_is_read(monkeypatch):
    bomb = with_members(docx_bytes(), 100_000)

    def never(*args, **kwargs):
        raise AssertionError("the directory of 100 000 members was read")

    monkeypatch.setattr(kinds.zipfile, "ZipFile", never)
    with pytest.raises(ExtractError, match="部件超过 10000 个"):
        check_zip(bomb, "DOCX")
    with pytest.raises(ExtractError, match="部件超过 10000 个"):
        extract_text(bomb, "docx")
    assert sniff(bomb) is None  # not a file this system reads


@pytest.mark.parametrize(("make", "part", "kind"), [
    (docx_bytes, "word/document.xml", "docx"), (docx_bytes, "word/media/image1.png", "docx"),
    (xlsx_bytes, "xl/styles.xml", "xlsx"),  # openpyxl reads this part whole
])
def test_a_directory_that_understates_a_part_is_refused_without_unpacking_what_it_hides(make, part, kind):
    # The part holds 200 MB of zeros; the directory says 1 000 bytes, with their CRC: every check on
    # declared sizes passes and zipfile reads the first 1 000 bytes without complaint, but reading
    # the whole part would first unpack all 200 MB.
    lie = understated(with_zeros(make(), part, 200 * MB, level=9), part, 1000)
    for call, args in [(check_zip, (lie, kind.upper())), (extraction.strip_metadata, (lie, kind)),
                       (extract_text, (lie, kind)), (hidden_content, (lie, kind))]:
        refused, peak = peak_while(call, *args)
        assert isinstance(refused, ExtractError), (call, refused)
        assert f"“{part}”实际大小超过记录的大小" in str(refused)
        assert peak < 16 * MB


def test_sniffing_any_zip_reads_no_more_than_its_content_types_declare():
    # sniff() runs on every upload, the anonymous identity proof's too, before check_zip.
    part = "[Content_Types].xml"
    lie = understated(with_zeros(docx_bytes(), part, 200 * MB, level=9), part, 1000)
    kind, peak = peak_while(sniff, lie)
    assert kind is None and peak < 16 * MB


def test_compression_ratio_and_total_size_are_capped(monkeypatch):
    # 2 MB of zeros packs to 2 KB: under every size cap, a thousand to one.
    with pytest.raises(ExtractError, match="压缩比异常（超过 200 倍）"):
        check_zip(with_zeros(docx_bytes(), "word/media/image1.png", 2 * MB), "DOCX")
    ordinary = docx_bytes()
    check_zip(ordinary, "DOCX")
    monkeypatch.setattr(kinds, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(ExtractError, match="解压后超过"):
        extract_text(ordinary, "docx")


# --------------------------------------------------------------------------- PDF active content


def pdf_with(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    build(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def open_action_script(writer):
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.launchURL('https://example.com/' + this.path)")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def annotation_launch(writer):
    writer.add_annotation(0, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(50)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x"),
                                            NameObject("/Next"): DictionaryObject({
                                                NameObject("/S"): NameObject("/Launch"),
                                                NameObject("/F"): TextStringObject("cmd.exe")})}),
    }))


def file_attachment_annotation(writer):
    embedded = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                                                     NameObject("/F"): TextStringObject("名单.xlsx")}))
    writer.add_annotation(0, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(20), FloatObject(20)]),
        NameObject("/FS"): embedded,
    }))


@pytest.mark.parametrize(("build", "expected"), [
    (open_action_script, "PDF 含有 JavaScript 脚本"),
    (lambda w: w.add_open_action(JavaScript("this.print();")), "PDF 含有 JavaScript 脚本"),  # names tree
    (annotation_launch, "PDF 含有启动外部程序的动作"),  # hidden in the /Next of a link
    (file_attachment_annotation, "PDF 含有嵌入文件"),
])
def test_pdf_scripts_launches_and_embedded_files_are_found(build, expected):
    data = pdf_with(build)
    assert expected in pdf_active_content(data)
    assert expected in hidden_content(data, "pdf")
    assert expected in hidden_content(extraction.strip_metadata(data, "pdf"), "pdf")  # what is stored


def test_a_plain_pdf_has_no_active_content():
    from tests.publications.test_public_paths import PDF

    assert pdf_active_content(PDF) == []
    assert pdf_active_content(pdf_with(lambda w: w.add_attachment("名单.xlsx", b"x"))) == ["PDF 含有嵌入文件"]
    assert pdf_active_content(b"%PDF-1.7 damaged") != []  # unreadable: played safe


def test_a_pdf_with_a_script_blocks_publication_until_acknowledged_and_is_never_shown_inline(
        client, draft, team):
    from gongkai.publications.models import Publication

    pub = draft()
    services.add_attachment(actor=team["drafter"], publication=pub, name="通告.pdf", data=pdf_with(open_action_script))
    services.submit_for_review(actor=team["drafter"], publication=pub)
    finding = pub.findings.get(kind="hidden", text="PDF 含有 JavaScript 脚本")
    for reviewer in ("reviewer", "censor"):
        services.approve(actor=team[reviewer], publication=pub)
    with pytest.raises(ValidationError, match="敏感信息未处理"):
        services.approve(actor=team["leader"], publication=pub)
    services.acknowledge_finding(actor=team["reviewer"], finding=finding, reason="表单打印脚本，已核对")
    for other in pub.findings.filter(state="open"):
        services.acknowledge_finding(actor=team["reviewer"], finding=other, reason="已核对")
    services.approve(actor=team["leader"], publication=pub)
    pub.refresh_from_db()
    assert pub.status == Publication.Status.PUBLISHED

    att = pub.attachments.get()
    for _ in range(2):  # the second answer comes from the verdict kept by digest
        response = client.get(f"/xxgk/{pub.pk}/fujian/{att.pk}/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF")  # served whole after the check
