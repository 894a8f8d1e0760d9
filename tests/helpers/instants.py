"""One instant stored three ways, for the UTC tests."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import text

from teahouse.extensions import db
from teahouse.models import (
    User,
)
from tests.helpers.client import add_host

NOON_UTC = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


SAME_INSTANTS = [
    NOON_UTC,
    NOON_UTC.replace(tzinfo=None),  # naive: taken as UTC
    datetime(2027, 1, 15, 13, 0, tzinfo=timezone(timedelta(hours=1))),  # 13:00 in Berlin
]


def store_and_read(app):
    """Write the same instant three ways; return what the database holds and what Python reads."""
    ids = [add_host(app, email=f"h{n}@example.com") for n in range(len(SAME_INSTANTS))]
    with app.app_context():
        for user_id, value in zip(ids, SAME_INSTANTS, strict=True):
            db.session.get(User, user_id).sample_loaded_at = value
        db.session.commit()
        stored = db.session.execute(
            text("SELECT sample_loaded_at, created_at FROM users ORDER BY id")
        ).all()
        db.session.expire_all()
        read = [db.session.get(User, user_id) for user_id in ids]
        return stored, [(u.sample_loaded_at, u.created_at) for u in read]
