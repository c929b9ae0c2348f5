"""The mailbox pages, driven through the client: the portal form (clear errors, nothing written,
rate limit, CSRF), the one-time receipt, the lookup (a wrong code reveals nothing), reading and
rating the reply; the public Q&A (never an unpublished letter); the workbench queue in scope with
masking, the steps as POST forms, publication refused with the findings shown, both Art. 39
conversions, the statistics page and its XLSX export."""

import io
import re
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai.applications import services as application_services
from gongkai.applications.models import Application
from gongkai.applications.models import Status as ApplicationStatus
from gongkai.core.models import DisclosureBody
from gongkai.interaction import services
from gongkai.interaction.models import Letter, LetterTopic, Status

from ..applications.conftest import PERSON
from .conftest import LETTER, at

NOT_FOUND = "未找到与来信编号和查询码相符的来信，请核对后重试"


@pytest.fixture
def as_user():
    def login(user):
        c = Client()
        c.force_login(user)
        return c
    return login


def form(**overrides) -> dict:
    data = {"body": DisclosureBody.objects.order_by("unit__path").first().pk, **LETTER,
            "topic": LetterTopic.objects.get(code="traffic").pk, "wants_reply": "on", "consent_publish": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def write(client, **overrides):
    response = client.post("/hudong/xiexin/", form(**overrides))
    if response.status_code != 302:
        return response, None, None
    assert response.url == "/hudong/xiexin/huizhi/"
    page = client.get(response.url)
    number, code = re.findall(r'<dd class="code">([^<]+)</dd>', page.content.decode())
    return page, number, code


def text(response) -> str:
    return response.content.decode()


# --- Writing on the portal ------------------------------------------------------------------

def test_write_shows_every_problem_and_writes_nothing(client, city_body):
    page = text(client.get("/hudong/xiexin/"))
    assert 'name="csrfmiddlewaretoken"' in page and "5 个工作日内答复" in page
    response = client.post("/hudong/xiexin/", form(kind=None, writer_name="", phone="", email="", content="短"))
    page = text(response)
    assert response.status_code == 200 and "来信尚未提交" in page
    for message in ["请选择来信类型", "请写明来信内容（至少5个字）", "需要答复的，请至少填写联系电话或电子邮箱中的一项"]:
        assert message in page
    assert 'aria-invalid="true"' in page and not Letter.objects.exists()
    # A complaint needs a name; a suggestion does not.
    page = text(client.post("/hudong/xiexin/", form(kind="complaint", writer_name="")))
    assert "投诉须填写真实姓名（只有咨询和建议可以不署名）" in page
    _, number, _ = write(client, kind="suggestion", writer_name="")
    assert Letter.objects.get(tracking_number=number).writer_name == ""


def test_receipt_shows_number_and_code_once(client, city_body):
    page, number, code = write(client)
    letter = Letter.objects.get(tracking_number=number)
    assert number == "XX350400-2026-0001" or number.startswith("XX350400-")
    assert services.check_query_code(letter, code) and "只在本页显示这一次" in text(page)
    again = text(client.get("/hudong/xiexin/huizhi/"))
    assert code not in again and "本页已不再显示" in again


def test_writing_is_rate_limited_but_mistakes_do_not_count(client, city_body, settings):
    settings.GONGKAI_RATE_LETTER = "2/h"
    assert client.post("/hudong/xiexin/", form(content="短")).status_code == 200
    assert write(client)[1] and write(client)[1]
    response = client.post("/hudong/xiexin/", form())
    assert response.status_code == 429 and "操作过于频繁" in text(response)
    assert Letter.objects.count() == 2


def test_csrf_is_required(city_body):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/hudong/xiexin/", form()).status_code == 403
    assert not Letter.objects.exists()


# --- The writer reads and rates -------------------------------------------------------------

def test_lookup_answers_alike_for_wrong_code_and_unknown_number(client, city_body, people):
    _, number, code = write(client)
    other = Client()
    wrong = text(other.post("/hudong/chaxun/", {"tracking_number": number, "query_code": "WRONG234"}))
    unknown = text(other.post("/hudong/chaxun/", {"tracking_number": "XX350400-2026-9999", "query_code": code}))
    assert NOT_FOUND in wrong and NOT_FOUND in unknown
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"')
    assert strip.sub("", wrong) == strip.sub("", unknown)
    assert other.get("/hudong/chaxun/jieguo/").url == "/hudong/chaxun/"  # no grant, no page


def test_writer_reads_reply_after_review_and_rates_once(client, city_body, people, bureau):
    _, number, code = write(client)
    letter = Letter.objects.get(tracking_number=number)
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    services.reply(actor=people["station"], letter=letter, text="行人绿灯已延长至30秒。")
    reader = Client()
    response = reader.post("/hudong/chaxun/", {"tracking_number": number.lower(), "query_code": code})
    assert response.url == "/hudong/chaxun/jieguo/"
    page = text(reader.get(response.url))
    assert "办理中" in page and "行人绿灯已延长至30秒" not in page and "提交评价" not in page
    services.approve_reply(actor=people["office"], letter=letter)
    page = text(reader.get("/hudong/chaxun/jieguo/"))
    assert "已答复" in page and "行人绿灯已延长至30秒" in page and "城关派出所" in page and "提交评价" in page
    assert "王小明" not in page and "13905981234" not in page  # the writer's details are not echoed
    assert text(reader.post("/hudong/chaxun/pingjia/", {"satisfaction": "great"})).count("请选择满意程度") >= 1
    reader.post("/hudong/chaxun/pingjia/", {"satisfaction": "satisfied", "comment": "很及时"})
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"
    page = text(reader.post("/hudong/chaxun/pingjia/", {"satisfaction": "unsatisfied"}, follow=True))
    assert "您已评价过本次答复" in page
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"
    reader.post("/hudong/chaxun/jieshu/")
    assert reader.get("/hudong/chaxun/jieguo/").status_code == 302


# --- The public Q&A -------------------------------------------------------------------------

def _answered(people, city_body, **overrides):
    letter, _ = services.submit_online(body=city_body, data={**LETTER, **overrides})
    services.reply(actor=people["office"], letter=letter, text="行人绿灯已延长至30秒。")
    return letter


def test_public_paths_show_published_letters_only(client, people, city_body):
    published = _answered(people, city_body, subject="红绿灯时间太短")
    services.publish(actor=people["office"], letter=published, subject="关于路口红绿灯时长的问答",
                     content="路口行人绿灯太短。", reply="行人绿灯已延长至30秒。")
    unpublished = _answered(people, city_body, subject="未公开的来信标题")
    withdrawn = _answered(people, city_body, subject="撤回的来信标题")
    services.publish(actor=people["office"], letter=withdrawn, subject="撤回的问答", content="内容内容。",
                     reply="答复答复。")
    services.unpublish(actor=people["office"], letter=withdrawn, reason="来信人要求")
    listing = text(client.get("/hudong/"))
    assert "关于路口红绿灯时长的问答" in listing and "共 1 条" in listing
    assert "未公开的来信标题" not in listing and "撤回的问答" not in listing
    detail = text(client.get(f"/hudong/{published.pk}/"))
    assert "路口行人绿灯太短。" in detail and "红绿灯时间太短" not in detail  # the public version only
    assert "王小明" not in detail and 'name="PubDate"' in detail
    for letter in (unpublished, withdrawn):
        assert client.get(f"/hudong/{letter.pk}/").status_code == 404
    assert client.get("/hudong/99999/").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/hudong/{published.pk}/<" in sitemap
    assert f"/hudong/{unpublished.pk}/<" not in sitemap and f"/hudong/{withdrawn.pk}/<" not in sitemap
    # The navigation carries the column once it exists.
    assert 'href="/hudong/"' in text(client.get("/"))


# --- Workbench: queue, scope, masking -------------------------------------------------------

def test_queue_in_scope_with_masking(as_user, people, bureau, city_body):
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    page = text(as_user(people["station"]).get("/workbench/interaction/"))
    assert letter.tracking_number in page and "王小明" in page
    page = text(as_user(people["leader"]).get("/workbench/interaction/"))
    assert letter.tracking_number in page and "王*明" in page and "王小明" not in page
    detail = text(as_user(people["leader"]).get(f"/workbench/interaction/{letter.pk}/"))
    assert "139****1234" in detail and "13905981234" not in detail and "已部分隐藏" in detail
    outsider = as_user(people["shaxian"])
    assert letter.tracking_number not in text(outsider.get("/workbench/interaction/"))
    assert outsider.get(f"/workbench/interaction/{letter.pk}/").status_code == 404
    assert outsider.post(f"/workbench/interaction/{letter.pk}/reply/", {"text": "答复答复答复"}).status_code == 404
    assert Client().get("/workbench/interaction/").status_code == 302  # login first


def test_steps_through_the_letter_page(as_user, people, bureau, city_body):
    letter, _ = services.submit_online(body=city_body, data=LETTER)
    office, station = as_user(people["office"]), as_user(people["station"])
    url = f"/workbench/interaction/{letter.pk}/"
    # The branch's handler sees the letter but may not assign it (the office's step): 403, nothing changed.
    services.assign(actor=people["office"], letter=letter, unit=bureau["sanyuan"])
    assert as_user(people["sanyuan"]).post(url + "assign/", {"unit": bureau["station"].pk}).status_code == 403
    letter.refresh_from_db()
    assert letter.unit == bureau["sanyuan"]
    response = office.post(url + "assign/", {"unit": bureau["station"].pk, "handler": people["station"].pk})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.unit == bureau["station"] and letter.handler == people["station"]
    # A reply that is too short: the message in place, nothing written.
    page = text(station.post(url + "reply/", {"text": "好"}))
    assert "请填写答复内容（至少5个字）" in page
    letter.refresh_from_db()
    assert letter.status == Status.PROCESSING and letter.reply_text == ""
    station.post(url + "reply/", {"text": "行人绿灯已延长至30秒。"})
    letter.refresh_from_db()
    assert letter.status == Status.REVIEW
    assert "审核通过" not in text(station.get(url)) and "审核通过" in text(office.get(url))
    assert station.post(url + "approve_reply/").status_code == 403
    office.post(url + "approve_reply/")
    office.post(url + "add_note/", {"text": "已电话回访"})
    office.post(url + "close/", {"note": ""})
    letter.refresh_from_db()
    assert letter.status == Status.CLOSED and letter.notes.get().text == "已电话回访"
    assert "已电话回访" in text(office.get(url))


def test_publication_refused_shows_the_findings(as_user, people, city_body):
    letter = _answered(people, city_body)
    office = as_user(people["office"])
    url = f"/workbench/interaction/{letter.pk}/"
    assert "作为问答公开" in text(office.get(url))
    page = text(office.post(url + "publish/", {"public_subject": "红绿灯", "public_reply": "已延长。",
                                               "public_content": "我的电话 13905981234，路口红绿灯太短。"}))
    assert "公开文本中发现个人信息" in page and '<mark class="finding" title="手机号码">13905981234</mark>' in page
    letter.refresh_from_db()
    assert not letter.published
    office.post(url + "publish/", {"public_subject": "红绿灯", "public_content": "路口红绿灯太短。",
                                   "public_reply": "已延长。"})
    letter.refresh_from_db()
    assert letter.published and letter.public_content == "路口红绿灯太短。"
    # Without consent there is no publish step, and the service refuses a forged POST.
    private = _answered(people, city_body, consent_publish=False)
    assert "作为问答公开" not in text(office.get(f"/workbench/interaction/{private.pk}/"))
    office.post(f"/workbench/interaction/{private.pk}/publish/",
                {"public_subject": "标题", "public_content": "内容内容", "public_reply": "答复答复"})
    private.refresh_from_db()
    assert not private.published


# --- Staff entry and the Art. 39 conversions ------------------------------------------------

def test_staff_entry_shows_the_code_once(as_user, people, city_body, bureau):
    office = as_user(people["office"])
    response = office.post("/workbench/interaction/new/", {
        "body": city_body.pk, "channel": "hotline", "received_at": "2026-09-25T10:00", **LETTER,
        "topic": LetterTopic.objects.get(code="traffic").pk, "wants_reply": "on"})
    assert response.status_code == 302, text(response)
    letter = Letter.objects.get()
    page = text(office.get(response.url))
    code = re.search(r'class="query-code">([^<]+)<', page).group(1)
    assert services.check_query_code(letter, code) and letter.channel == "hotline"
    assert code not in text(office.get(response.url))
    page = text(office.post("/workbench/interaction/new/", {"body": city_body.pk, "channel": "website",
                                                            "received_at": "2026-09-25T10:00"}))
    assert "请选择来信类型" in page and "请填写来信标题" in page and Letter.objects.count() == 1
    # A station's handler is not offered the city body.
    assert as_user(people["station"]).get("/workbench/interaction/new/").status_code == 403


def test_letter_to_application_page(as_user, people, city_body, bureau, pin_today):
    pin_today(date(2026, 9, 25))
    letter, _ = services.submit_online(body=city_body, data={**LETTER, "kind": "enquiry"}, now=at(date(2026, 9, 25)))
    pin_today(date(2026, 9, 28))
    office = as_user(people["office"])
    url = f"/workbench/interaction/{letter.pk}/to-application/"
    assert url in text(office.get(f"/workbench/interaction/{letter.pk}/"))
    page = text(office.get(url))
    assert "王小明" in page and letter.content in page
    fields = {**PERSON, "unit": bureau["city"].pk, "items": 1}
    page = text(office.post(url, {**fields, "id_number": "110105194912310021"}))
    assert "居民身份证号码校验不通过" in page and not Application.objects.exists()
    response = office.post(url, fields)
    app = Application.objects.get()
    assert response.url == f"/workbench/applications/{app.pk}/"
    assert "查询码" in text(office.get(response.url))  # shown once on the application's page
    letter.refresh_from_db()
    assert letter.converted_to == app and letter.status == Status.CLOSED
    page = text(office.get(f"/workbench/interaction/{letter.pk}/"))
    assert app.tracking_number in page and f"/workbench/applications/{app.pk}/" in page


def test_application_to_letter_page(as_user, people, bureau, city_body, pin_today):
    pin_today(date(2026, 9, 25))
    app, _ = application_services.register(actor=people["office"], unit=bureau["city"],
                                           data={**PERSON, "description": "投诉民警办事拖拉，要求处理。"},
                                           channel="in_person", submitted_at=at(date(2026, 9, 25)))
    url = f"/workbench/interaction/from-application/{app.pk}/"
    assert as_user(people["shaxian"]).get(url).status_code == 404  # not in their scope
    office = as_user(people["office"])
    assert "不作为申请处理并转为来信" in text(office.get(url))
    response = office.post(url, {"kind": "complaint", "topic": LetterTopic.objects.get(code="supervision").pk,
                                 "subject": ""})
    letter = Letter.objects.get()
    assert response.url == f"/workbench/interaction/{letter.pk}/"
    page = text(office.get(response.url))
    assert "查询码" in page and app.tracking_number in page and "不作为政府信息公开申请处理" in page
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED and app.outcome == "petition"
    assert "只有办理中的申请可以转为来信" in text(office.get(url))


# --- Statistics -----------------------------------------------------------------------------

def test_stats_page_and_export_carry_the_same_figures(as_user, people, city_body, bureau, pin_today):
    pin_today(date(2026, 11, 2))
    for channel in ("weibo", "weibo", "qq"):
        letter, _ = services.register(actor=people["office"], body=city_body, data=LETTER, channel=channel,
                                      received_at=at(date(2026, 11, 2)))
    services.reply(actor=people["office"], letter=letter, text="答复内容：已经处理完毕。")
    office = as_user(people["office"])
    page = text(office.get("/workbench/interaction/stats/?start=2026-11-01&end=2026-11-30"))
    assert "33.3%" in page and "letter-stats-data" in page and "letter-stats.js" in page
    assert "<script>" not in page  # data through json_script, code from a static file
    assert re.search(r'<th scope="row">微博</th><td class="num">2</td>', page)
    assert re.search(r'<th scope="row">上级转办</th><td class="num">0</td>', page)
    response = office.get("/workbench/interaction/stats/export.xlsx?start=2026-11-01&end=2026-11-30")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "来信渠道", "来信分类", "来信类型", "承办单位", "每月来信"]
    overview = [c.value for c in book["概况"][3]]
    assert overview[:3] == [3, 1, "33.3%"]
    channels = {row[0].value: row[1].value for row in book["来信渠道"].iter_rows(min_row=2)}
    assert channels["微博"] == 2 and channels["QQ"] == 1 and channels["网站"] == 0
    assert Client().get("/workbench/interaction/stats/").status_code == 302
    page = text(office.get("/workbench/interaction/stats/?start=2026-11-30&end=2026-11-01"))
    assert "结束日期不能早于开始日期" in page
