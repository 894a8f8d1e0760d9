"""Validation of imported records, field by field, with messages that name the field.

Imports do not go through the HTML forms (those take the host's units and blanks); they carry
stored values, so they are checked here against the same limits as the forms and the schema.
"""

import re
from datetime import date
from urllib.parse import urlsplit

from teahouse.films.letterboxd import LETTERBOXD_URI
from teahouse.models.stock import MovementKind
from teahouse.models.tea import BREW_STYLES, HARVEST_SEASONS, LEAF_FORMS, TEA_TYPE_LABELS, Caffeine
from teahouse.teas.brewing import defaults_for


class Invalid(ValueError):
    """One field's problem."""


class Checker:
    """Parses a record field by field, keeping each field's problem instead of stopping."""

    def __init__(self, record):
        self.record = record if isinstance(record, dict) else {}
        self.clean: dict = {}
        self.problems: dict[str, str] = {}

    def __call__(self, field: str, parse) -> None:
        try:
            self.clean[field] = parse(self.record.get(field))
        except Invalid as problem:
            self.problems[field] = str(problem)


TYPE_NAMES = (
    {t.value: t.value for t in TEA_TYPE_LABELS}
    | {label.lower(): t.value for t, label in TEA_TYPE_LABELS.items()}
    | {
        "pu-erh raw": "puerh_raw",
        "pu-erh ripe": "puerh_ripe",
        "puerh raw": "puerh_raw",
        "puerh ripe": "puerh_ripe",
    }
)

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


def text(value, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid("must be text")
    value = value.strip()
    if required and not value:
        raise Invalid("is required")
    if len(value) > max_length:
        raise Invalid(f"is longer than {max_length} characters")
    return value


def choice(value, allowed, name: str, blank_ok: bool = False) -> str:
    value = text(value, 40).lower()
    if blank_ok and not value:
        return ""
    if value not in allowed:
        raise Invalid(f"“{value}” is not a known {name}")
    return value


def number(value, low, high, *, integer=False, required=True, name="value"):
    if value in (None, ""):
        if required:
            raise Invalid("is required")
        return None
    if isinstance(value, bool):
        raise Invalid("must be a number")
    try:
        parsed = float(value) if not isinstance(value, (int, float)) else value
    except (TypeError, ValueError):
        raise Invalid(f"“{value}” is not a number") from None
    if parsed != parsed or not low <= parsed <= high:  # NaN fails too
        raise Invalid(f"must be between {low:g} and {high:g}")
    if integer:
        if parsed != int(parsed):
            raise Invalid("must be a whole number")
        return int(parsed)
    return float(parsed)


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value if value is not None else "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid(f"“{value}” is not yes or no")


def iso_date(value, required=False) -> date | None:
    if value in (None, ""):
        if required:
            raise Invalid("is required")
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise Invalid(f"“{value}” is not a date (YYYY-MM-DD)") from None


def web_address(value) -> str:
    value = text(value, 500)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid("is not a web address (https://…)")
    return value


def rating(value) -> float | None:
    value = number(value, 0.5, 5, required=False)
    if value is not None and value * 2 != int(value * 2):
        raise Invalid("must be in half steps (0.5, 1, … 5)")
    return value


def tag_list(value) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[;,]", value)
    if not isinstance(value, list):
        raise Invalid("must be a list of tags")
    tags = list(dict.fromkeys(" ".join(str(t).split()).lower() for t in value if str(t).strip()))
    if len(tags) > 20:
        raise Invalid("has more than 20 tags")
    if any(len(t) > 40 for t in tags):
        raise Invalid("has a tag longer than 40 characters")
    return tags


def steep_list(value) -> list[int]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s;,]+", value) if part]
    if not isinstance(value, list) or not value:
        raise Invalid("must list at least one steep in seconds")
    if len(value) > 30:
        raise Invalid("has more than 30 steeps")
    return [number(v, 1, 3600, integer=True) for v in value]


def tea_record(record: dict) -> tuple[dict, dict[str, str]]:
    """A tea record in stored units → (clean values, {field: problem})."""
    check = Checker(record)
    clean, problems = check.clean, check.problems

    if not isinstance(record, dict):
        return {}, {"record": "is not an object"}
    check("name", lambda v: text(v, 120, required=True))
    check("type", lambda v: TYPE_NAMES.get(text(v, 40).lower()) or _unknown_type(v))
    for field, length in (
        ("origin_country", 80),
        ("origin_region", 120),
        ("cultivar", 120),
        ("vendor", 120),
        ("notes", 5000),
    ):
        check(field, lambda v, n=length: text(v, n))
    check("vendor_url", web_address)
    check(
        "harvest_year",
        lambda v: number(v, 1900, date.today().year + 1, integer=True, required=False),
    )
    check("harvest_season", lambda v: choice(v, HARVEST_SEASONS, "season", blank_ok=True))
    check("leaf_form", lambda v: choice(v, LEAF_FORMS, "leaf form", blank_ok=True))
    check(
        "caffeine", lambda v: choice(v or "medium", {c.value for c in Caffeine}, "caffeine level")
    )
    check("rating", rating)
    check("favourite", boolean)
    check("tags", lambda v: tag_list(v if v is not None else []))
    check("brew_style", lambda v: choice(v or "western", BREW_STYLES, "brewing style"))
    check("opened_on", iso_date)
    check("best_by", iso_date)
    check("low_stock_grams", lambda v: number(v, 0, 100_000, integer=True, required=False))
    if "type" in clean and "brew_style" in clean:
        # Brewing fields left out take the type's defaults, as in the form.
        usual = defaults_for(clean["type"], clean["brew_style"])
        check(
            "brew_temp_c",
            lambda v: number(v if v not in (None, "") else usual.temp_c, 40, 100, integer=True),
        )
        check(
            "grams_per_100ml",
            lambda v: number(v if v not in (None, "") else usual.grams_per_100ml, 0.1, 20),
        )
        check(
            "steep_seconds",
            lambda v: steep_list(v if v not in (None, "", []) else list(usual.steep_seconds)),
        )
        check("rinse", lambda v: boolean(v) if v not in (None, "") else usual.rinse)
        check(
            "vessel_ml",
            lambda v: number(v if v not in (None, "") else usual.vessel_ml, 20, 3000, integer=True),
        )
    return clean, problems


def _unknown_type(value):
    raise Invalid(f"“{value}” is not a tea type (white, green, oolong, black, …)")


def movement_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("kind", lambda v: choice(v, {k.value for k in MovementKind}, "movement kind"))
    check("grams", lambda v: number(v, -100_000, 100_000))
    if clean.get("grams") == 0:
        problems["grams"] = "must not be zero"
    check("cost", lambda v: number(v, 0, 1_000_000, required=False))
    check("currency", lambda v: _currency(v, required=clean.get("cost") is not None))
    check("vendor", lambda v: text(v, 120))
    check("note", lambda v: text(v, 500))
    check("occurred_on", lambda v: iso_date(v, required=True))
    return clean, problems


def _currency(value, required: bool) -> str:
    value = text(value, 3).upper()
    if required and not re.fullmatch(r"[A-Z]{3}", value):
        raise Invalid("must be a three-letter code such as EUR")
    return value if required else value[:3]


def teaware_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems
    for field, parse in (
        ("name", lambda v: text(v, 80, required=True)),
        ("volume_ml", lambda v: number(v, 20, 3000, integer=True)),
    ):
        check(field, parse)
    return clean, problems


def brew_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("brewed_on", lambda v: iso_date(v, required=True))
    check("style", lambda v: choice(v, BREW_STYLES, "brewing style"))
    check("vessel_ml", lambda v: number(v, 20, 3000, integer=True))
    check("grams_used", lambda v: number(v, 0.001, 1000))
    check("rating", rating)
    check("notes", lambda v: text(v, 5000))
    check("steeps", _steeps)
    return clean, problems


def _steeps(value) -> list[dict]:
    if not isinstance(value, list) or len(value) > 30:
        raise Invalid("must be a list of at most 30 steeps")
    steeps = []
    for step in value:
        if not isinstance(step, dict):
            raise Invalid("has a steep that is not an object")
        steeps.append(
            {
                "temp_c": number(step.get("temp_c"), 40, 100, integer=True),
                "seconds": number(step.get("seconds"), 1, 3600, integer=True),
                "note": text(step.get("note"), 200),
            }
        )
    return steeps


def utc_datetime(value, required=False):
    """An ISO 8601 time → aware UTC. A time without an offset is taken as UTC."""
    from datetime import UTC, datetime

    if value in (None, ""):
        if required:
            raise Invalid("is required")
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"“{value}” is not a date and time (ISO 8601)") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def guest_record(record: dict) -> tuple[dict, dict[str, str]]:
    from teahouse.models.guest import DIETARY_TAGS, CaffeinePreference

    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("name", lambda v: text(v, 120, required=True))
    check("email", lambda v: _email(text(v, 254)))
    check("phone", lambda v: text(v, 40))
    check("dietary_tags", lambda v: _known_tags(v, DIETARY_TAGS))
    check("dietary_notes", lambda v: text(v, 500))
    check(
        "caffeine",
        lambda v: choice(v or "any", {c.value for c in CaffeinePreference}, "caffeine preference"),
    )
    check("notes", lambda v: text(v, 5000))
    return clean, problems


def _email(value: str) -> str:
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise Invalid(f"“{value}” is not an email address")
    return value


def _known_tags(value, allowed) -> list[str]:
    tags = tag_list(value if value is not None else [])
    unknown = [t for t in tags if t not in allowed]
    if unknown:
        raise Invalid(f"has unknown dietary tags: {', '.join(unknown)}")
    return tags


def party_record(record: dict) -> tuple[dict, dict[str, str]]:
    from teahouse.models.party import PartyStatus
    from teahouse.timezones import is_timezone

    check = Checker(record)
    clean, problems = check.clean, check.problems

    def zone(v):
        v = text(v, 64, required=True)
        if not is_timezone(v):
            raise Invalid(f"“{v}” is not an IANA time zone")
        return v

    check("title", lambda v: text(v, 120, required=True))
    check("description", lambda v: text(v, 5000))
    check("starts_at", lambda v: utc_datetime(v, required=True))
    check("ends_at", lambda v: utc_datetime(v, required=True))
    check("timezone", zone)
    check("location", lambda v: text(v, 300))
    check("location_confirmed_only", lambda v: boolean(v if v is not None else True))
    check("capacity", lambda v: number(v, 1, 1000, integer=True, required=False))
    check("rsvp_deadline", utc_datetime)
    check("plus_ones_allowed", boolean)
    check("plus_one_cap", lambda v: number(v or 0, 0, 10, integer=True))
    check("maybe_allowed", lambda v: boolean(v if v is not None else True))
    check("status", lambda v: choice(v or "draft", {s.value for s in PartyStatus}, "status"))
    check("held_at", utc_datetime)
    if clean.get("starts_at") and clean.get("ends_at") and clean["ends_at"] <= clean["starts_at"]:
        problems["ends_at"] = "must be after starts_at"
    return clean, problems


def menu_item_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems
    for field, parse in (
        ("position", lambda v: number(v or 0, 0, 1000, integer=True)),
        ("cups_each", lambda v: number(v if v is not None else 2, 1, 20, integer=True)),
        ("vessel_ml", lambda v: number(v, 20, 3000, integer=True, required=False)),
        ("served_grams", lambda v: number(v, 0, 10_000, required=False)),
    ):
        check(field, parse)
    return clean, problems


def invitation_record(record: dict) -> tuple[dict, dict[str, str]]:
    from teahouse.models.guest import DIETARY_TAGS
    from teahouse.models.party import Response

    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("response", lambda v: choice(v or "pending", {r.value for r in Response}, "answer"))
    check("waitlisted_at", utc_datetime)
    check("promoted_at", utc_datetime)
    check("plus_ones", lambda v: number(v or 0, 0, 10, integer=True))
    check("plus_one_details", lambda v: _people(v, DIETARY_TAGS))
    check("dietary_tags", lambda v: _known_tags(v, DIETARY_TAGS))
    check("dietary_notes", lambda v: text(v, 500))
    check("message", lambda v: text(v, 1000))
    check("responded_at", utc_datetime)
    check("emailed_at", utc_datetime)
    if not problems and len(clean["plus_one_details"]) != clean["plus_ones"]:
        problems["plus_one_details"] = "must list as many people as plus_ones"
    return clean, problems


def _people(value, allowed) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid("must be a list")
    people = []
    for person in value:
        if not isinstance(person, dict):
            raise Invalid("has an entry that is not an object")
        people.append(
            {
                "name": text(person.get("name"), 120),
                "dietary_tags": _known_tags(person.get("dietary_tags"), allowed),
                "dietary_notes": text(person.get("dietary_notes"), 300),
            }
        )
    return people


def name_list(value, max_items=30) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > max_items:
        raise Invalid(f"must be a list of at most {max_items} names")
    return [text(v, 120, required=True) for v in value]


def film_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("title", lambda v: text(v, 200, required=True))
    check("original_title", lambda v: text(v, 200))
    check("year", lambda v: number(v, 1880, date.today().year + 5, integer=True, required=False))
    check("directors", name_list)
    check("cast", name_list)
    check("runtime_minutes", lambda v: number(v, 1, 1000, integer=True, required=False))
    check("genres", name_list)
    check("synopsis", lambda v: text(v, 5000))
    check("country", lambda v: text(v, 80))
    check("language", lambda v: text(v, 80))
    check("letterboxd_uri", letterboxd_uri)
    check("seen", boolean)
    check("rating", rating)
    check("liked", boolean)
    check("to_watch", boolean)
    check("to_watch_since", iso_date)
    return clean, problems


def letterboxd_uri(value) -> str | None:
    value = text(value, 200)
    if value and not LETTERBOXD_URI.match(value):
        raise Invalid("is not a Letterboxd address (https://letterboxd.com/… or https://boxd.it/…)")
    return value or None


def review_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems

    check("rating", rating)
    check("liked", boolean)
    check("title", lambda v: text(v, 200))
    check("teaser", lambda v: text(v, 500))
    check("body", lambda v: text(v, 100_000))
    check("contains_spoilers", boolean)
    check("watched_on", iso_date)
    check("rewatch", boolean)
    check("tags", lambda v: tag_list(v if v is not None else []))
    check("letterboxd_uri", letterboxd_uri)
    return clean, problems


def screening_record(record: dict) -> tuple[dict, dict[str, str]]:
    check = Checker(record)
    clean, problems = check.clean, check.problems
    for field, parse in (
        ("tea_service_minutes", lambda v: number(v if v is not None else 45, 0, 600, integer=True)),
        ("discussion_minutes", lambda v: number(v if v is not None else 30, 0, 600, integer=True)),
        ("show_rating_early", boolean),
    ):
        check(field, parse)
    return clean, problems


def star_rating(value) -> float:
    value = rating(value)
    if value is None:
        raise Invalid("is required")
    return value
