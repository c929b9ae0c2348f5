"""A letter and its reply published as a public Q&A, in a text the office may edit: refused while
the scanner or the writer's own details find personal data in it; and withdrawn again."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, clock, scanner
from gongkai.core.models import User
from gongkai.core.services import lock
from gongkai.core.text import clean_text
from gongkai.search import changes as search

from .. import workflow
from ..models import Letter
from .case import add_event
from .writer import SUBJECT_MAX

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
    lock(letter)
    workflow.check("publish", letter, actor=actor)
    subject, content, reply = clean_text(subject), clean_text(content), clean_text(reply)
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
    add_event(letter, "published", timezone.localdate(letter.published_at), "作为问答在门户网站公开", actor)
    audit.record(action="letter.publish", actor=actor, obj=letter, before=before,
                 after={"published": True, "public_subject": subject, "public_content": content,
                        "public_reply": reply}, unit=letter.unit)
    search.changed(search.Kind.QA, letter.pk)
    return letter


@transaction.atomic
def unpublish(*, actor: User, letter: Letter, reason: str) -> Letter:
    lock(letter)
    workflow.check("unpublish", letter, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明撤回理由"})
    letter.published = False
    letter.save(update_fields=["published", "updated_at"])
    add_event(letter, "unpublished", clock.today(), f"撤回公开：{reason}", actor)
    audit.record(action="letter.unpublish", actor=actor, obj=letter, before={"published": True},
                 after={"published": False, "reason": reason}, unit=letter.unit)
    search.changed(search.Kind.QA, letter.pk)
    return letter
