"""The per-device hash chain (core.hashchain): canonical text, links, and every kind of break."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from desk_client.core.hashchain import (
    GENESIS,
    ChainEvent,
    canonical_json,
    canonical_time,
    recompute,
    seal,
    verify_chain,
)

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def chain(count: int, device: str = "dev-1") -> list[ChainEvent]:
    events: list[ChainEvent] = []
    prev = GENESIS
    for seq in range(1, count + 1):
        event = seal(
            event_id=f"e{seq}",
            device_id=device,
            client_seq=seq,
            type="staff.session",
            payload={"staff_no": "1001", "n": seq, "名": "王"},
            occurred_at=T0 + timedelta(seconds=seq),
            actor="1001",
            prev_hash=prev,
        )
        events.append(event)
        prev = event.hash
    return events


def test_canonical_json_is_sorted_compact_ascii() -> None:
    assert canonical_json({"b": 1, "a": "王"}) == '{"a":"\\u738b","b":1}'


def test_canonical_time_needs_aware_and_keeps_microseconds() -> None:
    assert canonical_time(T0) == "2026-11-23T01:00:00.000000+00:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical_time(T0.replace(tzinfo=None))


def test_a_sealed_chain_verifies() -> None:
    events = chain(5)
    assert events[0].prev_hash == GENESIS
    assert all(recompute(e) == e.hash for e in events)
    assert verify_chain(events) == []


def test_the_same_fields_give_the_same_hash_whatever_the_offset() -> None:
    a = chain(1)[0]
    local = replace(a, occurred_at=a.occurred_at.astimezone(timezone(timedelta(hours=8))))
    assert recompute(local) == a.hash


@pytest.mark.parametrize(
    ("field", "value"),
    [("payload", '{"staff_no":"9999"}'), ("actor", "x"), ("type", "other"), ("event_id", "e9")],
)
def test_a_changed_field_breaks_the_hash_once(field: str, value: str) -> None:
    events = chain(4)
    events[1] = replace(events[1], **{field: value})
    breaks = verify_chain(events)
    assert [(b.client_seq, b.problem) for b in breaks] == [(2, "hash")]
    assert breaks[0].device_id == "dev-1"


def test_a_resealed_forgery_breaks_the_next_link() -> None:
    events = chain(3)
    forged = replace(events[1], payload='{"staff_no":"9999"}')
    events[1] = replace(forged, hash=recompute(forged))
    assert [(b.client_seq, b.problem) for b in verify_chain(events)] == [(3, "link")]


def test_a_missing_event_is_a_gap() -> None:
    events = chain(4)
    del events[2]
    assert [(b.client_seq, b.problem) for b in verify_chain(events)] == [(4, "gap")]


def test_a_chain_may_be_checked_from_a_known_head() -> None:
    events = chain(4)
    assert verify_chain(events[2:], start_seq=3, start_hash=events[1].hash) == []
    assert verify_chain(events[2:], start_seq=3, start_hash=GENESIS)[0].problem == "link"
