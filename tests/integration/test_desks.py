"""Desk numbers (sync.desks) on every central backend: PCs that share a window number, or have
none, make different numbers while apart, and every notice, inquiry and walk-in reaches the
hall. Before desks, two guide PCs both logged SW2026-00-0001 and the central database refused
the later one as a duplicate: an inquiry the hall never saw.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.store import db
from desk_client.store.inquiry_schema import inquiries as central_inquiries
from desk_client.store.notice_schema import notices as central_notices
from desk_client.store.schema import tickets
from desk_client.store.sync_schema import devices
from desk_client.sync.desks import register_desk
from desk_client.sync.handlers_notices import validate_notice
from tests.integration.inquiry_helpers import draft as inquiry
from tests.integration.inquiry_helpers import login, pc3
from tests.integration.test_checklist_flow import CONTRACT
from tests.integration.test_checklist_flow import draft as checklist
from tests.support.admin_cli import admin

__all__ = ["pc3"]  # the fixture, used by name

DEMO_WINDOWS = 6  # store.seed: windows 1-6


@pytest.fixture
def pcs(pc3: Services, tmp_path: Path) -> Iterator[dict[str, Services]]:
    """Window 3's PC, a spare PC also set up for window 3, and two guide PCs (no window)."""
    made = {"pc3": pc3}
    for name, window in (("spare3", 3), ("guide1", None), ("guide2", None)):
        config = replace(pc3.config, local_store=str(tmp_path / f"{name}.db"), window=window)
        made[name] = build_services(config, pc3.clock)
    yield made
    for name, services in made.items():
        if name != "pc3":
            services.close()


def _middle(number: str) -> int:
    return int(number.split("-")[1])


def test_a_pc_at_its_window_keeps_that_number(pc3: Services, tmp_path: Path) -> None:
    assert pc3.sync.local.desk() == 3  # its first sync registered it
    assert pc3.sync.register_desk(5) == 3  # once given, for good: a login elsewhere keeps it
    again = build_services(pc3.config, pc3.clock)  # a restart reads it from the local store
    try:
        assert again.sync.local.desk() == 3
    finally:
        again.close()


def test_pcs_sharing_a_window_number_apart(pcs: dict[str, Services]) -> None:
    """No sync between the four PCs' work: each numbers from its own desk."""
    pc3, spare, guide1, guide2 = pcs["pc3"], pcs["spare3"], pcs["guide1"], pcs["guide2"]
    notices, logged = [], []
    for services, window in ((pc3, 3), (spare, 3), (guide1, None), (guide2, None)):
        session = login(services, "1003", window)
        logged.append(services.inquiries.log(session, inquiry()).number)
        if window is not None:
            notice = services.checklist.issue_notice(session, checklist(services, [CONTRACT]))
            notices.append(notice.number)
    desks = [services.sync.local.desk() for services in (pc3, spare, guide1, guide2)]
    assert desks == [3, DEMO_WINDOWS + 1, DEMO_WINDOWS + 2, DEMO_WINDOWS + 3]
    assert [_middle(number) for number in logged] == desks
    assert [_middle(number) for number in notices] == desks[:2]
    for services in pcs.values():
        services.sync.sync_once()
        assert services.sync.rejected() == ()
    hall_id = pc3.context.read(lambda conn: pc3.context.hall(conn)[0])
    assert _central(pc3, central_inquiries, hall_id) == set(logged)
    assert _central(pc3, central_notices, hall_id) == set(notices)
    i = central_inquiries.c  # the window it was logged at stays the window (the slip prints it)
    query = sa.select(i.number, i.window_number).where(i.hall_id == hall_id)
    windows = {
        row.number: row.window_number for row in pc3.context.read(lambda c: c.execute(query).all())
    }
    assert [windows[number] for number in logged] == [3, 3, 0, 0]


def _central(services: Services, table: sa.Table, hall_id: int) -> set[str]:
    query = sa.select(table.c.number).where(table.c.hall_id == hall_id)
    return set(services.context.read(lambda conn: conn.execute(query).scalars().all()))


def test_walk_ins_carry_the_desk_at_any_window(pcs: dict[str, Services]) -> None:
    pc3, spare = pcs["pc3"], pcs["spare3"]
    login(spare, "1004", 3)
    made = [
        pc3.offline.issue_emergency(3, "A", "1003").number,
        pc3.offline.issue_emergency(5, "A", "1003").number,  # the same PC at another window
        spare.offline.issue_emergency(3, "A", "1004").number,
    ]
    assert made == ["W03-001", "W03-002", f"W{DEMO_WINDOWS + 1:02d}-001"]
    for services in (pc3, spare):
        services.sync.sync_once()
        assert services.sync.rejected() == ()
    hall_id = pc3.context.read(lambda conn: pc3.context.hall(conn)[0])
    query = sa.select(tickets.c.number).where(
        tickets.c.hall_id == hall_id, tickets.c.channel == "emergency"
    )
    assert sorted(pc3.context.read(lambda conn: conn.execute(query).scalars().all())) == made


def test_the_notice_event_names_its_desk(pcs: dict[str, Services]) -> None:
    """The central check reads the number's middle part as the desk; an event from before
    desks has none, and then it is the window."""
    spare = pcs["spare3"]
    session = login(spare, "1003", 3)
    spare.checklist.issue_notice(session, checklist(spare, [CONTRACT]))
    sent = next(e.payload for e in spare.sync.pending() if e.type == "notice.issued")
    payload = json.loads(sent)
    assert payload["desk"] == DEMO_WINDOWS + 1 and payload["window"] == 3
    assert validate_notice(payload) is None
    mismatch = "number does not match kind, year, desk and seq"
    assert validate_notice(payload | {"desk": 3}) == mismatch
    before_desks = {k: v for k, v in payload.items() if k != "desk"}
    assert validate_notice(before_desks | {"window": DEMO_WINDOWS + 1}) is None
    assert validate_notice(payload | {"desk": -1}) == "desk must be a whole number, 0 or more"


def test_registrations_at_once_get_different_desks(pc3: Services) -> None:
    """Twelve new PCs register at the same moment, eight of them wanting window 3's number:
    the hall's counter row takes them one at a time and the constraint backs it."""
    engine, hall, now = pc3.context.engine, pc3.config.hall_code, pc3.clock.now()
    wanted = [3] * 8 + [None] * 4
    given: list[int] = []
    start = threading.Barrier(len(wanted))

    def register(window: int | None) -> None:
        start.wait()
        with db.write(engine) as conn:
            given.append(register_desk(conn, hall, str(uuid.uuid4()), window, now))

    threads = [threading.Thread(target=register, args=(w,)) for w in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = range(DEMO_WINDOWS + 1, DEMO_WINDOWS + 1 + len(wanted))
    assert sorted(given) == list(expected)  # window 3's number is pc3's already


def test_a_restored_central_database_gives_the_desk_again(
    pcs: dict[str, Services], tmp_path: Path
) -> None:
    """The central database is restored from a backup taken before PC 3 registered; the spare
    PC, new, takes window 3's number. PC 3 learns its new desk at its next start."""
    pc3, spare = pcs["pc3"], pcs["spare3"]
    device = pc3.sync.local.device_id(pc3.clock.now())
    forget = devices.update().where(devices.c.device_id == device).values(desk_no=None)
    pc3.context.write(lambda conn: conn.execute(forget))
    assert spare.sync.register_desk(3) == 3
    again = build_services(pc3.config, pc3.clock)
    try:
        again.sync.sync_once()
        assert again.sync.local.desk() == DEMO_WINDOWS + 1
        session = login(again, "1003", 3)
        assert _middle(again.inquiries.log(session, inquiry()).number) == DEMO_WINDOWS + 1
    finally:
        again.close()


def test_desk_admin_lists_the_halls_pcs_by_desk(pcs: dict[str, Services], tmp_path: Path) -> None:
    """desk-admin devices, as its own process, on window 3's PC: which PC holds which desk."""
    pc3, spare = pcs["pc3"], pcs["spare3"]
    spare.sync.register_desk(3)
    pcs["guide1"].sync.local.device_id(pc3.clock.now())  # a PC that never reached central
    env = dict(os.environ, DESK_DATA_DIR=str(tmp_path))
    env |= {"DESK_HALL_CODE": pc3.config.hall_code, "DESK_DATABASE_LOCAL": pc3.config.local_store}
    env.pop("DESK_CONFIG", None)
    url = ["--url", pc3.config.database_url, "--lang", "en"]
    listed = admin(env, *url, "devices")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    own = pc3.sync.local.device_id(pc3.clock.now())
    other = spare.sync.local.device_id(pc3.clock.now())
    assert [line.split("\t")[:2] for line in lines] == [
        ["desk 03", f"device {own}"],
        [f"desk {DEMO_WINDOWS + 1:02d}", f"device {other}"],
    ]
    assert lines[0].endswith("(this PC)") and not lines[1].endswith("(this PC)")
    as_json = json.loads(admin(env, *url, "devices", "--json").stdout)  # as the README has it
    assert [(d["desk"], d["this_pc"]) for d in as_json] == [(3, True), (DEMO_WINDOWS + 1, False)]


@pytest.mark.parametrize(
    "failure",
    [DeskError("central.busy"), sa.exc.OperationalError("UPDATE devices", {}, Exception("gone"))],
    ids=["busy", "driver"],
)
def test_a_failed_registration_does_not_stop_the_login(
    pcs: dict[str, Services], monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    """The clerk logs in all the same; the PC numbers by its window until it has a desk."""
    spare = pcs["spare3"]

    def fail(wanted: int | None) -> int:
        raise failure

    monkeypatch.setattr(spare.sync, "register_desk", fail)
    session = login(spare, "1004", 3)
    assert session.window_number == 3 and spare.sync.local.desk() is None
    assert spare.inquiries.log(session, inquiry()).number.split("-")[1] == "03"


def test_a_pc_set_up_without_a_window_asks_at_its_first_login(
    pc3: Services, tmp_path: Path
) -> None:
    """As `make run` starts (no window in the config): the login dialog's window decides."""
    config = replace(pc3.config, local_store=str(tmp_path / "new.db"), window=None)
    new = build_services(config, pc3.clock)
    try:
        new.sync.sync_once()
        assert new.sync.local.desk() is None
        session = login(new, "1005", 5)
        assert new.sync.local.desk() == 5
        assert _middle(new.inquiries.log(session, inquiry()).number) == 5
    finally:
        new.close()
