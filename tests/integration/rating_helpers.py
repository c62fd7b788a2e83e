"""Halls, visits and ratings for the rating store tests, written straight through the store
(no services): each test makes a hall of its own in the module's central database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.store import db, hall, ratings_repo
from desk_client.store.rating_rows import RatedVisit
from desk_client.store.rating_schema import ratings
from desk_client.store.schema import halls
from desk_client.store.schema import staff as staff_table

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in the hall
TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Levels:
    """The shape of core.ratings.ValidRating that the store reads."""

    overall: int
    efficiency: int = 5
    competence: int = 5
    attitude: int = 5
    reasons: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class Hall:
    id: int
    code: str


def new_hall(engine: Engine) -> Hall:
    """A hall with a clerk 1001, supervisors 2002 and 2001 (2001 the first), an inactive
    supervisor 2000 and an admin 9001."""
    code = f"r{uuid.uuid4().hex[:10]}"
    staff = (("1001", "clerk"), ("2002", "supervisor"), ("2001", "supervisor"),
             ("2000", "supervisor"), ("9001", "admin"))  # fmt: skip
    with db.write(engine) as conn:
        values = {"code": code, "name": "示范大厅", "timezone": "Asia/Shanghai"}
        hall_id = db.new_id(conn.execute(halls.insert().values(**values)))
        for staff_no, role in staff:
            hall.insert_staff(conn, hall_id, staff_no=staff_no, name=f"职员{staff_no}",
                              password_hash="x", role=role)  # fmt: skip
        where = sa.and_(staff_table.c.hall_id == hall_id, staff_table.c.staff_no == "2000")
        conn.execute(staff_table.update().where(where).values(active=False))
    return Hall(hall_id, code)


def visit_id() -> str:
    return uuid.uuid4().hex


def visit(window: int = 3, staff_no: str = "1001", case: str = "", item: str = "") -> RatedVisit:
    return RatedVisit(visit_id(), window, staff_no, case, item)


def rate(
    engine: Engine,
    where: Hall,
    rated: RatedVisit | None = None,
    levels: Levels | None = None,
    *,
    day: date = TODAY,
    defaulted: bool = False,
) -> tuple[int, int]:
    """Rate a visit (a fresh one unless given) in its own transaction: (seq, rating id)."""
    with db.write(engine) as conn:
        return ratings_repo.insert_rating(
            conn, where.code, where.id, rated or visit(), levels or Levels(5),
            service_day=day, now=NOW, defaulted=defaulted,
        )  # fmt: skip


def count_ratings(engine: Engine, where: Hall) -> int:
    with db.read(engine) as conn:
        query = sa.select(sa.func.count()).where(ratings.c.hall_id == where.id)
        return int(conn.execute(query).scalar_one())
