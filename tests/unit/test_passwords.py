"""scrypt password hashes: verify, refuse, and never crash on a damaged stored value."""

from __future__ import annotations

import pytest

from desk_client.core.passwords import N, dummy_verify, hash_password, verify_password

FAST = 2**4  # tests use a cheap cost; the format records it


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password("desk1234", n=FAST)


def test_hash_then_verify(stored: str) -> None:
    assert verify_password("desk1234", stored)


def test_wrong_password(stored: str) -> None:
    assert not verify_password("desk1235", stored)
    assert not verify_password("", stored)


def test_format_records_scheme_and_cost(stored: str) -> None:
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", FAST, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32


def test_salt_makes_every_hash_different() -> None:
    assert hash_password("same", n=FAST) != hash_password("same", n=FAST)


def test_default_cost_round_trip() -> None:
    stored = hash_password("王主任super123")
    assert stored.split("$")[1] == str(N)
    assert verify_password("王主任super123", stored)


@pytest.mark.parametrize(
    "damaged",
    [
        "",
        "plaintext",
        "bcrypt$16$8$1$00$00",
        "scrypt$16$8$1$00",  # a field missing
        "scrypt$sixteen$8$1$00$00",
        "scrypt$15$8$1$00$00",  # n not a power of two
        "scrypt$-16$8$1$00$00",
        "scrypt$16$8$1$zz$00",  # salt not hex
        "scrypt$16$8$1$00$扰乱",  # digest not ASCII
        "scrypt$16$8$1$00$00$extra",
    ],
)
def test_malformed_stored_hash_is_false_not_a_crash(damaged: str) -> None:
    assert verify_password("anything", damaged) is False


def test_dummy_verify_runs_and_returns_nothing() -> None:
    dummy_verify("whatever")
