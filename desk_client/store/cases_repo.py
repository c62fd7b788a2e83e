"""Cases centrally (issue 5): the supervisor's board, one case with its timeline.

Rows arrive through the case events (sync.handlers_cases, applied by store.case_changes);
this module only reads. The board is the hall's open cases by deadline, the paused ones with
no deadline last: two range reads of ``ix_cases_board`` (hall, closed_at IS NULL, deadline),
because where NULLs sort differs between PostgreSQL, MariaDB and SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.store import hall
from desk_client.store.case_changes import CaseTables, read_case, read_record
from desk_client.store.case_rows import CaseRecord, CaseRow, case_from_row
from desk_client.store.case_schema import case_events, case_pauses, cases


def central_tables(hall_id: int) -> CaseTables:
    return CaseTables(cases, case_events, case_pauses, {"hall_id": hall_id})


def hall_id_of(conn: Connection, hall_code: str) -> int:
    found = hall.hall_by_code(conn, hall_code)
    if found is None:
        raise DeskError("hall.not_found", hall=hall_code)
    return int(found.id)


def board(conn: Connection, hall_code: str, staff_no: str | None = None) -> list[CaseRow]:
    """The hall's open cases (one clerk's with ``staff_no``), earliest deadline first; the
    ones without a deadline (a pause with no end yet) last, longest paused first."""
    c = cases.c
    where = [c.hall_id == hall_id_of(conn, hall_code), c.closed_at.is_(None)]
    if staff_no is not None:
        where.append(c.staff_no == staff_no)
    dated = sa.select(cases).where(*where, c.deadline.is_not(None))
    open_ended = sa.select(cases).where(*where, c.deadline.is_(None))
    first = conn.execute(dated.order_by(c.deadline, c.number))
    rows = [case_from_row(row) for row in first]
    last = conn.execute(open_ended.order_by(c.paused_since, c.number))
    return rows + [case_from_row(row) for row in last]


def get_case(conn: Connection, hall_code: str, number: str) -> CaseRow | None:
    return read_case(conn, central_tables(hall_id_of(conn, hall_code)), number)


def case_record(conn: Connection, hall_code: str, number: str) -> CaseRecord | None:
    """The case with its timeline (in time order) and pauses, or None when unknown."""
    return read_record(conn, central_tables(hall_id_of(conn, hall_code)), number)
