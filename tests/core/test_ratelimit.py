from gongkai.core import ratelimit


def test_counts_per_client_and_window(db):
    assert ratelimit.parse_rate("5/h") == (5, 3600)
    now = 1_800_000_000.0
    assert all(ratelimit.hit("apply", "10.0.0.1", "3/h", now) for _ in range(3))
    assert not ratelimit.hit("apply", "10.0.0.1", "3/h", now)
    assert ratelimit.hit("apply", "10.0.0.2", "3/h", now)        # another client
    assert ratelimit.hit("lookup", "10.0.0.1", "3/h", now)       # another scope
    assert ratelimit.hit("apply", "10.0.0.1", "3/h", now + 3600)  # the next window
