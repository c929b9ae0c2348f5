"""The Tantivy index on disk: its schema, its generations and the state each keeps.

Layout of `settings.GONGKAI_SEARCH_DIR` (one per web server; nothing in it is shared)::

    current          -> gen-1764000000000000000     (a symlink, replaced atomically by reindex)
    gen-1764000000000000000/                         (a Tantivy index)
    gen-1764000000000000000.json                     (the change-log state of that index)

A *generation* is one Tantivy index. `reindex` builds a new one beside the current one and swaps
the symlink; readers look at the symlink on every search (one readlink) and open the new
generation when it changed, so searches are answered throughout. The state file says which
change-log rows the generation has applied (see `indexer`).

Only one writer per generation at a time: Tantivy's own lock file refuses a second one, which
`writer()` reports as `Busy`."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from django.conf import settings

from . import analyzer
from .sources import KIND_CODES, Document

TITLE_BOOST = 3.0
SOURCES = ("title", "body")  # title: title and document number; body: everything else
CURRENT = "current"
KEY_SHIFT = 40  # key = kind code << 40 | object id: one integer term per document, for deletion


class Busy(RuntimeError):
    """Another process holds the writer of this generation."""


class Missing(RuntimeError):
    """No index has been built yet (`gongkai search sync` builds one)."""


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for source in SOURCES:
        # Tokens come from the analyzer already; "whitespace" splits them back without changing them.
        b.add_text_field(f"{source}_{analyzer.WORDS}", tokenizer_name="whitespace", index_option="position")
        b.add_text_field(f"{source}_{analyzer.CHARS}", tokenizer_name="whitespace", index_option="freq")
        b.add_text_field(f"{source}_{analyzer.DOCNOS}", tokenizer_name="whitespace", index_option="freq")
    b.add_integer_field("key", indexed=True)
    b.add_unsigned_field("kind", indexed=True, fast=True)
    b.add_unsigned_field("oid", fast=True)
    b.add_unsigned_field("topic", indexed=True)  # the item's topic and its ancestors
    b.add_unsigned_field("unit", indexed=True)
    b.add_unsigned_field("body", indexed=True)
    b.add_unsigned_field("year", indexed=True)
    b.add_integer_field("date", fast=True)  # seconds since the epoch, for sorting by date
    return b.build()


SCHEMA = _schema()


def key(kind: str, object_id: int) -> int:
    return KIND_CODES[kind] << KEY_SHIFT | object_id


def to_tantivy(doc: Document) -> tantivy.Document:
    t = tantivy.Document()
    for source, texts in (("title", doc.titles), ("body", doc.texts)):
        for text in texts:
            if not text:
                continue
            # Each text is its own value of the field: no phrase spans two of them.
            for stream, tokens in analyzer.document_fields(text).items():
                if tokens:
                    t.add_text(f"{source}_{stream}", tokens)
    t.add_integer("key", key(doc.kind, doc.object_id))
    t.add_unsigned("kind", KIND_CODES[doc.kind])
    t.add_unsigned("oid", doc.object_id)
    for topic_id in doc.topic_ids:
        t.add_unsigned("topic", topic_id)
    t.add_unsigned("unit", doc.unit_id)
    t.add_unsigned("body", doc.body_id)
    local = doc.date.astimezone(_tz()) if doc.date else None
    t.add_unsigned("year", local.year if local else 0)
    t.add_integer("date", int(doc.date.timestamp()) if doc.date else 0)
    return t


def _tz():
    from django.utils import timezone
    return timezone.get_current_timezone()


# --- generations -----------------------------------------------------------------------------------

def root() -> Path:
    return Path(settings.GONGKAI_SEARCH_DIR)


def current() -> Path | None:
    """The generation searches read now, or None before the first build (or if what the link
    names is gone, which only a crash between a swap and its cleanup could leave)."""
    try:
        path = root() / os.readlink(root() / CURRENT)
    except FileNotFoundError:
        return None
    return path if path.is_dir() else None


@contextmanager
def building():
    """Held while a generation is built, swapped in and old ones removed: one builder per
    directory, across processes (several web workers may find no index on first use)."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def create_generation() -> Path:
    root().mkdir(parents=True, exist_ok=True)
    path = root() / f"gen-{time.time_ns()}"
    path.mkdir()
    tantivy.Index(SCHEMA, path=str(path), reuse=False)
    save_state(path, State())
    return path


def swap(path: Path) -> Path | None:
    """Make `path` the generation searches read (an atomic rename of the symlink); returns the
    previous one."""
    previous = current()
    link = root() / f"{CURRENT}.{os.getpid()}.{threading.get_ident()}"
    link.unlink(missing_ok=True)
    link.symlink_to(path.name)
    os.replace(link, root() / CURRENT)
    return previous


def remove_generation(path: Path) -> None:
    """Delete a generation that is no longer current. A process still reading it keeps its open
    files (POSIX); its next search opens the current generation."""
    shutil.rmtree(path, ignore_errors=True)
    _state_path(path).unlink(missing_ok=True)


def generations() -> list[Path]:
    """Every generation directory, and the state files left without one."""
    if not root().exists():
        return []
    return sorted({p.with_suffix("") if p.suffix == ".json" else p for p in root().iterdir()
                   if p.name.startswith("gen-") and not p.is_symlink() and (p.is_dir() or p.suffix == ".json")})


# --- state ------------------------------------------------------------------------------------------

@dataclass
class State:
    """Which change-log rows a generation has applied: every row up to `applied`, except the ids
    in `gaps` ([first, last, first seen]), which were not visible yet when later rows were (a
    transaction that took its id earlier and commits later) and are looked for again."""

    applied: int = 0
    gaps: list[list[float]] = field(default_factory=list)
    # The first row of the log when the generation was built ([id, time]): a database that was
    # replaced under the index has another first row, and the index is rebuilt.
    log_start: list | None = None


def _state_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def load_state(path: Path) -> State | None:
    """The generation's state; None if it is missing or unreadable (the generation is rebuilt)."""
    try:
        data = json.loads(_state_path(path).read_text())
        return State(applied=int(data["applied"]), gaps=[list(g) for g in data.get("gaps", [])],
                     log_start=data.get("log_start"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_state(path: Path, state: State) -> None:
    target = _state_path(path)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w") as f:
        json.dump({"applied": state.applied, "gaps": state.gaps, "log_start": state.log_start}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


# --- reading ----------------------------------------------------------------------------------------

_readers: dict[Path, tantivy.Index] = {}
_readers_lock = threading.Lock()


def reader() -> tantivy.Index:
    return current_reader()[1]


def current_reader() -> tuple[Path, tantivy.Index]:
    """The current generation and its index, opened once per process. Tantivy reloads it by
    itself shortly after each commit (its reader watches the index's meta file); `refresh` forces it."""
    for _ in range(3):
        path = current()
        if path is None:
            raise Missing("全文检索索引尚未建立")
        index = _readers.get(path)
        if index is not None:
            return path, index
        try:
            index = tantivy.Index.open(str(path))
        except (OSError, ValueError):
            time.sleep(0.05)  # swapped and removed between readlink and open: look again
            continue
        with _readers_lock:
            for old in [p for p in _readers if p != path]:
                del _readers[old]
            _readers[path] = index
        return path, index
    raise Missing("全文检索索引正在切换，请稍后再试")


def refresh(path: Path) -> None:
    """Make this process see the last commit to `path` now, not after Tantivy's reload delay."""
    index = _readers.get(path)
    if index is not None:
        index.reload()


# --- writing ----------------------------------------------------------------------------------------

@contextmanager
def writer(path: Path, *, heap: int = 50_000_000, threads: int = 1, wait: float = 0.0):
    """The one writer of generation `path`; raises `Busy` if another process holds it for longer
    than `wait` seconds. Uncommitted work is rolled back on error. On leaving, the writer finishes
    its segment merges and releases the lock (a dropped writer would abandon the merges and leave
    ever more small segments behind)."""
    index = tantivy.Index.open(str(path))
    deadline = time.monotonic() + wait
    while True:
        try:
            w = index.writer(heap, threads)
            break
        except ValueError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise Busy(str(exc)) from exc
            time.sleep(0.05)
    try:
        yield w
    except BaseException:
        w.rollback()
        raise
    finally:
        w.wait_merging_threads()


def delete(w: tantivy.IndexWriter, kind: str, object_id: int) -> None:
    w.delete_documents_by_term("key", key(kind, object_id))
