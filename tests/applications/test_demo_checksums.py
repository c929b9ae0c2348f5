"""The demo's made-up ID numbers and credit codes carry valid check characters (the same as
python-stdnum computes). Apart from tests/applications/test_demo.py, whose tests all share the
session's demo bureau (tests/conftest.py, DEMO_MODULES)."""

import random

from stdnum.cn import ric, uscc

from gongkai.applications.demo import people as demo_module


def test_check_characters_match_stdnum():
    rng = random.Random(7)
    for _ in range(500):
        digits = "".join(rng.choice("0123456789") for _ in range(17))
        assert demo_module.ric_check_char(digits) == ric.calc_check_digit(digits + "0")
        code = "".join(rng.choice(demo_module.CODE_CHARS) for _ in range(17))
        assert demo_module.uscc_check_char(code) == uscc.calc_check_digit(code + "0")
