"""IANA time zones, for the host's profile and their parties.

The list a host chooses from holds CLDR's canonical zones (Babel's copy), one name per place,
grouped by region. zoneinfo knows some 600 names: besides those, old spellings kept so that
old data still loads ("US/Eastern", "Asia/Calcutta" beside "Asia/Kolkata", "GB", "Cuba") and
files that name no place at all ("Factory"). Such a name saved before stays valid: a host or
party that has one keeps it, and sees it offered first, until they choose another.
"""

from functools import cache
from zoneinfo import available_timezones

from babel.core import get_global
from wtforms.fields.choices import SelectChoice

# The regions, as the first part of a canonical zone's name, and the group each titles.
REGIONS = {
    "Africa": "Africa",
    "America": "Americas",
    "Antarctica": "Antarctica",
    "Arctic": "Arctic",
    "Asia": "Asia",
    "Atlantic": "Atlantic Ocean",
    "Australia": "Australia",
    "Europe": "Europe",
    "Indian": "Indian Ocean",
    "Pacific": "Pacific Ocean",
}


@cache
def timezone_names() -> frozenset[str]:
    """Every name a profile, a party or an import may hold: all zoneinfo loads, but for the
    "Etc/GMT+5" style (the sign is inverted, which confuses people; UTC covers their use)."""
    return frozenset(n for n in available_timezones() if not n.startswith(("Etc/", "SystemV/")))


@cache
def canonical_zones() -> tuple[str, ...]:
    """The zones offered: UTC, then CLDR's canonical zone of each place that zoneinfo knows."""
    known = timezone_names()
    places = (
        zone
        for zone in get_global("zone_territories")
        if zone.split("/", 1)[0] in REGIONS and zone in known
    )
    return ("UTC", *sorted(places))


def place_name(zone: str) -> str:
    """A zone as its group lists it: "America/Argentina/Buenos_Aires" → "Buenos Aires,
    Argentina" (the group says "Americas")."""
    parts = zone.replace("_", " ").split("/")[1:]
    return ", ".join(reversed(parts))


@cache
def _offered() -> tuple[SelectChoice, ...]:
    choices = [SelectChoice("UTC", "UTC")]
    for zone in canonical_zones()[1:]:
        group = REGIONS[zone.split("/", 1)[0]]
        choices.append(SelectChoice(zone, place_name(zone), optgroup=group))
    # Grouped in the regions' order, each group by its places' names (not the zones' ids).
    order = list(REGIONS.values())
    choices[1:] = sorted(choices[1:], key=lambda c: (order.index(c.optgroup), c.label))
    return tuple(choices)


def timezone_choices(form=None, field=None) -> list[SelectChoice]:
    """The zones to choose from. A zone saved under a name the list no longer offers (an old
    spelling such as "US/Eastern") comes first, so that saving the form keeps it."""
    saved = getattr(field, "object_data", None)
    choices = list(_offered())
    if isinstance(saved, str) and saved not in canonical_zones() and is_timezone(saved):
        choices.insert(0, SelectChoice(saved, saved_label(saved)))
    return choices


def saved_label(zone: str) -> str:
    """“US/Eastern (same as New York)”: short enough for a phone's closed list. The zone it
    names is CLDR's alias target, the zone tzdata links the old name to."""
    current = get_global("zone_aliases").get(zone)
    name = zone.replace("_", " ")
    if current in canonical_zones():
        return f"{name} (same as {place_name(current)})"
    if current == "Etc/UTC":  # "UCT", "Universal", "Zulu"
        return f"{name} (same as UTC)"
    return f"{name} (as saved)"


def is_timezone(name: str) -> bool:
    return name in timezone_names()
