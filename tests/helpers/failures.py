"""A write that fails at the database, at the moment a given row is flushed."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session


@contextmanager
def flush_fails_for(model, state: str = "new"):
    """While inside, a flush with a `model` row among the session's `state` ("new" or
    "dirty") raises a disk error, as SQLite does when the disk fails under it."""

    def fail(session, _context, _instances):
        if any(isinstance(row, model) for row in getattr(session, state)):
            raise OperationalError(f"flush of {model.__name__}", {}, Exception("disk I/O error"))

    event.listen(Session, "before_flush", fail)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", fail)
