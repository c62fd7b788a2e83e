"""The rating page's hot path as pre-built statements (like store.claim_sql): the SQL is made
once at import time, each rating only binds values.

A rating takes the hall's next ``rating_seq.last_seq`` and holds that row's lock until its
transaction commits, so ratings commit in ``seq`` order. Everything between taking the seq and
the COMMIT is therefore serialised per hall, and it is kept to the fewest round trips:

- PostgreSQL: ONE statement (:data:`PG_RATE`) bumps the seq, inserts the rating and queues
  the hall's wake-up (``pg_notify``, delivered at COMMIT).
- MariaDB: ``UPDATE ... SET last_seq = LAST_INSERT_ID(last_seq + 1)`` hands the new value back
  in the OK packet (the cursor's lastrowid, no SELECT), then the INSERT.
- SQLite (3.35+): ``UPDATE ... RETURNING``, then the INSERT, in the BEGIN IMMEDIATE write.

No statement returns a row when the hall has no ``rating_seq`` row yet; the caller makes it
and runs the statement again (once per hall, ever).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from desk_client.store.rating_schema import ratings
from desk_client.store.schema import UTCDateTime

#: The rating's columns in INSERT order; ``excluded`` is always false at first.
RATING_COLUMNS = (
    "hall_id",
    "seq",
    "visit_id",
    "window_number",
    "staff_no",
    "case_number",
    "item_code",
    "overall",
    "efficiency",
    "competence",
    "attitude",
    "reasons",
    "comment",
    "defaulted",
    "excluded",
    "service_day",
    "submitted_at",
)
_TYPES: dict[str, Any] = {
    "hall_id": sa.BigInteger,
    "window_number": sa.Integer,
    "overall": sa.SmallInteger,
    "efficiency": sa.SmallInteger,
    "competence": sa.SmallInteger,
    "attitude": sa.SmallInteger,
    "defaulted": sa.Boolean,
    "service_day": sa.Date,
    "submitted_at": UTCDateTime,
}


def _binds(*names: str) -> list[sa.BindParameter[Any]]:
    return [sa.bindparam(name, type_=_TYPES.get(name, sa.String)) for name in names]


_VALUES = [name for name in RATING_COLUMNS if name not in ("seq", "excluded")]
_SELECTED = ", ".join(
    "s.last_seq" if name == "seq" else "false" if name == "excluded" else f":{name}"
    for name in RATING_COLUMNS
)

PG_RATE = (
    sa.text(
        f"""
WITH s AS (
    UPDATE rating_seq SET last_seq = last_seq + 1 WHERE hall_id = :hall_id RETURNING last_seq
), r AS (
    INSERT INTO ratings ({", ".join(RATING_COLUMNS)})
    SELECT {_SELECTED} FROM s
    RETURNING id, seq
)
SELECT r.id, r.seq, pg_notify(:channel, CAST(r.seq AS text)) AS notified FROM r
"""
    )
    .bindparams(*_binds(*_VALUES, "channel"))
    .columns(id=sa.BigInteger, seq=sa.BigInteger)
)

#: MariaDB: the new last_seq comes back as the cursor's lastrowid.
MYSQL_NEXT_SEQ = sa.text(
    "UPDATE rating_seq SET last_seq = LAST_INSERT_ID(last_seq + 1) WHERE hall_id = :hall_id"
).bindparams(*_binds("hall_id"))

SQLITE_NEXT_SEQ = (
    sa.text(
        "UPDATE rating_seq SET last_seq = last_seq + 1 WHERE hall_id = :hall_id RETURNING last_seq"
    )
    .bindparams(*_binds("hall_id"))
    .columns(last_seq=sa.BigInteger)
)

#: MariaDB and SQLite insert through the table (its column types bind the values).
INSERT_RATING = ratings.insert()


def is_visit_taken(exc: sa.exc.IntegrityError) -> bool:
    """The unique (hall_id, visit_id) refused the row: the visit was rated already. Every
    backend names the column or the constraint ``uq_ratings_hall_id_visit_id``."""
    return "visit_id" in str(exc.orig)
