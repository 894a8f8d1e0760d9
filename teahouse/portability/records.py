"""The exported records as plain dicts, written straight from the rows.

The record schemas (teahouse.schemas) declare every field and check what an import reads; an
export only writes values it read from the database, which need no checking. Building the
schemas' pydantic models to write them cost about 14 MiB in every worker that ever served an
export (pydantic, its compiled validators and the schema classes stay loaded), so the export
writes the same fields, in the same order and the same JSON, with no pydantic at all.
tests/test_export_records.py holds the field lists here to the schemas' own and every record
to what the schema would write.
"""

from datetime import date, datetime

from teahouse.models.stock import MG_PER_GRAM
from teahouse.utc import utc_text

TEA = (
    "id", "name", "type", "origin_country", "origin_region", "cultivar", "vendor",
    "vendor_url", "harvest_year", "harvest_season", "leaf_form", "caffeine", "rating",
    "favourite", "tags", "notes", "brew_style", "brew_temp_c", "grams_per_100ml",
    "steep_seconds", "rinse", "vessel_ml", "opened_on", "best_by", "low_stock_grams",
    "photo_description", "photo_jpeg_base64", "created_at", "updated_at",
)  # fmt: skip
# The CSV's columns: the tea's fields but those only the JSON document carries, then its stock.
TEA_CSV = (
    *(name for name in TEA if name not in ("id", "created_at", "updated_at", "photo_jpeg_base64")),
    "grams_in_stock",
)
MOVEMENT = (
    "id", "tea_id", "kind", "grams", "cost", "currency", "vendor", "note", "occurred_on",
    "reverses_id", "brew_session_id", "created_at",
)  # fmt: skip
TEAWARE = ("id", "name", "volume_ml", "created_at")
BREW = (
    "id", "tea_id", "teaware_id", "brewed_on", "style", "vessel_ml", "grams_used", "steeps",
    "rating", "notes", "created_at",
)  # fmt: skip
GUEST = (
    "id", "name", "email", "phone", "dietary_tags", "dietary_notes", "caffeine", "notes",
    "favourite_tea_ids", "created_at",
)  # fmt: skip
PARTY = (
    "id", "title", "description", "starts_at", "ends_at", "timezone", "location",
    "location_confirmed_only", "capacity", "rsvp_deadline", "plus_ones_allowed",
    "plus_one_cap", "maybe_allowed", "status", "held_at", "end_is_computed", "menu",
    "screening", "created_at", "updated_at",
)  # fmt: skip
SCREENING = (
    "film_id", "review_id", "tea_service_minutes", "discussion_minutes", "show_rating_early",
)  # fmt: skip
INVITATION = (
    "id", "party_id", "guest_id", "response", "waitlisted_at", "promoted_at", "plus_ones",
    "plus_one_details", "dietary_tags", "dietary_notes", "message", "responded_at",
    "emailed_at", "seen_film", "created_at",
)  # fmt: skip
FILM = (
    "id", "title", "original_title", "year", "directors", "cast", "runtime_minutes", "genres",
    "synopsis", "country", "language", "letterboxd_uri", "seen", "rating", "liked",
    "to_watch", "to_watch_since", "poster_jpeg_base64", "created_at",
)  # fmt: skip
REVIEW = (
    "id", "film_id", "rating", "liked", "title", "teaser", "body", "contains_spoilers",
    "watched_on", "rewatch", "tags", "letterboxd_uri", "created_at", "updated_at",
)  # fmt: skip
AFTERGLOW = ("invitation_id", "film_id", "film_rating", "comment", "updated_at")
AFTERGLOW_TEA = ("invitation_id", "tea_id", "rating")

# Times a party or an answer happened (the schemas' UtcTime) are written with their Z, so no
# reader takes them for local time; the times the database stamps (created_at) as they are.
UTC_TIMES = frozenset(
    {"starts_at", "ends_at", "rsvp_deadline", "held_at"}
    | {"waitlisted_at", "promoted_at", "responded_at", "emailed_at"}
)


def _plain(name: str, value):
    if isinstance(value, datetime):
        return utc_text(value) if name in UTC_TIMES else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_row(fields: tuple[str, ...], row, **given) -> dict:
    """A record of `fields` from the row's attributes of the same names; `given` overrides."""
    return {
        name: _plain(name, given[name] if name in given else getattr(row, name, None))
        for name in fields
    }


def _grams(milligrams: int | None) -> float | None:
    return milligrams / MG_PER_GRAM if milligrams is not None else None


def tea_record(tea, photo_base64: str | None = None) -> dict:
    return plain_row(TEA, tea, photo_jpeg_base64=photo_base64)


def movement_record(movement) -> dict:
    cost = movement.cost_minor / 100 if movement.cost_minor is not None else None
    return plain_row(MOVEMENT, movement, grams=movement.milligrams / MG_PER_GRAM, cost=cost)


def brew_record(brew) -> dict:
    # The steeps are stored as the plain dicts the record writes.
    return plain_row(BREW, brew, grams_used=brew.milligrams_used / MG_PER_GRAM)


def guest_record(guest) -> dict:
    favourites = sorted(tea.id for tea in guest.favourite_teas)
    return plain_row(GUEST, guest, favourite_tea_ids=favourites)


def party_record(party) -> dict:
    menu = [
        {
            "tea_id": item.tea_id,
            "position": item.position,
            "cups_each": item.cups_each,
            "vessel_ml": item.vessel_ml,
            "served_grams": _grams(item.served_milligrams),
        }
        for item in party.menu
    ]
    screening = plain_row(SCREENING, party.screening) if party.screening else None
    return plain_row(PARTY, party, menu=menu, screening=screening)


def invitation_record(invitation) -> dict:
    # A plus-one as the guest described them: these three keys, whatever else was stored.
    people = [
        {
            "name": person.get("name", ""),
            "dietary_tags": person.get("dietary_tags", []),
            "dietary_notes": person.get("dietary_notes", ""),
        }
        for person in invitation.plus_one_details
    ]
    return plain_row(INVITATION, invitation, plus_one_details=people)


def film_record(film, poster_base64: str | None) -> dict:
    return plain_row(FILM, film, poster_jpeg_base64=poster_base64)
