"""`make run` runs the real thing (issue #15): `gongkai serve` starts gunicorn, the job worker and
the search follower on the given port, and Ctrl-C or SIGTERM stops all of them."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`: their pids and command lines."""
    found = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError, IndexError):
                continue
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated, empty SQLite site of its own (the suite's test database is not a server's)."""
    data = tmp_path_factory.mktemp("site")
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
           "GONGKAI_WEB_WORKERS": "1"}
    env.pop("GONGKAI_TEST_TODAY", None)
    subprocess.run([GONGKAI, "migrate", "--noinput"], env=env, check=True, capture_output=True, timeout=300)
    return env


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_serve_runs_web_jobs_and_search_and_stops_them_all(site, stop):
    port = free_port()
    server = subprocess.Popen([GONGKAI, "serve", "--port", str(port)], env=site, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline, health = time.monotonic() + 60, None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    health = response.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.3)
        assert health is not None and '"status": "ok"' in health
        children = children_of(server.pid)
        commands = " | ".join(children.values())
        assert "gunicorn" in commands and "qcluster" in commands and "sync --follow" in commands, commands
        # The job worker's and gunicorn's own processes too: everything must stop.
        family = set(children) | {grandchild for pid in children for grandchild in children_of(pid)}
        assert len(family) > 3
        # Static files come from the same server (WhiteNoise).
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/gongkai/css/portal.css", timeout=5) as css:
            assert css.status == 200
        server.send_signal(stop)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, output
    assert "Gongkai 已启动" in output and "Gongkai 已停止" in output
    assert not [pid for pid in family if alive(pid)]


def test_serve_refuses_a_bad_port(site):
    run = subprocess.run([GONGKAI, "serve", "--port", "70000"], env=site, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and "端口号不正确" in run.stderr
