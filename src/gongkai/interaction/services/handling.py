"""Handling a letter: its assignment, the unit's reply and the office's review of it
(GONGKAI_LETTER_REVIEW), closing, notes, and the writer's rating of the reply."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock
from gongkai.core.access import can
from gongkai.core.models import Unit, User
from gongkai.core.services import lock
from gongkai.core.text import clean_text

from .. import workflow
from ..models import ANSWERED_STATUSES, Letter, LetterNote, Satisfaction, Status
from ..workflow import HANDLE, is_office
from .case import AUDITED, add_event, save_step
from .writer import REPLY_MIN


@transaction.atomic
def assign(*, actor: User, letter: Letter, unit: Unit, handler: User | None = None) -> Letter:
    lock(letter)
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
    save_step(letter, actor=actor, action="letter.assign", before=before,
              event=("assigned", clock.today(), f"分办至{unit.name}" + (f"，承办人{handler.display_name}" if handler else "")))
    return letter


def _release(letter: Letter, actor, text: str) -> None:
    """The reply reaches the writer: from now on the tracking page shows it."""
    letter.status, letter.replied_on = Status.REPLIED, clock.today()
    letter.save()
    add_event(letter, "replied", clock.today(), text, actor)


@transaction.atomic
def reply(*, actor: User, letter: Letter, text: str) -> Letter:
    """The unit's reply. With GONGKAI_LETTER_REVIEW it waits for the office; a reply the office
    writes itself needs no second look and goes out at once."""
    lock(letter)
    workflow.check("reply", letter, actor=actor)
    office = is_office(actor)
    text = clean_text(text)
    if len(text) < REPLY_MIN:
        raise ValidationError({"text": f"请填写答复内容（至少{REPLY_MIN}个字）"})
    before = audit.snapshot(letter, AUDITED)
    letter.reply_text, letter.replied_by, letter.drafted_on = text, actor, clock.today()
    if settings.GONGKAI_LETTER_REVIEW and not office:
        letter.status = Status.REVIEW
        letter.save()
        add_event(letter, "drafted", clock.today(), "拟定答复，报政务公开办审核", actor)
    else:
        letter.reviewed_by = actor if settings.GONGKAI_LETTER_REVIEW else None
        _release(letter, actor, "答复来信人")
    audit.record(action="letter.reply", actor=actor, obj=letter, before=before,
                 after=audit.snapshot(letter, AUDITED), unit=letter.unit)
    return letter


@transaction.atomic
def approve_reply(*, actor: User, letter: Letter) -> Letter:
    lock(letter)
    workflow.check("approve_reply", letter, actor=actor)
    before = audit.snapshot(letter, AUDITED)
    letter.reviewed_by = actor
    _release(letter, actor, "答复审核通过，答复来信人")
    audit.record(action="letter.approve_reply", actor=actor, obj=letter, before=before,
                 after=audit.snapshot(letter, AUDITED), unit=letter.unit)
    return letter


@transaction.atomic
def return_reply(*, actor: User, letter: Letter, comment: str) -> Letter:
    lock(letter)
    workflow.check("return_reply", letter, actor=actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "请写明退回意见"})
    before = audit.snapshot(letter, AUDITED)
    letter.status = Status.PROCESSING
    LetterNote.objects.create(letter=letter, author=actor, text=f"【审核退回】{comment}")
    save_step(letter, actor=actor, action="letter.return_reply", before=before,
              event=("returned", clock.today(), "答复被退回修改"))
    return letter


@transaction.atomic
def close(*, actor: User, letter: Letter, note: str = "") -> Letter:
    """办结: the office closes a letter once its reply has gone out."""
    lock(letter)
    workflow.check("close", letter, actor=actor)
    before = audit.snapshot(letter, AUDITED)
    letter.status, letter.closed_on, letter.close_note = Status.CLOSED, clock.today(), (note or "").strip()[:200]
    save_step(letter, actor=actor, action="letter.close", before=before,
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
    lock(letter)
    if letter.status not in ANSWERED_STATUSES:
        raise ValidationError("来信答复后才能评价")
    if letter.satisfaction:
        raise ValidationError("您已评价过本次答复")
    if value not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择满意程度"})
    letter.satisfaction, letter.satisfaction_comment = value, (comment or "").strip()[:500]
    letter.rated_at = clock.now()
    letter.save(update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"])
    add_event(letter, "rated", timezone.localdate(letter.rated_at), f"来信人评价：{letter.get_satisfaction_display()}")
    audit.record(action="letter.rate", obj=letter, after={"satisfaction": value}, unit=letter.unit)
    return letter
