"""Which regulation governs an application, and so its reply period and extension limit: the one
place this is decided (regulation.md §6). Pure: the caller passes the current regulation's days
(the settings), so the rule is tested without Django.

The 2008 regulation (国务院令第492号), Art. 24 ¶2: reply within 15 working days of receipt; an
extension, approved by the head of the disclosure office, of at most 15 working days.
The revised regulation (国务院令第711号), in force from 2019-05-15, Art. 33: 20 and 20 (the
defaults of GONGKAI_REPLY_DAYS and GONGKAI_EXTENSION_MAX_DAYS).

The key is the day the application was received (Art. 31 of 2019, the day its clock starts from):
one received before the revised regulation took effect was due, and judged, under the 2008 one.
Such cases reach the system mainly through imported ledgers (ledger.py)."""

from dataclasses import dataclass
from datetime import date

# The day the revised regulation (国务院令第711号) took effect; the 2008 one (国务院令第492号) governs
# applications received before it.
CUTOVER = date(2019, 5, 15)


@dataclass(frozen=True)
class Regime:
    key: str            # "2008" | "2019"
    title: str          # as named on pages and in messages
    decree: str
    article: str        # the article that sets the reply period and the extension
    reply_days: int     # working days from receipt
    extension_max: int  # working days an extension may add at most

    @property
    def legacy(self) -> bool:
        return self.key == "2008"

    @property
    def summary(self) -> str:
        return f"适用{self.title}：答复期限{self.reply_days}个工作日"

    @property
    def basis(self) -> str:
        """The article as cited in a message: 2008年《条例》第二十四条."""
        return f"{self.key}年《条例》{self.article}" if self.legacy else f"条例{self.article}"


REGULATION_2008 = Regime("2008", "2008年《政府信息公开条例》", "国务院令第492号", "第二十四条", 15, 15)


def governing(received_on: date | None, *, reply_days: int = 20, extension_max: int = 20) -> Regime:
    """The regulation governing an application received on `received_on` (None: not yet received,
    so the current one). `reply_days` and `extension_max` are the current regulation's (settings)."""
    if received_on is not None and received_on < CUTOVER:
        return REGULATION_2008
    return Regime("2019", "《政府信息公开条例》", "国务院令第711号", "第三十三条", reply_days, extension_max)


def of(received_on: date | None) -> Regime:
    """`governing` with the current regulation's days from the settings."""
    from django.conf import settings
    return governing(received_on, reply_days=settings.GONGKAI_REPLY_DAYS,
                     extension_max=settings.GONGKAI_EXTENSION_MAX_DAYS)
