"""Who the client is behind proxies, the token bucket, and the CSRF pair's pure parts."""

from __future__ import annotations

from desk_client.web import csrf, limits
from desk_client.web.limits import RateLimiter, client_address, parse_networks

TRUSTED = parse_networks("10.0.0.0/8, 127.0.0.1, ::1")


def test_the_peer_is_the_client_without_a_trusted_proxy() -> None:
    assert client_address("198.51.100.7", "1.2.3.4", TRUSTED) == "198.51.100.7"
    assert client_address("198.51.100.7", None, ()) == "198.51.100.7"


def test_the_rightmost_untrusted_hop_is_the_client() -> None:
    assert client_address("10.0.0.2", "1.2.3.4, 198.51.100.7", TRUSTED) == "198.51.100.7"
    assert client_address("10.0.0.2", "198.51.100.7, 10.9.9.9", TRUSTED) == "198.51.100.7"
    assert client_address("::1", "2001:db8::5", TRUSTED) == "2001:db8::5"


def test_a_chain_of_trusted_hops_only_yields_its_first() -> None:
    assert client_address("10.0.0.2", "10.0.0.3, 10.0.0.4", TRUSTED) == "10.0.0.3"
    assert client_address("10.0.0.2", " , ", TRUSTED) == "10.0.0.2"


def test_the_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(60, now=lambda: now[0])
    assert all(limiter.allow("a") for _ in range(60))
    assert not limiter.allow("a")
    assert limiter.allow("b")
    now[0] += 1.0
    assert limiter.allow("a")
    assert not limiter.allow("a")


def test_idle_buckets_are_forgotten_past_the_limit(monkeypatch: object) -> None:
    now = [0.0]
    limiter = RateLimiter(60, now=lambda: now[0])
    setattr(limits, "MAX_TRACKED", 3)  # noqa: B010 (the module constant, for this test)
    try:
        for name in "abcd":
            limiter.allow(name)
        now[0] += 61.0
        limiter.allow("e")
        assert len(limiter._buckets) == 1
    finally:
        setattr(limits, "MAX_TRACKED", 10_000)  # noqa: B010


def test_the_pair_matches_only_its_nonce_and_token() -> None:
    key, nonce = b"k" * 32, csrf.new_nonce()
    field = csrf.form_value(key, nonce, "tok")
    assert csrf.form_matches(key, nonce, "tok", field)
    assert not csrf.form_matches(key, nonce, "tok2", field)
    assert not csrf.form_matches(b"x" * 32, nonce, "tok", field)
    assert not csrf.form_matches(key, csrf.new_nonce(), "tok", field)
    assert not csrf.form_matches(key, None, "tok", field)
    assert not csrf.form_matches(key, "short", "tok", csrf.form_value(key, "short", "tok"))


def test_same_origin_compares_hosts_with_their_ports() -> None:
    assert csrf.same_origin("http://hall:8765", None, "hall:8765")
    assert not csrf.same_origin("http://hall:8766", None, "hall:8765")
    assert not csrf.same_origin("https://evil", None, "hall")
    assert csrf.same_origin("null", None, "hall")
    assert not csrf.same_origin("null", "https://evil/x", "hall")
    assert not csrf.same_origin("https://hall", None, None)
