"""Throttling that holds across worker processes (OWASP ASVS V2.2 / 6.3.1).

Counts live in a shared store named by RATELIMIT_STORAGE_URI: `database://` (the default) keeps
them in the app's own database, so several gunicorn workers count together with no extra
server; `redis://host:6379` uses Redis. Per-process memory (`memory://`) only suits one process.

An attempt is counted *before* the work it guards (an atomic increment that returns the new
count), so concurrent attempts cannot slip past the limit between a check and a hit.

The `limits` library does the counting (fixed windows). Only the few routes that guard a secret
or a mailbox call `take()`; no hook runs on every request (Flask-Limiter, its Flask wrapper,
checked every request against its route limits and cost about 0.2 ms of CPU each).
"""

import math
import time

from flask import Flask, current_app, has_app_context, request
from limits import parse
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from teahouse.database import upsert_insert
from teahouse.extensions import db
from teahouse.models.throttle import ThrottleCounter


class DatabaseStorage(Storage):
    """A `limits` storage in the app's own database (SQLite or PostgreSQL), fixed windows only.

    Each call runs in its own short transaction on its own connection, so a count is kept even
    when the request that made it is rolled back.
    """

    STORAGE_SCHEME = ["database"]

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = ThrottleCounter.__table__
        upsert = upsert_insert(db.engine, table).values(
            key=key, hits=amount, expires_at=now + expiry
        )
        upsert = upsert.on_conflict_do_update(
            index_elements=[table.c.key], set_={"hits": table.c.hits + amount}
        ).returning(table.c.hits)
        with db.engine.begin() as connection:
            # Expired windows go first, so the upsert below starts a fresh one for this key.
            connection.execute(delete(table).where(table.c.expires_at <= now))
            return connection.execute(upsert).scalar_one()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        if not has_app_context():
            return None  # the counts belong to an app's database; none is in reach here
        with db.engine.begin() as connection:
            return connection.execute(delete(ThrottleCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = ThrottleCounter.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.key == key))

    def _row(self, key: str):
        table = ThrottleCounter.__table__
        with db.engine.connect() as connection:
            return connection.execute(
                select(table.c.hits, table.c.expires_at).where(
                    table.c.key == key, table.c.expires_at > time.time()
                )
            ).first()


EXTENSION = "teahouse.throttle"


class Throttle:
    """The app's counting: its store (from RATELIMIT_STORAGE_URI) and the fixed-window rule."""

    def __init__(self, storage_uri: str, enabled: bool = True):
        self.storage = storage_from_string(storage_uri)
        self.limiter = FixedWindowRateLimiter(self.storage)
        self.enabled = enabled

    def reset(self) -> None:
        """Forget every count (tests start from none)."""
        self.storage.reset()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Throttle(
        app.config["RATELIMIT_STORAGE_URI"], enabled=app.config.get("RATELIMIT_ENABLED", True)
    )


def _throttle() -> Throttle:
    return current_app.extensions[EXTENSION]


class TooManyAttempts(TooManyRequests):
    """429 with Retry-After: the limit named by `limit_name` is used up for this window."""


def take(config_key: str, *identifiers: str) -> None:
    """Count one attempt against the limit in app.config[config_key] for these identifiers.

    Raises TooManyAttempts when this attempt is over the limit (the work must not be done),
    ServiceUnavailable when the store cannot be reached (fail closed: a guard that is down
    guards nothing).
    """
    throttle = _throttle()
    if not throttle.enabled:
        return
    item = parse(current_app.config[config_key])
    try:
        allowed = throttle.limiter.hit(item, config_key, *identifiers)
        if allowed:
            return
        reset_at = throttle.limiter.get_window_stats(item, config_key, *identifiers).reset_time
    except _store_errors() as error:
        current_app.logger.warning("Throttle store unreachable: %s", error)
        raise ServiceUnavailable(retry_after=30) from error
    raise TooManyAttempts(retry_after=max(1, math.ceil(reset_at - time.time())))


def forget(config_key: str, *identifiers: str) -> None:
    """Start the count for these identifiers afresh (after a successful sign-in)."""
    throttle = _throttle()
    if not throttle.enabled:
        return
    item = parse(current_app.config[config_key])
    try:
        throttle.limiter.clear(item, config_key, *identifiers)
    except _store_errors() as error:
        current_app.logger.warning("Throttle store unreachable: %s", error)


def _store_errors() -> tuple[type[Exception], ...]:
    # What the configured store raises when it is down (redis.ConnectionError, OperationalError).
    own = _throttle().storage.base_exceptions
    return (StorageError, OSError, *(own if isinstance(own, tuple) else (own,)))


def client_address() -> str:
    """The client's address; behind PROXY_HOPS trusted proxies, the one they report."""
    return request.remote_addr or "unknown"
