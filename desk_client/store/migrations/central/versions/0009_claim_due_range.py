"""claim: PostgreSQL's due lanes read by slot; MariaDB's "still waiting?" check takes no locks

0008's routine took a due appointment (lanes 1 and 3: the slot has begun) by walking
ix_tickets_due_order, every waiting appointment of the lane in queue order, and testing each
one's slot against ``now``. Where the first due one stood far down that order, or no
appointment was due at all, every call walked the appointments booked for later in the day:
at 40,000 tickets (a fifth appointments, slots within half an hour of now) the non-priority
due lane read 3,000 rows and 571 pages, 1.1 ms of the routine's ~1.8 ms.

The due appointments are few in a hall: they go before everyone without an appointment. So
each due lane now reads them by their slot (a range read on ix_tickets_due, ``appointment_at
<= now``, bounded by the index whatever plan PL/pgSQL caches), up to ``DUE_SET`` of them; when
fewer were found, that is all of them, and the one first in the queue among them is locked
(ORDER BY order_at, id, SKIP LOCKED over the few). Only a backlog of ``DUE_SET`` or more due
appointments goes back to 0008's walk in queue order, which then finds one within a few rows.
The same lane order as core.call_order.order_key; only the reads differ. The function keeps
its signature, so a client built for 0008 runs it unchanged.

MariaDB's due lanes already read their candidates by slot (0008). Its procedure changes in
one statement: 0008 asked "do tickets still wait?" as ``SET v_held = EXISTS (SELECT ...)``,
and MariaDB runs a SET's subquery inside a stored procedure as a locking read: it waited for
the shared lock on every waiting ticket another window's call held, the very case it was
there to recognise. Under load that made calls wait on each other for seconds (the storm
test, with appointments and the machine busy, told a window "nobody waits" after five
seconds of it). ``SELECT EXISTS (...) INTO v_held`` is a consistent read that takes no locks.

Both routines are built here from 0008's text with just these changes, so this file is the
whole difference between the two revisions, and the downgrade puts 0008's back.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: A due lane with fewer waiting appointments than this is read whole by slot and sorted.
DUE_SET = 64

_DUE = "t.appointment_at IS NOT NULL AND t.appointment_at <= p_now"
_NOT_DUE = "(t.appointment_at IS NULL OR t.appointment_at > p_now)"
_TAKE = "ORDER BY t.order_at, t.id LIMIT 1 FOR UPDATE SKIP LOCKED"


def _due_lane(eligible: str, priority: str) -> str:
    return f"""
        IF v_picked IS NULL THEN
            v_due := ARRAY(SELECT t.id FROM tickets t
                WHERE {eligible} AND t.priority = {priority} AND {_DUE}
                LIMIT {DUE_SET});
            IF cardinality(v_due) BETWEEN 1 AND {DUE_SET - 1} THEN
                SELECT t.id INTO v_picked FROM tickets t
                WHERE t.id = ANY (v_due) AND t.state = 'waiting'
                {_TAKE};
            ELSIF cardinality(v_due) = {DUE_SET} THEN
                SELECT t.id INTO v_picked FROM tickets t
                WHERE {eligible} AND t.priority = {priority} AND {_DUE}
                {_TAKE};
            END IF;
        END IF;"""


def _other_lane(eligible: str, priority: str) -> str:
    return f"""
        IF v_picked IS NULL THEN
            SELECT t.id INTO v_picked FROM tickets t
            WHERE {eligible} AND t.priority = {priority} AND {_NOT_DUE}
            {_TAKE};
        END IF;"""


def _pick(eligible: str) -> str:
    """The four lanes of core.call_order.order_key: priority and due, priority, due, the rest
    (``eligible``: 0008's test of a waiting ticket this window may call)."""
    return "".join(
        _due_lane(eligible, priority) + _other_lane(eligible, priority)
        for priority in ("true", "false")
    )


def _load_0008() -> Any:
    path = Path(__file__).with_name("0008_claim_routine.py")
    spec = importlib.util.spec_from_file_location("desk_central_0008", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    return previous


def _pg_functions() -> tuple[str, str]:
    """(0008's PostgreSQL function, this revision's): the same but for the pick, each as
    CREATE OR REPLACE (the signature is unchanged, so either replaces the other)."""
    previous = _load_0008()
    text = str(previous.PG_CREATE).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    start = text.index("        SELECT COALESCE(\n")
    end = text.index(") INTO v_picked;\n", start) + len(") INTO v_picked;")
    declared = "    v_held boolean := false;\n"
    if declared not in text:
        raise RuntimeError("0008's function no longer declares v_held as expected")
    ours = text[:start] + "        v_picked := NULL;" + _pick(previous._PG_ELIGIBLE) + text[end:]
    return text, ours.replace(declared, declared + "    v_due bigint[];\n", 1)


def _my_procedures() -> tuple[str, str, str]:
    """(0008's MariaDB procedure, this revision's, the DROP before either): the same but for
    the held check."""
    previous = _load_0008()
    text = str(previous.MY_CREATE)
    locking = "SET v_held = EXISTS (SELECT 1 FROM tickets WHERE "
    start = text.index(locking)
    end = text.index(");", start)
    check = text[start + len(locking) : end]
    fixed = f"SELECT EXISTS (SELECT 1 FROM tickets WHERE {check}) INTO v_held"
    return text, text[:start] + fixed + text[end + 1 :], str(previous.MY_DROP)


def _replace_my_procedure(which: int) -> None:
    """Put 0008's (0) or this revision's (1) MariaDB procedure in place."""
    *routines, drop = _my_procedures()
    op.execute(drop)
    op.execute(routines[which])


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(_pg_functions()[1])
    elif dialect in ("mysql", "mariadb"):
        _replace_my_procedure(1)
    _version(revision)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(_pg_functions()[0])
    elif dialect in ("mysql", "mariadb"):
        _replace_my_procedure(0)
    _version(down_revision)
