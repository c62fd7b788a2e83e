"""The queue through the services, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.store import db, schema
from tests.integration.conftest import make_services


def clerk(services: Services, staff_no: str = "1001", window: int = 1) -> int:
    return services.auth.login(staff_no, "desk1234", window).staff_id


def code_of(excinfo: pytest.ExceptionInfo[DeskError]) -> str:
    return excinfo.value.code


def test_issue_numbers_and_estimate(services: Services) -> None:
    first = services.queue.issue_ticket("A")
    second = services.queue.issue_ticket("A")
    other = services.queue.issue_ticket("B")
    assert (first.ticket.number, second.ticket.number, other.ticket.number) == (
        "A001",
        "A002",
        "B001",
    )
    assert second.people_ahead == 1
    assert first.estimated_wait_min is None  # nothing served yet: no honest estimate
    assert first.hall.name == "示范市政务服务中心"


def test_call_start_finish_and_serving_time(services: Services, fake_clock: FakeClock) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    called = services.queue.call_next(1, staff).ticket
    assert called is not None and called.state == "called" and called.window_number == 1
    assert services.queue.start(1, staff).state == "serving"
    fake_clock.advance(timedelta(minutes=4))
    done = services.queue.finish(1, staff)
    assert done.state == "done" and done.finished_at == fake_clock.now()
    services.queue.issue_ticket("A")
    # one ahead x 4 min, shared by the three windows serving A (1, 2, 6): ceil(1.33) = 2
    assert services.queue.issue_ticket("A").estimated_wait_min == 2
    state = services.queue.window_state(1)
    assert state.current is None and [t.number for t in state.served_today] == ["A001"]


def test_window_busy_and_no_current(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    with pytest.raises(DeskError) as busy:
        services.queue.call_next(1, staff)
    assert code_of(busy) == "queue.window_busy"
    with pytest.raises(DeskError) as nothing:
        services.queue.finish(2, staff)
    assert code_of(nothing) == "queue.no_current"


def test_empty_queue_answers_none(services: Services) -> None:
    result = services.queue.call_next(5, clerk(services))
    assert result.ticket is None and result.claim_id


def test_priority_and_general_window(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("B")
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("C", priority=True)
    assert services.queue.call_next(6, staff).ticket.number == "C001"  # type: ignore[union-attr]
    services.queue.finish(6, staff)
    assert services.queue.call_next(6, staff).ticket.number == "B001"  # type: ignore[union-attr]


def test_claim_idempotent(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    first = services.queue.call_next(1, staff, "0b8f7d4e-1111-4222-8333-944455556666")
    again = services.queue.call_next(1, staff, first.claim_id)
    assert first.ticket is not None and again.ticket is not None
    assert again.ticket.id == first.ticket.id
    with db.read(services.context.engine) as conn:
        rows = conn.execute(
            sa.select(sa.func.count()).where(schema.calls.c.claim_id == first.claim_id)
        ).scalar_one()
    assert rows == 1


def test_one_active_ticket_per_window_is_a_constraint(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    called = services.queue.call_next(1, staff).ticket
    assert called is not None
    t = schema.tickets.c
    with pytest.raises(sa.exc.IntegrityError), db.write(services.context.engine) as conn:
        window_id = conn.execute(sa.select(t.active_window_id).where(t.id == called.id)).scalar()
        conn.execute(
            schema.tickets.update()
            .where(t.number == "A002", t.id != called.id, t.hall_id == _hall_id(services))
            .values(state="called", active_window_id=window_id)
        )


def _hall_id(services: Services) -> int:
    with db.read(services.context.engine) as conn:
        return services.context.hall(conn)[0]


def test_recall_until_no_show_then_reinstate(services: Services, fake_clock: FakeClock) -> None:
    staff = clerk(services)
    for _ in range(4):
        services.queue.issue_ticket("A")
        fake_clock.advance(timedelta(minutes=1))
    services.queue.call_next(1, staff)
    assert services.queue.recall(1, staff).call_count == 2
    assert services.queue.recall(1, staff).call_count == 3
    gone = services.queue.recall(1, staff)  # limit 3 used up
    assert gone.state == "no_show"
    back = services.queue.reinstate("a001", staff)
    assert back.state == "waiting"
    order = [services.queue.finish_and_call_next(1, staff).ticket for _ in range(4)]
    assert [t.number for t in order if t] == ["A002", "A003", "A001", "A004"]  # behind K=2
    board = services.queue.hall_board()
    assert [c.kind for c in board.recent_calls][-3:] == ["recall", "recall", "call"]


def test_no_show_and_reinstate_refusals(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    assert services.queue.no_show(1, staff).state == "no_show"
    with pytest.raises(DeskError) as missing:
        services.queue.reinstate("A999", staff)
    assert code_of(missing) == "ticket.not_found"
    services.queue.reinstate("A001", staff)
    with pytest.raises(DeskError) as twice:
        services.queue.reinstate("A001", staff)
    assert code_of(twice) == "ticket.transition_forbidden"


def test_reinstate_from_the_scanned_slip(services: Services) -> None:
    """The QR code on the printed slip, typed by the window's scanner, reinstates the ticket."""
    staff = clerk(services)
    issued = services.queue.issue_ticket("A")
    code = services.printing.slip_for(issued).qr_payload
    services.queue.call_next(1, staff)
    services.queue.no_show(1, staff)
    other_day = code.replace(issued.ticket.service_day.isoformat(), "2020-01-02")
    for bad, reason in (
        (code.replace("|t", "|x", 1), "ticket.other_hall"),
        (other_day, "queue.reinstate_other_day"),
        ("DESK|garbage", "ticket.not_found"),
    ):
        with pytest.raises(DeskError) as refused:
            services.queue.reinstate(bad, staff)
        assert code_of(refused) == reason
    assert services.queue.reinstate(code, staff).state == "waiting"


def test_transfer_to_category_and_to_window(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    moved = services.queue.transfer(1, staff, category_code="B")
    assert (moved.state, moved.category_code, moved.number, moved.transferred) == (
        "waiting",
        "B",
        "A001",
        True,
    )
    assert services.queue.call_next(3, staff).ticket.number == "A001"  # type: ignore[union-attr]
    services.queue.call_next(1, staff)  # A002
    named = services.queue.transfer(1, staff, target_window=2)
    assert named.target_window_number == 2
    assert services.queue.call_next(6, staff).ticket is None  # only window 2 may call it
    assert services.queue.call_next(2, staff).ticket.number == "A002"  # type: ignore[union-attr]


def test_transfer_refusals(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    for kwargs, code in [
        ({}, "queue.transfer_target_missing"),
        ({"target_window": 1}, "queue.transfer_same_window"),
        ({"category_code": "Z"}, "queue.unknown_category"),
        ({"target_window": 99}, "queue.unknown_window"),
    ]:
        with pytest.raises(DeskError) as refused:
            services.queue.transfer(1, staff, **kwargs)  # type: ignore[arg-type]
        assert code_of(refused) == code
    assert services.queue.window_state(1).current is not None  # nothing changed


def test_hold_resume_cancel(services: Services) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    held = services.queue.hold(1, staff)
    assert held.state == "held"
    assert [t.number for t in services.queue.window_state(1).held] == ["A001"]
    services.queue.call_next(1, staff)  # the window is free meanwhile: A002
    with pytest.raises(DeskError) as busy:
        services.queue.resume(1, staff, held.id)
    assert code_of(busy) == "queue.window_busy"
    services.queue.finish(1, staff)
    assert services.queue.resume(1, staff, held.id).state == "serving"
    with pytest.raises(DeskError) as forbidden:
        services.queue.cancel(held.id, staff)
    assert code_of(forbidden) == "ticket.transition_forbidden"
    waiting = services.queue.issue_ticket("A").ticket
    assert services.queue.cancel(waiting.id, staff).state == "cancelled"


def test_audit_row_for_every_transition(services: Services) -> None:
    staff = clerk(services)
    ticket = services.queue.issue_ticket("A").ticket
    services.queue.call_next(1, staff)
    services.queue.start(1, staff)
    services.queue.finish(1, staff)
    e = schema.ticket_events.c
    with db.read(services.context.engine) as conn:
        rows = conn.execute(
            sa.select(e.action, e.from_state, e.to_state)
            .where(e.ticket_id == ticket.id)
            .order_by(e.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("issue", None, "waiting"),
        ("call", "waiting", "called"),
        ("start", "called", "serving"),
        ("finish", "serving", "done"),
    ]


def test_appointments(services: Services, fake_clock: FakeClock) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    fake_clock.advance(timedelta(minutes=1))  # 09:01 local: YY0001's 09:00 slot has begun
    booked = services.queue.check_in_appointment("YY0001")
    assert booked.ticket.appointment and booked.ticket.category_code == "A"
    assert services.queue.call_next(1, staff).ticket.number == booked.ticket.number  # type: ignore[union-attr]
    for code, expected in [
        ("YY0001", "appointment.used"),
        ("YY0009", "appointment.wrong_day"),
        ("NOPE", "appointment.not_found"),
    ]:
        with pytest.raises(DeskError) as refused:
            services.queue.check_in_appointment(code)
        assert code_of(refused) == expected


def test_unknown_category_and_windows(services: Services) -> None:
    staff = clerk(services)
    with pytest.raises(DeskError) as unknown:
        services.queue.issue_ticket("Z")
    assert code_of(unknown) == "queue.unknown_category"
    assert "Z" in unknown.value.message("zh_CN")
    with pytest.raises(DeskError) as window:
        services.queue.call_next(42, staff)
    assert code_of(window) == "queue.unknown_window"
    with db.write(services.context.engine) as conn:
        conn.execute(
            schema.windows.insert().values(hall_id=_hall_id(services), number=7, name="7号窗口")
        )
    with pytest.raises(DeskError) as idle:
        services.queue.call_next(7, staff)
    assert code_of(idle) == "queue.window_serves_nothing"


def test_day_boundary(services: Services, fake_clock: FakeClock) -> None:
    staff = clerk(services)
    services.queue.issue_ticket("A")
    services.queue.issue_ticket("A")
    services.queue.call_next(1, staff)
    # 23:59:59 local is still the same service day; one second later it is the next.
    fake_clock.set(datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC))
    assert services.queue.issue_ticket("A").ticket.number == "A003"
    fake_clock.advance(timedelta(seconds=1))
    fresh = services.queue.issue_ticket("A")  # the first write of the day closes yesterday
    assert fresh.ticket.number == "A001" and fresh.people_ahead == 0
    called = services.queue.call_next(1, staff).ticket  # not busy: yesterday's A001 was closed
    assert called is not None and called.id == fresh.ticket.id
    assert services.queue.call_next(2, staff).ticket is None  # never yesterday's tickets
    t = schema.tickets.c
    with db.read(services.context.engine) as conn:
        states = conn.execute(
            sa.select(t.state).where(
                t.hall_id == _hall_id(services), t.service_day < called.service_day
            )
        ).scalars()
        assert sorted(states) == ["closed", "closed", "closed"]
    assert services.queue.close_previous_days() == 0


def test_login(services: Services) -> None:
    session = services.auth.login("S001", "super123", None)
    assert (session.name, session.role, session.window_number) == ("王主任", "supervisor", None)
    with pytest.raises(DeskError) as wrong:
        services.auth.login("1001", "nope-nope", 1)
    with pytest.raises(DeskError) as unknown:
        services.auth.login("9999", "desk1234", 1)
    assert wrong.value.code == unknown.value.code == "auth.failed"
    assert wrong.value.message("zh_CN") == unknown.value.message("zh_CN")
    with pytest.raises(DeskError) as empty:
        services.auth.login("", "", 1)
    assert empty.value.code == "auth.empty"


def test_create_staff(services: Services) -> None:
    new_id = services.auth.create_staff("2001", "林晓", "secret99")
    assert services.auth.login("2001", "secret99", 3).staff_id == new_id
    for args, code in [
        (("2001", "林晓", "secret99"), "staff.duplicate"),
        (("2002", "林晓", "123"), "staff.weak_password"),
        (("2003", "林晓", "secret99", "boss"), "staff.bad_role"),
    ]:
        with pytest.raises(DeskError) as refused:
            services.auth.create_staff(*args)
        assert refused.value.code == code


def test_watcher(services: Services) -> None:
    watcher = services.watcher_factory()
    try:
        services.queue.issue_ticket("A")
        woke = watcher.wait(2.0)
        assert woke  # PostgreSQL: the NOTIFY; others: the polling timeout says "look again"
    finally:
        watcher.close()


def test_print_slip_is_stored_locally(services: Services) -> None:
    issued = services.queue.issue_ticket("A")
    doc = services.printing.ticket_slip(issued)
    assert doc.pdf.startswith(b"%PDF") and doc.number == "A001"
    assert doc.pages and doc.pages[0].width > 0
    page = doc.pages[0]
    assert len(page.rgba) == page.width * page.height * 4


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/none",
        "mysql+pymysql://root@127.0.0.1:1/none",
    ],
)
def test_unreachable_server_fails_fast(url: str, fake_clock: FakeClock, tmp_path: Path) -> None:
    services = build_services(
        Config(database_url=url, local_store=str(tmp_path / "l.db")), fake_clock
    )
    started = time.monotonic()
    with pytest.raises(DeskError) as refused:
        services.queue.list_categories()
    assert refused.value.code == "central.unreachable"
    assert "127.0.0.1" in refused.value.message("en") or refused.value.params["detail"]
    status = services.health.check()
    assert not status.online and status.backend in {"postgresql", "mysql"}
    assert time.monotonic() - started < 8
    services.close()


def test_uninitialised_database(fake_clock: FakeClock, tmp_path: Path) -> None:
    services = build_services(Config(database_url=f"sqlite:///{tmp_path / 'empty.db'}"), fake_clock)
    with pytest.raises(DeskError) as refused:
        services.queue.list_windows()
    assert refused.value.code == "central.not_initialised"
    services.close()


def test_embedded_first_start(fake_clock: FakeClock, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'hall.db'}"
    services = build_services(
        Config(database_url=url, local_store=str(tmp_path / "local.db")), fake_clock
    )
    assert services.admin.ensure_ready(seed_demo_if_new=True) is True
    assert services.admin.ensure_ready(seed_demo_if_new=True) is False
    assert len(services.queue.list_windows()) == 6
    services.close()


def test_make_services_helper_isolates_halls(
    central_url: str, fake_clock: FakeClock, tmp_path: Path
) -> None:
    one = make_services(central_url, fake_clock, tmp_path)
    two = make_services(central_url, fake_clock, tmp_path)
    one.queue.issue_ticket("A")
    assert two.queue.issue_ticket("A").ticket.number == "A001"
    one.close()
    two.close()
