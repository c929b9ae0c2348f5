"""Every write of incident bulletins and service guides, one module per kind: `bulletins` and
`guides`, with `labels` (the audit actions that are not steps). One function per thing a person
does; each checks the permission, runs in one transaction and writes one audit event. Callers say
`services.publish_bulletin(...)`: the services are named here.

When a step of a bulletin or a guide may be taken, and by whom, is `workflow.py`'s: each step's
service calls `workflow.BULLETIN.check(...)` or `workflow.GUIDE.check(...)` first, and checks
here only what the person typed in.

Bulletins: draft → in_review → published, reviewed and published by someone holding
`bulletins.manage` for the body other than the one who entered or submitted it (四眼原则,
`core/four_eyes.py`). A published
bulletin changes only by a new version (`start_correction`, reviewed like the first) or by
withdrawal with a reason. Text fields go through the proactive-disclosure scanner (`findings.py`):
ID numbers, mobile numbers and bank cards block submission and publication."""

from ..findings import bulletin_findings
from ..workflow import BULLETIN_CAPABILITY, GUIDE_CAPABILITY
from .bulletins import (
    AUDITED,
    BULLETIN_FIELDS,
    COUNT_FIELDS,
    MAX_COUNT,
    create_bulletin,
    import_bulletins,
    publish_bulletin,
    return_bulletin,
    start_correction,
    submit_bulletin,
    update_bulletin,
    withdraw_bulletin,
)
from .guides import (
    FORM_KINDS,
    FORM_MAX_BYTES,
    GUIDE_FIELDS,
    GUIDE_REQUIRED,
    add_guide_form,
    create_guide,
    delete_guide_category,
    publish_guide,
    remove_guide_form,
    save_guide_category,
    update_guide,
    withdraw_guide,
)
from .labels import AUDIT_LABELS

__all__ = [
    "AUDITED", "AUDIT_LABELS", "BULLETIN_CAPABILITY", "BULLETIN_FIELDS", "COUNT_FIELDS", "FORM_KINDS",
    "FORM_MAX_BYTES", "GUIDE_CAPABILITY", "GUIDE_FIELDS", "GUIDE_REQUIRED", "MAX_COUNT", "add_guide_form",
    "bulletin_findings", "create_bulletin", "create_guide", "delete_guide_category", "import_bulletins",
    "publish_bulletin", "publish_guide", "remove_guide_form", "return_bulletin", "save_guide_category",
    "start_correction", "submit_bulletin", "update_bulletin", "update_guide", "withdraw_bulletin", "withdraw_guide",
]
