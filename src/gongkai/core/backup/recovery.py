"""Restoring a backup (`gongkai restore`): the whole archive verified and every reason it would
not work found before anything is changed; then the database, files, keys and checkpoints put
back (what they replace kept beside them), migrated and checked."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connections

from .. import audit, keyring
from .checks import Check, run_checks
from .layout import (
    CHECKPOINTS,
    CHUNK,
    DATABASE,
    FILES,
    FORMAT,
    KEY_NAME,
    KEYS,
    MANIFEST,
    SECRET_KEY,
    VERSION,
    BackupError,
    RestoreIncomplete,
    RestoreRefused,
    Say,
    manifest_checksum,
    member_name,
    quiet,
    stamp_now,
)
from .vendors import pg_tool, restore_postgresql, restore_sqlite


@dataclass
class RestoreResult:
    manifest: dict
    checks: list[Check]
    set_aside: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _unpack(archive: Path, root: Path) -> dict[str, dict]:
    """Every member extracted under `root`, with its size and SHA-256; read to the end of the
    gzip stream, whose CRC is checked there."""
    found: dict[str, dict] = {}
    try:
        with gzip.open(archive, "rb") as gz:
            with tarfile.open(fileobj=gz, mode="r|") as tar:
                for member in tar:
                    name = member_name(member.name)
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
        if manifest.get("checksum") != manifest_checksum(manifest):
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
    from ..models import AuditEvent, User

    try:
        return User.objects.using(using).count(), AuditEvent.objects.using(using).count()
    except DatabaseError:  # no tables yet
        return 0, 0


def _writable(path: Path) -> bool:
    while not path.exists():
        path = path.parent
    return os.access(path, os.W_OK)


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


def _media_if_restorable(archive: Path, connection, using: str, force: bool) -> Path:
    """The files directory, once the archive is there and the database may be replaced."""
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
    return media


def _sqlite_verdict(path: Path) -> str:
    check = sqlite3.connect(path)
    try:
        return check.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        check.close()


def _what_would_not_work(manifest: dict, root: Path, connection, media: Path) -> tuple[dict[str, str], list[str]]:
    """The key files to restore, and everything that would make the result unusable, found before
    anything is changed."""
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
        verdict = _sqlite_verdict(root / db["file"])
        if verdict != "ok":
            problems.append(f"备份中的数据库文件损坏：{verdict}")
    if connection.vendor == "postgresql":
        try:
            pg_tool("pg_restore")
        except BackupError as exc:
            problems.append(str(exc))
    targets = [media.parent, Path(settings.GONGKAI_AUDIT_CHECKPOINTS).parent, Path(settings.GONGKAI_KEY_DIR),
               Path(settings.GONGKAI_SECRET_KEY_FILE).parent]
    problems += [f"没有写入 {t} 的权限" for t in targets if not _writable(t)]
    return key_files, problems


def _put_back(root: Path, manifest: dict, key_files: dict[str, str], media: Path, stamp: str,
              result: RestoreResult) -> None:
    """The files, keys and checkpoints in their places; what they replace is set aside."""
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


def restore(archive: Path, *, force: bool = False, using: str = "default", say: Say = quiet) -> RestoreResult:
    archive = Path(archive)
    connection = connections[using]
    media = _media_if_restorable(archive, connection, using, force)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-restore-", dir=media.parent))
    try:
        root = staging / "archive"
        say(f"正在读取并校验 {archive} ……")
        manifest = _manifest(root, _unpack(archive, root))
        say(f"备份制作于 {manifest['created_at']}（{manifest.get('host') or '未知主机'}），"
            f"{len(manifest['members'])} 个文件全部校验通过。")
        key_files, problems = _what_would_not_work(manifest, root, connection, media)
        if problems:
            raise RestoreRefused("\n".join(problems))

        stamp = stamp_now()
        result = RestoreResult(manifest, [])
        db = manifest["database"]
        say("正在恢复数据库……")
        (restore_sqlite if connection.vendor == "sqlite" else restore_postgresql)(connection, root / db["file"])
        say("正在恢复文件、密钥和审计检查点……")
        _put_back(root, manifest, key_files, media, stamp, result)
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
