"""Is the central database there? (for the connection banner)"""

from __future__ import annotations

from desk_client.services.context import Context
from desk_client.services.dto import ConnectionStatus
from desk_client.sync.health import probe


class HealthService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._last: ConnectionStatus | None = None

    def check(self) -> ConnectionStatus:
        """A quick round trip; ``since`` is when the current online/offline state began."""
        online, detail = probe(self._ctx.engine)
        last = self._last
        since = last.since if last is not None and last.online == online else self._ctx.now()
        self._last = ConnectionStatus(online, self._ctx.backend, detail, since)
        return self._last
