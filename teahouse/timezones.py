"""IANA time zones, for the host's profile and (later) parties."""

from functools import cache
from zoneinfo import available_timezones


@cache
def timezone_names() -> tuple[str, ...]:
    # "Etc/GMT+5" style names confuse people (the sign is inverted); UTC covers their use.
    return tuple(sorted(n for n in available_timezones() if not n.startswith(("Etc/", "SystemV/"))))


def timezone_choices():
    from teahouse.forms import options

    return options((name, name.replace("_", " ")) for name in timezone_names())


def is_timezone(name: str) -> bool:
    return name in timezone_names()
