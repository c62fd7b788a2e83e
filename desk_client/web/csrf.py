"""Form protection: a double-submit nonce bound to the token, and a same-origin check.

GET sets the cookie ``desk_csrf`` (a random nonce, SameSite=Strict) and puts
HMAC(csrf_key(hall), nonce + token) in a hidden field. A POST must bring both, and they must
match for this very token, so a page of another site can neither read the field nor send the
cookie. The key comes from the hall's secret (``RatingPageService.csrf_key``), so every
worker process agrees without shared state.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

COOKIE = "desk_csrf"
FIELD = "csrf"
_NONCE = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def usable_nonce(cookie: str | None) -> str | None:
    """The cookie's nonce when it has our shape (it is reused, so several open tabs agree)."""
    return cookie if cookie is not None and _NONCE.fullmatch(cookie) else None


def form_value(key: bytes, nonce: str, token: str) -> str:
    """The hidden field for this nonce and token (the nonce has a fixed length)."""
    return hmac.new(key, (nonce + token).encode(), hashlib.sha256).hexdigest()


def form_matches(key: bytes, cookie: str | None, token: str, field: str | None) -> bool:
    nonce = usable_nonce(cookie)
    if nonce is None or not field:
        return False
    return hmac.compare_digest(form_value(key, nonce, token), field)


def same_origin(origin: str | None, referer: str | None, host: str | None) -> bool:
    """True unless an Origin (or, without one, a Referer) names another host than ours.

    ``Origin: null`` carries no host: browsers send it for a same-origin form when the page
    says Referrer-Policy: no-referrer, as ours does, so it is left to the nonce check.
    """
    claimed = origin if origin and origin != "null" else referer
    if not claimed:
        return True
    return bool(host) and urlsplit(claimed).netloc.lower() == (host or "").lower()
