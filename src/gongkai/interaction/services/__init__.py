"""Every write of the mailbox, one module per room: `intake` (the ways a letter comes in),
`handling` (assignment, the reply and its review, closing, notes, the writer's rating), `qa`
(publishing a letter with its reply as a public Q&A), `conversions` (Art. 39 both ways) and
`topics` (the office's list of topics), over `writer` (the checks of a letter and its query
code) and `case` (lock, timeline and audit row of every step; the reply clock). One function per
thing a person does; each checks the permission, runs in one transaction, writes one audit event
and one timeline entry. Callers say `services.reply(...)`: the services are named here.

Who does what: a citizen writes (portal, API) and rates the reply; staff who handle a unit
(`interaction.handle` reaching it) enter letters from other channels, reply and add notes; the
disclosure office — `interaction.handle` on every unit, the office role — assigns letters, reviews
replies (GONGKAI_LETTER_REVIEW), closes them and publishes a letter with its reply as a public
Q&A when the writer consented and the scanner finds no personal data in the public text.

Art. 39 works both ways here: a letter that asks for government information becomes a disclosure
application (`convert_to_application`), an application that is a petition or complaint becomes a
letter (`convert_from_application`); each side keeps a link and a timeline entry."""

from ..workflow import HANDLE
from .case import AUDIT_LABELS, AUDITED, recompute_letter_deadlines
from .conversions import (
    FROM_APPLICATION_KINDS,
    TO_APPLICATION_NOTE,
    convert_from_application,
    convert_to_application,
)
from .handling import add_note, approve_reply, assign, close, rate, reply, return_reply
from .intake import register, submit_online
from .qa import FINDING_LABELS, PARTS, PersonalDataFound, PublicFinding, public_findings, publish, unpublish
from .topics import save_topic
from .writer import (
    CONTENT_MAX,
    CONTENT_MIN,
    LETTER_SCOPE,
    REPLY_MIN,
    SUBJECT_MAX,
    check_query_code,
    clean_letter,
    new_query_code,
)

__all__ = [
    "AUDITED", "AUDIT_LABELS", "CONTENT_MAX", "CONTENT_MIN", "FINDING_LABELS", "FROM_APPLICATION_KINDS", "HANDLE",
    "LETTER_SCOPE", "PARTS", "REPLY_MIN", "SUBJECT_MAX", "TO_APPLICATION_NOTE", "PersonalDataFound",
    "PublicFinding", "add_note", "approve_reply", "assign", "check_query_code", "clean_letter", "close",
    "convert_from_application", "convert_to_application", "new_query_code", "public_findings", "publish", "rate",
    "recompute_letter_deadlines", "register", "reply", "return_reply", "save_topic", "submit_online", "unpublish",
]
