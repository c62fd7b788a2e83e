"""Engines and transactions for the three backends.

PostgreSQL and MariaDB run READ COMMITTED so every statement of the claim sees the latest
committed rows. SQLite (the embedded single-PC default) is made a plain serialised database:
WAL, synchronous=FULL, foreign keys on, and ``BEGIN IMMEDIATE`` for write transactions so two
writers never meet half-way (SQLite has no SELECT ... FOR UPDATE).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, CursorResult, Engine, Row
from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.pool import PoolResetState

from desk_client.core.errors import DeskError

CONNECT_TIMEOUT_S = 3
SQLITE_BUSY_MS = 10_000
#: MySQL error numbers that mean "try the transaction again".
MYSQL_RETRYABLE = frozenset({1205, 1213})
PG_RETRYABLE = frozenset({"40001", "40P01"})
#: The DeskError codes errors_as_desk gives when the central database cannot be had (now):
#: a window falls back to its local store on these, and on nothing else.
UNREACHABLE = frozenset({"central.unreachable", "central.busy"})

#: A result row of any shape (columns are read by name).
AnyRow: TypeAlias = Row[*tuple[Any, ...]]


def new_id(result: CursorResult[*tuple[Any, ...]]) -> int:
    """The primary key an INSERT just made."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])


def backend_name(url: str | URL) -> str:
    """postgresql | mysql | sqlite (MariaDB speaks the mysql dialect)."""
    return make_url(url).get_backend_name()


def _sqlite_file(url: URL) -> None:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    _sqlite_file(url)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(
    url: str | URL, *, pool_size: int = 5, max_overflow: int = 10, pool_timeout: float = 60
) -> Engine:
    """An engine for postgresql+psycopg, mysql+pymysql or sqlite, failing fast when unreachable."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    pool: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": max_overflow,
        # No pool_pre_ping (a round trip per transaction): a pooled connection found dead on
        # first use is retried once by services.context (see is_stale).
        "pool_timeout": pool_timeout,
    }
    if backend == "postgresql":
        args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
        return sa.create_engine(parsed, connect_args=args, **pool)
    if backend == "mysql":
        return _mysql_engine(parsed, **pool)
    raise ValueError(f"unsupported database backend: {backend}")


def _mysql_engine(url: URL, **pool: Any) -> Engine:
    from pymysql.constants import SERVER_STATUS  # imported by MariaDB halls only

    args = {"connect_timeout": CONNECT_TIMEOUT_S, "charset": "utf8mb4"}
    engine = sa.create_engine(
        url, connect_args=args, isolation_level="READ COMMITTED", pool_reset_on_return=None, **pool
    )

    @event.listens_for(engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
        """Roll back a connection going back to the pool only when it is in a transaction.

        The pool's own reset sends ROLLBACK every time, and PyMySQL sends it to the server
        even after a COMMIT: a round trip wasted on every write (every call, 叫号). The server
        tells in each reply whether a transaction is open (SERVER_STATUS_IN_TRANS).
        """
        if state.terminate_only:
            return
        if dbapi_connection.server_status & SERVER_STATUS.SERVER_STATUS_IN_TRANS:
            dbapi_connection.rollback()

    return engine


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE on SQLite); commits on success."""
    with errors_as_desk(), engine.connect() as plain:
        conn = plain.execution_options(sqlite_immediate=True)
        with conn.begin():
            yield conn


@contextmanager
def autocommit(engine: Engine) -> Iterator[Connection]:
    """A connection in autocommit: each statement is its own transaction. For one statement
    that needs no BEGIN/COMMIT round trips around it (a busy page's single read or write);
    the pool restores the isolation level when the connection goes back."""
    with errors_as_desk(), engine.connect() as plain:
        yield plain.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction."""
    with errors_as_desk(), engine.connect() as conn, conn.begin():
        yield conn


def is_retryable(exc: sa.exc.DBAPIError) -> bool:
    """A deadlock or lock timeout: the whole transaction may simply run again."""
    orig = exc.orig
    code = getattr(orig, "sqlstate", None)
    if code in PG_RETRYABLE:
        return True
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    return bool(args) and args[0] in MYSQL_RETRYABLE


def is_disconnect(exc: sa.exc.DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    if isinstance(exc, sa.exc.InterfaceError):
        return True
    return (
        isinstance(exc, sa.exc.OperationalError)
        and not is_retryable(exc)
        and (not _missing_table(exc))
    )


def is_stale(exc: BaseException) -> bool:
    """A pooled connection that had died (server restart, idle cut): safe to run again when
    the transaction never reached COMMIT."""
    cause = exc.__cause__
    return isinstance(cause, sa.exc.DBAPIError) and cause.connection_invalidated


def _missing_table(exc: sa.exc.DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "no such table" in text or "doesn't exist" in text or "does not exist" in text


def _detail(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


@contextmanager
def errors_as_desk() -> Iterator[None]:
    """Driver errors a clerk can act on become DeskErrors; programming errors stay loud."""
    try:
        yield
    except sa.exc.TimeoutError as exc:  # every pooled connection busy for pool_timeout
        raise DeskError("central.busy") from exc
    except sa.exc.DBAPIError as exc:
        if _missing_table(exc):
            raise DeskError("central.not_initialised") from exc
        if is_disconnect(exc):
            raise DeskError("central.unreachable", detail=_detail(exc)) from exc
        raise
