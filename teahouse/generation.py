"""Move the data generation on with every committed write, and read it.

Writes are noticed where every one of them passes: the engine's cursor. A statement that
inserts, updates or deletes marks its connection; when that connection's transaction commits,
the generation row is bumped inside the same transaction, just before COMMIT. So the new data
and the new number become visible together, to every process: a page rendered from data read
under generation N is never stored under a later number. A rolled-back transaction bumps
nothing. The ORM, Core bulk inserts, the CLI and imports all go through here; Alembic's
migrations mark their connection untracked (the row may not exist yet, and workers restart
after a migration anyway).
"""

from weakref import WeakSet

from flask import g
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from teahouse.database import first_row_outside_transaction
from teahouse.models.generation import SINGLE_ROW, DataGeneration

WROTE = "teahouse_wrote"
UNTRACKED = "teahouse_untracked"

# Sign-in attempt counters change on every try and show on no page: counting them would
# throw every cached page away on each failed sign-in.
_NOT_SHOWN_TABLES = ("throttle_counters",)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_BUMP = f"UPDATE data_generation SET value = value + 1 WHERE id = {SINGLE_ROW}"
_READ = select(DataGeneration.value).where(DataGeneration.id == SINGLE_ROW)


def is_write(statement: str) -> bool:
    """Whether SQL text changes rows that pages show (a WITH may hide a write: counted)."""
    head = statement.lstrip()[:7].upper()
    if head.startswith(_WRITE_VERBS):
        writes = True
    elif head.startswith("WITH"):
        upper = statement.upper()
        writes = any(verb in upper for verb in _WRITE_VERBS)
    else:
        return False
    return writes and not any(table in statement for table in _NOT_SHOWN_TABLES)


# Engines whose database has the generation table. A database still being migrated (or a
# test's, stopped at an old revision) has none: its writes bump nothing, and nothing is cached.
_schema_ready: "WeakSet[Engine]" = WeakSet()
_TABLE_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_generation'",
    "postgresql": "SELECT to_regclass('data_generation') IS NOT NULL",
}


def _has_row(engine: Engine, cursor) -> bool:
    if engine not in _schema_ready:
        cursor.execute(_TABLE_EXISTS[engine.dialect.name])
        found = cursor.fetchone()
        if not found or not found[0]:
            return False
        _schema_ready.add(engine)  # asked once: the table stays (forget_schema after migrating)
    return True


def forget_schema(engine: Engine) -> None:
    """After migrating: a downgrade may have dropped the table, so ask again."""
    _schema_ready.discard(engine)


def track_writes(engine: Engine) -> None:
    """Listen on `engine`: mark connections that write, bump the generation when they commit."""

    @event.listens_for(engine, "before_cursor_execute")
    def _notice(connection, _cursor, statement, _parameters, _context, _executemany):
        info = connection.info
        if WROTE not in info and UNTRACKED not in info and is_write(statement):
            info[WROTE] = True

    @event.listens_for(engine, "commit")
    def _bump(connection):
        # Runs before the driver's COMMIT, inside the transaction. Straight to the driver's
        # cursor, so that this statement is not itself noticed as a write.
        if connection.info.pop(WROTE, False):
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                if _has_row(engine, cursor):
                    cursor.execute(_BUMP)
            finally:
                cursor.close()

    @event.listens_for(engine, "rollback")
    def _forget(connection):
        connection.info.pop(WROTE, None)


# For a query that already runs on every request (the signed-in user's) to read it as well.
AS_COLUMN = _READ.scalar_subquery()


def remember(number: int | None) -> None:
    """Keep the generation read alongside another query for the rest of this request."""
    g.data_generation = number


def current() -> int | None:
    """The generation as this request sees it (None: no row, nothing cached). Read on its own
    on PostgreSQL, in the request's transaction on SQLite (teahouse.database)."""
    if "data_generation" not in g:
        row = first_row_outside_transaction(_READ)
        g.data_generation = row[0] if row else None
    return g.data_generation
