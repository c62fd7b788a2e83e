"""Security headers on every response, as a plain ASGI middleware (no per-request task).

The pages load nothing but their own stylesheet, run no script and may not be framed; the
referrer never leaves (the token is in the URL); form and result pages are never cached, so
the back button cannot show a stale form or another person's thank-you page on a shared phone.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

STATIC_PREFIX = "/rate/static/"
_ALWAYS = [
    (
        b"content-security-policy",
        b"default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_NO_STORE = (b"cache-control", b"no-store")


def plain_headers() -> dict[str, str]:
    """The same headers for a response made outside this middleware (the crash page, which
    Starlette's outermost error middleware sends)."""
    return {name.decode(): value.decode() for name, value in (*_ALWAYS, _NO_STORE)}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(_ALWAYS)
        if not str(scope.get("path", "")).startswith(STATIC_PREFIX):
            extra.append(_NO_STORE)

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
