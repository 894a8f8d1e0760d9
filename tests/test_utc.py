"""One UTC: aware UTC in Python, UTC in the database, one column type for every timestamp."""

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import select, text

from teahouse.extensions import db
from teahouse.models import User
from teahouse.utc import UTCDateTime
from tests.conftest import add_host

NOON_UTC = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
SAME_INSTANTS = [
    NOON_UTC,
    NOON_UTC.replace(tzinfo=None),  # naive: taken as UTC
    datetime(2027, 1, 15, 13, 0, tzinfo=timezone(timedelta(hours=1))),  # 13:00 in Berlin
]


def test_every_timestamp_column_is_the_one_utc_type():
    columns = [
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, sa.DateTime | UTCDateTime)
        and not isinstance(column.type, UTCDateTime)
    ]
    assert columns == []
    assert isinstance(User.__table__.c.created_at.type, UTCDateTime)


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


def test_sqlite_stores_utc_and_python_reads_aware_utc(app):
    stored, read = store_and_read(app)
    assert {str(row[0])[:19] for row in stored} == {"2027-01-15 12:00:00"}
    assert all(loaded == NOON_UTC and loaded.tzinfo is UTC for loaded, _ in read)
    now = datetime.now(UTC)
    assert all(timedelta(0) <= now - created < timedelta(minutes=5) for _, created in read)


def test_queries_compare_in_utc(app):
    store_and_read(app)
    with app.app_context():
        berlin_1pm = datetime(2027, 1, 15, 13, 0, tzinfo=timezone(timedelta(hours=1)))
        assert (
            len(db.session.scalars(select(User).where(User.sample_loaded_at == berlin_1pm)).all())
            == 3
        )
