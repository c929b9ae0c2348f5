from gongkai.core import querycodes


def test_codes_are_read_aloud_safe_and_checked_by_hash():
    code = querycodes.new()
    assert len(code) == 8 and not set(code) & set("01IOL")
    stored = querycodes.digest(code)
    assert code not in stored
    assert querycodes.matches(stored, f" {code[:4].lower()}-{code[4:]} ")  # as typed from a receipt
    assert not querycodes.matches(stored, "23456789")


def test_scopes_keep_codes_apart():
    assert not querycodes.matches(querycodes.digest("ABCDEFGH"), "ABCDEFGH", scope="letter:")
