"""Engine settings that keep SQLite safe under concurrent use: foreign keys on, a busy timeout
rather than an immediate "database is locked", WAL so readers never wait for the writer, and
write transactions that take the write lock at BEGIN."""

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from teahouse.extensions import db

# Set while a write transaction is being opened: the next BEGIN takes SQLite's write lock.
_write_lock_wanted: ContextVar[bool] = ContextVar("write_lock_wanted", default=False)
# In the session's info while a write transaction's block runs: an inner one joins it.
_WRITE_TRANSACTION_OPEN = "teahouse_write_transaction_open"
# In the session's info while a write transaction runs: what to undo if it is rolled back.
_ON_ROLLBACK = "teahouse_on_rollback"


def configure_sqlite(
    engine: Engine, busy_timeout_ms: int = 15000, cache_kib: int | None = None
) -> None:
    """Set the pragmas on every new SQLite connection and let SQLAlchemy own transactions.

    pysqlite's own transaction handling starts a transaction only before the first write, so
    a read-then-write would not be atomic; the recipe from SQLAlchemy's docs turns that off
    and emits BEGIN ourselves. `cache_kib` bounds each connection's page cache (SQLite's
    default is 2,000 KiB).
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if cache_kib:
            cursor.execute(f"PRAGMA cache_size=-{int(cache_kib)}")  # negative: KiB, not pages
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_lock_wanted.get() else "BEGIN")


def configure_postgresql(engine: Engine) -> None:
    """Turn PostgreSQL's JIT compiler off for the app's connections.

    Its cost estimate for a query over JSON arrays (json_array_elements guesses 100 rows per
    call) passes jit_above_cost, and compiling then takes some 300 ms for a query that runs in
    2 ms: a web page's small queries never win back what JIT costs.
    """
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run a read-then-write as one transaction that no concurrent writer can interleave.

    On SQLite the transaction starts with BEGIN IMMEDIATE, so a second writer waits (up to
    busy_timeout) instead of reading a stale total or failing with SQLITE_BUSY. On PostgreSQL
    callers lock the rows they read (SELECT ... FOR UPDATE). Commits at the end of the block,
    rolls back on any exception.

    Opened inside another write transaction, the block joins it: the outer block commits, so
    a creation form's once-only token (teahouse.submissions) and the rows a service creates
    are written together or not at all.
    """
    session = db.session
    if session.info.get(_WRITE_TRANSACTION_OPEN):
        yield
        return
    session.commit()  # end the read transaction this request may have begun (current_user)
    token = _write_lock_wanted.set(True)
    try:
        session.connection()
    finally:
        _write_lock_wanted.reset(token)
    session.info[_WRITE_TRANSACTION_OPEN] = True
    undo = session.info[_ON_ROLLBACK] = []
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        for step in undo:
            step()
        raise
    finally:
        session.info.pop(_WRITE_TRANSACTION_OPEN, None)
        session.info.pop(_ON_ROLLBACK, None)


def on_rollback(undo: Callable[[], None]) -> None:
    """Inside write_transaction(): call `undo` if the transaction is rolled back, whoever
    opened it. A file written for a row (a tea's photo) must not outlive the row when an
    outer block (a creation form's once-only token) fails after the inner one finished.
    Outside a write transaction nothing is kept: the caller handles its own commit."""
    steps = db.session.info.get(_ON_ROLLBACK)
    if steps is not None:
        steps.append(undo)


def upsert_insert(bind, table):
    """An INSERT that can take ON CONFLICT, in the dialect of `bind` (SQLite or PostgreSQL).

    The dialect's module is imported here, not with the app: on SQLite, PostgreSQL's dialect
    (about 1.5 MiB with its asyncpg and psycopg parts) would sit unused in every worker.
    """
    return importlib.import_module(f"sqlalchemy.dialects.{bind.dialect.name}").insert(table)


def add_amounts(model, keys: list[str], rows: list[dict]) -> None:
    """Add each row's amounts to the row with its key, creating it where there is none.

    INSERT ... ON CONFLICT DO UPDATE, which SQLite and PostgreSQL both speak.
    """
    if not rows:
        return
    table = model.__table__
    statement = upsert_insert(db.session.get_bind(), table)
    amounts = [name for name in rows[0] if name not in keys]
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={name: table.c[name] + statement.excluded[name] for name in amounts},
    )
    db.session.execute(statement, rows)


# The engine's AUTOCOMMIT twin, by engine: it shares the engine's pool.
_AUTOCOMMIT = "teahouse.autocommit_engine"


def first_row_outside_transaction(
    statement, params: dict | None = None, *, unique: bool = False
) -> tuple | None:
    """The first row of a read, taken without opening a transaction on PostgreSQL; the ORM
    objects in it join `db.session` as if loaded there.

    On PostgreSQL a transaction costs two round trips of its own (BEGIN before the first
    statement, ROLLBACK when the request ends), so a request that asks one question and then
    serves a kept page (teahouse.pagecache) would make three round trips instead of one. An
    AUTOCOMMIT connection asks the question alone, and under READ COMMITTED, PostgreSQL's
    level, a statement in a transaction sees no more consistent a view than one outside it.
    SQLite runs in the worker's own process, where a transaction costs no trip: it reads in
    the session's transaction as every other query does.

    `unique`: the statement eagerly joins collections, so its rows are made unique first.
    """
    engine = db.engine
    if engine.dialect.name != "postgresql":
        result = db.session.execute(statement, params)
        return (result.unique() if unique else result).first()
    autocommit = engine.__dict__.get(_AUTOCOMMIT)
    if autocommit is None:
        autocommit = engine.__dict__[_AUTOCOMMIT] = engine.execution_options(
            isolation_level="AUTOCOMMIT"
        )
    with Session(autocommit, expire_on_commit=False) as reader:
        result = reader.execute(statement, params)
        row = (result.unique() if unique else result).first()
        if row is None:
            return None
        reader.expunge_all()
    # merge without load: no query; a request whose session already holds the same object
    # (a test's app context) gets that one back.
    return tuple(
        db.session.merge(value, load=False) if hasattr(value, "_sa_instance_state") else value
        for value in row
    )
