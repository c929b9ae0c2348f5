"""Reads of the kernel that several callers share."""

from collections.abc import Iterable

from .models import Unit


def tree_order(units: Iterable[Unit]) -> list[Unit]:
    """Units in tree order, siblings by their sort order and code (not by creation order)."""
    units = list(units)
    by_id = {u.pk: u for u in units}

    def key(unit: Unit):
        chain = []
        for unit_id in unit.ancestor_ids():
            ancestor = by_id.get(unit_id)
            chain.append((ancestor.sort_order, ancestor.code) if ancestor else (0, str(unit_id)))
        return chain

    return sorted(units, key=key)
