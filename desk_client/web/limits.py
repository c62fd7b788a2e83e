"""Who the client is, and how often it may ask: a token bucket per client address.

The buckets live in memory, one set per worker process, so with N workers one address may make
up to N times the configured rate; the reverse proxy in front is where a hall-wide limit
belongs (docs/rating-service.md). The buckets are only touched from the event loop.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Above this many tracked addresses, the full (idle) buckets are dropped.
MAX_TRACKED = 10_000


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.1, 192.168.1.0/24"`` -> the networks (config.py has already checked them)."""
    parts = (part.strip() for part in text.split(","))
    return tuple(ipaddress.ip_network(part, strict=False) for part in parts if part)


def is_trusted(address: str, trusted: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The peer, or when the peer is a trusted proxy, the last untrusted X-Forwarded-For hop.

    Read from the right: each trusted proxy appends the address it saw, so the rightmost
    address no trusted proxy vouches for is the client; the left part could be forged.
    """
    if not forwarded_for or not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


class RateLimiter:
    """``per_minute`` requests a minute per address, in bursts of up to ``per_minute``."""

    def __init__(self, per_minute: int, now: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._now = now
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, at)

    def allow(self, address: str) -> bool:
        """Take one token for ``address``; False when its bucket is empty."""
        now = self._now()
        tokens, at = self._buckets.get(address, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens < 1.0:
            self._buckets[address] = (tokens, now)
            return False
        self._buckets[address] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_TRACKED:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled: forgetting them changes nobody's allowance."""
        refill_s = self.capacity / self.rate
        idle = [key for key, (_, at) in self._buckets.items() if now - at >= refill_s]
        for key in idle:
            del self._buckets[key]
