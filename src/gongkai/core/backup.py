"""Backups that restore into a working system, and the checks that say whether it works (issue
#16, hole 8).

A restore without the secret key killed every query code, and one without the files directory lost
every attachment, and `audit verify` passed both. So:

- `create` writes one archive (tar.gz, mode 0600: it holds keys) with a consistent copy of the
  database (SQLite: the online backup API, consistent under WAL and a running server; PostgreSQL:
  `pg_dump -Fc` of a snapshot exported from a transaction that also reads what the manifest says
  of the database), the uploaded files (MEDIA_ROOT), every key kept in a file (keyring.KEYS and any
  other `*.key` in GONGKAI_KEY_DIR, and the SECRET_KEY file), the audit checkpoints, and a manifest:
  every member's size and SHA-256, every key's id (those given in the environment are named, not
  carried), the fingerprints the database recorded, the audit chain's head, and the files the
  database refers to that the archive lacks (then the archive is written, but marked unusable and
  the command fails: a broken source is reported when the backup is made, not when it is needed).
- `restore` verifies the whole archive first, and refuses, changing nothing, an archive that is
  damaged, whose keys are not the ones its database was written with or not the ones this
  environment will use (a key in an environment variable wins over the file), from another database
  vendor or a newer version, or a non-empty database without `force`. Then it restores the database
  (SQLite: the backup API into the live file, one transaction; PostgreSQL: `pg_restore --clean
  --single-transaction`), the files, keys and checkpoints (what they replace is kept beside them as
  `*.before-restore-<time>`), migrates, and runs `run_checks`.
- `run_checks` (also `gongkai check_data`): the keys against the database's fingerprints and the
  data (keyring), the audit chain against its checkpoints, every file the database refers to
  (exists, and its size and SHA-256 where the model stores them), and the search index.

The search index is not backed up: it is rebuilt from the database.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connections, models, transaction

from . import audit, keyring

FORMAT = "gongkai-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database/gongkai.sqlite3", "postgresql": "database/gongkai.pgdump"}
FILES = "files"
KEYS = "keys"
SECRET_KEY = "secret_key"
CHECKPOINTS = "audit/checkpoints.log"
CHUNK = 1 << 20
KEY_NAME = r"[a-z0-9_]{1,40}"

Say = Callable[[str], None]


class BackupError(Exception):
    """The backup could not be made; the message says why (in Chinese)."""


class RestoreRefused(Exception):
    """The archive is not restored, and nothing was changed; the message says why."""


class RestoreIncomplete(Exception):
    """The database was restored, and a later step failed; the message says which."""


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _quiet(_: str) -> None:
    pass


# --- What the database holds: the same reading for the snapshot and for the live database --------

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
    from .models import AuditHead, KeyFingerprint

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


def _tables(connection) -> set[str]:
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


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


# --- Backup ----------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    manifest: dict
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the archive cannot be restored

    @property
    def ok(self) -> bool:
        return not self.problems


class _Hashing(io.RawIOBase):
    """A file read through once, for tarfile, hashed on the way."""

    def __init__(self, fh):
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


class _Writer:
    """The archive being written: every member private, and its size and SHA-256 noted."""

    def __init__(self, tar: tarfile.TarFile):
        self.tar, self.members = tar, {}

    def _info(self, name: str, size: int, mtime: float | None = None) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(mtime if mtime is not None else _now().timestamp())
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    def add_bytes(self, name: str, data: bytes, *, listed: bool = True) -> None:
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        if listed:
            self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def add_file(self, name: str, path: Path) -> dict:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            reader = _Hashing(fh)
            self.tar.addfile(self._info(name, st.st_size, st.st_mtime), reader)
        if reader.size != st.st_size:
            raise BackupError(f"文件 {path} 在备份过程中被改动")
        self.members[name] = {"size": reader.size, "sha256": reader.sha.hexdigest()}
        return self.members[name]


def _key_entries(warnings: list[str]) -> tuple[dict, dict[str, bytes]]:
    """{name: manifest entry} and {member: file content} for every key: the registered ones and
    every other `*.key` in GONGKAI_KEY_DIR. A key in the environment is named, not carried."""
    names = list(keyring.KEYS)
    key_dir = Path(settings.GONGKAI_KEY_DIR)
    if key_dir.is_dir():
        for path in sorted(key_dir.glob("*.key")):
            if path.stem in keyring.KEYS:
                continue
            if re.fullmatch(KEY_NAME, path.stem):
                names.append(path.stem)
            else:
                warnings.append(f"跳过名称不规范的密钥文件 {path}（只能用小写字母、数字和下划线）")
    entries, contents = {}, {}
    for name in names:
        spec = keyring.spec_for(name)
        entry = {"label": spec.label, "protects": spec.protects, "env": spec.env_var}
        try:
            from_env = spec.from_environment()
            if from_env is not None:
                entry.update(source="env", key_id=keyring.fingerprint(from_env), file=None)
                warnings.append(f"{spec.label}：来自环境变量 {spec.env_var}，没有写入备份：请另行妥善保管"
                                f"（密钥指纹 {entry['key_id']}），恢复时须设置同样的环境变量")
            elif spec.path().is_file():
                text = spec.path().read_text()
                key = spec.parse(text, f"密钥文件 {spec.path()}")
                member = SECRET_KEY if name == "secret_key" else f"{KEYS}/{name}.key"
                entry.update(source="file", key_id=keyring.fingerprint(key), file=member)
                contents[member] = text.encode()
            else:
                continue  # never made: nothing was written with it
        except ImproperlyConfigured as exc:
            raise BackupError(f"{spec.label}：无法读取（{exc}）") from None
        if name in keyring.KEYS:
            in_use = keyring.fingerprint(spec.load(False))
            if in_use != entry["key_id"]:
                raise BackupError(f"{spec.label}：{spec.location()}已被改动，与运行中使用的密钥（{in_use}）不同："
                                  "请先查明原因")
        entries[name] = entry
    return entries, contents


def _pg_env(connection) -> dict[str, str]:
    """libpq's environment for the connection Django uses (the password never on a command line)."""
    s = connection.settings_dict
    env = {**os.environ}
    for var, value in (("PGHOST", s.get("HOST")), ("PGPORT", s.get("PORT")), ("PGUSER", s.get("USER")),
                       ("PGPASSWORD", s.get("PASSWORD")), ("PGDATABASE", s.get("NAME"))):
        if value:
            env[var] = str(value)
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                        ("sslkey", "PGSSLKEY"), ("service", "PGSERVICE"), ("passfile", "PGPASSFILE")):
        if value := (s.get("OPTIONS") or {}).get(option):
            env[var] = str(value)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：PostgreSQL 的备份和恢复需要 PostgreSQL 客户端程序"
                          f"（Debian：apt-get install postgresql-client），其主版本不能低于数据库服务器")
    return found


def _snapshot_sqlite(connection, target: Path) -> dict:
    """The online backup API: one consistent copy, with WAL and a running server; then the facts
    read from that copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return read_facts(copy.cursor(), tables)
    finally:
        copy.close()


def _snapshot_postgresql(connection, target: Path) -> dict:
    """pg_dump of a snapshot exported from a transaction that reads the facts too: the dump and
    the manifest describe the same moment."""
    pg_dump = _pg_tool("pg_dump")
    tables = _tables(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                              env=_pg_env(connection), capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_dump 失败：{done.stderr.strip() or done.returncode}")
        return read_facts(cursor, tables)


def _copy_checkpoints(target: Path) -> bool:
    """The checkpoints as they are before the database is copied, so every one has its row in the
    copy (a checkpoint is written after its row commits); cut to the last whole line."""
    source = Path(settings.GONGKAI_AUDIT_CHECKPOINTS)
    if not source.is_file():
        return False
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
    with target.open("rb+") as fh:
        end = fh.seek(0, os.SEEK_END)
        while end:
            start = max(0, end - 4096)
            fh.seek(start)
            cut = fh.read(end - start).rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                break
            end = start
        else:
            fh.truncate(0)
    return True


def _manifest_checksum(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
                          ).hexdigest()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongkai")
    except PackageNotFoundError:
        return ""


def _publish(partial: Path, output: Path) -> None:
    """The finished archive under its name, never over one that appeared meanwhile."""
    try:
        os.link(partial, output)
    except FileExistsError:
        raise BackupError(f"{output} 已存在：不覆盖已有的备份") from None
    except OSError:  # a file system without hard links (a network share)
        if output.exists():
            raise BackupError(f"{output} 已存在：不覆盖已有的备份") from None
        os.replace(partial, output)


def create(output: Path | None = None, *, using: str = "default", say: Say = _quiet) -> BackupResult:
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE:
        raise BackupError(f"不支持备份 {vendor} 数据库：只支持 SQLite 和 PostgreSQL")
    if connection.in_atomic_block:
        raise BackupError("备份不能在事务中进行")
    if vendor == "postgresql":
        _pg_tool("pg_dump")
    if output is None:
        output = Path(settings.GONGKAI_BACKUP_DIR) / f"gongkai-{_stamp()}.tar.gz"
    output = Path(output).absolute()
    if output.exists():
        raise BackupError(f"{output} 已存在：不覆盖已有的备份")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

    result = BackupResult(output, {})
    keys_found, key_files = _key_entries(result.warnings)
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-backup-", dir=output.parent))
    partial = output.with_name(f".{output.name}.partial")
    try:
        has_checkpoints = _copy_checkpoints(staging / "checkpoints.log")
        say("正在复制数据库……")
        db_copy = staging / "database"
        facts = (_snapshot_sqlite if vendor == "sqlite" else _snapshot_postgresql)(connection, db_copy)
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                w = _Writer(tar)
                for member, content in key_files.items():
                    w.add_bytes(member, content)
                if has_checkpoints:
                    w.add_file(CHECKPOINTS, staging / "checkpoints.log")
                w.add_file(DATABASE[vendor], db_copy)
                db_copy.unlink()
                say("正在复制上传的文件……")
                archived = _add_files(w, result.warnings)
                count, missing = file_problems(facts["references"], lambda ref: archived.get(ref.name))
                result.problems += [f"文件{p}" for p in missing]
                _compare_keys(keys_found, facts["fingerprints"], result)
                result.manifest = manifest = {
                    "format": FORMAT, "version": VERSION, "created_at": _now().isoformat(timespec="seconds"),
                    "host": socket.gethostname(), "gongkai": _version(),
                    "database": {"vendor": vendor, "file": DATABASE[vendor], "migrations": facts["migrations"],
                                 "fingerprints": facts["fingerprints"], "audit_head": facts["audit_head"],
                                 "files_referenced": count},
                    "keys": keys_found,
                    "checkpoints": CHECKPOINTS if has_checkpoints else None,
                    "members": w.members,
                    "warnings": result.warnings,
                    "problems": result.problems,
                }
                manifest["checksum"] = _manifest_checksum(manifest)
                w.add_bytes(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode(), listed=False)
            raw.flush()
            os.fsync(raw.fileno())
        _publish(partial, output)
    except OSError as exc:
        raise BackupError(f"写入备份时出错：{exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _add_files(w: _Writer, warnings: list[str]) -> dict[str, tuple[int, str]]:
    """Every file under MEDIA_ROOT (referred to or not); {name: (size, sha256)}."""
    media = Path(settings.MEDIA_ROOT)
    archived: dict[str, tuple[int, str]] = {}
    if not media.is_dir():
        return archived
    for path in sorted(media.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            warnings.append(f"跳过非普通文件 {path}")
        elif path.is_file():
            rel = path.relative_to(media).as_posix()
            noted = w.add_file(f"{FILES}/{rel}", path)
            archived[rel] = (noted["size"], noted["sha256"])
    return archived


def _compare_keys(keys_found: dict, fingerprints: dict[str, str], result: BackupResult) -> None:
    """The keys going into the archive against the fingerprints its database recorded."""
    for name, recorded_id in fingerprints.items():
        entry, spec = keys_found.get(name), keyring.spec_for(name)
        if entry is None:
            result.problems.append(f"数据库记录了{spec.named}的指纹（{recorded_id}），但找不到这把密钥")
        elif entry["key_id"] != recorded_id:
            result.problems.append(f"{spec.label}：备份的密钥（{entry['key_id']}）不是写入数据时的密钥（数据库记录 "
                                   f"{recorded_id}）：{spec.protects}在恢复后都将失效")
    for name in keyring.KEYS:
        if name in keys_found and name not in fingerprints:
            result.warnings.append(f"数据库中没有{keyring.KEYS[name].named}的指纹：运行 gongkai migrate 记录")


# --- Checks: after a restore, and on their own (`gongkai check_data`) -----------------------------

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
    tables = _tables(connection)
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


# --- Restore ---------------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    manifest: dict
    checks: list[Check]
    set_aside: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _member_name(name: str) -> str | None:
    """A member's name if it is one an archive of ours holds; None for anything else."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts):
        return None
    text = path.as_posix()
    if text in (MANIFEST, SECRET_KEY, CHECKPOINTS, *DATABASE.values()):
        return text
    if path.parts[0] == FILES and len(path.parts) > 1:
        return text
    if path.parts[0] == KEYS and len(path.parts) == 2 and path.suffix == ".key":
        return text
    return None


def _unpack(archive: Path, root: Path) -> dict[str, dict]:
    """Every member extracted under `root`, with its size and SHA-256; read to the end of the
    gzip stream, whose CRC is checked there."""
    found: dict[str, dict] = {}
    try:
        with gzip.open(archive, "rb") as gz:
            with tarfile.open(fileobj=gz, mode="r|") as tar:
                for member in tar:
                    name = _member_name(member.name)
                    if name is None or not member.isreg() or name in found:
                        raise RestoreRefused(f"备份文件中有不应有的内容：{member.name!r}")
                    target = root / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    h, size = hashlib.sha256(), 0
                    source = tar.extractfile(member)
                    with target.open("wb") as out:
                        while chunk := source.read(CHUNK):
                            h.update(chunk)
                            size += len(chunk)
                            out.write(chunk)
                    found[name] = {"size": size, "sha256": h.hexdigest()}
            while gz.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise RestoreRefused(f"备份文件损坏或被改动，无法读取：{exc}") from None
    except OSError as exc:
        raise RestoreRefused(f"解包备份文件时出错：{exc}") from None
    return found


def _manifest(root: Path, found: dict[str, dict]) -> dict:
    if MANIFEST not in found:
        raise RestoreRefused("这不是 Gongkai 的备份文件：其中没有 manifest.json")
    try:
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            raise RestoreRefused("这不是 Gongkai 的备份文件")
        if manifest.get("version") != VERSION:
            raise RestoreRefused(f"备份格式版本 {manifest.get('version')} 不受本程序支持（支持 {VERSION}）")
        if manifest.get("checksum") != _manifest_checksum(manifest):
            raise RestoreRefused("备份文件被改动：清单的校验和不符")
        listed = manifest["members"]
        problems = [f"缺少 {name}" for name in listed if name not in found]
        problems += [f"{name} 的内容与清单不符（大小或 SHA-256）" for name, meta in listed.items()
                     if name in found and found[name] != {"size": meta["size"], "sha256": meta["sha256"]}]
        problems += [f"多出清单中没有的 {name}" for name in found if name != MANIFEST and name not in listed]
        if not all(isinstance(x, dict) for x in (listed, manifest["database"], manifest["keys"])):
            raise TypeError
        # Whatever the manifest points at is a member it lists, under the name such a member has.
        pointed = [(manifest["database"]["file"], {DATABASE.get(manifest["database"]["vendor"])}),
                   (manifest["checkpoints"], {CHECKPOINTS})]
        if not all(re.fullmatch(KEY_NAME, name) for name in manifest["keys"]):
            raise TypeError
        pointed += [(entry["file"], {SECRET_KEY if name == "secret_key" else f"{KEYS}/{name}.key"})
                    for name, entry in manifest["keys"].items()]
        for name, allowed in pointed:
            if name is not None and (name not in allowed or name not in listed):
                raise TypeError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise RestoreRefused("备份文件被改动：清单无法读取") from None
    if problems:
        raise RestoreRefused("备份文件被改动或损坏：\n" + "\n".join(f"  {p}" for p in problems[:20]))
    return manifest


def _target_keys(manifest: dict, root: Path) -> tuple[dict[str, str], list[str]]:
    """The key files to restore ({name: text}), and why the keys do not fit: each key this
    environment will use after the restore (its environment variable first, else the archived file,
    else the file already here) must be the archive's, and the archive's must be the ones its
    database recorded."""
    to_write, problems = {}, []
    for name, entry in manifest["keys"].items():
        spec = keyring.spec_for(name)
        archived = (root / entry["file"]).read_text() if entry.get("file") else None
        try:
            from_env = spec.from_environment()
            if from_env is not None:
                key, where = from_env, f"环境变量 {spec.env_var}"
            elif archived is not None:
                key, where = spec.parse(archived, f"备份中的 {entry['file']}"), "备份本身"
                to_write[name] = archived
            elif spec.path().is_file():
                key, where = spec.parse(spec.path().read_text(), f"密钥文件 {spec.path()}"), f"密钥文件 {spec.path()}"
            else:
                problems.append(f"{spec.label}：备份时来自环境变量 {spec.env_var}，备份中没有它：请先把该环境变量设为"
                                f"备份时的密钥（密钥指纹 {entry['key_id']}）")
                continue
        except ImproperlyConfigured as exc:
            problems.append(f"{spec.label}：{exc}")
            continue
        if keyring.fingerprint(key) != entry["key_id"]:
            problems.append(f"{spec.label}：恢复后将使用的密钥（{keyring.fingerprint(key)}，来自{where}）不是备份时的密钥"
                            f"（{entry['key_id']}）：{spec.protects}将失效")
    for name, recorded_id in manifest["database"]["fingerprints"].items():
        entry, named = manifest["keys"].get(name), keyring.spec_for(name).named
        if entry is None:
            problems.append(f"备份的数据库记录了{named}的指纹（{recorded_id}），备份中却没有这把密钥")
        elif entry["key_id"] != recorded_id:
            problems.append(f"备份中的{named}（{entry['key_id']}）不是写入其数据库时的密钥（{recorded_id}）")
    return to_write, problems


def _unknown_migrations(manifest: dict) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    return [m for m in manifest["database"]["migrations"]
            if m.split(".", 1)[0] in loader.migrated_apps and m not in known]


def _rows(using: str) -> tuple[int, int]:
    from .models import AuditEvent, User

    try:
        return User.objects.using(using).count(), AuditEvent.objects.using(using).count()
    except DatabaseError:  # no tables yet
        return 0, 0


def _writable(path: Path) -> bool:
    while not path.exists():
        path = path.parent
    return os.access(path, os.W_OK)


def _restore_sqlite(connection, staged: Path) -> None:
    source = sqlite3.connect(staged)
    try:
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)  # one write transaction: all of it or nothing
    finally:
        source.close()
        connection.close()


def _restore_postgresql(connection, staged: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    env = _pg_env(connection)
    connection.close()
    # Owner and grants are this installation's (migrate grants GONGKAI_DB_APP_ROLE again); one
    # transaction, stopped at the first error: all of it or nothing.
    done = subprocess.run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", "--exit-on-error",
                           f"--dbname={connection.settings_dict['NAME']}", str(staged)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise RestoreRefused(f"pg_restore 失败，数据库没有改动：{done.stderr.strip() or done.returncode}")


def _write_private(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.restoring")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _set_aside(path: Path, stamp: str) -> Path:
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    if path.is_dir():
        os.rename(path, aside)
    else:
        try:
            os.link(path, aside)
        except OSError:
            shutil.copy2(path, aside)
    return aside


def _place_file(target: Path, content: bytes, stamp: str, aside: list[Path]) -> None:
    if target.is_file():
        if target.read_bytes() == content:
            return
        aside.append(_set_aside(target, stamp))
    _write_private(target, content)


def restore(archive: Path, *, force: bool = False, using: str = "default", say: Say = _quiet) -> RestoreResult:
    archive = Path(archive)
    connection = connections[using]
    if not archive.is_file():
        raise RestoreRefused(f"找不到备份文件 {archive}")
    if connection.in_atomic_block:
        raise RestoreRefused("恢复不能在事务中进行")
    users, events = _rows(using)
    if (users or events) and not force:
        raise RestoreRefused(f"当前数据库不是空的（{users} 个用户、{events} 条审计记录）：恢复将覆盖它。"
                             "确认要覆盖时加 --force")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and os.path.ismount(media):
        raise RestoreRefused(f"文件目录 {media} 本身是挂载点，无法整体替换：请挂载它的上一级目录")
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-restore-", dir=media.parent))
    try:
        root = staging / "archive"
        say(f"正在读取并校验 {archive} ……")
        manifest = _manifest(root, _unpack(archive, root))
        say(f"备份制作于 {manifest['created_at']}（{manifest.get('host') or '未知主机'}），"
            f"{len(manifest['members'])} 个文件全部校验通过。")

        # Everything that would make the result unusable, before anything is changed.
        problems = list(manifest.get("problems") or [])
        if problems:
            problems.insert(0, "制作备份时已发现以下问题，该备份不能用于恢复：")
        db = manifest["database"]
        if db["vendor"] != connection.vendor:
            problems.append(f"备份的数据库是 {db['vendor']}，当前配置的是 {connection.vendor}：不能直接恢复")
        if unknown := _unknown_migrations(manifest):
            problems.append(f"备份来自较新版本的 Gongkai（本程序没有迁移 {'、'.join(unknown[:5])}）：请先升级程序")
        key_files, key_problems = _target_keys(manifest, root)
        problems += key_problems
        if db["vendor"] == "sqlite" and db["vendor"] == connection.vendor:
            check = sqlite3.connect(root / db["file"])
            try:
                verdict = check.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                verdict = str(exc)
            finally:
                check.close()
            if verdict != "ok":
                problems.append(f"备份中的数据库文件损坏：{verdict}")
        if connection.vendor == "postgresql":
            try:
                _pg_tool("pg_restore")
            except BackupError as exc:
                problems.append(str(exc))
        targets = [media.parent, Path(settings.GONGKAI_AUDIT_CHECKPOINTS).parent, Path(settings.GONGKAI_KEY_DIR),
                   Path(settings.GONGKAI_SECRET_KEY_FILE).parent]
        problems += [f"没有写入 {t} 的权限" for t in targets if not _writable(t)]
        if problems:
            raise RestoreRefused("\n".join(problems))

        stamp = _stamp()
        result = RestoreResult(manifest, [])
        say("正在恢复数据库……")
        (_restore_sqlite if connection.vendor == "sqlite" else _restore_postgresql)(connection, root / db["file"])
        say("正在恢复文件、密钥和审计检查点……")
        try:
            staged_files = root / FILES
            if media.exists():
                if any(media.iterdir()):
                    result.set_aside.append(_set_aside(media, stamp))
                else:
                    media.rmdir()
            if staged_files.is_dir():
                os.rename(staged_files, media)
            else:
                media.mkdir(parents=True)
            for name, text in key_files.items():
                spec = keyring.spec_for(name)
                _place_file(spec.path(), text.encode(), stamp, result.set_aside)
                if name == "secret_key":
                    settings.SECRET_KEY = text.strip()  # what the next process reads from the file
            checkpoints = Path(settings.GONGKAI_AUDIT_CHECKPOINTS)
            if manifest.get("checkpoints"):
                _place_file(checkpoints, (root / manifest["checkpoints"]).read_bytes(), stamp, result.set_aside)
            elif checkpoints.is_file():  # another database's checkpoints would not fit this one
                result.set_aside.append(_set_aside(checkpoints, stamp))
                checkpoints.unlink()
        except OSError as exc:
            raise RestoreIncomplete(f"数据库已恢复，但恢复文件、密钥或审计检查点时出错：{exc}。"
                                    "排除后再次运行本命令（加 --force）") from exc
        say("正在迁移数据库结构并重建全文检索索引……")
        call_command("migrate", interactive=False, verbosity=0, database=using)
        result.checks = run_checks(rebuild_search=True, using=using)
        audit.record(action="system.restore", object_type="core.backup", object_repr=archive.name,
                     after={"archive": archive.name, "created_at": manifest["created_at"],
                            "host": manifest.get("host"), "audit_head": db.get("audit_head"),
                            "checks": {c.name: c.ok for c in result.checks}})
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
