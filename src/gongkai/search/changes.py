"""`changed(kind, id)`: what every service that changes public content calls, inside its own
transaction, so the change and its log row commit (or roll back) together."""

from django.conf import settings
from django.db import transaction
from django.db.models import F

from .models import Change, Kind, Version

__all__ = ["Kind", "changed", "version"]


def changed(kind: str, *object_ids: int) -> None:
    if not transaction.get_connection().in_atomic_block:
        # A log row committed apart from the change could be applied before the change is
        # visible (or survive its rollback): callers are services running in a transaction.
        raise RuntimeError("search.changed() must run inside the transaction that makes the change")
    Change.objects.bulk_create([Change(kind=kind, object_id=pk) for pk in object_ids if pk])
    if not Version.objects.filter(pk=1).update(number=F("number") + 1):
        Version.objects.get_or_create(pk=1, defaults={"number": 1})  # the row is seeded by migration
    if settings.GONGKAI_SEARCH_SYNC_ON_COMMIT:
        from .indexer import sync_after_commit  # the indexer imports every app's selectors

        transaction.on_commit(sync_after_commit)


def version() -> int:
    """The version of everything public (see `Version`)."""
    return Version.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def unit_renamed(sender, unit, **kwargs) -> None:
    """What a renamed unit published is found under its new name (core.signals.unit_renamed)."""
    changed(Kind.UNIT, unit.pk)
