"""Local times of a party's zone to and from stored UTC, refusing times a zone skips."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from teahouse.datetext import date_text
from teahouse.utc import as_utc


class NonexistentTime(ValueError):
    """A wall-clock time that the zone skips (the hour clocks jump over in spring)."""


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A naive local time in `zone_name` → aware UTC for storage.

    An ambiguous time (the repeated hour in autumn) means its first occurrence.
    """
    zone = ZoneInfo(zone_name)
    aware = local.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise NonexistentTime(
            f"{local:%H:%M} on {date_text(local)} does not exist in {zone_name} "
            "(the clocks skip that hour)."
        )
    return utc


def utc_to_local(value: datetime, zone_name: str) -> datetime:
    """Stored UTC → naive local wall-clock time, for a form."""
    return as_utc(value).astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def weeks_on(start: datetime, end: datetime, now: datetime) -> tuple[datetime, datetime]:
    """The same weekday and wall-clock time a whole number of weeks on (at least one), the
    first such start after `now`: what a party copied for its next time most often means.
    Local times, so that a change of the clocks in between keeps the hour the guests know."""
    weeks = max(1, (now - start).days // 7 + 1)
    while start + timedelta(weeks=weeks) <= now:
        weeks += 1
    shift = timedelta(weeks=weeks)
    return start + shift, end + shift
