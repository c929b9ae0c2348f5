"""`changed(kind, id)`: what every service that changes public content calls, inside its own
transaction, so the change and its log row commit (or roll back) together."""

from django.conf import settings
from django.db import transaction

from .models import Change, Kind

__all__ = ["Kind", "changed"]


def changed(kind: str, *object_ids: int) -> None:
    if not transaction.get_connection().in_atomic_block:
        # A log row committed apart from the change could be applied before the change is
        # visible (or survive its rollback): callers are services running in a transaction.
        raise RuntimeError("search.changed() must run inside the transaction that makes the change")
    Change.objects.bulk_create([Change(kind=kind, object_id=pk) for pk in object_ids if pk])
    if settings.GONGKAI_SEARCH_SYNC_ON_COMMIT:
        from .indexer import sync_after_commit  # the indexer imports every app's selectors

        transaction.on_commit(sync_after_commit)
