"""The signed rating token: round trip, and every way a bad token is refused."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import (
    MAX_TOKEN,
    RatingClaims,
    TokenError,
    b64url,
    expires_at,
    expiry_epoch,
    mac_of,
    peek,
    rating_url,
    sign,
    verify,
)

SECRET = bytes(range(32))
OTHER = b"another hall's secret, 32 bytes!"
NOW = 1_780_000_000
CLAIMS = RatingClaims(
    hall="demo",
    visit="0190f5a2b3c44d5e8f6a7b8c9d0e1f2a",
    window=3,
    staff="S001",
    case="",
    item="",
    expires=NOW + 7 * 86400,
)
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def kind_of(token: str, *, secrets: tuple[bytes, ...] = (SECRET,), hall: str | None = None) -> str:
    with pytest.raises(TokenError) as caught:
        verify(token, secrets, NOW, hall)
    return caught.value.kind


def forge(text: str, secret: bytes = SECRET) -> str:
    """A token whose text is ``text`` verbatim, properly signed: for format checks past the MAC."""
    payload = b64url(text.encode())
    return f"{payload}.{b64url(mac_of(payload, secret))}"


field_text = st.text(st.characters(codec="utf-8", exclude_characters="|"), max_size=12)
claims_strategy = st.builds(
    RatingClaims,
    hall=field_text.filter(bool),
    visit=st.text("0123456789abcdef", min_size=32, max_size=32),
    window=st.integers(1, 99_999),
    staff=field_text.filter(bool),
    case=field_text,
    item=field_text,
    expires=st.integers(0, 10**12 - 1),
)


@settings(max_examples=150)
@given(claims_strategy)
def test_any_claims_survive_sign_and_verify(claims: RatingClaims) -> None:
    token = sign(claims, SECRET)
    assert len(token) <= MAX_TOKEN
    assert peek(token) == claims
    assert verify(token, (SECRET,), claims.expires, claims.hall) == claims


@settings(max_examples=200)
@given(st.data())
def test_any_single_character_change_is_refused(data: st.DataObject) -> None:
    token = sign(CLAIMS, SECRET)
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(B64_ALPHABET + ".=+/ %"))
    changed = token[:position] + replacement + token[position + 1 :]
    if changed != token:
        with pytest.raises(TokenError):
            verify(changed, (SECRET,), NOW)


def test_token_is_url_safe_and_unpadded() -> None:
    token = sign(replace(CLAIMS, case="ZW2026-03-0001", item="00013112700Y"), SECRET)
    assert set(token) <= set(B64_ALPHABET + ".")
    payload = token.split(".")[0]
    text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert text == f"1|demo|{CLAIMS.visit}|3|S001|ZW2026-03-0001|00013112700Y|{CLAIMS.expires}"


def test_a_token_signed_with_another_secret_is_forged() -> None:
    assert kind_of(sign(CLAIMS, OTHER)) == "forged"


def test_a_tampered_field_is_forged() -> None:
    """Re-encoding the text with another window keeps the old MAC: refused as forged."""
    payload, mac = sign(CLAIMS, SECRET).split(".")
    tampered = b64url(f"1|demo|{CLAIMS.visit}|4|S001|||{CLAIMS.expires}".encode())
    assert kind_of(f"{tampered}.{mac}") == "forged"
    assert verify(f"{payload}.{mac}", (SECRET,), NOW) == CLAIMS


def test_an_expired_token_is_refused_after_but_not_at_its_expiry() -> None:
    token = sign(replace(CLAIMS, expires=NOW - 1), SECRET)
    with pytest.raises(TokenError) as caught:
        verify(token, (SECRET,), NOW)
    assert caught.value.code == "rating.token_expired"
    assert "有效期至" in caught.value.message() and "2026" in caught.value.message()
    assert verify(sign(replace(CLAIMS, expires=NOW), SECRET), (SECRET,), NOW).window == 3


def test_a_token_of_another_hall_is_wrong_hall_even_with_its_own_secret() -> None:
    token = sign(replace(CLAIMS, hall="other"), OTHER)
    assert kind_of(token, hall="demo") == "wrong_hall"
    assert verify(token, (OTHER,), NOW, "other").hall == "other"


def test_a_rotated_secret_keeps_old_codes_valid() -> None:
    old = sign(CLAIMS, OTHER)
    new = sign(CLAIMS, SECRET)
    assert verify(old, (SECRET, OTHER), NOW) == verify(new, (SECRET, OTHER), NOW) == CLAIMS
    assert kind_of(old, secrets=(SECRET,)) == "forged"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "no-dot-at-all",
        "a.b.c",
        ".",
        "abc.",
        "!!!." + b64url(bytes(32)),
        "a." + b64url(bytes(32)),  # one base64 character cannot be a byte
        b64url(b"1|demo") + "." + b64url(bytes(31)),  # a MAC of the wrong length
        b64url(b"1|x") + "=." + b64url(bytes(32)),  # padding is not ours
        "A" * (MAX_TOKEN + 1),
        b64url(b"\xff\xfe|not utf-8") + "." + b64url(bytes(32)),
    ],
)
def test_malformed_shapes(token: str) -> None:
    assert kind_of(token) == "malformed"
    with pytest.raises(TokenError):
        peek(token)


VISIT = CLAIMS.visit


@pytest.mark.parametrize(
    "text",
    [
        f"2|demo|{VISIT}|3|S001|||{NOW}",  # another version
        f"1|demo|{VISIT}|three|S001|||{NOW}",  # a window that is no number
        f"1|demo|{VISIT}|03|S001|||{NOW}",  # a number with a leading zero
        f"1|demo|{VISIT}|0|S001|||{NOW}",  # no window 0
        f"1|demo|{VISIT}|3|S001|||-5",
        f"1|demo|{VISIT}|3|S001||{NOW}",  # a field missing
        f"1|demo|{VISIT}|3|S001||||{NOW}",  # a field too many
        f"1|demo|{VISIT.upper()}|3|S001|||{NOW}",
        f"1|demo|short|3|S001|||{NOW}",
        f"1||{VISIT}|3|S001|||{NOW}",  # no hall
        f"1|demo|{VISIT}|3||||{NOW}",  # no staff
        f"1|demo|{VISIT}|3|S001|{'9' * 41}||{NOW}",  # a case number wider than its column
    ],
)
def test_malformed_texts_are_refused_even_when_signed(text: str) -> None:
    assert kind_of(forge(text)) == "malformed"


def test_spare_base64_bits_are_not_another_spelling() -> None:
    """The last character of a MAC carries spare bits: flipping them decodes to the same
    bytes, and must still be refused (one token has one spelling)."""
    payload, mac = sign(CLAIMS, SECRET).split(".")
    last = B64_ALPHABET.index(mac[-1])
    respelled = mac[:-1] + B64_ALPHABET[last ^ 1]
    assert base64.urlsafe_b64decode(respelled + "=") == base64.urlsafe_b64decode(mac + "=")
    assert kind_of(f"{payload}.{respelled}") == "malformed"


@pytest.mark.parametrize(
    "claims",
    [
        replace(CLAIMS, staff="S|001"),
        replace(CLAIMS, hall=""),
        replace(CLAIMS, visit="not-a-visit"),
        replace(CLAIMS, window=0),
        replace(CLAIMS, expires=-1),
        replace(CLAIMS, item="x" * 65),
        replace(CLAIMS, hall="😀" * 32, case="😀" * 40, item="😀" * 64),  # over 400 characters
    ],
)
def test_sign_refuses_claims_no_token_may_carry(claims: RatingClaims) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        sign(claims, SECRET)


def test_sign_and_verify_need_a_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        sign(CLAIMS, b"")
    with pytest.raises(ValueError, match="secret"):
        verify(sign(CLAIMS, SECRET), (), NOW)


def test_token_error_is_a_desk_error_with_a_citizen_message() -> None:
    error = TokenError("forged")
    assert isinstance(error, DeskError) and error.code == "rating.token_forged"
    assert "未记录" in error.message() and "nothing was recorded" in str(error)
    with pytest.raises(ValueError, match="kind"):
        TokenError("bogus")


def test_expiry_and_url_helpers() -> None:
    issued = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert expiry_epoch(issued, 7) == int(datetime(2026, 3, 8, 2, 0, tzinfo=UTC).timestamp())
    assert expires_at(CLAIMS) == datetime.fromtimestamp(CLAIMS.expires, UTC)
    with pytest.raises(ValueError, match="time zone"):
        expiry_epoch(datetime(2026, 3, 1), 7)  # naive: refused
    token = sign(CLAIMS, SECRET)
    assert rating_url("http://127.0.0.1:8765/rate/", token) == f"http://127.0.0.1:8765/rate/{token}"
