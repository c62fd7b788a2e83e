"""The ``rating.visit`` event through the real outbox and ingest on SQLite, PostgreSQL and
MariaDB, and the PC's rating store: a visit recorded on a window reaches ``rating_visits``;
the same visit again changes nothing; malformed payloads and a visit of another hall are
poison with their reason; the local tables come and go with local revision 0007; codes are
kept; the mirror takes ratings by seq idempotently and its cursor never goes back; a
window's ratings of a day, newest first, with the ticket number when this PC made the code;
the hall's secrets cached for offline codes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from desk_client.core.clock import FakeClock
from desk_client.core.hashchain import GENESIS, ChainEvent, seal
from desk_client.services.app import Services
from desk_client.store import db, local_ratings, migrate, ratings_repo
from desk_client.store.local_ratings import CachedSecrets, CodeRow
from desk_client.store.rating_rows import RatingRow, VisitRow
from desk_client.store.rating_schema import rating_visits
from desk_client.sync.ingest import ingest
from tests.integration.conftest import make_services
from tests.integration.rating_helpers import NOW, TODAY, new_hall

LOCAL_TABLES = {"rating_codes", "ratings_seen", "rating_state"}


@pytest.fixture(scope="module")
def svc(central_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    made = make_services(central_url, FakeClock(NOW), tmp_path_factory.mktemp("pc"))
    yield made
    made.close()


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Engine]:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'local.db'}")
    migrate.upgrade(engine, "local")
    yield engine
    engine.dispose()


def payload(**more: Any) -> dict[str, Any]:
    issued = NOW
    return {
        "visit_id": uuid.uuid4().hex,
        "kind": "ticket",
        "ref": "A017",
        "window": 3,
        "staff_no": "1001",
        "item_code": "",
        "category_code": "A",
        "case_number": "",
        "service_day": TODAY.isoformat(),
        "issued_at": issued.isoformat(),
        "expires_at": (issued + timedelta(days=7)).isoformat(),
        **more,
    }


def chain(svc: Services, payloads: list[dict[str, Any]]) -> list[ChainEvent]:
    """A device's sealed chain of rating.visit events, as its outbox would send them."""
    device, events, prev = f"dev-{uuid.uuid4().hex[:12]}", [], GENESIS
    for seq, body in enumerate(payloads, start=1):
        event = seal(
            event_id=str(uuid.uuid4()), device_id=device, client_seq=seq, type="rating.visit",
            payload=body, occurred_at=NOW, actor="1001", prev_hash=prev,
        )  # fmt: skip
        events.append(event)
        prev = event.hash
    return events


def push(svc: Services, hall_code: str, batch: list[ChainEvent]) -> dict[int, str]:
    with db.write(svc.context.engine) as conn:
        result = ingest(conn, hall_code, batch[0].device_id, batch, NOW)
    return dict(result.rejected)


def central_visit(svc: Services, visit_id: str) -> tuple[VisitRow, int] | None:
    def work(conn: Connection) -> tuple[VisitRow, int] | None:
        row = conn.execute(sa.select(rating_visits).where(rating_visits.c.visit_id == visit_id))
        found = row.first()
        if found is None:
            return None
        values = {name: getattr(found, name) for name in VisitRow.__dataclass_fields__}
        return VisitRow(**values), int(found.hall_id)

    return svc.context.read(work)


# -- the event ----------------------------------------------------------------------------------


def test_a_visit_recorded_at_the_window_reaches_the_central_table(svc: Services) -> None:
    body = payload(kind="case", ref="SL2026-03-0007", case_number="SL2026-03-0007",
                   item_code="00013112700401", category_code="")  # fmt: skip
    svc.sync.local.record("rating.visit", body, "1001", NOW)
    report = svc.sync.sync_once()
    assert (report.pushed, report.rejected) == (1, 0)
    found = central_visit(svc, body["visit_id"])
    assert found is not None
    visit, hall_id = found
    assert hall_id == svc.context.read(lambda conn: svc.context.hall(conn)[0])
    assert (visit.kind, visit.ref, visit.window_number, visit.staff_no, visit.item_code) == (
        "case", "SL2026-03-0007", 3, "1001", "00013112700401",
    )  # fmt: skip
    assert (visit.service_day, visit.issued_at, visit.expires_at) == (
        TODAY, NOW, NOW + timedelta(days=7),
    )  # fmt: skip
    assert visit.rated_visit().case_number == "SL2026-03-0007"


def test_the_same_visit_again_changes_nothing(svc: Services) -> None:
    body = payload()
    assert push(svc, svc.config.hall_code, chain(svc, [body, body])) == {}
    assert push(svc, svc.config.hall_code, chain(svc, [{**body, "ref": "A099"}])) == {}
    found = central_visit(svc, body["visit_id"])
    assert found is not None and found[0].ref == "A017"  # the first record stands


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"visit_id": "ABC"}, "visit_id must be 32 lowercase hex digits"),
        ({"visit_id": uuid.uuid4().hex.upper()}, "visit_id must be 32 lowercase hex digits"),
        ({"kind": "walk-in"}, "kind must be one of"),
        ({"ref": ""}, "ref must be text"),
        ({"window": 0}, "window must be a positive whole number"),
        ({"staff_no": None}, "staff_no must be text"),
        ({"item_code": "x" * 65}, "item_code must be text"),
        ({"service_day": "23.11.2026"}, "service_day must be an ISO date"),
        ({"issued_at": "2026-11-23T09:00:00"}, "issued_at must be an ISO time with a UTC offset"),
        ({"expires_at": NOW.isoformat()}, "expires_at must be after issued_at"),
    ],
)
def test_a_malformed_visit_is_poison(svc: Services, change: dict[str, Any], reason: str) -> None:
    body = payload(**change)
    rejected = push(svc, svc.config.hall_code, chain(svc, [body]))
    assert list(rejected) == [1] and reason in rejected[1]
    if isinstance(body["visit_id"], str):
        assert central_visit(svc, body["visit_id"]) is None


def test_a_visit_of_another_hall_is_poison(svc: Services) -> None:
    other = new_hall(svc.context.engine)
    body = payload()
    assert push(svc, other.code, chain(svc, [body])) == {}
    rejected = push(svc, svc.config.hall_code, chain(svc, [body]))
    assert rejected == {1: f"visit {body['visit_id']} belongs to another hall"}
    found = central_visit(svc, body["visit_id"])
    assert found is not None and found[1] == other.id


# -- the PC's store -------------------------------------------------------------------------------


def test_the_local_revision_adds_and_drops_the_rating_tables(local: Engine) -> None:
    with local.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) >= LOCAL_TABLES
    migrate.downgrade(local, "local", "0006")
    with local.connect() as conn:
        assert not LOCAL_TABLES & set(sa.inspect(conn).get_table_names())
    migrate.upgrade(local, "local")


def code_row(ref: str, minutes: int, window: int = 3) -> CodeRow:
    issued = NOW + timedelta(minutes=minutes)
    return CodeRow(
        uuid.uuid4().hex, "ticket", ref, window, "1001", "", "A", "", f"http://h/rate/{ref}",
        issued, issued + timedelta(days=7),
    )  # fmt: skip


def seen_row(seq: int, visit_id: str, window: int = 3, day: date = TODAY) -> RatingRow:
    return RatingRow(
        seq, visit_id, window, "1001", "", "", 5, 4, 3, 2, ("slow", "other"), "等了很久",
        False, False, day, NOW + timedelta(minutes=seq),
    )  # fmt: skip


def test_codes_are_kept_newest_first(local: Engine) -> None:
    first, second, elsewhere = code_row("A001", 1), code_row("A002", 2), code_row("B001", 3, 5)
    with db.write(local) as conn:
        for made in (first, second, elsewhere):
            local_ratings.insert_code(conn, made)
    with db.read(local) as conn:
        assert local_ratings.codes(conn, window=3) == [second, first]
        assert local_ratings.codes(conn, limit=1) == [elsewhere]
        assert local_ratings.code(conn, first.visit_id) == first
        assert local_ratings.code(conn, "0" * 32) is None
        assert local_ratings.refs(conn, [first.visit_id, "0" * 32]) == {first.visit_id: "A001"}


def test_the_mirror_takes_ratings_once_and_the_cursor_never_goes_back(local: Engine) -> None:
    rows = [seen_row(seq, uuid.uuid4().hex) for seq in (4, 5, 6)]
    with db.write(local) as conn:
        assert local_ratings.cursor(conn) == 0
        assert local_ratings.store_seen(conn, rows[:2], 5) == rows[:2]
        assert local_ratings.store_seen(conn, rows, 6) == rows[2:]  # 4 and 5 held already
        assert local_ratings.store_seen(conn, rows[:1], 4) == []
        assert local_ratings.cursor(conn) == 6  # not back to 4
        assert local_ratings.store_seen(conn, [], 9) == []
        assert local_ratings.cursor(conn) == 9


def test_a_windows_ratings_of_a_day_newest_first_with_the_number(local: Engine) -> None:
    made = code_row("A017", 1)
    mine = seen_row(1, made.visit_id)
    case = replace(seen_row(2, uuid.uuid4().hex), case_number="SL2026-03-0001")
    other_window, yesterday = seen_row(3, uuid.uuid4().hex, 5), seen_row(4, uuid.uuid4().hex)
    yesterday = replace(yesterday, service_day=TODAY - timedelta(days=1))
    with db.write(local) as conn:
        local_ratings.insert_code(conn, made)
        local_ratings.store_seen(conn, [mine, case, other_window, yesterday], 4)
    with db.read(local) as conn:
        seen = local_ratings.seen_for_window(conn, 3, TODAY)
    assert [(s.rating, s.ref) for s in seen] == [(case, "SL2026-03-0001"), (mine, "A017")]


def test_the_halls_secrets_are_cached(local: Engine, svc: Services) -> None:
    with db.write(svc.context.engine) as conn:
        hall_id = svc.context.hall(conn)[0]
        settings = ratings_repo.rotate_secret(conn, hall_id, NOW)
    later = NOW + timedelta(hours=2)
    with db.write(local) as conn:
        assert local_ratings.cached_secrets(conn) is None
        local_ratings.cache_secrets(conn, settings.secrets_hex, NOW)
        local_ratings.cache_secrets(conn, settings.secrets_hex[:1], later)  # read again later
    with db.read(local) as conn:
        assert local_ratings.cached_secrets(conn) == CachedSecrets((settings.secret,), later)
