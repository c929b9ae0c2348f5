"""Every write of proactive disclosure, one module per room: `drafting` (drafts and their
attachments), `findings` (the scanner's findings, acknowledged or redacted), `review` (the review
chain; the last step publishes with the body's next index number), `corrections` (correcting,
recording a published enforcement decision's change or revocation, withdrawing, re-evaluating), `catalog` (topics and the enforcement figures) and `catalog_import`
(items published before the system), over `item` (editable fields, snapshot, the check of what was
typed in) and `deadlines` (the Art. 26 clock and the re-evaluation date). One function per thing a
person does; each runs in one transaction and writes one audit event. A step of an item's life
(`workflow.STEPS`) is checked by `workflow.check` first: who may take it and why not now, in the
same words as the pages and the API; what the person typed in is checked here. Callers say
`services.approve(...)`: the services are named here."""

from .catalog import save_enforcement_figures, save_topic
from .catalog_import import ACKNOWLEDGE_CAPABILITY, ACKNOWLEDGE_REASON, IMPORT_CAPABILITY, import_published
from .corrections import correct, record_decision_change, reevaluate, withdraw
from .deadlines import due_filter, publish_deadline, recompute_publication_deadlines, withdraw_deadline
from .drafting import ALLOWED_KINDS, add_attachment, create_draft, remove_attachment, update_draft
from .findings import acknowledge_finding, check_now, open_findings, redact_finding, run_scan
from .item import AUDIT_LABELS, EDITABLE
from .review import approve, index_pattern, reject, steps_for, submit_for_review

__all__ = [
    "ACKNOWLEDGE_CAPABILITY", "ACKNOWLEDGE_REASON", "ALLOWED_KINDS", "AUDIT_LABELS", "EDITABLE", "IMPORT_CAPABILITY",
    "acknowledge_finding", "add_attachment", "approve", "check_now", "correct", "create_draft", "due_filter",
    "import_published", "index_pattern", "open_findings", "publish_deadline", "recompute_publication_deadlines",
    "record_decision_change", "redact_finding", "reevaluate", "reject", "remove_attachment", "run_scan",
    "save_enforcement_figures", "save_topic", "steps_for", "submit_for_review", "update_draft", "withdraw",
    "withdraw_deadline",
]
