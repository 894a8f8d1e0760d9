"""One UTC for every timestamp: aware UTC in Python, UTC in the database.

Every `Mapped[datetime]` column uses UTCDateTime (the declarative base maps `datetime` to it).
The column itself is a plain TIMESTAMP without a zone, and only UTC is ever written to it:
PostgreSQL would otherwise shift an aware value into the server's TimeZone on the way in, and
SQLite keeps no zone at all.
"""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# The years a time a host enters or imports (a party's start, end, deadline) may fall in.
# Python's dates stop at years 1 and 9999: a time near either end overflows when it is moved
# into a zone or extended by a few hours, and no tea party needs those years.
TIME_YEARS = range(1900, 3000)
TIME_YEARS_TEXT = f"the years {TIME_YEARS[0]} to {TIME_YEARS[-1]}"


def utcnow() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Any datetime as aware UTC; a naive one is taken to be UTC already."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_text(value: datetime | None) -> str | None:
    """A stored UTC time → ISO 8601 with its Z, so no reader mistakes it for local time."""
    return as_utc(value).isoformat().replace("+00:00", "Z") if value is not None else None


class UTCDateTime(TypeDecorator):
    """Writes UTC (converted from any zone; naive means UTC), reads aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"a datetime is needed here, not {type(value).__name__}")
        return as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return as_utc(value)
