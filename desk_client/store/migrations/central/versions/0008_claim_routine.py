"""claim: the call (叫号) as a stored routine, desk_claim, on PostgreSQL and MariaDB

A window's "finish the current ticket and call the next" was two to ten statements, each a
round trip from the clerk's PC, inside a transaction that also cost a BEGIN and a COMMIT. On a
busy hall the client's work per round trip, not the database's, limited the calls per second.
``desk_claim`` does the same steps on the server in one call:

1. lock the window's current ticket; refuse (change nothing, return it) when it may not be
   finished or finishing was not asked; otherwise finish it (办结) and audit it;
2. take the best waiting ticket in the order of core.call_order.order_key, in four lanes
   (priority with a due appointment, priority, due appointment, everyone else), passing over
   rows other windows hold (SKIP LOCKED); when nothing was free but tickets still wait
   (held by windows whose calls have not committed yet), look again 1 ms later, up to
   ``p_rounds`` times, then return ``held``: the client commits (releasing this call's own
   locks, which the holders may be waiting for) and calls again (store.claim);
3. mark it called, log the call, audit it; return the current ticket's and the called
   ticket's columns in one row.

PostgreSQL runs it as one statement in autocommit (its own transaction); the hall's wake-up
(NOTIFY) follows in a transaction of its own (store.claim_pg), because a NOTIFY inside the
claim's transaction holds a database-wide lock through the commit's flush and so serialised
every call in the hall. MariaDB CALLs it inside the client's transaction. There the two lanes
that ix_tickets_claim gives in call order are one locking read each (LIMIT 1 ... SKIP
LOCKED); the due lanes' few candidates are read without locks and locked one at a time by
primary key, since a locking read that sorts locks every row it sorts. SQLite (one process,
one writer) keeps the claim in Python (store.claim).

The ticket states are written out here as they were at this revision (core.queue): waiting,
called, serving, done. A later change of the claim is a new revision that replaces the routine.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_PG_COLUMNS = """cur_id bigint, cur_number varchar, cur_state varchar, cur_finished boolean,
    id bigint, number varchar, category_id bigint, priority boolean,
    appointment_at timestamp, service_day date, issued_at timestamp,
    transferred boolean, target_window_id bigint, held boolean"""

_PG_ELIGIBLE = """t.hall_id = p_hall_id AND t.service_day = p_day AND t.state = 'waiting'
            AND ((t.target_window_id IS NULL AND t.category_id = ANY(p_categories))
                 OR t.target_window_id = p_window_id)"""

_PG_LANES = (
    "t.priority = true AND t.appointment_at <= p_now",
    "t.priority = true AND (t.appointment_at IS NULL OR t.appointment_at > p_now)",
    "t.priority = false AND t.appointment_at <= p_now",
    "t.priority = false AND (t.appointment_at IS NULL OR t.appointment_at > p_now)",
)
_PG_PICK = ",\n".join(
    f"""            (SELECT t.id FROM tickets t
             WHERE {_PG_ELIGIBLE} AND {lane}
             ORDER BY t.order_at, t.id
             LIMIT 1 FOR UPDATE SKIP LOCKED)"""
    for lane in _PG_LANES
)

PG_CREATE = f"""
CREATE FUNCTION desk_claim(
    p_hall_id bigint, p_day date, p_now timestamp, p_window_id bigint,
    p_categories bigint[], p_claim_id varchar, p_staff_id bigint, p_finish boolean,
    p_rounds integer)
RETURNS TABLE ({_PG_COLUMNS})
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
    v_cur_id bigint;
    v_cur_number varchar;
    v_cur_state varchar;
    v_finished boolean := false;
    v_picked bigint;
    v_held boolean := false;
BEGIN
    SELECT t.id, t.number, t.state INTO v_cur_id, v_cur_number, v_cur_state
    FROM tickets t WHERE t.active_window_id = p_window_id FOR UPDATE;
    IF v_cur_id IS NOT NULL THEN
        IF NOT p_finish OR v_cur_state NOT IN ('called', 'serving') THEN
            RETURN QUERY SELECT v_cur_id, v_cur_number, v_cur_state, false,
                NULL::bigint, NULL::varchar, NULL::bigint, NULL::boolean, NULL::timestamp,
                NULL::date, NULL::timestamp, NULL::boolean, NULL::bigint, false;
            RETURN;
        END IF;
        UPDATE tickets t SET state = 'done', finished_at = p_now, active_window_id = NULL,
            version = t.version + 1
        WHERE t.id = v_cur_id;
        INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id,
                                   staff_id, at)
        VALUES (v_cur_id, 'finish', v_cur_state, 'done', p_window_id, p_staff_id, p_now);
        v_finished := true;
    END IF;
    FOR v_round IN 1..p_rounds LOOP
        SELECT COALESCE(
{_PG_PICK}
        ) INTO v_picked;
        EXIT WHEN v_picked IS NOT NULL;
        -- Nothing free: a fresh snapshot tells "nobody waits" from "others hold them";
        -- then give their calls a moment to commit (or roll back) before looking again.
        v_held := EXISTS (SELECT 1 FROM tickets t WHERE {_PG_ELIGIBLE});
        EXIT WHEN NOT v_held;
        PERFORM pg_sleep(0.001);
    END LOOP;
    IF v_picked IS NULL THEN
        RETURN QUERY SELECT v_cur_id, v_cur_number, v_cur_state, v_finished,
            NULL::bigint, NULL::varchar, NULL::bigint, NULL::boolean, NULL::timestamp,
            NULL::date, NULL::timestamp, NULL::boolean, NULL::bigint, v_held;
        RETURN;
    END IF;
    RETURN QUERY
    WITH called AS (
        UPDATE tickets t
        SET state = 'called', window_id = p_window_id, active_window_id = p_window_id,
            claim_id = p_claim_id, called_at = p_now, served_at = NULL, finished_at = NULL,
            call_count = 1, version = t.version + 1
        WHERE t.id = v_picked
        RETURNING t.id, t.number, t.category_id, t.priority, t.appointment_at,
                  t.service_day, t.issued_at, t.transferred, t.target_window_id
    ), logged AS (
        INSERT INTO calls (hall_id, ticket_id, window_id, number, kind, claim_id, called_at)
        SELECT p_hall_id, c.id, p_window_id, c.number, 'call', p_claim_id, p_now FROM called c
    ), audited AS (
        INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id,
                                   staff_id, at)
        SELECT c.id, 'call', 'waiting', 'called', p_window_id, p_staff_id, p_now FROM called c
    )
    SELECT v_cur_id, v_cur_number, v_cur_state, v_finished, c.id, c.number::varchar,
        c.category_id, c.priority, c.appointment_at::timestamp, c.service_day,
        c.issued_at::timestamp, c.transferred, c.target_window_id, false
    FROM called c;
END
$fn$
"""

PG_DROP = (
    "DROP FUNCTION IF EXISTS desk_claim(bigint, date, timestamp, bigint, bigint[], varchar, "
    "bigint, boolean, integer)"
)

_MY_ELIGIBLE = """hall_id = p_hall_id AND service_day = p_day AND state = 'waiting'
          AND ((target_window_id IS NULL AND FIND_IN_SET(category_id, p_categories) > 0)
               OR target_window_id = p_window_id)"""

#: The due lanes (1 and 3) as candidates read without locks, in call order: ix_tickets_due
#: gives them by appointment_at, so ordering them sorts, and a locking read that sorts locks
#: every row it sorts (all the hall's due appointments, until COMMIT). They are few.
_MY_DUE = f"""SELECT id FROM tickets FORCE INDEX (ix_tickets_due)
        WHERE {_MY_ELIGIBLE} AND priority = v_priority AND appointment_at <= p_now
        ORDER BY order_at, id LIMIT p_candidates"""

#: The other lanes (2 and 4) as one locking read each: ix_tickets_claim gives them in
#: order_at order, so the read stops at the first free row (SKIP LOCKED passes the others').
_MY_TAKE = f"""SELECT id INTO v_picked FROM tickets FORCE INDEX (ix_tickets_claim)
            WHERE {_MY_ELIGIBLE} AND priority = v_priority
              AND (appointment_at IS NULL OR appointment_at > p_now)
            ORDER BY order_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"""

MY_CREATE = f"""
CREATE PROCEDURE desk_claim(
    IN p_hall_id BIGINT, IN p_day DATE, IN p_now DATETIME(6), IN p_window_id BIGINT,
    IN p_categories VARCHAR(4000), IN p_claim_id VARCHAR(36), IN p_staff_id BIGINT,
    IN p_finish BOOLEAN, IN p_rounds INT, IN p_candidates INT)
MODIFIES SQL DATA
BEGIN
    DECLARE v_cur_id BIGINT DEFAULT NULL;
    DECLARE v_cur_number VARCHAR(16) DEFAULT NULL;
    DECLARE v_cur_state VARCHAR(16) DEFAULT NULL;
    DECLARE v_finished BOOLEAN DEFAULT FALSE;
    DECLARE v_picked BIGINT DEFAULT NULL;
    DECLARE v_priority BOOLEAN;
    DECLARE v_lane INT;
    DECLARE v_candidate BIGINT;
    DECLARE v_round INT DEFAULT 0;
    DECLARE v_held BOOLEAN DEFAULT FALSE;
    DECLARE v_end BOOLEAN DEFAULT FALSE;
    DECLARE due CURSOR FOR {_MY_DUE};
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_end = TRUE;

    SELECT id, number, state INTO v_cur_id, v_cur_number, v_cur_state
    FROM tickets WHERE active_window_id = p_window_id FOR UPDATE;
    IF v_cur_id IS NOT NULL AND (NOT p_finish OR v_cur_state NOT IN ('called', 'serving')) THEN
        SELECT v_cur_id AS cur_id, v_cur_number AS cur_number, v_cur_state AS cur_state,
            FALSE AS cur_finished, NULL AS id, NULL AS number, NULL AS category_id,
            NULL AS priority, NULL AS appointment_at, NULL AS service_day, NULL AS issued_at,
            NULL AS transferred, NULL AS target_window_id, FALSE AS held;
    ELSE
        IF v_cur_id IS NOT NULL THEN
            UPDATE tickets SET state = 'done', finished_at = p_now, active_window_id = NULL,
                version = version + 1
            WHERE id = v_cur_id;
            INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id,
                                       staff_id, at)
            VALUES (v_cur_id, 'finish', v_cur_state, 'done', p_window_id, p_staff_id, p_now);
            SET v_finished = TRUE;
        END IF;
        rounds: WHILE v_picked IS NULL AND v_round < p_rounds DO
            SET v_round = v_round + 1, v_lane = 0;
            lanes: WHILE v_picked IS NULL AND v_lane < 4 DO
                SET v_lane = v_lane + 1, v_priority = v_lane <= 2, v_end = FALSE;
                IF v_lane MOD 2 = 1 THEN
                    OPEN due;
                    walk: LOOP
                        FETCH due INTO v_candidate;
                        IF v_end THEN
                            LEAVE walk;
                        END IF;
                        SELECT id INTO v_picked FROM tickets
                        WHERE id = v_candidate AND state = 'waiting' FOR UPDATE SKIP LOCKED;
                        SET v_end = FALSE;
                        IF v_picked IS NOT NULL THEN
                            LEAVE walk;
                        END IF;
                    END LOOP walk;
                    CLOSE due;
                ELSE
                    {_MY_TAKE};
                END IF;
            END WHILE lanes;
            -- Nothing free: a fresh read tells "nobody waits" from "others hold them".
            IF v_picked IS NULL THEN
                SET v_held = EXISTS (SELECT 1 FROM tickets WHERE {_MY_ELIGIBLE});
                IF NOT v_held THEN
                    LEAVE rounds;
                END IF;
                DO SLEEP(0.001);  -- others' calls hold them: let those commit or roll back
            END IF;
        END WHILE rounds;
        SET v_end = FALSE;
        IF v_picked IS NOT NULL THEN
            UPDATE tickets SET state = 'called', window_id = p_window_id,
                active_window_id = p_window_id, claim_id = p_claim_id, called_at = p_now,
                served_at = NULL, finished_at = NULL, call_count = 1, version = version + 1
            WHERE id = v_picked;
            INSERT INTO calls (hall_id, ticket_id, window_id, number, kind, claim_id, called_at)
            SELECT p_hall_id, id, p_window_id, number, 'call', p_claim_id, p_now
            FROM tickets WHERE id = v_picked;
            INSERT INTO ticket_events (ticket_id, action, from_state, to_state, window_id,
                                       staff_id, at)
            VALUES (v_picked, 'call', 'waiting', 'called', p_window_id, p_staff_id, p_now);
        END IF;
        SELECT v_cur_id AS cur_id, v_cur_number AS cur_number, v_cur_state AS cur_state,
            v_finished AS cur_finished, t.id, t.number, t.category_id, t.priority,
            t.appointment_at, t.service_day, t.issued_at, t.transferred, t.target_window_id,
            v_picked IS NULL AND v_held AS held
        FROM (SELECT 1 AS one) AS anchor
        LEFT JOIN tickets t ON t.id = v_picked;
    END IF;
END
"""

MY_DROP = "DROP PROCEDURE IF EXISTS desk_claim"


def _version(value: str) -> None:
    info = sa.table("schema_info", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(info.update().where(info.c.key == "version").values(value=value))


#: PostgreSQL's due lanes in call order. PL/pgSQL keeps a generic plan of the routine's pick,
#: made without knowing ``now``; on ix_tickets_due such a plan walked every waiting ticket of
#: the day for the due lane (13 ms a call at 60,000 tickets). This partial index holds only
#: waiting appointments, in order_at order, so the generic plan takes the first due one.
DUE_ORDER = "ix_tickets_due_order"
DUE_ORDER_COLUMNS = ["hall_id", "service_day", "priority", "order_at", "id"]
DUE_ORDER_WHERE = "state = 'waiting' AND appointment_at IS NOT NULL"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.create_index(
            DUE_ORDER, "tickets", DUE_ORDER_COLUMNS, postgresql_where=sa.text(DUE_ORDER_WHERE)
        )
        op.execute(PG_CREATE)
    elif dialect in ("mysql", "mariadb"):
        op.execute(MY_CREATE)
    _version(revision)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_DROP)
        op.drop_index(DUE_ORDER, table_name="tickets")
    elif dialect in ("mysql", "mariadb"):
        op.execute(MY_DROP)
    _version(down_revision)
