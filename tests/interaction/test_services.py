"""Handling a letter: intake, due date in working days, assignment and unit scope, the office's
review, the writer's lookup and rating, publication as Q&A, and the Art. 39 conversions."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services as application_services
from gongkai.applications.models import Application, CaseEvent, NoticeKind
from gongkai.applications.models import Status as ApplicationStatus
from gongkai.core import audit
from gongkai.core import services as core_services
from gongkai.core.models import AuditEvent, DisclosureBody
from gongkai.core.workdays import ArrangementDay
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Letter, LetterNote, Status

from ..applications.conftest import PERSON
from .conftest import LETTER, at

# --- Intake ----------------------------------------------------------------------------------


def test_tracking_number_per_body_and_year_and_code_stored_only_hashed(write, bureau, pin_today):
    first, code = write()
    second, _ = write()
    assert first.tracking_number == "XX350400-2026-0001" and second.tracking_number == "XX350400-2026-0002"
    assert first.status == Status.PENDING and first.unit == bureau["city"] and first.channel == "website"
    assert len(code) == 8 and code not in first.query_code_hash
    assert services.check_query_code(first, code) and services.check_query_code(first, code.lower())
    assert not services.check_query_code(first, "AAAAAAAA") and not services.check_query_code(second, code)
    # Another body numbers its own letters.
    sanyuan = DisclosureBody.objects.get(unit=bureau["sanyuan"])
    letter, _ = services.submit_online(body=sanyuan, data=LETTER, now=at(date(2026, 9, 25)))
    assert letter.tracking_number == "XX350404-2026-0001"


def test_name_optional_only_for_suggestions_and_enquiries(write):
    for kind in ("complaint", "report", "help", "director"):
        with pytest.raises(ValidationError) as exc:
            write(kind=kind, writer_name="")
        assert "须填写真实姓名" in exc.value.message_dict["writer_name"][0]
    for kind in ("suggestion", "enquiry"):
        letter, _ = write(kind=kind, writer_name="")
        assert letter.writer_name == ""
    assert Letter.objects.count() == 2


def test_contact_required_only_when_a_reply_is_wanted(write):
    with pytest.raises(ValidationError) as exc:
        write(phone="", email="")
    assert exc.value.message_dict["phone"] == ["需要答复的，请至少填写联系电话或电子邮箱中的一项"]
    letter, _ = write(phone="", email="", wants_reply=False)
    assert not letter.wants_reply
    letter, _ = write(phone="", email="a@example.com")
    assert letter.email == "a@example.com"


def test_bad_input_every_problem_at_once_nothing_written(write):
    with pytest.raises(ValidationError) as exc:
        write(kind="gossip", topic="weather", subject="", content="短", phone="123", email="x@")
    errors = exc.value.message_dict
    assert errors["kind"] == ["请选择来信类型"] and errors["topic"] == ["请选择来信分类"]
    assert errors["subject"] == ["请填写来信标题"] and "至少5个字" in errors["content"][0]
    assert "联系电话格式不正确" in errors["phone"][0] and errors["email"] == ["电子邮箱格式不正确"]
    assert not Letter.objects.exists() and not AuditEvent.objects.filter(action__startswith="letter.").exists()


def test_staff_entry_from_other_channels(people, city_body, pin_today):
    pin_today(date(2026, 9, 28))
    letter, code = services.register(actor=people["office"], body=city_body, data=LETTER, channel="hotline",
                                     received_at=at(date(2026, 9, 25)))
    assert letter.channel == "hotline" and letter.entered_by == people["office"] and len(code) == 8
    assert letter.received_on == date(2026, 9, 25) and letter.due_on == date(2026, 10, 9)
    with pytest.raises(ValidationError) as exc:
        services.register(actor=people["office"], body=city_body, data=LETTER, channel="website",
                          received_at=at(date(2026, 9, 25)))
    assert "网站来信由来信人在门户网站提交" in exc.value.message_dict["channel"][0]
    with pytest.raises(ValidationError) as exc:
        services.register(actor=people["office"], body=city_body, data=LETTER, channel="phone",
                          received_at=at(date(2026, 10, 5)))
    assert exc.value.message_dict["received_at"] == ["收信时间不能晚于现在"]
    # A station's handler does not enter letters for the city body.
    with pytest.raises(PermissionDenied):
        services.register(actor=people["station"], body=city_body, data=LETTER, channel="phone",
                          received_at=at(date(2026, 9, 25)))


# --- Due date (GONGKAI_LETTER_REPLY_DAYS working days) ---------------------------------------

def test_due_date_in_working_days_of_the_calendar(write, settings):
    assert settings.GONGKAI_LETTER_REPLY_DAYS == 5
    # Fri 25 Sep 2026: 28, 29, 30 Sep, then National Day 1–7 Oct off, 8, 9 Oct.
    letter, _ = write(date(2026, 9, 25))
    assert letter.due_on == date(2026, 10, 9) and not letter.due_provisional
    # Received on a holiday: day 1 is the next working day; Sat 10 Oct is a make-up working day.
    letter, _ = write(date(2026, 10, 3))
    assert letter.due_on == date(2026, 10, 13)
    settings.GONGKAI_LETTER_REPLY_DAYS = 3
    letter, _ = write(date(2026, 9, 25))
    assert letter.due_on == date(2026, 9, 30)


def test_due_date_recomputed_when_the_calendar_changes(write, make_user):
    # Mon 28 Dec 2026: 29, 30, 31 Dec, then 2027 (not yet entered: Monday–Friday less 1 Jan, which
    # 《全国年节及纪念日放假办法》 fixes; provisional).
    letter, _ = write(date(2026, 12, 28))
    assert letter.due_on == date(2027, 1, 5) and letter.due_provisional
    answered, _ = write(date(2026, 12, 28))
    Letter.objects.filter(pk=answered.pk).update(status=Status.CLOSED)
    core_services.enter_calendar_year(actor=make_user("admin", username="cal_admin"), region="CN", year=2027,
                                      source="国办发明电〔2026〕1号",
                                      days=[ArrangementDay(date(2027, 1, 1), False, "元旦"),
                                            ArrangementDay(date(2027, 1, 4), False, "元旦")])
    letter.refresh_from_db()
    answered.refresh_from_db()
    assert letter.due_on == date(2027, 1, 6) and not letter.due_provisional
    assert answered.due_on == date(2027, 1, 5)  # a closed letter keeps the deadline it was held to


# --- Assignment, unit scope, masking ---------------------------------------------------------

def test_only_the_office_assigns_and_only_within_the_body(write, people, bureau):
    letter, _ = write()
    with pytest.raises(PermissionDenied):
        services.assign(actor=people["sanyuan"], letter=letter, unit=bureau["station"])
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=people["office"], letter=letter, unit=bureau["station"], handler=people["shaxian"])
    assert "没有办理" in exc.value.message_dict["handler"][0]
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"], handler=people["station"])
    assert letter.status == Status.PROCESSING and letter.unit == bureau["station"]
    assert letter.assigned_on == date(2026, 9, 25)
    sanyuan_letter, _ = services.submit_online(body=DisclosureBody.objects.get(unit=bureau["sanyuan"]), data=LETTER)
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=people["office"], letter=sanyuan_letter, unit=bureau["shaxian"])
    assert "只能分办给三元分局及其下属单位" in exc.value.message_dict["unit"][0]


def test_unit_scope_for_replies_and_lists(write, people, bureau):
    letter, _ = write()
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    with pytest.raises(PermissionDenied):
        services.reply(actor=people["shaxian"], letter=letter, text="已责成交警大队调整信号配时。")
    with pytest.raises(PermissionDenied):
        services.add_note(actor=people["leader"], letter=letter, text="看过")
    assert list(selectors.staff_letters(people["station"])) == [letter]
    assert list(selectors.staff_letters(people["sanyuan"])) == [letter]  # the branch above the station
    assert list(selectors.staff_letters(people["leader"])) == [letter]   # stats.view reaches it
    assert not selectors.staff_letters(people["shaxian"]).exists()
    services.reply(actor=people["station"], letter=letter, text="已责成交警大队调整信号配时。")


def test_personal_data_masked_for_those_who_may_not_handle_the_unit(write, people, bureau):
    letter, _ = write()
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    full = selectors.writer_view(people["station"], letter)
    assert (full.name, full.phone, full.email, full.masked) == ("王小明", "13905981234", "wxm@example.com", False)
    masked = selectors.writer_view(people["leader"], letter)
    assert (masked.name, masked.phone, masked.email, masked.masked) == ("王*明", "139****1234", "w***@example.com",
                                                                         True)


# --- Reply and review ------------------------------------------------------------------------

def test_office_reviews_a_units_reply_before_the_writer_sees_it(write, people, bureau, pin_today, settings):
    assert settings.GONGKAI_LETTER_REVIEW is True
    letter, code = write()
    with pytest.raises(PermissionDenied):  # still with the city body: not the station's yet
        services.reply(actor=people["station"], letter=letter, text="已责成交警大队调整信号配时。")
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"], handler=people["station"])
    pin_today(date(2026, 9, 29))
    services.reply(actor=people["station"], letter=letter, text="已责成交警大队调整信号配时。")
    assert letter.status == Status.REVIEW and letter.replied_on is None
    view = selectors.public_view(selectors.find_for_writer(letter.tracking_number, code))
    assert view["status"] == "办理中" and view["reply"] == "" and not view["may_rate"]
    with pytest.raises(PermissionDenied):
        services.approve_reply(actor=people["sanyuan"], letter=letter)
    with pytest.raises(ValidationError) as exc:
        services.return_reply(actor=people["office"], letter=letter, comment=" ")
    assert exc.value.message_dict["comment"] == ["请写明退回意见"]
    services.return_reply(actor=people["office"], letter=letter, comment="请写明调整后的时长")
    assert letter.status == Status.PROCESSING
    assert LetterNote.objects.get(letter=letter).text == "【审核退回】请写明调整后的时长"
    services.reply(actor=people["station"], letter=letter, text="行人绿灯已由15秒延长至30秒。")
    pin_today(date(2026, 9, 30))
    services.approve_reply(actor=people["office"], letter=letter)
    assert letter.status == Status.REPLIED and letter.replied_on == date(2026, 9, 30)
    assert letter.reviewed_by == people["office"] and letter.replied_by == people["station"] and letter.on_time
    view = selectors.public_view(selectors.find_for_writer(letter.tracking_number, code))
    assert view["status"] == "已答复" and view["reply"] == "行人绿灯已由15秒延长至30秒。" and view["may_rate"]
    assert [e.kind for e in letter.events.all()] == ["received", "assigned", "drafted", "returned", "drafted",
                                                     "replied"]


def test_without_review_and_for_the_office_the_reply_goes_out_at_once(write, people, bureau, settings):
    letter, _ = write()
    services.reply(actor=people["office"], letter=letter, text="您咨询的事项答复如下：可在窗口办理。")
    assert letter.status == Status.REPLIED and letter.reviewed_by == people["office"]
    settings.GONGKAI_LETTER_REVIEW = False
    letter, _ = write()
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    services.reply(actor=people["station"], letter=letter, text="已责成交警大队调整信号配时。")
    assert letter.status == Status.REPLIED and letter.reviewed_by is None


def test_close_after_reply_by_the_office(write, people):
    letter, _ = write()
    with pytest.raises(ValidationError, match="答复后才能办结"):
        services.close(actor=people["office"], letter=letter)
    services.reply(actor=people["office"], letter=letter, text="您咨询的事项答复如下：可在窗口办理。")
    with pytest.raises(PermissionDenied):
        services.close(actor=people["sanyuan"], letter=letter)
    services.close(actor=people["office"], letter=letter, note="来信人满意")
    assert letter.status == Status.CLOSED and letter.closed_on == date(2026, 9, 25)


# --- The writer ------------------------------------------------------------------------------

def test_lookup_with_a_wrong_code_reveals_nothing(write):
    letter, code = write()
    assert selectors.find_for_writer(letter.tracking_number, "WRONG123") is None
    assert selectors.find_for_writer("XX350400-2026-9999", code) is None
    assert selectors.find_for_writer(f" {letter.tracking_number.lower()} ", code.lower()) == letter


def test_rating_once_after_the_reply(write, people):
    letter, _ = write()
    with pytest.raises(ValidationError, match="答复后才能评价"):
        services.rate(letter=letter, value="satisfied")
    services.reply(actor=people["office"], letter=letter, text="您咨询的事项答复如下：可在窗口办理。")
    with pytest.raises(ValidationError) as exc:
        services.rate(letter=letter, value="great")
    assert exc.value.message_dict["satisfaction"] == ["请选择满意程度"]
    services.rate(letter=letter, value="basic", comment="还行")
    with pytest.raises(ValidationError, match="已评价过"):
        services.rate(letter=letter, value="unsatisfied")
    letter.refresh_from_db()
    assert letter.satisfaction == "basic" and letter.satisfaction_comment == "还行"


# --- Publication as Q&A ----------------------------------------------------------------------

REPLY = "行人绿灯已由15秒延长至30秒，感谢您的建议。"


def _replied(write, people, **overrides):
    letter, _ = write(**overrides)
    services.reply(actor=people["office"], letter=letter, text=REPLY)
    return letter


def test_publication_refused_without_the_writers_consent(write, people):
    letter = _replied(write, people, consent_publish=False)
    with pytest.raises(ValidationError, match="来信人未同意公开"):
        services.publish(actor=people["office"], letter=letter, subject=letter.subject, content=letter.content,
                         reply=REPLY)
    assert not selectors.public_letters().exists()


def test_publication_refused_while_the_scanner_finds_a_phone_number(write, people):
    content = "我家住列东街，电话 139 0598 1234，路口红绿灯时间太短。"
    letter = _replied(write, people, content=content)
    with pytest.raises(services.PersonalDataFound) as exc:
        services.publish(actor=people["office"], letter=letter, subject=letter.subject, content=content, reply=REPLY)
    [finding] = exc.value.findings
    assert (finding.part, finding.kind, finding.text) == ("content", "mobile", "139 0598 1234")
    assert "来信内容中的手机号码“139 0598 1234”" in exc.value.messages[0]
    # The writer's own name in the reply, and any e-mail address, are found too.
    with pytest.raises(services.PersonalDataFound) as exc:
        services.publish(actor=people["office"], letter=letter, subject=letter.subject,
                         content="路口红绿灯时间太短，请回复 someone@example.com。", reply="王小明您好：" + REPLY)
    assert {(f.part, f.kind) for f in exc.value.findings} == {("content", "email"), ("reply", "writer")}
    letter.refresh_from_db()
    assert not letter.published and not selectors.public_letters().exists()
    # The office edits the public version; the original stays as written.
    services.publish(actor=people["office"], letter=letter, subject=letter.subject,
                     content="我家住列东街，路口红绿灯时间太短。", reply=REPLY)
    letter.refresh_from_db()
    assert letter.published and letter.content == content
    assert selectors.public_text(letter)["content"] == "我家住列东街，路口红绿灯时间太短。"
    assert list(selectors.public_letters()) == [letter]
    services.unpublish(actor=people["office"], letter=letter, reason="来信人要求撤回")
    assert not selectors.public_letters().exists()


def test_publication_refused_for_what_the_scanner_missed_before(write, people):
    """Issue #16, hole 12: a mobile in Chinese numerals and a labelled ID number with a wrong check
    digit stop a Q&A too."""
    content = "我的身份证号码是350402199003071231，电话幺三九 〇五九八 幺二三四，请回电。"
    letter = _replied(write, people, content=content)
    with pytest.raises(services.PersonalDataFound) as exc:
        services.publish(actor=people["office"], letter=letter, subject=letter.subject, content=content, reply=REPLY)
    assert [(f.kind, f.text) for f in exc.value.findings] == [
        ("id_number_unverified", "350402199003071231"), ("mobile", "幺三九 〇五九八 幺二三四")]
    assert "来信内容中的疑似身份证号（校验位不符）“350402199003071231”" in exc.value.messages[0]
    assert not selectors.public_letters().exists()


def test_publication_needs_a_reply_and_the_office(write, people):
    letter, _ = write()
    with pytest.raises(ValidationError, match="答复后才能公开"):
        services.publish(actor=people["office"], letter=letter, subject="问", content="问题内容", reply="答复内容")
    services.reply(actor=people["office"], letter=letter, text=REPLY)
    with pytest.raises(PermissionDenied):
        services.publish(actor=people["sanyuan"], letter=letter, subject="问", content="问题内容", reply="答复内容")


# --- Art. 39 conversions ---------------------------------------------------------------------

APPLICANT = {k: v for k, v in PERSON.items()}


def test_letter_that_asks_for_information_becomes_an_application(write, people, bureau, pin_today):
    letter, _ = write(date(2026, 9, 25), kind="enquiry", subject="申请公开2025年交通事故统计",
                      content="请提供2025年度三元区道路交通事故统计数据。")
    pin_today(date(2026, 9, 28))
    # Bad applicant data: the application service's message, nothing half-written on either side.
    with pytest.raises(ValidationError) as exc:
        services.convert_to_application(actor=people["office"], letter=letter, unit=bureau["city"],
                                        data={**APPLICANT, "id_number": "110105194912310021"})
    assert "校验不通过" in exc.value.message_dict["id_number"][0]
    letter.refresh_from_db()
    assert letter.status == Status.PENDING and not Application.objects.exists()

    app, code = services.convert_to_application(actor=people["office"], letter=letter, unit=bureau["city"],
                                                data={**APPLICANT, "description": letter.content})
    assert app.channel == "other" and app.submitted_at == letter.received_at
    assert app.received_on == date(2026, 9, 25) and app.status == ApplicationStatus.PROCESSING
    assert application_services.check_query_code(app, code)
    letter.refresh_from_db()
    assert letter.converted_to == app and letter.status == Status.CLOSED
    assert letter.close_note == "已转为政府信息公开申请" and app.tracking_number in letter.reply_text
    assert letter.events.last().kind == "to_application"
    assert CaseEvent.objects.filter(application=app, kind="from_letter", text__contains=letter.tracking_number).exists()
    assert list(app.source_letters.all()) == [letter]
    with pytest.raises(ValidationError, match="只有待分办或办理中"):
        services.convert_to_application(actor=people["office"], letter=letter, unit=bureau["city"], data=APPLICANT)


def test_application_that_is_a_complaint_becomes_a_letter(people, city_body, bureau, pin_today):
    pin_today(date(2026, 9, 25))
    app, _ = application_services.register(actor=people["office"], unit=bureau["city"],
                                           data={**PERSON, "description": "投诉城关派出所民警办事拖拉，要求处理。"},
                                           channel="in_person", submitted_at=at(date(2026, 9, 25)))
    with pytest.raises(ValidationError) as exc:
        services.convert_from_application(actor=people["office"], app=app, kind="enquiry")
    assert exc.value.message_dict["kind"] == ["请选择转为投诉或局长信箱来信"]
    with pytest.raises(PermissionDenied):
        services.convert_from_application(actor=people["shaxian"], app=app, kind="complaint")
    pin_today(date(2026, 9, 28))
    letter, code = services.convert_from_application(actor=people["office"], app=app, kind="complaint")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CLOSED and app.outcome == "petition" and app.on_the_spot
    notice = app.notices.get(kind=NoticeKind.NOT_APPLICATION)
    text = "".join(notice.paragraphs)
    assert "已转为局长信箱来信办理。" in text and letter.tracking_number in text and code not in text
    assert letter.source_application == app and letter.kind == "complaint" and letter.channel == "other"
    assert (letter.writer_name, letter.phone, letter.email) == ("张三", PERSON["phone"], PERSON["email"])
    assert letter.content == app.description and letter.status == Status.PENDING
    assert services.check_query_code(letter, code) and letter.due_on == date(2026, 10, 10)
    assert letter.events.get().kind == "from_application"
    assert CaseEvent.objects.filter(application=app, kind="to_letter", text__contains=letter.tracking_number).exists()
    assert list(app.petition_letters.all()) == [letter]
    with pytest.raises(ValidationError):
        services.convert_from_application(actor=people["office"], app=app, kind="director")
    assert Letter.objects.count() == 1


def test_unconfirmed_application_cannot_be_converted_and_nothing_is_written(people, bureau, pin_today):
    pin_today(date(2026, 9, 28))
    app, _ = application_services.register(actor=people["office"], unit=bureau["city"], data=PERSON, channel="letter",
                                           submitted_at=at(date(2026, 9, 25)))
    assert app.status == ApplicationStatus.AWAITING_CONFIRMATION
    with pytest.raises(ValidationError, match="只有办理中的申请"):
        services.convert_from_application(actor=people["office"], app=app, kind="director")
    assert not Letter.objects.exists()


# --- Audit -----------------------------------------------------------------------------------

def test_every_action_is_audited_with_a_label(write, people, bureau):
    letter, _ = write()
    services.assign(actor=people["office"], letter=letter, unit=bureau["station"])
    services.add_note(actor=people["station"], letter=letter, text="已电话联系来信人")
    services.reply(actor=people["station"], letter=letter, text=REPLY)
    services.approve_reply(actor=people["office"], letter=letter)
    services.rate(letter=letter, value="satisfied")
    services.publish(actor=people["office"], letter=letter, subject="红绿灯", content="路口红绿灯时间太短。", reply=REPLY)
    services.close(actor=people["office"], letter=letter)
    actions = list(AuditEvent.objects.filter(object_type="interaction.letter").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["letter.submit", "letter.assign", "letter.add_note", "letter.reply", "letter.approve_reply",
                       "letter.rate", "letter.publish", "letter.close"]
    assert all(a in audit.ACTION_LABELS for a in actions)
    assert audit.verify().ok
