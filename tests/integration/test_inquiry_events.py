"""Issue 6's events through the real sync on SQLite, PostgreSQL and MariaDB: an inquiry's
life recorded locally reaches the central row and timeline in the device's order; a resent
batch applies nothing twice; unknown inquiries, forbidden steps, a second log of a number, a
referral to someone who does not work here and malformed payloads are poison with their
reason and change nothing; absences recorded by the person or a supervisor (never by another
clerk), overlaps refused; an inquiry referred on one PC reaches the other PC's inbox, is
answered there and closed on the first; the projection is idempotent and skips what it
cannot take; the cached posts, roster and departments follow a sync; the handshake needs
revision 0006.

Events are recorded the way the inquiry service records them: the event and its local rows in
ONE local transaction (record_in, then local_inquiries.apply_event with the event's id).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.services.app import Services, build_services
from desk_client.services.sync import pull_hook
from desk_client.store import cover_repo, db, inquiries_repo, local_inquiries
from desk_client.store.inquiry_rows import InquiryRecord, RosterRow
from desk_client.store.inquiry_schema import INQUIRIES_SINCE, absences, inquiries, inquiry_events
from desk_client.store.local import PulledRow
from desk_client.store.schema import SCHEMA_VERSION, schema_info
from desk_client.sync import handshake
from desk_client.sync.ingest import ingest
from tests.integration.conftest import make_services

R = TypeVar("R")
START = datetime.fromisoformat("2026-11-23T09:00:00+08:00")


@pytest.fixture(scope="module")
def svc(central_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    made = make_services(central_url, FakeClock(START), tmp_path_factory.mktemp("pc1"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def other(svc: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Another PC of the same hall: same central database, its own local store."""
    folder = tmp_path_factory.mktemp("pc2")
    made = build_services(replace(svc.config, local_store=str(folder / "other.db")), svc.clock)
    yield made
    made.close()


def central(svc: Services, work: Callable[[Connection], R]) -> R:
    return svc.context.read(work)


def now_iso(svc: Services) -> str:
    return svc.clock.now().isoformat()


def logged(svc: Services, number: str, owner: str = "1001", **more: Any) -> dict[str, Any]:
    return {
        "number": number,
        "at": now_iso(svc),
        "actor": owner,
        "channel": "phone",
        "person_kind": "organisation",
        "person_name": "示范市某某科技有限公司",
        "person_display": "示范市某某科技有限公司",
        "phone": "13800138000",
        "id_number": "91350100M000100Y43",
        "matter": "企业开办全程网办怎么操作",
        "item_code": "00013112700401",
        "materials": [["营业执照复印件", 1]],
        "owner_no": owner,
        "logged_day": "2026-11-23",
        **more,
    }


def step(svc: Services, number: str, actor: str = "1001", **more: Any) -> dict[str, Any]:
    return {"number": number, "at": now_iso(svc), "actor": actor, **more}


def record(svc: Services, type_: str, payload: dict[str, Any], actor: str = "1001") -> ChainEvent:
    """What InquiryService does: the event and the local mirror's rows in one transaction."""
    local, hall = svc.sync.local, svc.config.hall_code
    with local.write() as conn:
        event = local.record_in(conn, type_, payload, actor, svc.clock.now())
        reason = local_inquiries.apply_event(
            conn, hall, type_, payload, event_id=event.event_id, actor=actor
        )
        assert reason is None, reason
    assert isinstance(svc.clock, FakeClock)
    svc.clock.advance(timedelta(minutes=1))
    return event


def central_record(svc: Services, number: str) -> InquiryRecord | None:
    hall = svc.config.hall_code
    return central(svc, lambda conn: inquiries_repo.inquiry_record(conn, hall, number))


def local_record(svc: Services, number: str) -> InquiryRecord | None:
    hall = svc.config.hall_code
    work = lambda conn: local_inquiries.inquiry_record(conn, hall, number)  # noqa: E731
    return local_inquiries.read_local(svc.sync.local, work)


def crafted(
    svc: Services, payloads: list[tuple[str, dict[str, Any]]], actor: str = "1001"
) -> list[ChainEvent]:
    """A device's chain of events with the given (type, payload)s, sealed like the outbox;
    a payload's "actor" signs its event (else ``actor``)."""
    device, events, prev = f"dev-{uuid.uuid4().hex[:12]}", [], GENESIS
    for seq, (type_, payload) in enumerate(payloads, start=1):
        event = seal(
            event_id=str(uuid.uuid4()),
            device_id=device,
            client_seq=seq,
            type=type_,
            payload=payload,
            occurred_at=svc.clock.now(),
            actor=str(payload.get("actor") or actor),
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


def central_count(svc: Services, table: sa.Table, **where: Any) -> int:
    def work(conn: Connection) -> int:
        hall_id = svc.context.hall(conn)[0]
        conditions = [table.c.hall_id == hall_id]
        conditions += [table.c[key] == value for key, value in where.items()]
        return int(conn.execute(sa.select(sa.func.count()).where(*conditions)).scalar_one())

    return central(svc, work)


# -- the whole life, centrally --------------------------------------------------------------------


def test_an_inquiry_recorded_offline_reaches_the_central_row_in_order(svc: Services) -> None:
    number = "SW2026-03-0001"
    events = [
        record(svc, "inquiry.logged", logged(svc, number)),
        record(svc, "inquiry.follow_up", step(svc, number, promised_reply="2026-11-30", days=5)),
        record(svc, "inquiry.referred", step(svc, number, to_staff_no="1002", department="",
                                             contact="", note="", handler_no="1002")),
        record(svc, "inquiry.accepted", step(svc, number, "1003", on_behalf_of="1002"), "1003"),
        record(svc, "inquiry.replied", step(svc, number, "1003", on_behalf_of="1002",
                                            text="可全程网办"), "1003"),
        record(svc, "inquiry.closed", step(svc, number, note="已电话告知")),
    ]  # fmt: skip
    report = svc.sync.sync_once()  # one batch: logged ... closed
    assert (report.pushed, report.rejected) == (len(events), 0)
    found, mine = central_record(svc, number), local_record(svc, number)
    assert found is not None and mine is not None
    assert found.inquiry == mine.inquiry  # the PC's mirror and the central row agree
    assert (found.inquiry.state, found.inquiry.outcome) == ("closed", "可全程网办")
    assert found.inquiry.closed_at == events[-1].occurred_at
    assert [s.event_id for s in found.timeline] == [e.event_id for e in events]
    assert [s.event_id for s in mine.timeline] == [e.event_id for e in events]
    assert found.timeline[4].detail == json.loads(events[4].payload)
    assert (found.timeline[4].actor, found.timeline[4].on_behalf_of) == ("1003", "1002")


def test_a_resent_batch_applies_nothing_twice(svc: Services) -> None:
    number = "SW2026-03-0002"
    batch = crafted(
        svc,
        [
            ("inquiry.logged", logged(svc, number)),
            ("inquiry.answered", step(svc, number, text="当场答复")),
        ],
    )
    assert push(svc, batch) == {}
    assert push(svc, batch) == {}  # the lost acknowledgement: resent, skipped
    assert central_count(svc, inquiry_events, number=number) == 2


# -- poison --------------------------------------------------------------------------------------


def test_poison_unknown_inquiries_forbidden_steps_and_strangers(svc: Services) -> None:
    early, late = "SW2026-04-0001", "SW2026-04-0002"
    refer = {"department": "", "contact": "", "note": ""}
    stranger, wrong = {"to_staff_no": "9999", "handler_no": "9999"}, {"handler_no": "1003"}
    rejected = push(
        svc,
        crafted(
            svc,
            [
                ("inquiry.answered", step(svc, early, text="x")),  # before its logging
                ("inquiry.logged", logged(svc, early)),
                ("inquiry.answered", step(svc, early, text="当场答复")),  # after: fine
                ("inquiry.closed", step(svc, "SW2026-04-0099")),
                ("inquiry.logged", logged(svc, late)),
                ("inquiry.logged", {**logged(svc, late), "person_name": "钱七"}),
                ("inquiry.referred", step(svc, late, **stranger, **refer)),
                ("inquiry.referred", step(svc, late, to_staff_no="1002", **wrong, **refer)),
                ("inquiry.accepted", step(svc, late, "1002")),  # never referred
                ("inquiry.replied", step(svc, early, text="x")),  # after 当场答复
            ],
        ),
    )  # fmt: skip
    assert sorted(rejected) == [1, 4, 6, 7, 8, 9, 10]
    assert rejected[1] == f"unknown inquiry {early}"
    assert rejected[4] == "unknown inquiry SW2026-04-0099"
    assert "already exists" in rejected[6]
    assert "9999 is not active staff" in rejected[7]
    assert "handler_no 1003 is not 1002" in rejected[8]
    assert late in rejected[9] and early in rejected[10]
    first, second = central_record(svc, early), central_record(svc, late)
    assert first is not None and first.inquiry.state == "answered"
    assert second is not None and second.inquiry.person_name == "示范市某某科技有限公司"
    assert second.inquiry.state == "open" and len(second.timeline) == 1


def bad_payloads(svc: Services, number: str) -> list[tuple[str, dict[str, Any], str]]:
    good = logged(svc, number)
    refer = step(svc, number, to_staff_no="1002", department="", handler_no="1002")
    leave = {"staff_no": "1001", "kind": "leave", "note": "", "at": now_iso(svc)}
    leave |= {"start": "2026-12-01T09:00:00+08:00", "end": "2026-12-01T17:00:00+08:00"}
    return [
        ("inquiry.logged", {**good, "number": "SW2026-3-1"}, "number"),
        ("inquiry.logged", {**good, "number": "sw2026-03-0021"}, "number"),
        ("inquiry.logged", {**good, "channel": "fax"}, "channel"),
        ("inquiry.logged", {**good, "person_kind": "robot"}, "person_kind"),
        ("inquiry.logged", {**good, "person_name": ""}, "person_name"),
        ("inquiry.logged", {**good, "matter": "x" * 1001}, "matter"),
        ("inquiry.logged", {**good, "materials": [["身份证", 0]]}, "materials"),
        ("inquiry.logged", {**good, "materials": [["身份证"]]}, "materials"),
        ("inquiry.logged", {**good, "materials": "身份证"}, "materials"),
        ("inquiry.logged", {**good, "logged_day": "23/11/2026"}, "logged_day"),
        ("inquiry.logged", {k: v for k, v in good.items() if k != "owner_no"}, "owner_no"),
        ("inquiry.logged", {**good, "at": "2026-11-23T09:00:00"}, "at"),
        ("inquiry.answered", step(svc, number), "text"),
        ("inquiry.guided", step(svc, number, address="x", phone="1"), "body"),
        ("inquiry.follow_up", step(svc, number, promised_reply="soon"), "promised_reply"),
        ("inquiry.follow_up", step(svc, number, promised_reply="2026-12-01", days=0), "days"),
        ("inquiry.referred", {**refer, "department": "市税务局"}, "exactly one"),
        ("inquiry.referred", {**refer, "to_staff_no": ""}, "exactly one"),
        ("inquiry.referred", {k: v for k, v in refer.items() if k != "handler_no"}, "handler_no"),
        ("inquiry.handed_back", step(svc, number, reason=""), "reason"),
        ("inquiry.closed", step(svc, number, note=7), "note"),
        ("inquiry.accepted", step(svc, number, on_behalf_of=3), "on_behalf_of"),
        ("absence.recorded", {**leave, "kind": "holiday"}, "kind"),
        ("absence.recorded", {**leave, "end": "2026-12-01T08:00:00+08:00"}, "before end"),
        ("absence.recorded", {**leave, "start": "2026-12-01 09:00"}, "start"),
        ("absence.recorded", {**leave, "staff_no": ""}, "staff_no"),
        ("absence.cancelled", {"at": now_iso(svc)}, "id"),
    ]


def test_malformed_payloads_are_refused_with_their_reason_and_change_nothing(
    svc: Services,
) -> None:
    number = "SW2026-03-0021"
    assert push(svc, crafted(svc, [("inquiry.logged", logged(svc, number))])) == {}
    before = central_record(svc, number)
    absent = central_count(svc, absences)
    bad = bad_payloads(svc, number)
    rejected = push(svc, crafted(svc, [(t, p) for t, p, _ in bad], actor="S001"))
    assert sorted(rejected) == list(range(1, len(bad) + 1))
    for seq, (_, _, expected) in enumerate(bad, start=1):
        assert expected in rejected[seq], (seq, rejected[seq])
    assert central_record(svc, number) == before
    assert central_count(svc, inquiries, number=number) == 1
    assert central_count(svc, absences) == absent


# -- absences -------------------------------------------------------------------------------------


def leave(svc: Services, staff: str, day: int, actor: str, **more: Any) -> dict[str, Any]:
    start = datetime.fromisoformat(f"2027-01-{day:02d}T09:00:00+08:00")
    end = start + timedelta(hours=8)
    payload = {"staff_no": staff, "kind": "leave", "start": start.isoformat(), "note": "病假"}
    return payload | {"end": end.isoformat(), "at": now_iso(svc), "actor": actor, **more}


def test_absences_by_the_person_or_a_supervisor_never_another_clerk(svc: Services) -> None:
    batch = crafted(
        svc,
        [
            ("absence.recorded", leave(svc, "1004", 4, "1004")),  # self
            ("absence.recorded", leave(svc, "1004", 5, "1005")),  # a colleague: no
            ("absence.recorded", leave(svc, "1004", 6, "S001", recorded_by="S001")),
            ("absence.recorded", leave(svc, "1004", 4, "S001")),  # overlaps the first
            ("absence.recorded", leave(svc, "9999", 7, "S001")),  # not staff here
        ],
    )
    rejected = push(svc, batch)
    assert sorted(rejected) == [2, 4, 5]
    assert "1005 may not" in rejected[2] and "overlaps" in rejected[4]
    assert "9999 is not active staff" in rejected[5]
    first, third = batch[0].event_id, batch[2].event_id
    cancels = crafted(
        svc,
        [
            ("absence.cancelled", {"id": first, "at": now_iso(svc), "actor": "1005"}),  # no
            ("absence.cancelled", {"id": first, "at": now_iso(svc), "actor": "1004"}),
            ("absence.cancelled", {"id": third, "at": now_iso(svc), "actor": "1004"}),  # self
            ("absence.cancelled", {"id": "nope", "at": now_iso(svc), "actor": "S001"}),
        ],
    )
    rejected = push(svc, cancels)
    assert sorted(rejected) == [1, 4] and "unknown absence nope" in rejected[4]
    hid = central(svc, lambda conn: svc.context.hall(conn)[0])
    left = central(svc, lambda conn: cover_repo.absences(conn, hid, staff_no="1004"))
    assert left == []
    gone = central(svc, lambda conn: cover_repo.absence(conn, hid, first))
    assert gone is not None and (gone.cancelled_by, gone.recorded_by) == ("1004", "1004")
    by_supervisor = central(svc, lambda conn: cover_repo.absence(conn, hid, third))
    assert by_supervisor is not None and by_supervisor.recorded_by == "S001"


# -- another PC of the hall -----------------------------------------------------------------------


def test_a_referral_from_one_pc_is_answered_on_the_other_and_closed_on_the_first(
    svc: Services, other: Services
) -> None:
    number, hall = "SW2026-03-0031", svc.config.hall_code
    record(svc, "inquiry.logged", logged(svc, number))
    referral = step(svc, number, to_staff_no="1002", department="", contact="", note="请答复")
    record(svc, "inquiry.referred", referral | {"handler_no": "1002"})
    away = leave(svc, "1001", 11, "1001")
    absence_event = record(svc, "absence.recorded", away)
    assert svc.sync.sync_once().rejected == 0
    other.sync.sync_once()
    t = local_inquiries.local_tables(hall)
    inbox = local_inquiries.read_local(
        other.sync.local, lambda conn: inquiries_repo.handled_by(conn, t, ["1002"])
    )
    assert number in [row.number for row in inbox]
    away_id = absence_event.event_id
    away_there = local_inquiries.read_local(
        other.sync.local, lambda conn: local_inquiries.local_absence(conn, hall, away_id)
    )
    assert away_there is not None and away_there.staff_no == "1001"
    record(other, "inquiry.accepted", step(other, number, "1002"), "1002")
    record(other, "inquiry.replied", step(other, number, "1002", text="材料齐全即可"), "1002")
    assert other.sync.sync_once().rejected == 0
    svc.sync.sync_once()
    back = local_record(svc, number)
    assert back is not None and (back.inquiry.state, back.inquiry.handler_no) == ("replied", "1001")
    record(svc, "inquiry.closed", step(svc, number))
    svc.sync.sync_once()
    other.sync.sync_once()
    closed, theirs = central_record(svc, number), local_record(other, number)
    assert closed is not None and theirs is not None
    assert closed.inquiry.state == "closed" and theirs.inquiry == closed.inquiry
    assert [s.type for s in theirs.timeline] == [s.type for s in closed.timeline]
    assert svc.sync.rejected() == () and other.sync.rejected() == ()


def pulled(
    svc: Services, seq: int, type_: str, payload: Any, device: str = "elsewhere"
) -> PulledRow:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return PulledRow(seq, str(uuid.uuid4()), device, type_, body, svc.clock.now(), "applied")


def test_the_projection_is_idempotent_and_skips_what_it_cannot_take(svc: Services) -> None:
    number, hall = "SW2026-09-0001", svc.config.hall_code
    own = svc.sync.local.device_id(svc.clock.now())
    good = pulled(svc, 1, "inquiry.logged", logged(svc, number))
    recorded = pulled(svc, 9, "absence.recorded", leave(svc, "1006", 20, "1006"))
    rows = [
        pulled(svc, 2, "inquiry.answered", "{not json"),
        pulled(svc, 3, "inquiry.follow_up", step(svc, number, promised_reply="2026-11-30")),
        pulled(svc, 4, "inquiry.closed", step(svc, "SW2026-09-0009")),  # unknown here
        pulled(svc, 5, "inquiry.logged", {"number": "SW2026-09-0002"}),  # half a payload
        pulled(svc, 6, "inquiry.answered", step(svc, number, text="x"), device=own),  # mine
        replace(pulled(svc, 7, "inquiry.replied", step(svc, number, text="y")), status="rejected"),
        pulled(svc, 8, "inquiry.logged", logged(svc, "SW2026-9-1")),  # not a number
        recorded,
        pulled(svc, 10, "absence.cancelled", {"id": recorded.event_id, "at": now_iso(svc)}),
    ]
    hook = pull_hook(hall)
    with svc.sync.local.write() as conn:
        hook(conn, [good, *rows])
        hook(conn, [good, *rows])  # pulled again: nothing twice
    found = local_record(svc, number)
    assert found is not None
    assert [s.type for s in found.timeline] == ["inquiry.logged", "inquiry.follow_up"]
    assert found.inquiry.promised_reply == date(2026, 11, 30)
    assert local_record(svc, "SW2026-09-0002") is None
    cancelled = local_inquiries.read_local(
        svc.sync.local, lambda conn: local_inquiries.local_absence(conn, hall, recorded.event_id)
    )
    assert cancelled is not None and not cancelled.active


def test_the_cover_copy_follows_a_sync(svc: Services, other: Services) -> None:
    hall = svc.config.hall_code
    hid = central(svc, lambda conn: svc.context.hall(conn)[0])
    today = svc.clock.now().date()
    weekend = [RosterRow(today + timedelta(days=5), 6, "1006", "day")]
    with db.write(svc.context.engine) as conn:
        cover_repo.replace_roster(conn, hid, weekend, now=svc.clock.now())
        cover_repo.set_post(conn, hid, "window:9", "1001", "1002", by="S001", now=svc.clock.now())
    other.sync.sync_once()

    def copy(conn: Connection) -> tuple[Any, ...]:
        day = weekend[0].day
        posts = local_inquiries.load_posts(conn, hall)
        return local_inquiries.load_roster(conn, hall, day), posts[-1], len(posts)

    roster, last, count = local_inquiries.read_local(other.sync.local, copy)
    assert roster == weekend and last.post == "window:9"
    departments = local_inquiries.read_local(
        other.sync.local, lambda conn: local_inquiries.load_departments(conn, hall)
    )
    assert len(departments) == 4 and count == 9


def test_the_handshake_needs_the_inquiry_tables(svc: Services) -> None:
    assert int(handshake.supported()[0]) >= int(INQUIRIES_SINCE) == 6
    info = schema_info.c
    with db.write(svc.context.engine) as conn:
        conn.execute(schema_info.update().where(info.key == "version").values(value="0005"))
    try:
        with pytest.raises(DeskError) as refused:
            svc.sync.sync_once()
        assert refused.value.code == "sync.schema_mismatch"
        low = handshake.supported()[0]
        assert (refused.value.params["central"], refused.value.params["low"]) == ("0005", low)
    finally:
        with db.write(svc.context.engine) as conn:
            conn.execute(
                schema_info.update().where(info.key == "version").values(value=SCHEMA_VERSION)
            )
