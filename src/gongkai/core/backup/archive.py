"""Making a backup (`gongkai backup`): one private archive with a consistent copy of the
database, the uploaded files, every key kept in a file, the audit checkpoints and a manifest;
written but marked unusable, and the command failing, when the source is already broken."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import socket
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from .. import keyring
from .facts import file_problems
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
    Say,
    manifest_checksum,
    now,
    quiet,
    stamp_now,
)
from .vendors import pg_tool, snapshot_postgresql, snapshot_sqlite


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
        info.size, info.mode, info.mtime = size, 0o600, int(mtime if mtime is not None else now().timestamp())
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


def _output_path(connection, output: Path | None) -> Path:
    """Where the archive goes, once the database is one we can copy from here; never over another."""
    vendor = connection.vendor
    if vendor not in DATABASE:
        raise BackupError(f"不支持备份 {vendor} 数据库：只支持 SQLite 和 PostgreSQL")
    if connection.in_atomic_block:
        raise BackupError("备份不能在事务中进行")
    if vendor == "postgresql":
        pg_tool("pg_dump")
    if output is None:
        output = Path(settings.GONGKAI_BACKUP_DIR) / f"gongkai-{stamp_now()}.tar.gz"
    output = Path(output).absolute()
    if output.exists():
        raise BackupError(f"{output} 已存在：不覆盖已有的备份")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return output


def _manifest_for(vendor: str, facts: dict, files_referenced: int, keys_found: dict, has_checkpoints: bool,
                  members: dict, result: BackupResult) -> dict:
    """The manifest of the archive being written (its checksum added by the caller)."""
    return {
        "format": FORMAT, "version": VERSION, "created_at": now().isoformat(timespec="seconds"),
        "host": socket.gethostname(), "gongkai": _version(),
        "database": {"vendor": vendor, "file": DATABASE[vendor], "migrations": facts["migrations"],
                     "fingerprints": facts["fingerprints"], "audit_head": facts["audit_head"],
                     "files_referenced": files_referenced},
        "keys": keys_found,
        "checkpoints": CHECKPOINTS if has_checkpoints else None,
        "members": members,
        "warnings": result.warnings,
        "problems": result.problems,
    }


def create(output: Path | None = None, *, using: str = "default", say: Say = quiet) -> BackupResult:
    connection = connections[using]
    vendor = connection.vendor
    output = _output_path(connection, output)

    result = BackupResult(output, {})
    keys_found, key_files = _key_entries(result.warnings)
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-backup-", dir=output.parent))
    partial = output.with_name(f".{output.name}.partial")
    try:
        has_checkpoints = _copy_checkpoints(staging / "checkpoints.log")
        say("正在复制数据库……")
        db_copy = staging / "database"
        facts = (snapshot_sqlite if vendor == "sqlite" else snapshot_postgresql)(connection, db_copy)
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
                result.manifest = manifest = _manifest_for(vendor, facts, count, keys_found, has_checkpoints,
                                                           w.members, result)
                manifest["checksum"] = manifest_checksum(manifest)
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
