"""Issue 4's events through the real sync on SQLite, PostgreSQL and MariaDB: notice.issued
(with its rejection report), one_time.exception and id.revealed are ingested centrally,
a taken number is poison, another PC of the hall sees the notices after a pull, and a
supervisor's decision on a report is taken exactly once.

Notices are recorded the way the checklist service records them: the local row and the event
in ONE LocalStore.record() transaction.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.checklist import Applicant, ApplicantKind, MaterialStatus
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.core.notices import (
    NoticeContent,
    NoticeKind,
    NoticeLine,
    content_to_dict,
    parse_notice_number,
)
from desk_client.services.app import Services, build_services
from desk_client.store import db, hall, local_cache, local_notices, notices_central
from desk_client.store.local import PulledRow
from desk_client.store.local_notices import NoticeRow
from desk_client.store.local_schema import notices as local_notices_table
from desk_client.store.notice_schema import id_reveals, notices, rejection_reports
from desk_client.sync.ingest import ingest
from tests.integration.conftest import make_services

R = TypeVar("R")
PERSON = Applicant(ApplicantKind.PERSON, "赵敏", "11010519491231002X", "13800138000")
COMPANY = Applicant(
    ApplicantKind.ORGANISATION, "示范科技有限公司", "91350100M000100Y43", "", "孙强"
)
REPORT = {
    "reason": "申请事项不属于本机关职权范围",
    "basis": "《行政许可法》第三十二条",
    "print_first": False,
}


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


def central(svc: Services, work: Callable[[Connection, int], R]) -> R:
    return svc.context.read(lambda conn: work(conn, svc.context.hall(conn)[0]))


def content(
    svc: Services, number: str, applicant: Applicant = PERSON, **more: Any
) -> NoticeContent:
    kind = parse_notice_number(number)[0]
    line = NoticeLine("营业执照", MaterialStatus.MISSING, "原件1份")
    return NoticeContent(
        kind=kind,
        number=number,
        hall_code=svc.config.hall_code,
        hall_name="示范市政务服务中心",
        issued_at=svc.clock.now(),
        item_code="00013112700401",
        item_name="企业设立登记",
        department="市场监督管理局",
        applicant=applicant,
        clerk_no="1001",
        clerk_name="张伟",
        window_number=3,
        lines=(line,) if kind is NoticeKind.ONE_TIME else (),
        **more,
    )


def payload_of(body: NoticeContent, report: dict[str, Any] | None = None) -> dict[str, Any]:
    kind, year, window, seq = parse_notice_number(body.number)
    return {
        "number": body.number,
        "kind": kind.value,
        "year": year,
        "window": window or None,
        "seq": seq,
        "content": content_to_dict(body),
        "report": report,
        "exceptions": [],
    }


def record(
    svc: Services, number: str, report: dict[str, Any] | None = None, **more: Any
) -> ChainEvent:
    """What ChecklistService does: the local row and notice.issued in one transaction."""
    body = content(svc, number, **more)
    payload = payload_of(body, report)
    status = "issued" if report is None else "awaiting_approval"
    row = NoticeRow(
        number=number,
        kind=body.kind,
        hall_code=body.hall_code,
        year=payload["year"],
        window=payload["window"],
        seq=payload["seq"],
        item_code=body.item_code,
        applicant_name=body.applicant.name,
        staff_no=body.clerk_no,
        created_at=body.issued_at,
        content=payload["content"],
        status=status,
        refers_to=body.refers_to,
    )

    def write(conn: Connection) -> dict[str, Any]:
        local_notices.insert_notice(conn, row)
        return payload

    event = svc.sync.local.record("notice.issued", write, "1001", svc.clock.now())
    assert isinstance(svc.clock, FakeClock)
    svc.clock.advance(timedelta(seconds=1))
    return event


def central_count(svc: Services, table: sa.Table, **match: Any) -> int:
    def work(conn: Connection, hall_id: int) -> int:
        where = [table.c.hall_id == hall_id, *(table.c[k] == v for k, v in match.items())]
        return int(conn.execute(sa.select(sa.func.count()).where(*where)).scalar_one())

    return central(svc, work)


def local_numbers(svc: Services) -> list[str]:
    n = local_notices_table.c
    with db.read(svc.sync.local.engine()) as conn:
        return list(conn.execute(sa.select(n.number).order_by(n.number)).scalars())


# -- notice.issued ---------------------------------------------------------------------------


def test_an_issued_notice_lands_centrally_with_its_content(svc: Services) -> None:
    event = record(svc, "GZ2026-03-0001", refers_to="")
    report = svc.sync.sync_once()
    assert (report.pushed, report.rejected) == (1, 0)
    found = central(svc, lambda c, h: notices_central.notice_by_number(c, h, "GZ2026-03-0001"))
    assert found is not None
    assert found.kind is NoticeKind.ONE_TIME
    assert found.content == json.loads(event.payload)["content"]
    assert (found.staff_no, found.report_status, found.comment) == ("1001", None, "")
    assert found.device_id == event.device_id
    n = notices.c
    columns = central(
        svc,
        lambda c, h: c.execute(
            sa.select(
                n.year, n.window_number, n.seq, n.applicant_kind, n.applicant_id_number, n.event_id
            ).where(n.hall_id == h)
        ).one(),
    )
    assert tuple(columns) == (2026, 3, 1, "person", PERSON.id_number, event.event_id)
    assert (
        central(svc, lambda c, h: notices_central.notice_by_number(c, h, "GZ2026-03-0002")) is None
    )


def test_a_rejection_opens_its_pending_report(svc: Services) -> None:
    record(svc, "BY2026-03-0001", REPORT, refusal_reason=REPORT["reason"])
    record(svc, "BY2026-03-0002", {**REPORT, "print_first": True}, applicant=COMPANY)
    record(svc, "SL2026-03-0001")  # an acceptance reports nothing
    assert svc.sync.sync_once().rejected == 0
    pending = central(svc, notices_central.pending_reports)
    assert [r.number for r in pending] == ["BY2026-03-0001", "BY2026-03-0002"]  # oldest first
    first = pending[0]
    assert (first.status, first.reported_by, first.reported_by_name) == ("pending", "1001", "张伟")
    assert (first.reason, first.basis, first.print_first) == (
        REPORT["reason"],
        REPORT["basis"],
        False,
    )
    assert (first.item_name, first.applicant) == ("企业设立登记", PERSON)
    assert (first.decided_by, first.decided_at, first.comment) == ("", None, "")
    assert pending[1].print_first and pending[1].applicant == COMPANY
    status = central(svc, lambda c, h: notices_central.report_status(c, h, "BY2026-03-0001"))
    assert status == ("pending", "")
    assert central(svc, lambda c, h: notices_central.report_status(c, h, "SL2026-03-0001")) is None
    assert central_count(svc, rejection_reports) == 2


def test_a_number_taken_by_another_device_is_poison_not_a_crash(
    svc: Services, other: Services
) -> None:
    record(svc, "BY2026-03-0001", REPORT)
    assert svc.sync.sync_once().rejected == 0
    record(other, "BY2026-03-0001", {**REPORT, "reason": "别的理由"}, applicant=COMPANY)
    record(other, "GZ2026-03-0001")  # the event after it still goes through
    report = other.sync.sync_once()
    assert (report.pushed, report.rejected) == (2, 1)
    [poison] = other.sync.rejected()
    assert poison.type == "notice.issued"
    assert "BY2026-03-0001" in (poison.reason or "") and "taken" in (poison.reason or "")
    assert central_count(svc, notices, number="BY2026-03-0001") == 1
    assert central_count(svc, rejection_reports) == 1
    [kept] = central(svc, notices_central.pending_reports)
    assert (kept.reason, kept.applicant) == (REPORT["reason"], PERSON)  # the first one's
    assert central_count(svc, notices, number="GZ2026-03-0001") == 1
    assert other.sync.sync_once().pushed == 0  # nothing stuck, nothing resent


def crafted(
    svc: Services, device: str, payloads: list[tuple[str, dict[str, Any]]]
) -> list[ChainEvent]:
    """A device's chain of events with the given (type, payload)s, sealed like the outbox."""
    events, prev = [], GENESIS
    for seq, (type_, payload) in enumerate(payloads, start=1):
        event = seal(
            event_id=str(uuid.uuid4()),
            device_id=device,
            client_seq=seq,
            type=type_,
            payload=payload,
            occurred_at=svc.clock.now(),
            actor="1001",
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


def test_the_same_number_twice_in_one_batch_keeps_the_first(svc: Services) -> None:
    first = payload_of(content(svc, "GZ2026-05-0001"))
    second = payload_of(content(svc, "GZ2026-05-0001", applicant=COMPANY))
    device = f"dev{svc.config.hall_code}"
    rejected = push(
        svc, crafted(svc, device, [("notice.issued", first), ("notice.issued", second)])
    )
    assert list(rejected) == [2] and "taken" in rejected[2]
    found = central(svc, lambda c, h: notices_central.notice_by_number(c, h, "GZ2026-05-0001"))
    assert found is not None and found.content == first["content"]


def bad_payloads(svc: Services) -> list[tuple[dict[str, Any], str]]:
    good = payload_of(content(svc, "GZ2026-06-0001"))
    rejection = payload_of(content(svc, "BY2026-06-0001"), REPORT)
    foreign = payload_of(replace(content(svc, "GZ2026-06-0002"), hall_code="elsewhere"))
    return [
        ({**good, "seq": 2}, "does not match"),
        ({**good, "window": "6"}, "window"),
        ({**good, "kind": "verdict"}, "kind"),
        ({**good, "number": "GZ2026-6-1"}, "not a notice number"),
        ({**good, "content": {"number": "GZ2026-06-0001"}}, "content"),
        ({**good, "content": {**good["content"], "number": "GZ2026-06-0009"}}, "does not match"),
        ({**good, "report": REPORT}, "only a rejection"),
        ({**good, "exceptions": "none"}, "exceptions"),
        ({**rejection, "report": None}, "needs its report"),
        ({**rejection, "report": {**REPORT, "print_first": "yes"}}, "print_first"),
        ({**rejection, "report": {**REPORT, "basis": ""}}, "basis"),
        (foreign, "hall elsewhere"),
    ]


def test_malformed_notices_are_refused_with_their_reason_and_store_nothing(svc: Services) -> None:
    cases = bad_payloads(svc)
    batch = crafted(svc, f"bad{svc.config.hall_code}", [("notice.issued", p) for p, _ in cases])
    rejected = push(svc, batch)
    assert sorted(rejected) == list(range(1, len(cases) + 1))
    for seq, (_, expected) in enumerate(cases, start=1):
        assert expected in rejected[seq], (seq, rejected[seq])
    assert central_count(svc, notices) == 0
    assert central_count(svc, rejection_reports) == 0


# -- one_time.exception and id.revealed ---------------------------------------------------------


def test_exceptions_and_reveals_are_kept_for_audit(svc: Services, fake_clock: FakeClock) -> None:
    approved_at = fake_clock.now()
    exception = {
        "refers_to": "GZ2026-03-0001",
        "material": "授权委托书",
        "reason": "申请人补充说明为委托办理",
        "supervisor_no": "S001",
        "supervisor_name": "王主任",
        "staff_no": "1001",
        "approved_at": approved_at.isoformat(),
    }
    local = svc.sync.local
    local.record("one_time.exception", exception, "1001", approved_at)
    fake_clock.advance(timedelta(minutes=1))
    later = {**exception, "material": "身份证", "approved_at": fake_clock.now().isoformat()}
    local.record("one_time.exception", later, "1001", fake_clock.now())
    local.record("one_time.exception", {**exception, "reason": ""}, "1001", fake_clock.now())
    reveal = {"staff_no": "1001", "number": "GZ2026-03-0001", "at": fake_clock.now().isoformat()}
    local.record("id.revealed", reveal, "1001", fake_clock.now())
    local.record("id.revealed", {**reveal, "at": "yesterday"}, "1001", fake_clock.now())
    report = svc.sync.sync_once()
    assert (report.pushed, report.rejected) == (5, 2)
    reasons = sorted(e.reason or "" for e in svc.sync.rejected())
    assert reasons == [
        "at must be an ISO time with a UTC offset",
        "reason must be text of 1-2000 characters",
    ]
    rows = central(svc, notices_central.recent_exceptions)
    assert [(r.material, r.refers_to) for r in rows] == [
        ("身份证", "GZ2026-03-0001"),
        ("授权委托书", "GZ2026-03-0001"),
    ]  # newest first
    assert rows[1].approved_at == approved_at
    assert (rows[1].supervisor_no, rows[1].supervisor_name, rows[1].staff_no) == (
        "S001",
        "王主任",
        "1001",
    )
    assert central(svc, lambda c, h: notices_central.reveal_count(c, h, "GZ2026-03-0001")) == 1
    assert central_count(svc, id_reveals) == 1


# -- the pull: notices of the hall's other PCs ---------------------------------------------------


def test_another_pc_sees_the_halls_notices_after_a_pull(svc: Services, other: Services) -> None:
    record(svc, "GZ2026-03-0001")
    record(svc, "BY2026-03-0001", REPORT)
    record(svc, "BY2026-03-0002", {**REPORT, "print_first": True})
    svc.sync.sync_once()
    assert other.sync.sync_once().pulled == 3
    code = svc.config.hall_code
    for number in ("GZ2026-03-0001", "BY2026-03-0001", "BY2026-03-0002"):
        mine = local_notices.read_notice(svc.sync.local, code, number)
        theirs = local_notices.read_notice(other.sync.local, code, number)
        assert mine is not None and theirs is not None
        expected = "reported" if number.endswith("2") and number.startswith("BY") else mine.status
        assert theirs == replace(mine, status=expected), number
    assert local_numbers(svc) == local_numbers(other)  # the own rows were not doubled
    # The second PC numbers its own window 4 from scratch, then the first PC sees it too.
    with db.read(other.sync.local.engine()) as conn:
        assert local_notices.next_seq(conn, code, NoticeKind.ONE_TIME, 2026, 4) == 1
    record(other, "GZ2026-04-0001")
    other.sync.sync_once()
    svc.sync.sync_once()
    assert "GZ2026-04-0001" in local_numbers(svc)
    assert len(local_numbers(svc)) == 4 == len(local_numbers(other))


def pulled_rows(svc: Services) -> list[PulledRow]:
    from desk_client.sync.pull import pull

    return svc.context.read(lambda conn: pull(conn, svc.config.hall_code, 0))


def test_the_projection_is_idempotent_and_skips_poison_and_other_types(
    svc: Services, other: Services
) -> None:
    record(svc, "GZ2026-03-0001")
    svc.sync.local.record(
        "id.revealed",
        {"staff_no": "1001", "number": "GZ2026-03-0001", "at": svc.clock.now().isoformat()},
        "1001",
        svc.clock.now(),
    )
    svc.sync.sync_once()
    record(other, "GZ2026-03-0001", applicant=COMPANY)  # poison centrally: the number is taken
    other.sync.sync_once()
    assert [e.type for e in other.sync.rejected()] == ["notice.issued"]
    # The second PC's own (refused) row stays as written; the first PC never sees it.
    rows = pulled_rows(svc)
    assert [r.status for r in rows] == ["applied", "applied", "rejected"]
    for _ in range(2):
        with svc.sync.local.write() as conn:
            local_notices.project_pulled(conn, rows)
    assert local_numbers(svc) == ["GZ2026-03-0001"]
    mine = local_notices.read_notice(svc.sync.local, svc.config.hall_code, "GZ2026-03-0001")
    assert mine is not None and mine.applicant_name == PERSON.name
    broken = replace(rows[0], payload='{"number": "GZ2026-03-0009"}', event_id="x")
    with svc.sync.local.write() as conn:  # logged and skipped: a failing hook stops the pull
        local_notices.project_pulled(conn, [broken])
    assert local_numbers(svc) == ["GZ2026-03-0001"]


# -- a supervisor's decision ---------------------------------------------------------------------


def decide(svc: Services, number: str, supervisor: str, approve: bool, comment: str = "") -> Any:
    def work(conn: Connection) -> Any:
        hall_id = svc.context.hall(conn)[0]
        return notices_central.decide(
            conn, hall_id, number, supervisor, approve, comment, svc.clock.now()
        )

    return svc.context.write(work)


def test_a_report_is_decided_once(svc: Services, fake_clock: FakeClock) -> None:
    record(svc, "BY2026-03-0001", REPORT)
    record(svc, "BY2026-03-0002", REPORT)
    svc.sync.sync_once()
    fake_clock.advance(timedelta(minutes=3))
    approved = decide(svc, "BY2026-03-0001", "S001", True)
    assert (approved.status, approved.decided_by, approved.comment) == ("approved", "S001", "")
    assert approved.decided_at == fake_clock.now()
    returned = decide(svc, "BY2026-03-0002", "S001", False, "依据引用有误，请重新核对")
    assert (returned.status, returned.comment) == ("returned", "依据引用有误，请重新核对")
    assert central(svc, notices_central.pending_reports) == []
    fake_clock.advance(timedelta(minutes=3))
    for number, status in (("BY2026-03-0001", "approved"), ("BY2026-03-0002", "returned")):
        with pytest.raises(DeskError) as refused:
            decide(svc, number, "admin", number.endswith("2"), "再来一次")
        assert refused.value.code == "report.already_decided"
        assert refused.value.params == {"number": number, "status": status}
    again = central(svc, lambda c, h: notices_central.report_by_number(c, h, "BY2026-03-0001"))
    assert again == approved  # nothing changed
    with pytest.raises(DeskError) as missing:
        decide(svc, "BY2026-03-0099", "S001", True)
    assert missing.value.code == "report.not_found"
    found = central(svc, lambda c, h: notices_central.notice_by_number(c, h, "BY2026-03-0002"))
    assert found is not None and (found.report_status, found.comment) == (
        "returned",
        "依据引用有误，请重新核对",
    )
    recent = central(svc, notices_central.recent_reports)
    assert {r.number: r.status for r in recent} == {
        "BY2026-03-0001": "approved",
        "BY2026-03-0002": "returned",
    }


def test_two_supervisors_deciding_at_once_one_wins(svc: Services) -> None:
    record(svc, "BY2026-03-0001", REPORT)
    svc.sync.sync_once()
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(supervisor: str, approve: bool) -> None:
        start.wait()
        try:
            decide(svc, "BY2026-03-0001", supervisor, approve, "意见")
            outcomes[supervisor] = "won"
        except DeskError as exc:
            outcomes[supervisor] = exc.code

    threads = [threading.Thread(target=attempt, args=a) for a in (("S001", True), ("admin", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["report.already_decided", "won"]
    winner = next(s for s, o in outcomes.items() if o == "won")
    final = central(svc, lambda c, h: notices_central.report_by_number(c, h, "BY2026-03-0001"))
    assert final is not None and final.decided_by == winner
    assert final.status == ("approved" if winner == "S001" else "returned")


# -- phones ------------------------------------------------------------------------------------


def test_phones_reach_the_session_and_the_login_cache(svc: Services) -> None:
    session = svc.auth.login("1001", "desk1234", 1)
    assert session.phone == "0591-87000003"
    svc.sync.sync_once()  # refreshes the hall's directory in the login cache
    code = svc.config.hall_code
    cached = local_cache.staff(svc.sync.local, code, "1001")
    assert cached is not None and cached.phone == "0591-87000003"
    place = local_cache.hall(svc.sync.local, code)
    assert place is not None and (place.phone, place.address[:3]) == ("0591-12345", "示范市")
    boss = central(svc, lambda c, h: hall.staff_by_no(c, h, "S001"))
    assert boss is not None and boss.phone == "0591-87000002"
    assert central(svc, lambda c, h: hall.staff_by_no(c, h, "nobody")) is None
