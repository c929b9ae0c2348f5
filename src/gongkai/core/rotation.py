"""Rewriting personal data in place: encrypting it the first time (migrations applications/0004
and interaction/0004), re-encrypting it under a new key (`gongkai keys rotate personal`), and
telling which key wrote what (`gongkai keys status`).

The migrations call `encrypt_in_place`/`decrypt_in_place` with historical models, so these two
keep their signatures. After a migration or a rotation, `purge` makes the database drop the old
row versions (SQLite: VACUUM and an emptied WAL; PostgreSQL: VACUUM FULL), so plaintext or old
ciphertext does not linger in free pages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from . import audit, crypto, keys

BATCH = 500


def encrypted_fields(apps=global_apps) -> dict[type, list]:
    """Every model with encrypted columns, and those columns."""
    found = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
        if fields:
            found[model] = fields
    return found


def _rewrite(model, names: list[str], derive=None) -> int:
    """Read every row (decrypted with whichever key wrote it) and write it back (encrypted with
    the current key), a batch per transaction so a large table does not hold one long lock."""
    done, last = 0, None
    while True:
        rows = model._default_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows[:BATCH])
        if not batch:
            return done
        for obj in batch:
            if derive:
                derive(obj)
        with transaction.atomic():
            model._default_manager.bulk_update(batch, names + (derive.fields if derive else []))
        done += len(batch)
        last = batch[-1].pk


def encrypt_in_place(model, names: list[str], derive=None) -> int:
    """Migrations: the columns already have their encrypted type, the values are still in clear
    (the fields read clear values as they are); writing them back encrypts them."""
    return _rewrite(model, names, derive)


def decrypt_in_place(model, names: list[str]) -> None:
    """Migrations, backwards: put clear values back with plain SQL before the column types go."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=BATCH):
            sets = ", ".join(f"{connection.ops.quote_name(model._meta.get_field(n).column)} = %s" for n in names)
            cursor.execute(f"UPDATE {table} SET {sets} WHERE id = %s", [getattr(obj, n) for n in names] + [obj.pk])


def purge(tables: list[str] | None = None) -> None:
    """Drop old row versions left behind by a rewrite. Needs to run outside any transaction (a
    test's, say): there it does nothing."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            for table in tables or [m._meta.db_table for m in encrypted_fields()]:
                cursor.execute(f"VACUUM FULL {connection.ops.quote_name(table)}")


@dataclass
class ColumnStatus:
    label: str
    by_key: Counter  # key id -> rows; None -> in clear


def purge_after_migrate(sender, plan=None, **kwargs) -> None:
    """post_migrate: after a migration that rewrote personal data (`purges_plaintext = True`),
    make sure its clear values are gone from the database's files too."""
    tables = [t for migration, backwards in plan or () if not backwards
              for t in getattr(migration, "purges_plaintext", ())]
    if tables:
        purge(tables)


def status() -> list[ColumnStatus]:
    """Which key wrote each stored value, column by column (raw reads: nothing is decrypted)."""
    out = []
    with connection.cursor() as cursor:
        for model, fields in encrypted_fields().items():
            for f in fields:
                column = connection.ops.quote_name(f.column)
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")
                counts = Counter()
                for (value,) in cursor.fetchall():
                    value = bytes(value) if isinstance(value, memoryview) else value
                    if value in ("", b""):
                        continue
                    counts[crypto.key_id_of(value)] += 1
                out.append(ColumnStatus(f"{model._meta.label}.{f.name}", counts))
    return out


def rotate_personal(actor=None) -> tuple[str, str, int]:
    """A new personal-data key; every value re-encrypted under it; the old key deleted once
    nothing it wrote is left. Returns (old key id, new key id, rows rewritten).

    A key kept in the environment is the operator's to make: they put the new one in
    GONGKAI_PERSONAL_KEY and the old one in GONGKAI_PERSONAL_PREVIOUS_KEYS; this then only
    re-encrypts (and the old key is theirs to drop from the environment)."""
    if keys.in_environment(crypto.KEY_NAME):
        olds = [k.id for k in crypto.previous_keys()]
        if not olds:
            raise ImproperlyConfigured(
                "个人信息密钥由环境变量 GONGKAI_PERSONAL_KEY 提供：请把旧密钥放入 GONGKAI_PERSONAL_PREVIOUS_KEYS，"
                "新密钥放入 GONGKAI_PERSONAL_KEY，再运行本命令")
        old_id, new_id = "、".join(olds), crypto.current_key().id
    else:
        old_id, new_id = keys.rotate(crypto.KEY_NAME)
    # From now on the data is the new key's (core/keyring.py holds the keys in use against this).
    from .models import KeyFingerprint
    KeyFingerprint.objects.update_or_create(name=crypto.KEY_NAME,
                                            defaults={"key_id": new_id, "recorded_at": timezone.now()})
    rows = sum(_rewrite(model, [f.name for f in fields]) for model, fields in encrypted_fields().items())
    left = sum(n for c in status() for kid, n in c.by_key.items() if kid != new_id)
    if left == 0 and not keys.in_environment(crypto.KEY_NAME):
        keys.retire(crypto.KEY_NAME, old_id)
    audit.record(action="keys.rotate", actor=actor, obj=None, before={"key_id": old_id},
                 after={"key_id": new_id, "rows": rows, "old_key_retired": left == 0})
    purge()
    return old_id, new_id, rows
