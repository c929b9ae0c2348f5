"""依申请公开 on the public site: the apply form (Art. 29), the one-time receipt, tracking with number
and query code, notice downloads only after proof in the same session, and the satisfaction
question. Bad input gives a Chinese message next to the field and writes nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications import services
from gongkai.applications.models import Application, CaseNote, Notice, Status
from gongkai.core.models import DisclosureBody

FORM = {
    "applicant_type": "person", "person_name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X",
    "phone": "13805981234", "email": "zhangsan@example.com", "address": "福建省三明市三元区列东街1号",
    "postcode": "365000", "description": "2025年度三元区道路交通事故统计数据", "document_number": "",
    "medium": "electronic", "collection": "email", "items": "1", "consent": "on",
}
ORG_FORM = {
    "applicant_type": "org", "org_kind": "legal", "org_name": "福建明理律师事务所",
    "credit_code": "91350400MA31XXXX0X", "legal_representative": "李四", "contact_name": "王五",
    "phone": "0598-8250001", "description": "关于城区停车收费标准的批复文件", "items": "2", "consent": "on",
    # typed into the other group by mistake: must not reach the application
    "person_name": "误填", "id_number": "11010519491231002X",
}
NOT_FOUND = "未找到与受理编号和查询码相符的申请，请核对后重试"


@pytest.fixture
def city_body(bureau):
    body = DisclosureBody.objects.get(unit=bureau["city"])
    body.address, body.phone = "福建省三明市三元区新市北路1号", "0598-8250000"
    body.reconsideration_authority = "三明市人民政府"
    body.save()
    return body


def form_data(**overrides) -> dict:
    return {"body": DisclosureBody.objects.order_by("unit__path").first().pk, **FORM, **overrides}


def submit(client, **overrides) -> tuple:
    """Post the form; on success follow to the receipt and return (response, tracking number, code)."""
    response = client.post("/yishenqing/", form_data(**overrides))
    if response.status_code != 302:
        return response, None, None
    assert response.url == "/yishenqing/huizhi/"
    page = client.get(response.url)
    numbers = re.findall(r'<dd class="code">([^<]+)</dd>', page.content.decode())
    return page, numbers[0], numbers[1]


def lookup(client, tracking_number, code):
    return client.post("/yishenqing/chaxun/", {"tracking_number": tracking_number, "query_code": code})


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- The form -------------------------------------------------------------------------------

def test_form_offers_both_applicant_groups_and_quotes_art29(client, city_body):
    page = client.get("/yishenqing/").content.decode()
    assert "自然人填写" in page and "法人或其他组织填写" in page
    for org_kind in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
        assert org_kind in page
    assert "名称、文号或者便于查询的其他特征性描述" in page and "第二十九条" in page
    assert "本人承诺所填信息真实" in page
    assert 'name="csrfmiddlewaretoken"' in page and 'enctype="multipart/form-data"' in page
    # The city body is the default choice.
    assert re.search(rf'<option value="{city_body.pk}" selected>三明市公安局</option>', page)
    # The column now appears in the navigation, and the guide links to the form.
    assert 'href="/yishenqing/"' in client.get("/").content.decode()
    assert 'href="/yishenqing/"' in client.get("/xxgk/zhinan/").content.decode()


def test_submission_redirects_to_a_receipt_that_shows_the_code_once(client, city_body):
    page, tracking_number, code = submit(client, body=city_body.pk)
    app = Application.objects.get()
    assert app.tracking_number == tracking_number and services.check_query_code(app, code)
    assert app.name == "张三" and app.channel == "online" and app.body == city_body
    html = page.content.decode()
    assert "受理编号" in html and "查询码只在本页显示这一次" in html
    assert app.received_on.strftime("%Y年%-m月%-d日") in html
    assert app.due_on.strftime("%Y年%-m月%-d日") in html
    assert "no-store" in page["Cache-Control"]
    # The receipt with the code downloads in this session (the stored one carries only a mask)...
    receipt = app.notices.get(kind="receipt")
    assert f"/yishenqing/huizhi/{app.pk}.pdf" in html
    pdf = client.post(f"/yishenqing/huizhi/{app.pk}.pdf", {"code": code})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.post(f"/yishenqing/huizhi/{app.pk}.docx", {"code": code}).content.startswith(b"PK")
    assert client.get(f"/yishenqing/wenshu/{receipt.pk}.pdf").content.startswith(b"%PDF")
    # ...and nowhere else: not in another browser, not with a guessed URL.
    assert Client().get(f"/yishenqing/wenshu/{receipt.pk}.pdf").status_code == 404
    # Shown once: a reload no longer has the numbers, and the session no longer holds the code.
    again = client.get("/yishenqing/huizhi/").content.decode()
    assert code not in again and tracking_number not in again and "只在提交成功后显示一次" in again
    assert code not in str(dict(client.session))


def test_bad_id_check_digit_shows_chinese_message_keeps_values_writes_nothing(client, city_body):
    response, _, _ = submit(client, id_number="110105194912310021", phone="123", consent="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "居民身份证号码校验不通过，请核对" in html
    assert 'id="id_id_number_error"' in html
    assert "联系电话格式不正确" in html and "请阅读并勾选承诺后再提交" in html
    assert "申请尚未提交" in html
    # What was typed stays in the form.
    assert 'value="110105194912310021"' in html and "2025年度三元区道路交通事故统计数据" in html
    assert not Application.objects.exists() and not Notice.objects.exists()


def test_missing_fields_named_per_field(client, city_body):
    response, _, _ = submit(client, person_name="", description="查", id_number="")
    html = response.content.decode()
    assert 'id="id_person_name_error"' in html and "请填写姓名" in html
    assert 'id="id_id_number_error"' in html and "请填写证件号码" in html
    assert 'id="id_description_error"' in html and "第二十九条" in html
    assert not Application.objects.exists()


def test_organisation_applicant_uses_its_own_group_only(client, city_body):
    page, tracking_number, _ = submit(client, **{k: "" for k in FORM if k not in ORG_FORM}, **ORG_FORM)
    app = Application.objects.get(tracking_number=tracking_number)
    assert app.applicant_kind == "legal" and app.name == "福建明理律师事务所"
    assert app.id_number == "" and app.contact_name == "王五" and app.items == 2


def test_organisation_without_kind_is_told_to_choose_one(client, city_body):
    response, _, _ = submit(client, **{**ORG_FORM, "org_kind": ""})
    html = response.content.decode()
    assert 'id="id_org_kind_error"' in html and "请选择法人或其他组织的类型" in html
    assert not Application.objects.exists()


def test_identity_proof_upload(client, city_body, settings):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    _, tracking_number, _ = submit(client, identity_proof=SimpleUploadedFile("身份证.png", png, "image/png"))
    app = Application.objects.get(tracking_number=tracking_number)
    assert bytes(app.identity_proof) == png and app.identity_proof_name == "身份证.png"

    response, _, _ = submit(client, identity_proof=SimpleUploadedFile("a.pdf", b"MZ not a pdf", "application/pdf"))
    assert "只能是 PDF、PNG 或 JPEG" in response.content.decode()
    settings.GONGKAI_IDENTITY_PROOF_MAX_BYTES = 50
    response, _, _ = submit(client, identity_proof=SimpleUploadedFile("big.png", png, "image/png"))
    assert "不能超过 5 MB" in response.content.decode()
    assert Application.objects.count() == 1


def test_submissions_are_rate_limited(client, city_body, settings):
    settings.GONGKAI_RATE_APPLY = "2/h"
    # Typing mistakes do not use up the budget...
    for _ in range(3):
        assert submit(client, id_number="110105194912310021")[0].status_code == 200
    # ...submissions do.
    assert client.post("/yishenqing/", form_data()).status_code == 302
    assert client.post("/yishenqing/", form_data()).status_code == 302
    response = client.post("/yishenqing/", form_data())
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert Application.objects.count() == 2


def test_refused_uploads_count_against_the_limit(client, city_body, settings):
    # #16, hole 2: whoever sends files the form refuses (too large for the request or for the
    # field, a ZIP bomb where a PDF belongs) uses up the same budget as submissions.
    import io

    from tests.bombs import MB, with_zeros
    from tests.publications.test_upload_limits import docx_bytes

    settings.GONGKAI_RATE_APPLY = "3/h"
    response = client.generic("POST", "/yishenqing/", b"", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(200 * MB), **{"wsgi.input": io.BytesIO()})
    assert response.status_code == 413
    bomb = with_zeros(docx_bytes(), "word/media/image1.png", 64 * MB)
    response, _, _ = submit(client, identity_proof=SimpleUploadedFile("身份证.pdf", bomb, "application/pdf"))
    assert response.status_code == 200 and "只能是 PDF、PNG 或 JPEG" in response.content.decode()
    settings.GONGKAI_IDENTITY_PROOF_MAX_BYTES = 50
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response, _, _ = submit(client, identity_proof=SimpleUploadedFile("big.png", png, "image/png"))
    assert response.status_code == 200 and "不能超过 5 MB" in response.content.decode()
    response = client.post("/yishenqing/", form_data())
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert not Application.objects.exists()


# --- Tracking -------------------------------------------------------------------------------

@pytest.fixture
def submitted(city_body):
    """An application submitted online by someone else's browser: (app, code)."""
    return services.submit_online(body=city_body, data={**FORM, "applicant_kind": "person", "name": "张三"})


def test_wrong_code_and_unknown_number_answer_identically(client, submitted):
    app, code = submitted
    wrong = lookup(client, app.tracking_number, "AAAAAAAA" if code != "AAAAAAAA" else "BBBBBBBB")
    unknown = lookup(client, "350400-2026-9999", code)
    assert wrong.status_code == unknown.status_code == 200
    assert NOT_FOUND in wrong.content.decode()
    # Only what was typed differs: blank the echoed inputs and compare the rest byte for byte.
    normal = [re.sub(r'(name="(?:tracking_number|query_code)"[^>]*?) value="[^"]*"', r"\1",
                     without_csrf(r.content.decode())) for r in (wrong, unknown)]
    assert normal[0] == normal[1]
    assert "gk_apply_current" not in client.session


def test_lookup_shows_progress_and_unlocks_downloads(client, submitted):
    app, code = submitted
    receipt = app.notices.get(kind="receipt")
    assert client.get(f"/yishenqing/wenshu/{receipt.pk}.pdf").status_code == 404
    assert client.get("/yishenqing/chaxun/jieguo/").url == "/yishenqing/chaxun/"
    response = lookup(client, app.tracking_number.lower(), code.lower())
    assert response.status_code == 302 and response.url == "/yishenqing/chaxun/jieguo/"
    html = client.get(response.url).content.decode()
    assert "办理中" in html and app.due_on.strftime("%Y年%-m月%-d日") in html
    assert receipt.number in html
    assert "张三" not in html and "13805981234" not in html  # no personal data on the page
    assert client.get(f"/yishenqing/wenshu/{receipt.pk}.pdf").status_code == 200
    # 结束查询 removes the grant.
    client.post("/yishenqing/chaxun/jieshu/")
    assert client.get(f"/yishenqing/wenshu/{receipt.pk}.pdf").status_code == 404


def test_a_lookup_unlocks_only_its_own_application(client, submitted, city_body):
    app, code = submitted
    other, _ = services.submit_online(body=city_body, data={**FORM, "applicant_kind": "person", "name": "李四"})
    lookup(client, app.tracking_number, code)
    other_receipt = other.notices.get(kind="receipt")
    assert client.get(f"/yishenqing/wenshu/{other_receipt.pk}.pdf").status_code == 404


def test_internal_notes_and_consultation_letters_never_reach_the_applicant(client, submitted, make_user):
    app, code = submitted
    handler = make_user("handler", "city", username="handler")
    services.add_note(actor=handler, app=app, text="内部备注：申请人曾多次来电")
    consultation = services.start_consultation(actor=handler, app=app, party="third_party",
                                               party_name="三明某某运输公司", matter="是否同意公开事故责任认定")
    letter = consultation.notices.get()
    assert CaseNote.objects.filter(application=app).exists() and not letter.visible_to_applicant
    lookup(client, app.tracking_number, code)
    html = client.get("/yishenqing/chaxun/jieguo/").content.decode()
    for secret in ["内部备注", "三明某某运输公司", "是否同意公开事故责任认定", letter.number, letter.title]:
        assert secret not in html
    assert "计时暂停" in html  # the pause itself is the applicant's business (Art. 33)
    assert client.get(f"/yishenqing/wenshu/{letter.pk}.pdf").status_code == 404
    assert client.get(f"/yishenqing/wenshu/{letter.pk}.docx").status_code == 404


def test_lookups_are_rate_limited(client, submitted, settings):
    settings.GONGKAI_RATE_LOOKUP = "2/h"
    app, code = submitted
    assert lookup(client, app.tracking_number, "WRONG123").status_code == 200
    assert lookup(client, app.tracking_number, "WRONG456").status_code == 200
    response = lookup(client, app.tracking_number, code)  # even the right code, once over the limit
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert client.get("/yishenqing/chaxun/").status_code == 200  # the form itself is not counted


def test_satisfaction_once_after_closing(client, submitted, make_user, settings):
    settings.GONGKAI_REPLY_APPROVAL = False
    app, code = submitted
    lookup(client, app.tracking_number, code)
    assert "满意度评价" not in client.get("/yishenqing/chaxun/jieguo/").content.decode()  # still open
    handler = make_user("handler", "city", username="handler")
    services.decide(actor=handler, app=app, outcome="disclosed", reply_text="现向您提供2025年度事故统计表。")
    html = client.get("/yishenqing/chaxun/jieguo/").content.decode()
    assert "已办结" in html and "满意度评价" in html and "政府信息公开告知书" in html
    response = client.post("/yishenqing/chaxun/pingjia/", {"satisfaction": "basic", "comment": "答复及时"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.satisfaction == "basic" and app.satisfaction_comment == "答复及时"
    html = client.get("/yishenqing/chaxun/jieguo/").content.decode()
    assert "满意度评价" not in html and "您已对本次办理作出评价：基本满意" in html
    client.post("/yishenqing/chaxun/pingjia/", {"satisfaction": "unsatisfied"})
    app.refresh_from_db()
    assert app.satisfaction == "basic"
    assert "您已评价过本次办理" in client.get("/yishenqing/chaxun/jieguo/").content.decode()
    # Without the lookup in this session, nobody can rate it.
    assert Client().post("/yishenqing/chaxun/pingjia/", {"satisfaction": "satisfied"}).url == "/yishenqing/chaxun/"


def test_imported_ledger_cases_are_not_found(client, submitted):
    app, code = submitted
    Application.objects.filter(pk=app.pk).update(imported=True)
    assert NOT_FOUND in lookup(client, app.tracking_number, code).content.decode()



def test_control_characters_typed_or_pasted_are_dropped_not_a_server_error(client, city_body):
    # Pasted from old software: a character a Word letter cannot hold must not fail the receipt.
    response, number, code = submit(client, description="2025年度道路交通\x01事故统计数据", person_name="张\x1b三")
    assert number and code
    app = Application.objects.get(tracking_number=number)
    assert app.description == "2025年度道路交通事故统计数据" and app.name == "张三"
