"""`make run` and `make test` install the Debian packages the project needs (scripts/system-packages,
issue #15): nothing when all are there; as root with apt-get, an install of what is missing;
otherwise a stop at once with the one command to run."""

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages"


@pytest.fixture
def fake_bin(tmp_path):
    """A PATH in front of the system's where dpkg-query knows only `installed`, `id -u` answers
    `uid` and apt-get records its arguments."""
    def make(installed: set[str], uid: int) -> dict:
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        known = " ".join(sorted(installed))
        (bin_dir / "dpkg-query").write_text(
            f'#!/bin/sh\nfor a; do pkg=$a; done\n'
            f'for p in {known}; do [ "$p" = "$pkg" ] && echo "install ok installed" && exit 0; done\nexit 1\n')
        (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/apt.log\n')
        for tool in bin_dir.iterdir():
            tool.chmod(0o755)
        return {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    return make


def run(mode: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT), mode], env=env, capture_output=True, text=True, timeout=60)


def test_nothing_to_do_when_everything_is_installed(fake_bin, tmp_path):
    done = run("test", fake_bin({"fonts-noto-cjk", "chromium", "poppler-utils"}, uid=1000))
    assert done.returncode == 0 and done.stdout == done.stderr == ""
    assert not (tmp_path / "apt.log").exists()


def test_root_installs_only_what_is_missing(fake_bin, tmp_path):
    done = run("test", fake_bin({"chromium"}, uid=0))
    assert done.returncode == 0
    log = (tmp_path / "apt.log").read_text()
    assert "install -y -qq --no-install-recommends fonts-noto-cjk poppler-utils" in log
    assert "chromium" not in log


def test_run_needs_only_the_fonts(fake_bin, tmp_path):
    assert run("run", fake_bin({"fonts-noto-cjk"}, uid=1000)).returncode == 0


def test_without_root_it_stops_and_names_the_command(fake_bin, tmp_path):
    done = run("run", fake_bin(set(), uid=1000))
    assert done.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends fonts-noto-cjk" in done.stderr
    assert "缺少系统软件包" in done.stderr
    assert not (tmp_path / "apt.log").exists()
