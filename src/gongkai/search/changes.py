"""`changed(kind, id)`: what every service that changes public content calls, inside its own
transaction, so the change and its log row commit (or roll back) together."""

from django.db import transaction

from .models import Change, Kind

__all__ = ["Kind", "changed"]


def changed(kind: str, *object_ids: int) -> None:
    if not transaction.get_connection().in_atomic_block:
        # A log row committed apart from the change could be applied before the change is
        # visible (or survive its rollback): callers are services running in a transaction.
        raise RuntimeError("search.changed() must run inside the transaction that makes the change")
    Change.objects.bulk_create([Change(kind=kind, object_id=pk) for pk in object_ids if pk])
