"""Staff passwords, hashed with scrypt (a slow, memory-hard KDF from the standard library).

Stored as ``scrypt$n$r$p$salt_hex$hash_hex`` so the cost can be raised later while old
hashes keep verifying.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
MIN_LENGTH = 6


def hash_password(password: str, *, n: int = N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=R, p=P, dklen=32)
    return f"scrypt${n}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    # bytes, not str: compare_digest raises TypeError on a non-ASCII str (a damaged row)
    return hmac.compare_digest(candidate.hex().encode(), digest.encode())


def dummy_verify(password: str) -> None:
    """Spend the same time as a real check, so an unknown staff number is not revealed."""
    verify_password(password, _DUMMY)


_DUMMY = "scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * 32
