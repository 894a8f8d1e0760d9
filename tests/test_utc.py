"""One UTC: aware UTC in Python, UTC in the database, one column type for every timestamp."""

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import User
from teahouse.utc import UTCDateTime
from tests.helpers.instants import NOON_UTC, store_and_read


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
