"""What an archive is: the format, its members' names, the manifest's checksum, and what can
go wrong with one (the errors every part raises). No I/O."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePosixPath

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


def now() -> datetime:
    return datetime.now(UTC)


def stamp_now() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def quiet(_: str) -> None:
    pass


def manifest_checksum(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
                          ).hexdigest()


def member_name(name: str) -> str | None:
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
