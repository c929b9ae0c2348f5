"""Every write of the mailbox. One function per thing a person does; each checks the permission,
runs in one transaction, writes one audit event and one timeline entry.

Who does what: a citizen writes (portal, API) and rates the reply; staff who handle a unit
(`interaction.handle` reaching it) enter letters from other channels, reply and add notes; the
disclosure office — `interaction.handle` on every unit, the office role — assigns letters, reviews
replies (GONGKAI_LETTER_REVIEW), closes them and publishes a letter with its reply as a public
Q&A when the writer consented and the scanner finds no personal data in the public text.

Art. 39 works both ways here: a letter that asks for government information becomes a disclosure
application (`convert_to_application`), an application that is a petition or complaint becomes a
letter (`convert_from_application`); each side keeps a link and a timeline entry."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock, identity, querycodes, scanner, vocabulary
from gongkai.core.access import can, require
from gongkai.core.calendar import get_calendar
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.services import next_sequence_value
from gongkai.core.text import clean_text
from gongkai.search import changes as search

from . import workflow
from .models import (
    ANSWERED_STATUSES,
    NAME_OPTIONAL,
    OPEN_STATUSES,
    Kind,
    Letter,
    LetterChannel,
    LetterEvent,
    LetterNote,
    LetterTopic,
    Satisfaction,
    Status,
)
from .workflow import HANDLE, is_office

AUDITED = ["status", "unit", "handler", "kind", "topic", "due_on", "due_provisional", "assigned_on", "replied_on",
           "closed_on", "reviewed_by", "replied_by", "satisfaction", "published", "converted_to",
           "source_application"]

# The audit actions that are not steps of `workflow` (a step's is `letter.<step name>`).
AUDIT_LABELS = {
    "letter.submit": "网上来信",
    "letter.register": "登记来信",
    "letter.rate": "来信人评价",
    "letter.from_application": "政府信息公开申请转为来信",
    "letter_topic.save": "维护来信分类",
}

SUBJECT_MAX, CONTENT_MIN, CONTENT_MAX, REPLY_MIN = 100, 5, 5000, 5


# --- Query codes ------------------------------------------------------------------------------

LETTER_SCOPE = "letter:"  # keeps letters' codes apart from applications'


new_query_code = querycodes.new


def _hash_code(code: str) -> str:
    return querycodes.digest(code, LETTER_SCOPE)


def check_query_code(letter: Letter, code: str) -> bool:
    return querycodes.matches(letter.query_code_hash, code, LETTER_SCOPE)


# --- Checking what a writer sends --------------------------------------------------------------

def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes"}
    return bool(value)


def _topic(value) -> LetterTopic | None:
    if isinstance(value, LetterTopic):
        return value if value.is_active else None
    if value in (None, ""):
        return None
    topics = LetterTopic.objects.filter(is_active=True)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return topics.filter(pk=int(value)).first()
    return topics.filter(code=str(value)).first()


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Control characters (other than line breaks and tabs) have no business in a letter and break
# documents and exports downstream.
_text = clean_text


def clean_letter(data: dict) -> dict:
    """Check a letter; every problem at once, in Chinese, per field. The same words for the
    portal form, the staff entry form and the API."""
    errors: dict[str, str] = {}
    kind = _text(data.get("kind"))
    if kind not in Kind.values:
        errors["kind"] = "请选择来信类型"
    topic = _topic(data.get("topic"))
    if topic is None:
        errors["topic"] = "请选择来信分类"
    subject = _text(data.get("subject"))
    if not subject:
        errors["subject"] = "请填写来信标题"
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"标题不能超过{SUBJECT_MAX}个字"
    content = _text(data.get("content"))
    if len(content) < CONTENT_MIN:
        errors["content"] = f"请写明来信内容（至少{CONTENT_MIN}个字）"
    elif len(content) > CONTENT_MAX:
        errors["content"] = f"来信内容不能超过{CONTENT_MAX}个字"
    name = _text(data.get("writer_name"))
    if len(name) > 100:
        errors["writer_name"] = "姓名不能超过100个字"
    elif not name and kind in Kind.values and kind not in NAME_OPTIONAL:
        errors["writer_name"] = f"{Kind(kind).label}须填写真实姓名（只有咨询和建议可以不署名）"
    phone = _text(data.get("phone"))
    if phone:
        try:
            phone = identity.check_phone(phone)
        except ValueError as exc:
            errors["phone"] = str(exc)
    email = _text(data.get("email"))
    if email and (len(email) > 254 or not _EMAIL_RE.match(email)):
        errors["email"] = "电子邮箱格式不正确"
    wants_reply = _bool(data.get("wants_reply", True))
    if wants_reply and not phone and not email and "phone" not in errors and "email" not in errors:
        errors["phone"] = "需要答复的，请至少填写联系电话或电子邮箱中的一项"
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "topic": topic, "subject": subject, "content": content, "writer_name": name,
            "phone": phone, "email": email, "wants_reply": wants_reply,
            "consent_publish": _bool(data.get("consent_publish", False))}


# --- Topics ------------------------------------------------------------------------------------

def save_topic(*, actor: User, topic: LetterTopic | None, code: str, name: str, sort_order: int = 0,
               is_active: bool = True) -> LetterTopic:
    """The office keeps the list of letter topics. A topic in use is deactivated, never deleted:
    old letters and the statistics keep their topic."""
    _require_office(actor, "维护来信分类")
    return vocabulary.save_term(actor=actor, model=LetterTopic, term=topic, code=code, name=name, sort_order=sort_order,
                                action="letter_topic.save", is_active=is_active)


# --- Deadlines ---------------------------------------------------------------------------------

def _set_due(letter: Letter) -> None:
    """GONGKAI_LETTER_REPLY_DAYS working days after the day of receipt (which is not counted),
    in the receiving body's calendar."""
    due = get_calendar(letter.body.region).add_working_days(letter.received_on, settings.GONGKAI_LETTER_REPLY_DAYS)
    letter.due_on, letter.due_provisional = due.date, due.provisional


def recompute_letter_deadlines() -> int:
    changed = 0
    for letter in Letter.objects.filter(status__in=OPEN_STATUSES).select_related("body"):
        old = (letter.due_on, letter.due_provisional)
        _set_due(letter)
        if (letter.due_on, letter.due_provisional) != old:
            Letter.objects.filter(pk=letter.pk).update(due_on=letter.due_on, due_provisional=letter.due_provisional)
            changed += 1
    return changed


# --- Shared steps ------------------------------------------------------------------------------

def _lock(letter: Letter) -> None:
    """Re-read the letter under a row lock before checking its state: two steps at once (a double
    click, the API beside a page) see each other's result instead of both passing the check."""
    list(Letter.objects.select_for_update().filter(pk=letter.pk).values_list("pk", flat=True))
    letter.refresh_from_db()


def _require_office(actor: User, what: str) -> None:
    if not is_office(actor):
        raise PermissionDenied(f"只有政务公开办可以{what}")


def _event(letter: Letter, kind: str, on: date, text: str, actor=None) -> None:
    LetterEvent.objects.create(letter=letter, kind=kind, on=on, text=text[:300],
                               actor=actor if getattr(actor, "pk", None) else None)


def _save(letter: Letter, *, actor, action: str, before: dict | None, event: tuple[str, date, str],
          extra: dict | None = None) -> None:
    letter.save()
    _event(letter, *event, actor=actor)
    audit.record(action=action, actor=actor, obj=letter, before=before,
                 after={**audit.snapshot(letter, AUDITED), **(extra or {})}, unit=letter.unit)


def _new(body: DisclosureBody, clean: dict, channel: str, received_at: datetime, entered_by=None
         ) -> tuple[Letter, str]:
    local = timezone.localtime(received_at)
    serial = next_sequence_value(body=body, name="letter", year=local.year)
    code = new_query_code()
    letter = Letter(body=body, unit=body.unit, channel=channel, received_at=received_at, received_on=local.date(),
                    tracking_number=f"XX{body.unit.code}-{local.year}-{serial:04d}",
                    query_code_hash=_hash_code(code), entered_by=entered_by, **clean)
    _set_due(letter)
    return letter, code


# --- Intake ------------------------------------------------------------------------------------

@transaction.atomic
def submit_online(*, body: DisclosureBody, data: dict, now: datetime | None = None) -> tuple[Letter, str]:
    """A letter written on the portal or sent through the public API."""
    letter, code = _new(body, clean_letter(data), LetterChannel.WEBSITE, now or clock.now())
    _save(letter, actor=None, action="letter.submit", before=None,
          event=("received", letter.received_on, f"网站来信（{letter.get_kind_display()}）"))
    return letter, code


@transaction.atomic
def register(*, actor: User, body: DisclosureBody, data: dict, channel: str, received_at: datetime
             ) -> tuple[Letter, str]:
    """Staff enter a letter from another channel: Weibo, WeChat, QQ, phone, a visit, the 12345
    hotline or a higher office."""
    require(actor, HANDLE, body.unit)
    errors: dict[str, str] = {}
    if channel not in LetterChannel.values or channel == LetterChannel.WEBSITE:
        errors["channel"] = "请选择来信渠道（网站来信由来信人在门户网站提交）"
    # Letters forwarded late are common, but not from before last year: an older date is a typo
    # (and would open a numbering sequence for that year). Compare dates first: a year-1 time
    # cannot even be converted to UTC.
    earliest = date(clock.today().year - 1, 1, 1)
    if received_at.date() < earliest:
        errors["received_at"] = f"收信时间不正确：只能登记{earliest.year}年1月1日以后收到的来信"
    elif received_at > clock.now() + timedelta(minutes=5):
        errors["received_at"] = "收信时间不能晚于现在"
    try:
        clean = clean_letter(data)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    letter, code = _new(body, clean, channel, received_at, entered_by=actor)
    _save(letter, actor=actor, action="letter.register", before=None,
          event=("received", letter.received_on, f"登记{letter.get_channel_display()}来信（{letter.get_kind_display()}）"))
    return letter, code


# --- Handling ----------------------------------------------------------------------------------

@transaction.atomic
def assign(*, actor: User, letter: Letter, unit: Unit, handler: User | None = None) -> Letter:
    _lock(letter)
    workflow.check("assign", letter, actor=actor)
    if not unit.is_active:
        raise ValidationError({"unit": "该单位已停用"})
    if not letter.body.unit.contains(unit):
        raise ValidationError({"unit": f"只能分办给{letter.body.unit.name}及其下属单位"})
    if handler is not None and not can(handler, HANDLE, unit):
        raise ValidationError({"handler": f"{handler.display_name} 没有办理 {unit.name} 来信的权限"})
    before = audit.snapshot(letter, AUDITED)
    letter.unit, letter.handler = unit, handler
    letter.status, letter.assigned_on = Status.PROCESSING, clock.today()
    _save(letter, actor=actor, action="letter.assign", before=before,
          event=("assigned", clock.today(), f"分办至{unit.name}" + (f"，承办人{handler.display_name}" if handler else "")))
    return letter


def _release(letter: Letter, actor, text: str) -> None:
    """The reply reaches the writer: from now on the tracking page shows it."""
    letter.status, letter.replied_on = Status.REPLIED, clock.today()
    letter.save()
    _event(letter, "replied", clock.today(), text, actor)


@transaction.atomic
def reply(*, actor: User, letter: Letter, text: str) -> Letter:
    """The unit's reply. With GONGKAI_LETTER_REVIEW it waits for the office; a reply the office
    writes itself needs no second look and goes out at once."""
    _lock(letter)
    workflow.check("reply", letter, actor=actor)
    office = is_office(actor)
    text = _text(text)
    if len(text) < REPLY_MIN:
        raise ValidationError({"text": f"请填写答复内容（至少{REPLY_MIN}个字）"})
    before = audit.snapshot(letter, AUDITED)
    letter.reply_text, letter.replied_by, letter.drafted_on = text, actor, clock.today()
    if settings.GONGKAI_LETTER_REVIEW and not office:
        letter.status = Status.REVIEW
        letter.save()
        _event(letter, "drafted", clock.today(), "拟定答复，报政务公开办审核", actor)
    else:
        letter.reviewed_by = actor if settings.GONGKAI_LETTER_REVIEW else None
        _release(letter, actor, "答复来信人")
    audit.record(action="letter.reply", actor=actor, obj=letter, before=before,
                 after=audit.snapshot(letter, AUDITED), unit=letter.unit)
    return letter


@transaction.atomic
def approve_reply(*, actor: User, letter: Letter) -> Letter:
    _lock(letter)
    workflow.check("approve_reply", letter, actor=actor)
    before = audit.snapshot(letter, AUDITED)
    letter.reviewed_by = actor
    _release(letter, actor, "答复审核通过，答复来信人")
    audit.record(action="letter.approve_reply", actor=actor, obj=letter, before=before,
                 after=audit.snapshot(letter, AUDITED), unit=letter.unit)
    return letter


@transaction.atomic
def return_reply(*, actor: User, letter: Letter, comment: str) -> Letter:
    _lock(letter)
    workflow.check("return_reply", letter, actor=actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "请写明退回意见"})
    before = audit.snapshot(letter, AUDITED)
    letter.status = Status.PROCESSING
    LetterNote.objects.create(letter=letter, author=actor, text=f"【审核退回】{comment}")
    _save(letter, actor=actor, action="letter.return_reply", before=before,
          event=("returned", clock.today(), "答复被退回修改"))
    return letter


@transaction.atomic
def close(*, actor: User, letter: Letter, note: str = "") -> Letter:
    """办结: the office closes a letter once its reply has gone out."""
    _lock(letter)
    workflow.check("close", letter, actor=actor)
    before = audit.snapshot(letter, AUDITED)
    letter.status, letter.closed_on, letter.close_note = Status.CLOSED, clock.today(), (note or "").strip()[:200]
    _save(letter, actor=actor, action="letter.close", before=before,
          event=("closed", clock.today(), "办结" + (f"：{letter.close_note}" if letter.close_note else "")))
    return letter


@transaction.atomic
def add_note(*, actor: User, letter: Letter, text: str) -> LetterNote:
    workflow.check("add_note", letter, actor=actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写备注内容"})
    note = LetterNote.objects.create(letter=letter, author=actor, text=text)
    audit.record(action="letter.add_note", actor=actor, obj=letter, after={"note": note.pk}, unit=letter.unit)
    return note


@transaction.atomic
def rate(*, letter: Letter, value: str, comment: str = "") -> Letter:
    """The writer's rating of the reply (回访): once, after the reply has reached them."""
    _lock(letter)
    if letter.status not in ANSWERED_STATUSES:
        raise ValidationError("来信答复后才能评价")
    if letter.satisfaction:
        raise ValidationError("您已评价过本次答复")
    if value not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择满意程度"})
    letter.satisfaction, letter.satisfaction_comment = value, (comment or "").strip()[:500]
    letter.rated_at = clock.now()
    letter.save(update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"])
    _event(letter, "rated", timezone.localdate(letter.rated_at), f"来信人评价：{letter.get_satisfaction_display()}")
    audit.record(action="letter.rate", obj=letter, after={"satisfaction": value}, unit=letter.unit)
    return letter


# --- The public Q&A ----------------------------------------------------------------------------

FINDING_LABELS = {**scanner.KIND_LABELS, "email": "电子邮箱", "writer": "来信人信息"}
PARTS = {"subject": "标题", "content": "来信内容", "reply": "答复内容"}
_ANY_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class PublicFinding:
    part: str     # subject | content | reply
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return FINDING_LABELS.get(self.kind, self.kind)

    @property
    def part_label(self) -> str:
        return PARTS[self.part]


class PersonalDataFound(ValidationError):
    """Publication refused: the public text still holds personal data; `findings` says where."""

    def __init__(self, findings: list[PublicFinding]):
        self.findings = findings
        listed = "、".join(f"{f.part_label}中的{f.label}“{f.text}”" for f in findings[:10])
        more = f"等{len(findings)}处" if len(findings) > 10 else ""
        super().__init__(f"公开文本中仍有个人信息：{listed}{more}。请修改公开文本后再公开。")


def _phone_pattern(phone: str) -> str:
    """The writer's phone as people write it: digits with any spaces, dashes or brackets between
    them, with or without +86, and a landline also without its area code (the stored form is
    normalised, e.g. 05988250160, and the scanner leaves landlines alone by design)."""
    digits = re.sub(r"\D", "", phone)

    def spaced(ds: str) -> str:
        return r"[\s\-()（）]*".join(ds)

    forms = [spaced(digits)]
    if digits.startswith("0"):
        area = 3 if digits[1] in "12" else 4  # 010 and 02x are three digits, the rest four
        forms.append(spaced(digits[area:]))
    body = "|".join(f"(?:{f})" for f in forms)
    return rf"(?<!\d)(?:\+?86[\s\-]*)?(?:{body})(?!\d)"


def public_findings(letter: Letter, *, subject: str, content: str, reply: str) -> list[PublicFinding]:
    """What the scanner (core.scanner) finds in the text about to be published, plus the
    writer's own name, phone and e-mail and any e-mail address, wherever they appear."""
    own = [re.escape(v) for v in (letter.writer_name, letter.email) if v and len(v) >= 2]
    if letter.phone:
        own.append(_phone_pattern(letter.phone))
    found: list[PublicFinding] = []
    for part, text in (("subject", subject), ("content", content), ("reply", reply)):
        spans = [(f.start, f.end, f.kind) for f in scanner.scan(text, today=clock.today())]
        spans += [(m.start(), m.end(), "email") for m in _ANY_EMAIL_RE.finditer(text)]
        for pattern in own:
            spans += [(m.start(), m.end(), "writer") for m in re.finditer(pattern, text)]
        end = -1
        for start, stop, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
            if start >= end:  # overlapping spans: the first and longest is reported
                found.append(PublicFinding(part, kind, start, stop, text[start:stop]))
                end = stop
    return found


@transaction.atomic
def publish(*, actor: User, letter: Letter, subject: str, content: str, reply: str) -> Letter:
    """Publish the letter and its reply as a public Q&A, in the text given (edited by the office
    where needed; the original stays private). Refused without the writer's consent, before the
    reply has gone out, or while the public text holds personal data."""
    _lock(letter)
    workflow.check("publish", letter, actor=actor)
    subject, content, reply = _text(subject), _text(content), _text(reply)
    errors = {}
    if not subject or len(subject) > SUBJECT_MAX:
        errors["public_subject"] = f"请填写公开标题（不超过{SUBJECT_MAX}个字）"
    if not content:
        errors["public_content"] = "请填写公开的来信内容"
    if not reply:
        errors["public_reply"] = "请填写公开的答复内容"
    if errors:
        raise ValidationError(errors)
    findings = public_findings(letter, subject=subject, content=content, reply=reply)
    if findings:
        raise PersonalDataFound(findings)
    before = {"published": letter.published, "public_subject": letter.public_subject,
              "public_content": letter.public_content, "public_reply": letter.public_reply}
    letter.public_subject, letter.public_content, letter.public_reply = subject, content, reply
    letter.published, letter.published_at, letter.published_by = True, clock.now(), actor
    letter.save()
    _event(letter, "published", timezone.localdate(letter.published_at), "作为问答在门户网站公开", actor)
    audit.record(action="letter.publish", actor=actor, obj=letter, before=before,
                 after={"published": True, "public_subject": subject, "public_content": content,
                        "public_reply": reply}, unit=letter.unit)
    search.changed(search.Kind.QA, letter.pk)
    return letter


@transaction.atomic
def unpublish(*, actor: User, letter: Letter, reason: str) -> Letter:
    _lock(letter)
    workflow.check("unpublish", letter, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明撤回理由"})
    letter.published = False
    letter.save(update_fields=["published", "updated_at"])
    _event(letter, "unpublished", clock.today(), f"撤回公开：{reason}", actor)
    audit.record(action="letter.unpublish", actor=actor, obj=letter, before={"published": True},
                 after={"published": False, "reason": reason}, unit=letter.unit)
    search.changed(search.Kind.QA, letter.pk)
    return letter


# --- Art. 39 conversions -----------------------------------------------------------------------

TO_APPLICATION_NOTE = "已转为政府信息公开申请"


@transaction.atomic
def convert_to_application(*, actor: User, letter: Letter, unit: Unit, data: dict):
    """A letter that really asks for government information becomes a disclosure application,
    registered through `applications.services.register` (channel 其他; submitted when the letter
    was received, received on the letter's day, so the 20 working days count from there). The
    letter closes with a reply that names the application; both keep a link and a timeline entry.
    Returns (application, query code); the code is shown once to staff to pass on."""
    _lock(letter)
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
    _save(letter, actor=actor, action="letter.convert_to_application", before=before,
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
    content = _text(app.description)
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
    letter, code = _new(app.body, clean, LetterChannel.OTHER, clock.now(), entered_by=actor)
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
    _save(letter, actor=actor, action="letter.from_application", before=None,
          event=("from_application", letter.received_on,
                 f"由政府信息公开申请{app.tracking_number}转来（不作为政府信息公开申请处理，条例第三十九条第一款）"),
          extra={"application": app.tracking_number})
    return letter, code
