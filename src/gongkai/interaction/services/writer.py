"""What a writer sends and how they find their letter again: the checks of a letter, the same
for the portal, the staff entry form and the API, and the letter's query code. No writes."""

import re

from django.core.exceptions import ValidationError

from gongkai.core import identity, querycodes
from gongkai.core.text import clean_text

from ..models import NAME_OPTIONAL, Kind, Letter, LetterTopic

SUBJECT_MAX, CONTENT_MIN, CONTENT_MAX, REPLY_MIN = 100, 5, 5000, 5


# --- Query codes ------------------------------------------------------------------------------

LETTER_SCOPE = "letter:"  # keeps letters' codes apart from applications'


new_query_code = querycodes.new


def hash_code(code: str) -> str:
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
