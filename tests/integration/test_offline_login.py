"""Offline login (issue 3 follow-up): a PC restarted during an outage can still log in.

"Online" is the hall's SQLite central file; "offline" is the same PC (the SAME local store)
with the central URL on a closed port. The login cache holds what the last online login at
this PC saw: the staff row with the central scrypt hash, the hall, its categories, its windows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.passwords import hash_password
from desk_client.services.app import Services, build_services
from desk_client.store import db
from desk_client.store.local_schema import (
    cached_categories,
    cached_hall,
    cached_staff,
    cached_windows,
)
from desk_client.store.schema import staff
from desk_client.store.sync_schema import events

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"
PASSWORD = "desk1234"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(
        database_url=f"sqlite:///{tmp_path / 'hall.db'}", local_store=str(tmp_path / "local.db")
    )


@pytest.fixture
def online(config: Config, fake_clock: FakeClock) -> Iterator[Services]:
    built = build_services(config, fake_clock)
    built.admin.ensure_ready(seed_demo_if_new=True)
    yield built
    built.close()


@pytest.fixture
def offline(config: Config, fake_clock: FakeClock) -> Iterator[Services]:
    built = build_services(replace(config, database_url=CLOSED_PORT), fake_clock)
    yield built
    built.close()


def refused(services: Services, staff_no: str, password: str, window: int | None = 3) -> DeskError:
    with pytest.raises(DeskError) as caught:
        services.auth.open_session(services.sync, staff_no, password, window)
    return caught.value


def cached(services: Services, table: sa.Table) -> list[sa.Row[tuple[object, ...]]]:
    with db.read(services.sync.local.engine()) as conn:
        return list(conn.execute(sa.select(table)))


def set_staff(services: Services, staff_no: str, **values: object) -> None:
    update = staff.update().where(staff.c.staff_no == staff_no).values(**values)
    services.context.write(lambda conn: conn.execute(update))


def test_an_online_login_caches_the_hash_and_the_layout_never_the_password(
    online: Services,
) -> None:
    session = online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    (row,) = cached(online, cached_staff)
    assert (row.staff_no, row.role, row.staff_id) == ("1003", "clerk", session.staff_id)
    assert row.name == session.name and row.cached_at is not None
    central_hash = online.context.read(
        lambda conn: conn.execute(
            sa.select(staff.c.password_hash).where(staff.c.staff_no == "1003")
        ).scalar_one()
    )
    assert row.password_hash == central_hash and row.password_hash.startswith("scrypt$")
    for table in (cached_staff, cached_hall, cached_categories, cached_windows):
        assert all(PASSWORD not in str(value) for r in cached(online, table) for value in r)
    (place,) = cached(online, cached_hall)
    assert place.code == online.config.hall_code and place.cached_at is not None
    assert len(cached(online, cached_windows)) == len(online.queue.list_windows())


def test_offline_login_checks_the_cached_hash_with_the_same_refusals(
    online: Services, offline: Services
) -> None:
    first = online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    assert first.offline is False

    session = offline.auth.open_session(offline.sync, "1003", PASSWORD, 3)
    assert session.offline is True
    assert (session.staff_id, session.name, session.role) == (first.staff_id, first.name, "clerk")
    assert session.hall == first.hall and session.window_number == 3

    wrong = refused(offline, "1003", "nope-nope")
    assert wrong.code == "auth.failed" and wrong.message() == "工号或密码错误"
    assert refused(offline, "1003", PASSWORD, 99).code == "queue.unknown_window"
    for never_here in ("1001", "9999"):  # a real colleague, and nobody at all
        unknown = refused(offline, never_here, PASSWORD)
        assert unknown.code == "auth.offline_unknown"
        assert "从未在本机联网登录过" in unknown.message()
        assert "one online login on this PC first" in unknown.message("en")


def sessions_recorded(services: Services) -> int:
    return sum(row.event.type == "staff.session" for row in services.sync.local.events())


def test_a_cached_login_unconfirmed_for_too_long_is_refused_offline(
    online: Services, offline: Services, fake_clock: FakeClock
) -> None:
    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    fake_clock.advance(timedelta(days=30))  # confirmed 30 days ago: still admitted
    assert offline.auth.open_session(offline.sync, "1003", PASSWORD, 3).offline is True
    recorded = sessions_recorded(offline)

    fake_clock.advance(timedelta(minutes=1))
    expired = refused(offline, "1003", PASSWORD)
    assert expired.code == "auth.offline_expired"
    assert "已超过 30 天未经中心数据库确认" in expired.message()
    assert "not been confirmed by it for over 30 days" in expired.message("en")
    assert refused(offline, "1003", "nope-nope").code == "auth.failed"  # no more to a guesser
    assert sessions_recorded(offline) == recorded  # a refusal records nothing

    online.auth.open_session(online.sync, "1003", PASSWORD, 3)  # online again: confirmed
    assert offline.auth.open_session(offline.sync, "1003", PASSWORD, 3).offline is True


def test_the_offline_login_limit_is_the_hall_s_to_set(
    online: Services, config: Config, fake_clock: FakeClock
) -> None:
    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    fake_clock.advance(timedelta(days=2))
    strict = replace(config, database_url=CLOSED_PORT, offline_login_days=1)
    services = build_services(strict, fake_clock)
    try:
        expired = refused(services, "1003", PASSWORD)
        assert expired.code == "auth.offline_expired" and "超过 1 天" in expired.message()
    finally:
        services.close()


def test_offline_the_categories_and_windows_come_from_the_cache(
    online: Services, offline: Services
) -> None:
    with pytest.raises(DeskError) as nothing_cached:
        offline.queue.list_windows()
    assert nothing_cached.value.code == "central.unreachable"
    assert refused(offline, "1003", PASSWORD).code == "auth.offline_unknown"  # none here yet

    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    assert offline.queue.list_categories() == online.queue.list_categories()
    assert offline.queue.list_windows() == online.queue.list_windows()
    assert offline.queue.list_windows()[2].category_codes  # window 3 serves something


def test_the_central_answer_wins_as_soon_as_the_pc_is_online(
    online: Services, offline: Services
) -> None:
    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    online.auth.open_session(online.sync, "1004", PASSWORD, 4)

    # a new password centrally: a wrong online attempt refreshes the hash, the old one is dead
    set_staff(online, "1003", password_hash=hash_password("changed99"))
    assert refused(online, "1003", PASSWORD).code == "auth.failed"
    assert refused(offline, "1003", PASSWORD).code == "auth.failed"
    assert offline.auth.login("1003", "changed99", 3).offline

    # disabled centrally: the next online login deletes the cached row
    set_staff(online, "1004", active=False)
    assert refused(online, "1004", PASSWORD, 4).code == "auth.failed"
    assert refused(offline, "1004", PASSWORD, 4).code == "auth.offline_unknown"


def test_other_central_errors_never_fall_back_to_the_cache(
    online: Services, config: Config, fake_clock: FakeClock
) -> None:
    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    other = build_services(replace(config, hall_code="NOPE"), fake_clock)
    try:
        assert refused(other, "1003", PASSWORD).code == "hall.not_found"
        with pytest.raises(DeskError, match="NOPE"):
            other.queue.list_categories()
    finally:
        other.close()


def test_a_session_recorded_offline_reaches_the_central_events_after_reconnecting(
    online: Services, offline: Services
) -> None:
    online.auth.open_session(online.sync, "1003", PASSWORD, 3)
    session = offline.auth.open_session(offline.sync, "1003", PASSWORD, 3)
    offline.auth.close_session(offline.sync, session)
    assert offline.sync.status().pending == 3

    report = online.sync.sync_once()  # the network is back: the same PC, the same local store
    assert report.pushed == 3 and online.sync.status().pending == 0
    query = sa.select(events.c.payload).where(events.c.type == "staff.session")
    payloads = online.context.read(lambda conn: conn.execute(query).scalars().all())
    kinds = [json.loads(p)["kind"] for p in payloads]
    assert kinds == ["login", "login", "logout"]  # online, then the two recorded offline


def test_after_a_sync_any_active_colleague_can_log_in_offline(
    online: Services, offline: Services
) -> None:
    """The pull brings the hall's directory: no earlier login on this PC is needed."""
    online.sync.sync_once()
    session = offline.auth.open_session(offline.sync, "1005", PASSWORD, 5)
    assert (session.staff_no, session.offline) == ("1005", True)
    hashes = {row.password_hash for row in cached(online, cached_staff)}
    assert len(hashes) > 1 and all(h.startswith("scrypt$") for h in hashes)  # never a password
    assert refused(offline, "1005", "wrong-password").code == "auth.failed"


def test_an_account_disabled_centrally_stops_working_offline_at_the_next_sync(
    online: Services, offline: Services
) -> None:
    online.sync.sync_once()
    set_staff(online, "1005", active=False)
    online.sync.sync_once()
    assert "1005" not in {row.staff_no for row in cached(online, cached_staff)}
    assert refused(offline, "1005", PASSWORD, 5).code == "auth.offline_unknown"
    assert offline.auth.open_session(offline.sync, "1003", PASSWORD, 3).offline
