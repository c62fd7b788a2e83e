"""Issue 5's events through the real sync on SQLite, PostgreSQL and MariaDB: a case's whole
life recorded locally reaches the central row and timeline; a device's batch is applied in its
order; unknown cases, forbidden steps, malformed payloads, extensions without a supervisor
and calendar edits by a clerk are poison with their reason and change nothing; a repeated
warning is applied once; another PC of the hall sees the case after a pull, idempotently,
and a bad pulled row is skipped without stopping the pull.

Case events are recorded the way the case service records them: the event and its local rows
in ONE local transaction (record_in, then local_cases.apply_event with the event's id).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.services.app import Services, build_services
from desk_client.services.sync import pull_hook
from desk_client.store import cases_repo, db, holidays_repo, local_cases
from desk_client.store.case_rows import CaseRecord
from desk_client.store.case_schema import CASES_SINCE, case_events, case_pauses, cases
from desk_client.store.local import PulledRow
from desk_client.store.schema import SCHEMA_VERSION, schema_info
from desk_client.sync import handshake
from desk_client.sync.ingest import ingest
from tests.integration.conftest import make_services

R = TypeVar("R")
PAUSE = {"step": "专家评审", "reason": "需组织专家评审", "basis": "行政许可法第四十五条"}


@pytest.fixture
def svc(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    made = make_services(central_url, fake_clock, tmp_path)
    yield made
    made.close()


@pytest.fixture
def other(svc: Services, tmp_path: Path) -> Iterator[Services]:
    """Another PC of the same hall: same central database, its own local store."""
    made = build_services(replace(svc.config, local_store=str(tmp_path / "other.db")), svc.clock)
    yield made
    made.close()


def central(svc: Services, work: Callable[[Connection], R]) -> R:
    return svc.context.read(work)


def now_iso(svc: Services) -> str:
    return svc.clock.now().isoformat()


def opened(svc: Services, number: str, deadline: str | None = "2026-11-30") -> dict[str, Any]:
    return {
        "number": number,
        "at": now_iso(svc),
        "actor": "1001",
        "item_code": "00013112700401",
        "item_name": "企业设立登记",
        "kind": "promised",
        "applicant_name": "赵敏",
        "applicant_display": "赵*",
        "staff_no": "1001",
        "window": 3,
        "accepted_at": now_iso(svc),
        "accepted_day": "2026-11-23",
        "limit_days": 5,
        "deadline": deadline,
        "level": "green",
    }


def step(svc: Services, number: str, **more: Any) -> dict[str, Any]:
    return {"number": number, "at": now_iso(svc), "actor": "1001", **more}


def record(svc: Services, type_: str, payload: dict[str, Any], actor: str = "1001") -> ChainEvent:
    """What CaseService does: the event and the local mirror's rows in one transaction."""
    local = svc.sync.local
    with local.write() as conn:
        event = local.record_in(conn, type_, payload, actor, svc.clock.now())
        if type_.startswith("case."):
            hall = svc.config.hall_code
            reason = local_cases.apply_event(
                conn, hall, type_, payload, event_id=event.event_id, actor=actor
            )
            assert reason is None, reason
    assert isinstance(svc.clock, FakeClock)
    svc.clock.advance(timedelta(minutes=1))
    return event


def lifecycle(svc: Services, number: str, close: bool = True) -> list[ChainEvent]:
    events = [
        record(svc, "case.opened", opened(svc, number)),
        record(svc, "case.started", step(svc, number)),
        record(svc, "case.paused", step(svc, number, start="2026-11-24", deadline=None, **PAUSE)),
        record(svc, "case.resumed", step(svc, number, end="2026-11-25", deadline="2026-12-01")),
        record(svc, "case.paused", step(svc, number, start="2026-11-26", deadline=None, **PAUSE)),
        record(svc, "case.resumed", step(svc, number, end="2026-11-26", deadline="2026-12-02")),
        record(
            svc,
            "case.extended",
            step(
                svc, number, days=2, reason="情况复杂", supervisor_no="S001", deadline="2026-12-04"
            ),
        ),
        record(svc, "case.warned", step(svc, number, level="yellow")),
    ]
    if close:
        events.append(record(svc, "case.completed", step(svc, number)))
    return events


def central_record(svc: Services, number: str) -> CaseRecord | None:
    return central(svc, lambda conn: cases_repo.case_record(conn, svc.config.hall_code, number))


def local_record(svc: Services, number: str) -> CaseRecord | None:
    return local_cases.read_case_record(svc.sync.local, svc.config.hall_code, number)


def crafted(
    svc: Services, payloads: list[tuple[str, dict[str, Any]]], actor: str = "1001"
) -> list[ChainEvent]:
    """A device's chain of events with the given (type, payload)s, sealed like the outbox."""
    device, events, prev = f"dev-{uuid.uuid4().hex[:12]}", [], GENESIS
    for seq, (type_, payload) in enumerate(payloads, start=1):
        event = seal(
            event_id=str(uuid.uuid4()),
            device_id=device,
            client_seq=seq,
            type=type_,
            payload=payload,
            occurred_at=svc.clock.now(),
            actor=actor,
            prev_hash=prev,
        )
        events.append(event)
        prev = event.hash
    return events


def push(svc: Services, batch: list[ChainEvent]) -> dict[int, str]:
    with db.write(svc.context.engine) as conn:
        result = ingest(conn, svc.config.hall_code, batch[0].device_id, batch, svc.clock.now())
    assert result.last_client_seq == batch[-1].client_seq
    return dict(result.rejected)


def central_count(svc: Services, table: sa.Table, number: str) -> int:
    def work(conn: Connection) -> int:
        hall_id = svc.context.hall(conn)[0]
        where = (table.c.hall_id == hall_id, table.c.number == number)
        return int(conn.execute(sa.select(sa.func.count()).where(*where)).scalar_one())

    return central(svc, work)


# -- the whole life, centrally --------------------------------------------------------------------


def test_a_case_life_recorded_offline_reaches_the_central_row_in_order(svc: Services) -> None:
    number = "SL2026-03-0001"
    events = lifecycle(svc, number)
    report = svc.sync.sync_once()  # one batch: opened ... completed
    assert (report.pushed, report.rejected) == (len(events), 0)
    found = central_record(svc, number)
    mine = local_record(svc, number)
    assert found is not None and mine is not None
    assert found.case == mine.case  # the PC's mirror and the central row agree
    assert found.pauses == mine.pauses
    case = found.case
    assert (case.state, case.extension_days, case.deadline) == ("completed", 2, date(2026, 12, 4))
    assert (case.paused_since, case.level) == (None, "yellow")
    assert case.closed_at == events[-1].occurred_at
    assert [(p.start, p.end) for p in found.pauses] == [
        (date(2026, 11, 24), date(2026, 11, 25)),
        (date(2026, 11, 26), date(2026, 11, 26)),
    ]
    assert [e.event_id for e in found.timeline] == [e.event_id for e in events]
    assert [e.event_id for e in mine.timeline] == [e.event_id for e in events]
    assert found.timeline[2].detail == json.loads(events[2].payload)
    board = central(svc, lambda conn: cases_repo.board(conn, svc.config.hall_code))
    assert number not in [c.number for c in board]  # closed


def test_a_resent_batch_applies_nothing_twice(svc: Services) -> None:
    number = "SL2026-03-0002"
    batch = crafted(
        svc,
        [
            ("case.opened", opened(svc, number)),
            ("case.paused", step(svc, number, start="2026-11-24", deadline=None, **PAUSE)),
        ],
    )
    assert push(svc, batch) == {}
    assert push(svc, batch) == {}  # the lost acknowledgement: resent, skipped
    assert central_count(svc, case_events, number) == 2
    assert central_count(svc, case_pauses, number) == 1


# -- poison --------------------------------------------------------------------------------------


def test_events_of_an_unknown_case_are_poison_unless_opened_before_in_the_batch(
    svc: Services,
) -> None:
    early, late = "SL2026-03-0011", "SL2026-03-0012"
    rejected = push(
        svc,
        crafted(
            svc,
            [
                ("case.started", step(svc, early)),  # before its opening: poison
                ("case.opened", opened(svc, early)),
                ("case.started", step(svc, early)),  # after: fine
                ("case.warned", step(svc, "SL2026-03-0099", level="red")),
                ("case.opened", opened(svc, late)),
                ("case.opened", {**opened(svc, late), "applicant_name": "钱七"}),
                ("case.completed", step(svc, late)),
                ("case.started", step(svc, late)),  # after 办结: forbidden
            ],
        ),
    )
    assert sorted(rejected) == [1, 4, 6, 8]
    assert rejected[1] == f"unknown case {early}"
    assert rejected[4] == "unknown case SL2026-03-0099"
    assert "already exists" in rejected[6]
    assert late in rejected[8] and "cannot" in rejected[8]
    first, second = central_record(svc, early), central_record(svc, late)
    assert first is not None and first.case.state == "in_progress"
    assert second is not None and second.case.applicant_name == "赵敏"
    assert second.case.state == "completed" and len(second.timeline) == 2


def bad_payloads(svc: Services, number: str) -> list[tuple[str, dict[str, Any], str]]:
    good = opened(svc, number)
    pause = step(svc, number, start="2026-11-24", deadline=None, **PAUSE)
    extend = step(svc, number, days=2, reason="r", supervisor_no="S001", deadline="2026-12-04")
    return [
        ("case.opened", {**good, "kind": "urgent"}, "kind"),
        ("case.opened", {**good, "limit_days": -1}, "limit_days"),
        ("case.opened", {**good, "limit_days": 400}, "limit_days"),
        ("case.opened", {**good, "accepted_day": "23/11/2026"}, "accepted_day"),
        ("case.opened", {k: v for k, v in good.items() if k != "deadline"}, "deadline"),
        ("case.opened", {**good, "level": "purple"}, "level"),
        ("case.opened", {**good, "at": "2026-11-23T09:00:00"}, "at"),
        ("case.opened", {**good, "number": ""}, "number"),
        ("case.opened", {**good, "window": "3"}, "window"),
        ("case.paused", {**pause, "start": None}, "start"),
        ("case.paused", {**pause, "step": ""}, "step"),
        ("case.paused", {k: v for k, v in pause.items() if k != "deadline"}, "deadline"),
        ("case.resumed", step(svc, number, deadline=None), "end"),
        ("case.extended", {**extend, "days": 0}, "days"),
        ("case.extended", {**extend, "days": True}, "days"),
        ("case.extended", {**extend, "reason": ""}, "reason"),
        ("case.extended", {**extend, "supervisor_no": "1002"}, "not a supervisor"),
        ("case.withdrawn", step(svc, number), "reason"),
        ("case.transferred", step(svc, number, reason="联办"), "department"),
        ("case.completed", step(svc, number, pause_end="soon"), "pause_end"),
        ("case.warned", step(svc, number), "level"),
        ("calendar.day_set", {"day": "2027-02-30", "working": True, "reason": ""}, "day"),
        ("calendar.day_set", {"day": "2027-02-06", "working": "yes", "reason": ""}, "working"),
        ("calendar.day_set", {"day": "2027-02-06", "working": True}, "reason"),
    ]


def test_malformed_payloads_are_refused_with_their_reason_and_change_nothing(
    svc: Services,
) -> None:
    number = "SL2026-03-0021"
    assert push(svc, crafted(svc, [("case.opened", opened(svc, number))])) == {}
    before = central_record(svc, number)
    version = central(svc, holidays_repo.calendar_version)
    bad = bad_payloads(svc, number)
    rejected = push(svc, crafted(svc, [(t, p) for t, p, _ in bad], actor="S001"))
    assert sorted(rejected) == list(range(1, len(bad) + 1))
    for seq, (_, _, expected) in enumerate(bad, start=1):
        assert expected in rejected[seq], (seq, rejected[seq])
    assert central_record(svc, number) == before
    assert central_count(svc, cases, number) == 1
    assert central(svc, holidays_repo.calendar_version) == version


def test_a_warning_repeated_by_two_pcs_is_applied_once_never_poison(
    svc: Services, other: Services
) -> None:
    number = "SL2026-03-0031"
    record(svc, "case.opened", opened(svc, number))
    record(svc, "case.warned", step(svc, number, level="yellow"))
    assert svc.sync.sync_once().rejected == 0
    other.sync.sync_once()  # the other PC now has the case
    record(other, "case.warned", step(other, number, level="yellow"))  # its own sweep
    record(svc, "case.warned", step(svc, number, level="yellow"))
    assert other.sync.sync_once().rejected == 0
    assert svc.sync.sync_once().rejected == 0
    found = central_record(svc, number)
    assert found is not None
    assert [e.type for e in found.timeline] == ["case.opened", "case.warned"]
    assert svc.sync.rejected() == () and other.sync.rejected() == ()


# -- the calendar ---------------------------------------------------------------------------------


def test_a_supervisor_sets_a_day_and_a_clerk_cannot(svc: Services) -> None:
    version = central(svc, holidays_repo.calendar_version)
    at = now_iso(svc)
    rejected = push(
        svc,
        crafted(
            svc,
            [
                (
                    "calendar.day_set",
                    {"day": "2035-02-10", "working": True, "reason": "调休上班", "at": at},
                ),
                ("calendar.day_set", {"day": "2035-02-11", "working": False, "reason": "春节"}),
            ],
            actor="S001",
        ),
    )
    assert rejected == {}
    refused = push(
        svc,
        crafted(svc, [("calendar.day_set", {"day": "2035-02-12", "working": True, "reason": ""})]),
    )
    assert list(refused) == [1] and "1001 is not a supervisor" in refused[1]
    rows = central(svc, lambda conn: holidays_repo.all_days(conn, 2035))
    assert [(r.day, r.working, r.reason, r.updated_by) for r in rows] == [
        (date(2035, 2, 10), True, "调休上班", "S001"),
        (date(2035, 2, 11), False, "春节", "S001"),
    ]
    assert rows[0].updated_at == svc.clock.now()
    assert central(svc, holidays_repo.calendar_version) == version + 2
    removed = crafted(
        svc,
        [("calendar.day_set", {"day": "2035-02-11", "working": None, "reason": ""})],
        actor="S001",
    )
    assert push(svc, removed) == {}
    assert [r.day for r in central(svc, lambda conn: holidays_repo.all_days(conn, 2035))] == [
        date(2035, 2, 10)
    ]


# -- another PC of the hall -----------------------------------------------------------------------


def test_another_pc_sees_the_case_after_a_pull(svc: Services, other: Services) -> None:
    number = "SL2026-03-0041"
    events = lifecycle(svc, number, close=False)
    record(
        svc, "calendar.day_set", {"day": "2036-01-02", "working": True, "reason": "调休"}, "S001"
    )
    assert svc.sync.sync_once().rejected == 0
    other.sync.sync_once()
    theirs, mine = local_record(other, number), local_record(svc, number)
    assert theirs is not None and mine is not None
    assert theirs.case == mine.case and theirs.pauses == mine.pauses
    assert [e.event_id for e in theirs.timeline] == [e.event_id for e in events]
    with db.read(other.sync.local.engine()) as conn:
        assert local_cases.load_holidays(conn)[date(2036, 1, 2)] == (True, "调休")
        open_there = local_cases.open_cases(conn, other.config.hall_code)
    assert [c.number for c in open_there] == [number]
    record(other, "case.completed", step(other, number))  # the other PC closes it
    other.sync.sync_once()
    svc.sync.sync_once()
    closed = local_record(svc, number)
    assert closed is not None and closed.case.state == "completed"
    assert len(closed.timeline) == len(events) + 1


def pulled(
    svc: Services, seq: int, type_: str, payload: Any, device: str = "elsewhere"
) -> PulledRow:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return PulledRow(seq, str(uuid.uuid4()), device, type_, body, svc.clock.now(), "applied")


def test_the_projection_is_idempotent_and_skips_what_it_cannot_take(svc: Services) -> None:
    number, hall = "SL2026-03-0051", svc.config.hall_code
    own = svc.sync.local.device_id(svc.clock.now())
    good = pulled(svc, 1, "case.opened", opened(svc, number))
    rows = [
        pulled(svc, 2, "case.started", "{not json"),
        pulled(svc, 3, "case.paused", step(svc, number, start="2026-11-24")),  # no deadline key: ok
        pulled(svc, 4, "case.started", step(svc, "SL2026-03-0059")),  # unknown here
        pulled(svc, 5, "case.opened", {"number": "SL2026-03-0052"}),  # half a payload
        pulled(svc, 6, "case.resumed", step(svc, number, end="2026-11-25", deadline="2026-12-01")),
        pulled(svc, 7, "case.warned", step(svc, number, level="red"), device=own),  # mine
        replace(pulled(svc, 8, "case.warned", step(svc, number, level="red")), status="rejected"),
        pulled(svc, 9, "calendar.day_set", {"day": "someday", "working": True, "reason": ""}),
    ]
    hook = pull_hook(hall)
    with svc.sync.local.write() as conn:
        hook(conn, [good, *rows])
        hook(conn, [good, *rows])  # pulled again: nothing twice
    found = local_record(svc, number)
    assert found is not None
    assert [e.type for e in found.timeline] == ["case.opened", "case.paused", "case.resumed"]
    assert found.case.deadline == date(2026, 12, 1) and found.case.level == "green"
    assert local_record(svc, "SL2026-03-0052") is None


def test_the_handshake_needs_the_case_tables(svc: Services) -> None:
    assert int(handshake.supported()[0]) >= int(CASES_SINCE) == 5
    info = schema_info.c
    with db.write(svc.context.engine) as conn:
        conn.execute(schema_info.update().where(info.key == "version").values(value="0004"))
    try:
        with pytest.raises(DeskError) as refused:
            svc.sync.sync_once()
        assert refused.value.code == "sync.schema_mismatch"
        assert (refused.value.params["central"], refused.value.params["low"]) == (
            "0004",
            handshake.supported()[0],
        )
    finally:
        with db.write(svc.context.engine) as conn:
            conn.execute(
                schema_info.update().where(info.key == "version").values(value=SCHEMA_VERSION)
            )
