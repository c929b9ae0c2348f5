"""The checks after a restore and on their own (`gongkai check_data`): the keys against the
database's fingerprints and data, the audit chain against its checkpoints, every referred file, and
what the features register (the search index); and the checks as lines for a terminal."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connections

from .. import audit, keyring
from .facts import Reference, file_problems, references, table_names
from .layout import CHUNK


@dataclass
class Check:
    name: str
    ok: bool
    summary: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_keys(*, using: str = "default") -> Check:
    statuses = keyring.check_keys(using=using)
    problems = [p for s in statuses for p in s.problems]
    warnings = [w for s in statuses for w in s.warnings]
    labels = "、".join(s.spec.label for s in statuses)
    summary = (f"{labels}与数据库记录的密钥指纹一致，数据可用这些密钥核验" if not problems
               else f"{sum(bool(s.problems) for s in statuses)} 把密钥与数据不符")
    return Check("密钥", not problems, summary, problems, warnings)


def check_audit() -> Check:
    result = audit.verify()
    if not result.ok:
        return Check("审计日志", False, f"校验失败（已核对 {result.checked} 条）", [result.problem], result.warnings)
    return Check("审计日志", True, f"{result.checked} 条记录的签名链完整，与 {result.checkpoints} 个库外检查点一致",
                 warnings=result.warnings)


def _storage_lookup(hash_files: bool) -> Callable[[Reference], tuple[int, str | None] | None]:
    def lookup(ref: Reference):
        storage = apps.get_model(ref.model)._meta.get_field(ref.field).storage
        try:
            if not storage.exists(ref.name):
                return None
            size = storage.size(ref.name)
            if not (hash_files and ref.sha256):
                return size, None
            h = hashlib.sha256()
            with storage.open(ref.name, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    h.update(chunk)
            return size, h.hexdigest()
        except (OSError, ValueError):  # ValueError: SuspiciousFileOperation, a name outside the storage
            return None
    return lookup


def check_files(*, hash_files: bool = True, using: str = "default") -> Check:
    connection = connections[using]
    tables = table_names(connection)
    with connection.cursor() as cursor:
        refs = list(references(cursor, tables))
    count, problems = file_problems(refs, _storage_lookup(hash_files))
    how = "存在，大小和 SHA-256 与数据库记载的一致" if hash_files else "存在，大小与数据库记载的一致"
    summary = (f"数据库引用的 {count} 个文件都{how}" if not problems
               else f"数据库引用的 {count} 个文件中 {len(problems)} 个缺失或不符（文件目录 {settings.MEDIA_ROOT}）")
    return Check("文件", not problems, summary, problems)


# The checks of what the features keep beside the database (the search index): each registers
# one in its AppConfig.ready(); it is called with rebuild=True after a restore.
_FEATURE_CHECKS: list[Callable[..., Check]] = []


def register_check(check: Callable[..., Check]) -> None:
    if check not in _FEATURE_CHECKS:
        _FEATURE_CHECKS.append(check)


def run_checks(*, hash_files: bool = True, rebuild_search: bool = False, using: str = "default") -> list[Check]:
    """Whether the data works with what surrounds it: keys, audit trail, files, search index."""
    return [check_keys(using=using), check_audit(), check_files(hash_files=hash_files, using=using),
            *(check(rebuild=rebuild_search) for check in _FEATURE_CHECKS)]


def format_checks(checks: list[Check], limit: int = 50) -> list[str]:
    """The checks as lines for a terminal: one per check, then what was found."""
    lines = []
    for check in checks:
        lines.append(f"{'✓' if check.ok else '✗'} {check.name}：{check.summary}")
        lines += [f"    {p}" for p in check.problems[:limit]]
        if len(check.problems) > limit:
            lines.append(f"    ……另有 {len(check.problems) - limit} 项")
        lines += [f"    注意：{w}" for w in check.warnings]
    return lines
