"""What the database holds, read the same way from the snapshot a backup copies and from the
live database a check reads: key fingerprints, the audit head, migrations, and the files it refers
to, held against what is found."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Reference:
    """A file the database refers to (a FileField's value), with what the row says of it."""
    model: str  # app_label.Model
    field: str
    pk: object
    name: str
    size: int | None = None
    sha256: str | None = None

    def __str__(self) -> str:
        return f"{self.model} #{self.pk}：{self.name}"


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every FileField of every model: attachments, guide forms, and whatever comes next."""
    return [(model, f) for model in apps.get_models() for f in model._meta.concrete_fields
            if isinstance(f, models.FileField)]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_facts(cursor, tables: set[str]) -> dict:
    """What a manifest says of a database, read with a DB-API cursor (sqlite3 on the snapshot's
    file, or Django's inside the snapshot pg_dump copies): fingerprints, the audit head, the
    applied migrations and the files it refers to. Plain SQL, no parameters: the same for both."""
    from ..models import AuditHead, KeyFingerprint

    facts: dict = {"fingerprints": {}, "audit_head": None, "migrations": [], "references": []}
    if KeyFingerprint._meta.db_table in tables:
        cursor.execute(f"SELECT {_q('name')}, {_q('key_id')} FROM {_q(KeyFingerprint._meta.db_table)}")
        facts["fingerprints"] = dict(cursor.fetchall())
    if AuditHead._meta.db_table in tables:
        cursor.execute(f"SELECT {_q('count')}, {_q('last_hash')} FROM {_q(AuditHead._meta.db_table)} "
                       f"ORDER BY {_q('id')}")
        row = cursor.fetchone()
        facts["audit_head"] = {"seq": int(row[0]), "hash": row[1]} if row else None
    if "django_migrations" in tables:
        cursor.execute('SELECT "app", "name" FROM "django_migrations" ORDER BY "app", "name"')
        facts["migrations"] = [f"{app}.{name}" for app, name in cursor.fetchall()]
    facts["references"] = list(references(cursor, tables))
    return facts


def references(cursor, tables: set[str]) -> Iterable[Reference]:
    """Every file the database refers to. A model with one FileField and `size`/`sha256` fields
    (attachments, guide forms) says what the file must be; otherwise it must exist."""
    fields = file_fields()
    per_model: dict[type, int] = {}
    for model, _ in fields:
        per_model[model] = per_model.get(model, 0) + 1
    for model, f in fields:
        table = model._meta.db_table
        if table not in tables:
            continue
        names = {x.name: x for x in model._meta.concrete_fields}
        extra = [n for n in ("size", "sha256") if n in names] if per_model[model] == 1 else []
        columns = ", ".join(_q(c) for c in [model._meta.pk.column, f.column, *(names[n].column for n in extra)])
        cursor.execute(f"SELECT {columns} FROM {_q(table)} WHERE {_q(f.column)} IS NOT NULL "
                       f"AND {_q(f.column)} <> '' ORDER BY {_q(model._meta.pk.column)}")
        for row in cursor.fetchall():
            values = dict(zip(extra, row[2:], strict=True))
            yield Reference(model._meta.label, f.name, row[0], row[1], values.get("size"), values.get("sha256"))


def table_names(connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def file_problems(refs: Iterable[Reference], lookup: Callable[[Reference], tuple[int, str | None] | None]
                  ) -> tuple[int, list[str]]:
    """Each reference held against `lookup(ref) -> (size, sha256 or None) or None`: how many, and
    what is missing or different."""
    count, problems = 0, []
    for ref in refs:
        count += 1
        found = lookup(ref)
        if found is None:
            problems.append(f"缺失：{ref}")
            continue
        size, digest = found
        if ref.size is not None and size != ref.size:
            problems.append(f"大小不符：{ref}（数据库记载 {ref.size} 字节，文件 {size} 字节）")
        elif ref.sha256 and digest is not None and digest != ref.sha256:
            problems.append(f"内容不符：{ref}（SHA-256 与数据库记载的不同）")
    return count, problems
