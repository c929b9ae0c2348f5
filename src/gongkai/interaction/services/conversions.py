"""Art. 39 both ways: a letter that asks for government information becomes a disclosure
application, an application that is a petition or complaint becomes a letter; each side keeps a
link and a timeline entry."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.access import require
from gongkai.core.models import Unit, User
from gongkai.core.services import lock
from gongkai.core.text import clean_text

from .. import workflow
from ..models import Kind, Letter, LetterChannel, LetterTopic, Status
from ..workflow import HANDLE
from .case import AUDITED, new_letter, save_step
from .writer import CONTENT_MAX, CONTENT_MIN, clean_letter

TO_APPLICATION_NOTE = "已转为政府信息公开申请"


@transaction.atomic
def convert_to_application(*, actor: User, letter: Letter, unit: Unit, data: dict):
    """A letter that really asks for government information becomes a disclosure application,
    registered through `applications.services.register` (channel 其他; submitted when the letter
    was received, received on the letter's day, so the 20 working days count from there). The
    letter closes with a reply that names the application; both keep a link and a timeline entry.
    Returns (application, query code); the code is shown once to staff to pass on."""
    lock(letter)
    from gongkai.applications import services as application_services
    from gongkai.applications.models import ApplicationChannel

    workflow.check("convert_to_application", letter, actor=actor)
    app, code = application_services.register(
        actor=actor, unit=unit, data=data, channel=ApplicationChannel.OTHER, submitted_at=letter.received_at,
        received_on=letter.received_on)
    # The application's side of the history, beside the events its own service wrote.
    application_services.record_conversion(
        actor=actor, app=app, kind="from_letter",
        text=f"由来信{letter.tracking_number}（{letter.get_kind_display()}）转为政府信息公开申请（《政府信息公开条例》第三十九条）")
    before = audit.snapshot(letter, AUDITED)
    letter.converted_to = app
    letter.reply_text = (f"您的来信所提事项属于申请获取政府信息，本机关已依照《中华人民共和国政府信息公开条例》"
                         f"转为政府信息公开申请办理，受理编号{app.tracking_number}，将依法出具受理回执并作出答复。")
    letter.replied_by, letter.drafted_on = actor, clock.today()
    letter.status, letter.replied_on, letter.closed_on = Status.CLOSED, clock.today(), clock.today()
    letter.close_note = TO_APPLICATION_NOTE
    save_step(letter, actor=actor, action="letter.convert_to_application", before=before,
              event=("to_application", clock.today(), f"{TO_APPLICATION_NOTE}（受理编号{app.tracking_number}），办结"),
              extra={"application": app.tracking_number})
    return app, code


FROM_APPLICATION_KINDS = (Kind.COMPLAINT, Kind.DIRECTOR)


@transaction.atomic
def convert_from_application(*, actor: User, app, kind: str, topic: LetterTopic | None = None, subject: str = ""
                             ) -> tuple[Letter, str]:
    """An application that is really a petition, report or complaint (Art. 39 ¶1): it is closed
    with the 不作为政府信息公开申请处理告知书 (`applications.services.decide`, outcome "petition",
    answered on the spot) and becomes a letter carrying the applicant's contact and description.
    The notice tells the applicant the letter's number; the query code is shown once to the staff
    member, who passes it on."""
    from gongkai.applications import services as application_services

    require(actor, HANDLE, app.unit)
    if kind not in FROM_APPLICATION_KINDS:
        raise ValidationError({"kind": "请选择转为投诉或局长信箱来信"})
    if Letter.objects.filter(source_application=app).exists() or Letter.objects.filter(converted_to=app).exists():
        raise ValidationError("该申请已与来信关联，不能再转")
    topic = topic or LetterTopic.objects.filter(code="other").first()
    # The application's text is kept whole on the application; the letter carries what fits the
    # mailbox's limits, and points to the rest.
    content = clean_text(app.description)
    if len(content) > CONTENT_MAX:
        tail = f"……（全文见政府信息公开申请{app.tracking_number}）"
        content = content[:CONTENT_MAX - len(tail)] + tail
    if len(content) < CONTENT_MIN:
        content = f"申请内容：{content}"
    try:
        clean = clean_letter({
            "kind": kind, "topic": topic, "subject": subject or f"由政府信息公开申请{app.tracking_number}转来",
            "content": content, "writer_name": app.name, "phone": app.phone, "email": app.email,
            "wants_reply": True, "consent_publish": False})
    except ValidationError as exc:
        own = {"kind", "topic", "subject"}  # the fields of the conversion form; the rest come from the application
        errors = {k: v for k, v in exc.message_dict.items() if k in own}
        other = [m for k, v in exc.message_dict.items() if k not in own for m in v]
        if other:
            errors["__all__"] = ["申请人的信息不符合来信的要求，请先在申请中更正：" + "；".join(other)]
        raise ValidationError(errors) from None
    # The mailbox's clock starts when the letter reaches it.
    letter, code = new_letter(app.body, clean, LetterChannel.OTHER, clock.now(), entered_by=actor)
    letter.source_application = app
    letter.save()
    application_services.decide(
        actor=actor, app=app, outcome="petition", on_the_spot=True,
        reply_text="您提交的材料反映的是信访、投诉、举报类诉求，已转为局长信箱来信办理。",
        # The query code stays out of the notice and the case record: staff see it once and pass
        # it on, as for any letter they enter (the code is kept only as a keyed hash).
        reason_text=(f"来信编号{letter.tracking_number}。查询码由承办人员另行告知，"
                     "您可凭来信编号和查询码在本机关门户网站“互动交流”栏目查询办理情况。"))
    application_services.record_conversion(
        actor=actor, app=app, kind="to_letter",
        text=f"转为{letter.get_kind_display()}来信{letter.tracking_number}办理（《政府信息公开条例》第三十九条第一款）")
    save_step(letter, actor=actor, action="letter.from_application", before=None,
              event=("from_application", letter.received_on,
                     f"由政府信息公开申请{app.tracking_number}转来（不作为政府信息公开申请处理，条例第三十九条第一款）"),
              extra={"application": app.tracking_number})
    return letter, code
