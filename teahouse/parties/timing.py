"""Local times of a party's zone to and from stored UTC, refusing times a zone skips."""

from datetime import UTC, datetime
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
