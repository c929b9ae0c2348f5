"""Secret keys kept outside the database.

A key is read from the environment (`GONGKAI_<NAME>_KEY`, base64) or from `<GONGKAI_KEY_DIR>/<name>.key`
(mode 0600, created on first use). Whoever holds a copy of the database alone then can neither
recompute the audit chain's MACs nor decrypt personal data; a backup must carry the keys with it
(`gongkai backup`), and `key_id` lets a restore tell whether the keys match the data.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


class MissingKey(ImproperlyConfigured):
    """The key is needed to read what was written with it, and it is not there."""


def _env_name(name: str) -> str:
    return f"GONGKAI_{name.upper()}_KEY"


def key_path(name: str) -> Path:
    return Path(settings.GONGKAI_KEY_DIR) / f"{name}.key"


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{where} 不是有效的 base64 密钥") from exc
    if len(key) < KEY_BYTES:
        raise ImproperlyConfigured(f"{where} 的密钥过短：至少需要 {KEY_BYTES} 字节")
    return key


def _create(path: Path) -> None:
    # Written to a private temporary file and linked into place, so two processes starting at
    # once never read a half-written key and never both win: the second link fails.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


# Keys read, by where they came from: every stored personal value asks for its key, and reading
# and decoding the file each time cost more than the decryption itself. One os.stat says whether
# the file is still the one read (a rotation or a restore replaces it: a new inode, a new time).
_read: dict[tuple, object] = {}


def _cached(source: tuple, load):
    value = _read.get(source)
    if value is None:
        if len(_read) > 64:
            _read.clear()
        value = _read[source] = load()
    return value


def _stamp(path: str):
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def secret(name: str, *, create: bool = True) -> bytes:
    """The key called `name`; created on first use unless `create` is false (reading old data)."""
    if value := os.environ.get(_env_name(name)):
        return _cached(("env", name, value), lambda: _decode(value, f"环境变量 {_env_name(name)}"))
    path = os.path.join(settings.GONGKAI_KEY_DIR, f"{name}.key")
    stamp = _stamp(path)
    if stamp is None:
        if not create:
            raise MissingKey(f"密钥 {name} 缺失：既没有环境变量 {_env_name(name)}，也没有密钥文件 {path}")
        _create(Path(path))
        stamp = _stamp(path)
    return _cached(("file", path, stamp), lambda: _decode(Path(path).read_text(), f"密钥文件 {path}"))


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key: names it in records and backups without revealing it."""
    return hashlib.sha256(b"gongkai-key-id\x00" + key).hexdigest()[:16]


def in_environment(name: str) -> bool:
    return bool(os.environ.get(_env_name(name)))


def previous(name: str) -> list[bytes]:
    """Keys `name` had before a rotation, still needed to read what they wrote: the files
    `<name>.<key id>.key` a rotation leaves, and `GONGKAI_<NAME>_PREVIOUS_KEYS` (base64,
    comma-separated) for keys kept in the environment."""
    variable = f"GONGKAI_{name.upper()}_PREVIOUS_KEYS"
    listed = os.environ.get(variable, "")
    folder = str(settings.GONGKAI_KEY_DIR)
    stamp = _stamp(folder)  # a key file linked in or removed changes the folder's time

    def load() -> list[bytes]:
        found = [_decode(part, f"环境变量 {variable}") for part in listed.split(",") if part.strip()]
        if stamp is not None:
            for path in sorted(Path(folder).glob(f"{name}.*.key")):
                if path.name.count(".") == 2:  # <name>.<key id>.key, not another key's name.key
                    found.append(_decode(path.read_text(), f"密钥文件 {path}"))
        return found

    return list(_cached(("previous", name, listed, folder, stamp), load))


def rotate(name: str) -> tuple[str, str]:
    """Make a new key `name`, keeping the old one as `<name>.<old key id>.key` for reading what it
    wrote until that has been re-encrypted. Returns (old key id, new key id). A key given in the
    environment is the operator's to replace (see rotation.rotate_personal)."""
    if in_environment(name):
        raise ImproperlyConfigured(f"密钥 {name} 由环境变量 {_env_name(name)} 提供，不能由程序生成")
    old = secret(name)
    old_id = key_id(old)
    path = key_path(name)
    kept = path.with_name(f"{name}.{old_id}.key")
    if not kept.exists():
        os.link(path, kept)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n")
    os.replace(tmp, path)  # atomic: a reader sees the old key or the new one, never half of one
    return old_id, key_id(secret(name))


def retire(name: str, old_id: str) -> bool:
    """Delete the kept old key `old_id` once nothing it wrote is left (the caller checks)."""
    path = key_path(name).with_name(f"{name}.{old_id}.key")
    if path.exists():
        path.unlink()
        return True
    return False
