"""The ways a letter comes in: written on the portal or sent through the public API, or entered
by staff from another channel."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import clock
from gongkai.core.access import require
from gongkai.core.models import DisclosureBody, User

from ..models import Letter, LetterChannel
from ..workflow import HANDLE
from .case import new_letter, save_step
from .writer import clean_letter


@transaction.atomic
def submit_online(*, body: DisclosureBody, data: dict, now: datetime | None = None) -> tuple[Letter, str]:
    """A letter written on the portal or sent through the public API."""
    letter, code = new_letter(body, clean_letter(data), LetterChannel.WEBSITE, now or clock.now())
    save_step(letter, actor=None, action="letter.submit", before=None,
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
    letter, code = new_letter(body, clean, channel, received_at, entered_by=actor)
    save_step(letter, actor=actor, action="letter.register", before=None,
              event=("received", letter.received_on, f"登记{letter.get_channel_display()}来信（{letter.get_kind_display()}）"))
    return letter, code
