"""What the search and page benchmarks share: a demo database with N bulk items (built once per N
and reused), a gunicorn serving it, percentiles and the machine's description.

The database is SQLite under `/tmp/gongkai-bench-search-<N>` (or --data-dir): `gongkai demo`
(the service-built demo) then `gongkai demo --if-empty --items N` (publications/corpus.py). A file
`bench-corpus.json` there records what was built; a folder without it is built afresh.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
MARKER = "bench-corpus.json"


def data_dir(items: int, given: str | None) -> Path:
    return Path(given or f"/tmp/gongkai-bench-search-{items}").resolve()


def env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of every process of the benchmark: SQLite in `folder`, nothing else."""
    e = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_SEARCH_DIR")}
    e.update(GONGKAI_DATA_DIR=str(folder), DJANGO_SETTINGS_MODULE="gongkai.settings", **extra)
    return e


def gongkai(folder: Path, *args: str) -> str:
    """Run `gongkai …` on the benchmark's database; its output (a failure stops the benchmark)."""
    done = subprocess.run([str(BIN / "gongkai"), *args], env=env(folder), cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"gongkai {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def ensure(items: int, folder: Path) -> dict:
    """The database with `items` bulk items in `folder`, built if it is not there yet."""
    marker = folder / MARKER
    if marker.exists():
        info = json.loads(marker.read_text())
        if info.get("items") == items:
            gongkai(folder, "migrate", "--noinput")  # the code may have moved on since the build
            return info
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    print(f"building the database in {folder}: the demo, then {items:,} bulk items …", flush=True)
    gongkai(folder, "migrate", "--noinput")
    t0 = time.perf_counter()
    gongkai(folder, "demo")
    demo_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = gongkai(folder, "demo", "--if-empty", "--items", str(items))
    bulk_seconds = time.perf_counter() - t0
    found = re.search(r"用时 ([0-9.]+) 秒（([0-9,]+) 条/秒）", out)
    info = {"items": items, "demo_seconds": round(demo_seconds, 1), "bulk_seconds": round(bulk_seconds, 1),
            "bulk_rate": int(found.group(2).replace(",", "")) if found else None,
            "db_bytes": (folder / "gongkai.sqlite3").stat().st_size, "built": time.strftime("%Y-%m-%d %H:%M")}
    marker.write_text(json.dumps(info))
    print(f"  demo {demo_seconds:.0f} s; {items:,} bulk items in {bulk_seconds:.0f} s "
          f"({info['bulk_rate'] or 0:,} items/s inserting); database {info['db_bytes'] / 1e9:.2f} GB", flush=True)
    return info


def setup_django(folder: Path) -> None:
    os.environ.update(env(folder))
    import django

    django.setup()


def ensure_indexed(folder: Path) -> int:
    """Reindex when the index does not hold every public object (bulk items write no change-log
    rows); returns how many there are. Django must be set up."""
    from gongkai.search import index
    from gongkai.search.sources import SOURCES

    total = sum(source.public().count() for source in SOURCES.values())
    if index.current() is None or index.reader().searcher().num_docs != total:
        print(f"indexing {total:,} documents: gongkai search reindex …", flush=True)
        gongkai(folder, "search", "reindex", "--quiet")
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base: str, pid: int):
        self.base, self.pid = base, pid

    def cpu_ticks(self) -> int:
        """CPU time so far of the master and its workers, in clock ticks."""
        total = 0
        pids = [self.pid]
        try:
            pids += [int(p) for p in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()]
        except OSError:
            pass
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return total

    def wait_idle(self, limit: float = 300.0) -> None:
        """Until the workers have finished what a load generator left queued (no CPU used for half
        a second), so that one measurement does not run into the tail of the previous one."""
        deadline = time.monotonic() + limit
        last = self.cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_ticks()
            if now - last <= 1:
                return
            last = now


@contextmanager
def server(folder: Path, port: int | None = None, workers: int = 2):
    """gunicorn serving the benchmark's database (as production runs it: sync workers); yields a
    `Server` (base URL, pid). Stopped (its process only) on leaving."""
    port = port or free_port()
    log = open(folder / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "gongkai.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=env(folder, GONGKAI_SEARCH_SYNC_ON_COMMIT="0"), cwd=ROOT, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/static/gongkai/css/portal.css", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start; see {folder / 'gunicorn.log'}")
            time.sleep(0.2)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `samples`."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{len(os.sched_getaffinity(0))} cores ({model}), load average {load}, Python "
            f"{platform.python_version()}")
