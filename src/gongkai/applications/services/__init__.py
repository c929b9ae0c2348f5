"""Every write of disclosure on application, one module per room: `intake` (the ways in),
`handling` (supplement, consultation, fees, extension, reasons), `reply` (decision, approval,
closing), `followup` (delivery, notes, remedies, satisfaction), `jobs` (the daily job), over
`applicant` (the form's checks, keys and query codes) and `case` (clock, timeline and audit row of
every step). Each service checks the permission, runs in one transaction, refreshes the clock and
writes one audit event and one timeline entry. Callers say `services.decide(...)`: the services
are named here."""

from .applicant import applicant_key, check_identity_proof, check_query_code, clean_applicant, clean_request
from .case import AUDIT_LABELS, recompute_application_deadlines
from .followup import (
    add_note,
    identity_proof_for,
    mark_reminders_read,
    record_conversion,
    record_delivery,
    record_remedy,
    record_satisfaction,
    save_notice_template,
)
from .handling import (
    approve_extension,
    fee_bands,
    items_before_this_month,
    notify_fee,
    receive_supplement,
    record_consultation_answer,
    record_payment,
    record_reasons,
    request_extension,
    request_reasons,
    request_supplement,
    start_consultation,
)
from .intake import (
    assign,
    clean_application,
    confirm_receipt,
    import_ledger_row,
    receipt_with_code,
    register,
    reissue_query_code,
    submit_online,
)
from .jobs import daily, send_reminders
from .reply import approve_reply, close_if_lapsed, close_lapsed, decide, possible_duplicates, return_reply

__all__ = [
    "AUDIT_LABELS", "add_note", "applicant_key", "approve_extension", "approve_reply", "assign", "clean_application",
    "check_identity_proof", "check_query_code", "clean_applicant", "clean_request", "close_if_lapsed",
    "close_lapsed", "confirm_receipt", "daily", "decide", "fee_bands", "identity_proof_for",
    "import_ledger_row", "items_before_this_month", "mark_reminders_read", "notify_fee",
    "possible_duplicates", "receipt_with_code", "receive_supplement", "recompute_application_deadlines",
    "record_consultation_answer", "record_conversion", "record_delivery", "record_payment",
    "record_reasons", "record_remedy", "record_satisfaction", "register", "reissue_query_code",
    "request_extension", "request_reasons", "request_supplement", "return_reply",
    "save_notice_template", "send_reminders", "start_consultation", "submit_online",
]
