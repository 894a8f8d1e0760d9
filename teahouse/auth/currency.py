"""A new host's usual currency follows their time zone (CAD in Toronto), until they change it."""

from babel.core import get_global
from babel.numbers import get_territory_currencies

FALLBACK = "EUR"


def currency_for_zone(zone: str) -> str:
    """The currency in use where the zone lies; EUR where a zone names no country (UTC)."""
    territory = get_global("zone_territories").get(zone)
    currencies = get_territory_currencies(territory) if territory else []
    return currencies[0] if currencies else FALLBACK
