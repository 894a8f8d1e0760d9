"""The years a film can have, shared by the film form, the export schema and the importers."""

from datetime import date

# The oldest surviving moving pictures are Janssen's "Passage de Vénus" (1874) and Muybridge's
# "Sallie Gardner at a Gallop" (1878); both are on Letterboxd, so a floor of 1880 refused them.
FIRST_FILM_YEAR = 1874


def last_film_year() -> int:
    """Films are announced a few years ahead of their release."""
    return date.today().year + 5
