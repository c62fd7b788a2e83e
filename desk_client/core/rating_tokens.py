"""The signed token of a rating code (评价二维码): which visit may be rated, until when.

A token is ``b64url(text) + "." + b64url(mac)``, unpadded, where text is
``1|hall|visit|window|staff|case|item|expires`` (version 1, expires in epoch seconds, UTC)
and mac is HMAC-SHA256 over the ASCII of ``b64url(text)`` with the hall's secret. The claims
travel in the clear: they name a window, a staff number and a case number, never the citizen.

Only the canonical spelling is accepted: base64 leaves spare bits in its last character, so
without the round-trip check several spellings of one MAC would all verify, and a token
with one character changed must never pass. Numbers are plain decimal without leading zeros
for the same reason.

Verification runs in the order the page explains it: not our format (malformed), another
hall's code when one hall is expected (wrong_hall, before the MAC, which that hall's
secrets could not check anyway), no secret matches (forged), past its expiry (expired).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from desk_client.core.errors import DeskError

VERSION = "1"
MAX_TOKEN = 400
MAC_BYTES = 32
#: Longest value of each text field (the central columns' widths).
FIELD_MAX = {"hall": 32, "staff": 32, "case": 40, "item": 64}
VISIT_RE = re.compile(r"[0-9a-f]{32}")
NUMBER_RE = re.compile(r"0|[1-9][0-9]{0,11}")
WINDOW_MAX = 99_999
B64_RE = re.compile(r"[A-Za-z0-9_-]+")
TOKEN_KINDS = ("malformed", "forged", "expired", "wrong_hall")
#: The halls are in China: an expiry is shown in China Standard Time (no tz database needed).
CHINA = timezone(timedelta(hours=8), "CST")


class TokenError(DeskError):
    """A token refused; ``kind`` is one of TOKEN_KINDS, the code ``rating.token_<kind>``."""

    def __init__(self, kind: str, **params: Any) -> None:
        if kind not in TOKEN_KINDS:
            raise ValueError(f"unknown token error kind {kind!r}")
        super().__init__(f"rating.token_{kind}", **params)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class RatingClaims:
    """What a code vouches for: ``case`` and ``item`` are "" when the visit had none."""

    hall: str
    visit: str
    window: int
    staff: str
    case: str
    item: str
    expires: int  # epoch seconds, UTC


# --- encoding ------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """The bytes of canonical unpadded base64url; TokenError("malformed") for anything else."""
    if not B64_RE.fullmatch(text) or len(text) % 4 == 1:
        raise TokenError("malformed")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("malformed") from None
    if b64url(data) != text:  # spare bits set: another spelling of the same bytes
        raise TokenError("malformed")
    return data


def mac_of(payload: str, secret: bytes) -> bytes:
    return hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()


def claims_problem(claims: RatingClaims) -> str:
    """What makes ``claims`` unsignable, or "" when they are fine."""
    texts = {"hall": claims.hall, "staff": claims.staff, "case": claims.case}
    texts["item"] = claims.item
    for name, value in texts.items():
        if "|" in value or len(value) > FIELD_MAX[name]:
            return f"{name} {value!r} contains '|' or exceeds {FIELD_MAX[name]} characters"
    if not claims.hall or not claims.staff:
        return "hall and staff are required"
    if not VISIT_RE.fullmatch(claims.visit):
        return f"visit {claims.visit!r} is not 32 lowercase hex characters"
    if not 1 <= claims.window <= WINDOW_MAX:
        return f"window {claims.window} is outside 1..{WINDOW_MAX}"
    if not 0 <= claims.expires < 10**12:
        return f"expires {claims.expires} is not epoch seconds"
    return ""


def claims_text(claims: RatingClaims) -> str:
    return "|".join([VERSION, *(str(value) for value in astuple(claims))])


def sign(claims: RatingClaims, secret: bytes) -> str:
    """The token for ``claims``; ValueError for claims no token may carry or an empty secret."""
    problem = claims_problem(claims)
    if problem or not secret:
        raise ValueError(problem or "a rating token needs a secret")
    payload = b64url(claims_text(claims).encode("utf-8"))
    token = f"{payload}.{b64url(mac_of(payload, secret))}"
    if len(token) > MAX_TOKEN:
        raise ValueError(f"the token would exceed {MAX_TOKEN} characters")
    return token


# --- decoding ------------------------------------------------------------------------------


def split_token(token: str) -> tuple[str, bytes]:
    """(payload, mac) of a token of our shape; TokenError("malformed") otherwise."""
    if not token or len(token) > MAX_TOKEN or token.count(".") != 1:
        raise TokenError("malformed")
    payload, mac_text = token.split(".")
    mac = unb64url(mac_text)
    if len(mac) != MAC_BYTES:
        raise TokenError("malformed")
    return payload, mac


def parse_payload(payload: str) -> RatingClaims:
    try:
        text = unb64url(payload).decode("utf-8")
    except UnicodeDecodeError:
        raise TokenError("malformed") from None
    fields = text.split("|")
    if len(fields) != 8 or fields[0] != VERSION:
        raise TokenError("malformed")
    hall, visit, window, staff, case, item, expires = fields[1:]
    if not (NUMBER_RE.fullmatch(window) and NUMBER_RE.fullmatch(expires)):
        raise TokenError("malformed")
    claims = RatingClaims(hall, visit, int(window), staff, case, item, int(expires))
    if claims_problem(claims):
        raise TokenError("malformed")
    return claims


def peek(token: str) -> RatingClaims:
    """The claims of a token of our shape, WITHOUT checking its MAC: only to find out which
    hall's secrets to verify it with. TokenError("malformed") for anything else."""
    payload, _mac = split_token(token)
    return parse_payload(payload)


def verify(
    token: str,
    secrets: Sequence[bytes],
    now_epoch: int,
    expected_hall: str | None = None,
) -> RatingClaims:
    """The claims of a genuine, unexpired token of ``expected_hall`` (any hall when None).

    ``secrets`` are the hall's current and previous secret: a rotated secret keeps the old
    codes valid until they expire. Raises TokenError malformed | wrong_hall | forged |
    expired, in that order; ValueError without any secret (a caller's mistake).
    """
    if not secrets:
        raise ValueError("verify needs at least one secret")
    payload, mac = split_token(token)
    claims = parse_payload(payload)
    if expected_hall is not None and claims.hall != expected_hall:
        raise TokenError("wrong_hall")
    matches = [hmac.compare_digest(mac, mac_of(payload, secret)) for secret in secrets]
    if not any(matches):
        raise TokenError("forged")
    if now_epoch > claims.expires:
        raise TokenError("expired", **expiry_params(claims.expires))
    return claims


# --- times and addresses -------------------------------------------------------------------


def expiry_epoch(issued_at: datetime, days: int) -> int:
    """Epoch seconds ``days`` days after an aware ``issued_at``: a code's expiry."""
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must carry its time zone")
    return int((issued_at + timedelta(days=days)).timestamp())


def expires_at(claims: RatingClaims) -> datetime:
    """The expiry as an aware UTC datetime."""
    return datetime.fromtimestamp(claims.expires, UTC)


def expiry_params(expires: int) -> dict[str, str]:
    """``expires`` / ``expires_en`` of rating.token_expired, in China Standard Time."""
    local = datetime.fromtimestamp(expires, CHINA)
    zh = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return {"expires": zh, "expires_en": f"{local:%Y-%m-%d %H:%M} (UTC+8)"}


def rating_url(base_url: str, token: str) -> str:
    """``{base_url}/{token}``: the address the QR code carries (the token is URL-safe)."""
    return f"{base_url.rstrip('/')}/{token}"
