"""The demo and its tests hold on any date (issue #15): the demo is dated relative to the bureau's
clock, so its tests run again in a process whose whole clock is moved (GONGKAI_TEST_TODAY, see
tests/conftest.py) to the first working days of a new year and to a date in a year whose holiday
arrangement is not yet entered (2027: deadlines are provisional there), there on a Tuesday five minutes after
midnight, when "earlier today" is only minutes long."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_MODULES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("day", ["2027-01-05", "2027-11-23T00:05"])
def test_the_demo_tests_pass_on(day):
    env = {**os.environ, "GONGKAI_TEST_TODAY": day,
           # A test database of its own on PostgreSQL (pytest-django names it after this variable),
           # beside the ones of this run's workers.
           "TOX_PARALLEL_ENV": "any_date_" + day.replace("-", "_").replace(":", "_").lower()}
    run = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=--strict-markers", "-q", "-p", "no:xdist",
                          "-p", "no:cacheprovider",
                          *DEMO_MODULES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
