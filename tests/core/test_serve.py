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


def children_of(pid: int) -> list[str]:
    """Command lines of the processes whose parent is `pid`."""
    lines = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    lines.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (OSError, ValueError, IndexError):
                continue
    return lines


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated, empty SQLite site of its own (the suite's test database is not a server's)."""
    data = tmp_path_factory.mktemp("site")
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
           "GONGKAI_WEB_WORKERS": "1"}
    env.pop("GONGKAI_TEST_TODAY", None)
    subprocess.run([GONGKAI, "migrate", "--noinput"], env=env, check=True, capture_output=True, timeout=300)
    return env


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
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
        children = " | ".join(children_of(server.pid))
        assert "gunicorn" in children and "qcluster" in children and "sync --follow" in children, children
        # Static files come from the same server (WhiteNoise).
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/gongkai/css/portal.css", timeout=5) as css:
            assert css.status == 200
        pids = [server.pid]
        server.send_signal(stop)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, output
    assert "Gongkai 已启动" in output and "Gongkai 已停止" in output
    assert not children_of(pids[0])


def test_serve_refuses_a_bad_port(site):
    run = subprocess.run([GONGKAI, "serve", "--port", "70000"], env=site, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and "端口号不正确" in run.stderr
