"""What the rating service tests share (issue 7): window 3's PC of a fresh demo hall, the
rating page of the same hall, logins, visits that end with a code, and the proof that a
refusal wrote nothing (the central ratings, seq and follow-ups, this PC's outbox)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.ratings import RatingForm
from desk_client.services.app import Services
from desk_client.services.dto import StaffSession, TicketView
from desk_client.services.dto_ratings import RatingCode, RatingReceipt
from desk_client.services.rating_page import RatingPageService, build_rating_page
from desk_client.store import db
from desk_client.store.rating_schema import rating_followups, rating_seq, rating_visits, ratings
from tests.integration.conftest import make_services

PASSWORDS = {"S001": "super123", "admin": "admin123"}
CLERK, OTHER_CLERK, SUPERVISOR = "1003", "1004", "S001"
GOOD = RatingForm(5, 5, 4, 5)
BAD = RatingForm(1, 2, 2, 1, ("slow", "attitude"), "等了一个多小时")


@pytest.fixture
def pc(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """Window 3's PC of a fresh demo hall, synced once (the login cache, the directory)."""
    made = make_services(central_url, fake_clock, tmp_path, window=3)
    made.sync.sync_once()
    yield made
    made.close()


@pytest.fixture
def page(pc: Services) -> Iterator[RatingPageService]:
    """The hall's rating page (what desk-rating runs), on the same clock."""
    made = build_rating_page(pc.config, pc.clock)
    yield made
    made.close()


def login(services: Services, staff_no: str = CLERK, window: int | None = 3) -> StaffSession:
    password = PASSWORDS.get(staff_no, "desk1234")
    return services.auth.open_session(services.sync, staff_no, password, window)


def served_ticket(services: Services, session: StaffSession, window: int = 3) -> TicketView:
    """A ticket of 社保医保 (B: windows 3, 4 and 6 serve it) issued, called and finished."""
    services.queue.issue_ticket("B")
    services.queue.call_next(window, session.staff_id)
    return services.queue.finish(window, session.staff_id)


def ticket_code(services: Services, session: StaffSession | None = None) -> RatingCode:
    clerk = session or login(services)
    return services.ratings.code_for_ticket(clerk, served_ticket(services, clerk))


def token_of(code: RatingCode) -> str:
    return code.url.rsplit("/", 1)[1]


def rate(page: RatingPageService, code: RatingCode, form: RatingForm = GOOD) -> RatingReceipt:
    return page.submit(token_of(code), form)


def local_day(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """``hour`` o'clock in the hall (Asia/Shanghai) as an aware UTC moment."""
    return datetime(year, month, day, hour - 8, tzinfo=UTC)


@dataclass(frozen=True)
class Central:
    """The hall's rating rows centrally, to prove a refusal wrote nothing."""

    ratings: tuple[tuple[object, ...], ...]
    followups: tuple[tuple[object, ...], ...]
    seq: tuple[tuple[object, ...], ...]
    visits: int


def central(services: Services) -> Central:
    with db.read(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)

        def rows(table: sa.Table) -> tuple[tuple[object, ...], ...]:
            query = sa.select(table).where(table.c.hall_id == hall_id)
            return tuple(tuple(row) for row in conn.execute(query.order_by(*table.primary_key)))

        visits = conn.execute(
            sa.select(sa.func.count()).where(rating_visits.c.hall_id == hall_id)
        ).scalar_one()
        return Central(rows(ratings), rows(rating_followups), rows(rating_seq), int(visits))


def outbox(services: Services) -> int:
    return len(services.sync.local.events(limit=100_000))


def refused(code: str, services: Services, action: Callable[[], object]) -> DeskError:
    """``action`` is refused with ``code`` (a message in both languages), writing nothing
    centrally nor in this PC's outbox."""
    before = central(services), outbox(services)
    with pytest.raises(DeskError) as caught:
        action()
    assert caught.value.code == code, caught.value.message("en")
    assert (central(services), outbox(services)) == before, f"{code} changed something"
    for language in ("zh_CN", "en"):
        message = caught.value.message(language)
        assert message != code and "{" not in message, message
    return caught.value
