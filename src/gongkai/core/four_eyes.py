"""四眼原则 (four eyes): who may take a step of a review chain. One rule for every chain: the
review of proactive disclosure, the approval of an application's reply and of its extension, the
review of a letter's reply and the review of a bulletin.

- The item's authors (who created it and everyone who submitted it) take no step of its chain:
  approving or returning one's own work is self-approval.
- Since the item was last submitted, one person takes at most one step; returning counts as a
  step. (The outside test saw one reviewer pass 单位审核 and then 保密审查 of one item a second
  apart.)
- A disclosure body with a single reviewer may allow one person to take several steps
  (`DisclosureBody.allow_same_reviewer`); the step is then recorded as such. The authors are
  refused even then.

`judge` is pure: the callers say who wrote the item and who took which step; `check` raises the
refusal as the services do."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

SAME_REVIEWER_LABEL = "同一人兼审（本单位仅一名审核人员）"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    same_reviewer: bool = False  # allowed only because the body lets one person take several steps
    reason: str = ""             # why not, in the words shown to the person


def judge(*, actor: int, authors: Iterable[int | None], taken: Iterable[tuple[str, int]],
          own: str, allow_same_reviewer: bool = False) -> Verdict:
    """May `actor` (a user id) take the current step?

    `authors`: the ids of who created and who submitted the item; `taken`: (step label, user id)
    of each step taken since the last submission, approvals and returns alike; `own`: what the
    author's refusal calls the item ("本人起草或提交的信息")."""
    if actor in set(authors):
        return Verdict(False, reason=f"四眼原则：不能审核{own}，须由其他人员审核。")
    earlier = [label for label, who in taken if who == actor]
    if not earlier:
        return Verdict(True)
    if allow_same_reviewer:
        return Verdict(True, same_reviewer=True)
    return Verdict(False, reason=f"同一审核流程中，每一步须由不同人员审核：您已审核过“{earlier[0]}”。")


def check(verdict: Verdict) -> Verdict:
    """Raise the refusal; return the verdict when the step may be taken."""
    if not verdict.allowed:
        raise ValidationError(verdict.reason)
    return verdict
