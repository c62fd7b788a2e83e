"""The per-device hash chain over outbox events (tamper-evident audit trail, pure).

Every event a device records carries the hash of the device's previous event, and its own hash
covers every field that means something (who, what, when, the payload text, the link). Change
one byte of a stored event, drop one, or reorder two, and the chain no longer verifies: the
central audit (``desk-admin audit verify``) names the device and the sequence where it breaks.

Payloads travel and are stored as canonical JSON text (sorted keys, no spaces, ASCII only), so
the hash is computed over the very text that every database stores, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: The "previous hash" of a device's first event.
GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One text for one value: sorted keys, no whitespace, ASCII (any database stores it)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_time(moment: datetime) -> str:
    """Aware UTC with microseconds: what all three databases give back unchanged."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ChainEvent:
    """One outbox event as it is hashed, sent, stored centrally and verified."""

    event_id: str
    device_id: str
    client_seq: int
    type: str
    payload: str  # canonical JSON text
    occurred_at: datetime
    actor: str
    prev_hash: str
    hash: str


def event_hash(
    *,
    event_id: str,
    device_id: str,
    client_seq: int,
    type: str,
    payload: str,
    occurred_at: datetime,
    actor: str,
    prev_hash: str,
) -> str:
    fields = [
        device_id,
        client_seq,
        event_id,
        type,
        canonical_time(occurred_at),
        actor,
        payload,
        prev_hash,
    ]
    return hashlib.sha256(canonical_json(fields).encode("ascii")).hexdigest()


def recompute(event: ChainEvent) -> str:
    """The hash ``event`` should carry, from its fields."""
    return event_hash(
        event_id=event.event_id,
        device_id=event.device_id,
        client_seq=event.client_seq,
        type=event.type,
        payload=event.payload,
        occurred_at=event.occurred_at,
        actor=event.actor,
        prev_hash=event.prev_hash,
    )


def seal(
    *,
    event_id: str,
    device_id: str,
    client_seq: int,
    type: str,
    payload: Mapping[str, Any],
    occurred_at: datetime,
    actor: str,
    prev_hash: str,
) -> ChainEvent:
    """A new event linked to ``prev_hash``, its payload made canonical, its hash computed."""
    text = canonical_json(dict(payload))
    fields: dict[str, Any] = {
        "event_id": event_id,
        "device_id": device_id,
        "client_seq": client_seq,
        "type": type,
        "payload": text,
        "occurred_at": occurred_at,
        "actor": actor,
        "prev_hash": prev_hash,
    }
    return ChainEvent(**fields, hash=event_hash(**fields))


@dataclass(frozen=True)
class ChainBreak:
    device_id: str
    client_seq: int
    problem: str  # gap | link | hash | device | head


def check_link(event: ChainEvent, expected_seq: int, expected_prev: str) -> str | None:
    """What is wrong with ``event`` as the next link after (expected_seq - 1), or None."""
    if event.client_seq != expected_seq:
        return "gap"
    if event.prev_hash != expected_prev:
        return "link"
    if recompute(event) != event.hash:
        return "hash"
    return None


def verify_chain(
    events: Iterable[ChainEvent], start_seq: int = 1, start_hash: str = GENESIS
) -> list[ChainBreak]:
    """Every break in one device's events (given in client_seq order).

    After a break the walk re-anchors on the event's own fields, so one tampered row is
    reported once rather than poisoning everything after it.
    """
    breaks: list[ChainBreak] = []
    seq, prev = start_seq, start_hash
    for event in events:
        problem = check_link(event, seq, prev)
        if problem is not None:
            breaks.append(ChainBreak(event.device_id, event.client_seq, problem))
        seq, prev = event.client_seq + 1, event.hash
    return breaks
