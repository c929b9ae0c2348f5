"""What the demo plan is made of: an `Item` (one publication and what happens to it), its fates,
the disclosure bodies with their publishing units and reviewers, and the date and text helpers
every kind of item uses. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import ReviewStep

UR, CONF, SIGN = ReviewStep.UNIT_REVIEW.value, ReviewStep.CONFIDENTIALITY.value, ReviewStep.SIGN_OFF.value

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"
# Publishing units per disclosure body (the kernel's; --scale adds stations under the branches).
CITY_UNITS = ["350400", "35040001", "35040002", "35040003", "35040004", "35040005", "35040006", "35040007",
              "3504000701", "350400070101", "3504000702"]
SANYUAN_UNITS = ["350404", "35040401", "3504040101", "35040402", "35040403", "35040404"]
SHAXIAN_UNITS = ["350405", "35040501", "3504050101", "35040502"]
TRAFFIC_UNITS = {"35040007", "3504000701", "350400070101", "3504000702", "35040404"}

# Who acts on each step, per disclosure body: a different person each.
REVIEWERS = {
    CITY: {UR: "shencha_sj", CONF: "baomi_sj", SIGN: "qianfa_sj"},
    SANYUAN: {UR: "shencha", CONF: "baomi", SIGN: "qianfa"},
    SHAXIAN: {UR: "shencha_sx", CONF: "baomi_sx", SIGN: "qianfa_sx"},
}
# Who withdraws and corrects (政务公开办 or the body's signing leader).
MANAGERS = {CITY: "gongkaiban", SANYUAN: "qianfa", SHAXIAN: "gongkaiban"}

# What happens to an item.
PUBLISHED = "published"
DRAFT = "draft"
REVIEW = "review"            # waits at `step`
RETURNED = "returned"        # returned at `step` with `note`
RESUBMITTED = "resubmitted"  # returned once, revised, published
WITHDRAWN = "withdrawn"      # published, withdrawn `after_days` later with `note`
CORRECTED = "corrected"      # published, corrected `after_days` later with `note` and `changes`
ACKNOWLEDGED = "acknowledged"  # scanner findings confirmed as publishable by the reviewer, published
REDACTED = "redacted"        # scanner findings blacked out by the reviewer, published
NOT_PUBLIC = "not_public"
REEVAL_KEEP = "reeval_keep"  # not public, reviewed once and kept
REEVAL_OPEN = "reeval_open"  # not public, reviewed and opened, then published


@dataclass
class Item:
    unit: str
    topic: str
    title: str
    created_on: date
    genre: str = ""
    summary: str = ""
    body: str = ""
    keywords: str = ""
    number: str = ""
    channels: tuple[str, ...] = ("website",)
    fields: dict = field(default_factory=dict)
    attachment: tuple | None = None  # ("pdf", name, title, paragraphs) | ("xlsx", name, sheets)
    fate: str = PUBLISHED
    step: str = ""
    note: str = ""
    changes: dict = field(default_factory=dict)
    after_days: int = 0
    lag: int = 2  # working days from created_on to publication
    interprets: Item | None = None
    published_on: date | None = None  # set by the planner for published items


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def joined(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def abstract(text: str, length: int = 60) -> str:
    first = text.split("\n")[0]
    return first if len(first) <= length else first[:length] + "……"
