"""Keeping an index in step with the database: `sync` applies the change log, `reindex` rebuilds
from the database into a new generation and swaps it in, `check` compares the two.

The change log (`search.Change`) is applied in id order. A row names an object; the indexer removes
the object's document and, if the object is public now, adds its current document: the same step
serves publishing, correcting, withdrawing and deleting, and applying a row twice does no harm.

Ids are taken when a row is inserted but become visible when its transaction commits, so on
PostgreSQL row 11 can be visible before row 10. A generation therefore remembers, besides the last
id it applied, the *gaps* below it (ids not visible when a later one was) and looks for them again
on each sync until they appear or `GAP_SECONDS` have passed (a rolled-back transaction leaves a
gap for good)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from django.db import close_old_connections
from django.db.models import Max, Q

from . import index
from .models import Change, Kind
from .sources import KINDS_BY_CODE, SOURCES

log = logging.getLogger(__name__)

GAP_SECONDS = 600  # longer than any transaction runs
BATCH = 5000  # change rows per commit
REBUILD_IN_REQUEST_MAX = 20_000  # public objects a request may rebuild the index of (a few seconds)
REINDEX_HEAP = 400_000_000
REINDEX_THREADS = 2


@dataclass
class Outcome:
    rows: int = 0  # change-log rows applied
    added: int = 0  # documents (re)written
    removed: int = 0  # objects no longer public
    rebuilt: bool = False


Progress = Callable[[int, int], None]  # (done, total)


# --- sync --------------------------------------------------------------------------------------------

def _last_change_id() -> int:
    return Change.objects.aggregate(m=Max("id"))["m"] or 0


def pending(state: index.State) -> Q:
    """The change-log rows generation `state` has not applied yet."""
    q = Q(id__gt=state.applied)
    for first, last, _ in state.gaps:
        q |= Q(id__gte=int(first), id__lte=int(last))
    return q


def _advance(state: index.State, seen: list[int], now: float) -> None:
    """Record the rows `seen` (in id order) as applied: new gaps below the highest, old gaps
    filled or expired."""
    seen_set = set(seen)
    gaps = []
    for first, last, since in state.gaps:
        if now - since > GAP_SECONDS:
            continue
        run_start = None
        for i in range(int(first), int(last) + 1):
            if i in seen_set:
                if run_start is not None:
                    gaps.append([run_start, i - 1, since])
                    run_start = None
            elif run_start is None:
                run_start = i
        if run_start is not None:
            gaps.append([run_start, int(last), since])
    expected = state.applied + 1
    for i in sorted(x for x in seen if x > state.applied):
        if i > expected:
            gaps.append([expected, i - 1, now])
        expected = i + 1
    state.applied = max(state.applied, expected - 1)
    state.gaps = gaps


def _targets(rows: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    """Per content kind, the objects whose documents the rows may have changed."""
    targets: dict[str, set[int]] = {kind: set() for kind in SOURCES}
    units = set()
    for kind, object_id in rows:
        if kind == Kind.UNIT:
            units.add(object_id)
        elif kind in targets:
            targets[kind].add(object_id)
    for unit_id in units:
        for kind, source in SOURCES.items():
            targets[kind].update(source.for_unit(unit_id).values_list("pk", flat=True))
    return targets


def apply(w: tantivy.IndexWriter, targets: dict[str, set[int]]) -> int:
    """Rewrite the documents of `targets` from the database (an object not public now is only
    removed); returns how many documents were written."""
    added = 0
    for kind, ids in targets.items():
        if not ids:
            continue
        for object_id in ids:
            index.delete(w, kind, object_id)
        for doc in SOURCES[kind].documents(ids):
            w.add_document(index.to_tantivy(doc))
            added += 1
    return added


def _log_start() -> list | None:
    row = Change.objects.order_by("id").values_list("id", "at").first()
    return [row[0], row[1].isoformat()] if row else None


def _rebuild_reason(path: Path | None) -> str | None:
    """Why generation `path` cannot be brought up to date by applying the log, if it cannot."""
    if path is None:
        return "no index yet"
    state = index.load_state(path)
    if state is None:
        return "its state file is missing or unreadable"
    if state.applied > _last_change_id():
        return "the log ends before what it applied (a new or restored database)"
    if state.log_start is not None and state.log_start != _log_start():
        return "the log starts with another row (another database)"
    return None


def sync(*, path: Path | None = None, wait: float = 2.0) -> Outcome:
    """Apply the pending change-log rows to generation `path` (the current one by default; rebuilt
    from the database if there is none or it belongs to another log). Raises `index.Busy` if
    another process holds the writer for longer than `wait` seconds."""
    if path is None:
        path = index.current()
        reason = _rebuild_reason(path)
        if reason is not None:
            with index.building():
                path = index.current()  # another process may have built it while we waited
                reason = _rebuild_reason(path)
                if reason is not None:
                    log.log(logging.INFO if path is None else logging.WARNING, "search: building the index: %s", reason)
                    return _reindex(None)
    outcome = Outcome()
    state = index.load_state(path)
    if state is None or (state.applied == _last_change_id() and not state.gaps):
        return outcome
    with index.writer(path, wait=wait) as w:
        state = index.load_state(path) or state  # another process may have synced while we waited
        if state.log_start is None:
            state.log_start = _log_start()
        while True:
            rows = list(Change.objects.filter(pending(state)).order_by("id")
                        .values_list("id", "kind", "object_id")[:BATCH])
            if not rows:
                if state.gaps:
                    _advance(state, [], time.time())
                    index.save_state(path, state)
                break
            targets = _targets((kind, object_id) for _, kind, object_id in rows)
            wanted = sum(map(len, targets.values()))
            added = apply(w, targets)
            w.commit()
            _advance(state, [row_id for row_id, _, _ in rows], time.time())
            index.save_state(path, state)
            outcome.rows += len(rows)
            outcome.added += added
            outcome.removed += wanted - added
            if len(rows) < BATCH:
                break
    index.refresh(path)
    return outcome


def sync_after_commit() -> None:
    """on_commit hook of `search.changed` (GONGKAI_SEARCH_SYNC_ON_COMMIT): the change is in the
    index before the response goes out. A busy writer is left to the process holding it (or to
    the follower); a rebuild is done here only for a small site (first use of `make run`), never
    for a large catalog inside a request; nothing here may fail the request that already committed."""
    try:
        if _rebuild_reason(index.current()) is not None and _total() > REBUILD_IN_REQUEST_MAX:
            log.warning("search: the index needs a rebuild; run `gongkai search reindex`")
            return
        sync(wait=0.5)
    except index.Busy:
        log.info("search: writer busy; the change is applied by the next sync")
    except Exception:
        log.exception("search: sync after commit failed; `gongkai search sync` applies it later")


def scheduled_sync() -> str:
    """The django-q schedule "全文检索索引同步" (every minute)."""
    try:
        outcome = sync(wait=5.0)
    except index.Busy:
        return "索引正由其他进程写入，本次跳过"
    return "已从数据库建立索引" if outcome.rebuilt else f"已应用 {outcome.rows} 条变更"


def follow(*, interval: float = 0.5, stop: Callable[[], bool] = lambda: False) -> None:
    """Sync continuously (the job worker of each web server): what `gongkai search sync --follow`
    runs. It outlives a database restart or a failed sync: logs, reconnects, backs off."""
    failures = 0
    while not stop():
        try:
            sync(wait=interval)
            failures = 0
        except index.Busy:
            pass
        except Exception:
            failures += 1
            log.exception("search: sync failed (%s in a row); retrying", failures)
            close_old_connections()
        time.sleep(interval * min(2 ** failures, 60))


# --- reindex --------------------------------------------------------------------------------------

def _total() -> int:
    return sum(source.public().count() for source in SOURCES.values())


def _recent_gaps(last: int, now: float, window: int = 10_000) -> list[list[float]]:
    """Ids at or below `last` not visible yet (transactions still running), as gaps."""
    present = set(Change.objects.filter(id__gt=max(0, last - window), id__lte=last)
                  .values_list("id", flat=True))
    gaps, run = [], None
    for i in range(max(1, last - window + 1), last + 1):
        if i not in present:
            run = [i, i, now] if run is None else [run[0], i, now]
        elif run is not None:
            gaps.append(run)
            run = None
    if run is not None:
        gaps.append(run)
    return gaps


def reindex(*, progress: Progress | None = None) -> Outcome:
    """Build a new generation from the database, bring it up to the log, swap it in, remove the
    old ones. Searches keep reading the old generation until the swap. One build at a time per
    index directory: a second waits for the first and then builds again from the database."""
    with index.building():
        return _reindex(progress)


def _reindex(progress: Progress | None) -> Outcome:
    """`reindex` with the build lock held."""
    started = _last_change_id()
    log_start = _log_start()
    gaps = _recent_gaps(started, time.time()) if started else []
    path = index.create_generation()
    outcome = Outcome(rebuilt=True)
    try:
        total = _total()
        done = 0
        with index.writer(path, heap=REINDEX_HEAP, threads=REINDEX_THREADS) as w:
            for source in SOURCES.values():
                for doc in source.documents():
                    w.add_document(index.to_tantivy(doc))
                    done += 1
                    if progress and done % 1000 == 0:
                        progress(done, total)
            w.commit()
        if progress:
            progress(done, total)
        outcome.added = done
        index.save_state(path, index.State(applied=started, gaps=gaps, log_start=log_start))
        # Changes committed while the build ran (already read or not: applying again is harmless).
        catch_up = sync(path=path)
        outcome.rows = catch_up.rows
    except BaseException:
        index.remove_generation(path)
        raise
    index.swap(path)
    for old in index.generations():
        if old != path:  # no other build runs (the lock); readers keep their open files
            index.remove_generation(old)
    try:
        sync(path=path, wait=0.5)  # rows that arrived during the swap
    except index.Busy:
        pass  # a follower is applying them already
    return outcome


# --- check ------------------------------------------------------------------------------------------

@dataclass
class Report:
    missing: dict[str, list[int]] = field(default_factory=dict)  # public, not in the index
    extra: dict[str, list[int]] = field(default_factory=dict)  # in the index, not public
    indexed: int = 0
    public: int = 0

    @property
    def ok(self) -> bool:
        return not any(self.missing.values()) and not any(self.extra.values())


def indexed_ids() -> dict[str, set[int]]:
    """Every (kind, id) the current generation holds."""
    searcher = index.reader().searcher()
    found: dict[str, set[int]] = {kind: set() for kind in SOURCES}
    total = searcher.num_docs
    if not total:
        return found
    hits = searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits
    addresses = [address for _, address in hits]
    for code, oid in zip(searcher.fast_field_values("kind", addresses),
                         searcher.fast_field_values("oid", addresses), strict=True):
        found[KINDS_BY_CODE[code]].add(oid)
    return found


def check() -> Report:
    report = Report()
    indexed = indexed_ids()
    for kind, source in SOURCES.items():
        public = source.public_ids()
        report.missing[kind] = sorted(public - indexed[kind])
        report.extra[kind] = sorted(indexed[kind] - public)
        report.indexed += len(indexed[kind])
        report.public += len(public)
    return report
