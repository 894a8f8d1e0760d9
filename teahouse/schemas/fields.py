"""How one value of an exported record is read, checked and written back.

The record schemas (teas.py, parties.py, films.py) are built from these types. Limits are given
as annotated-types metadata (MaxLen, Ge, Le), so pydantic enforces them and `limit()` can read
them back for forms and tests: each limit is written once, in the schema.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, get_args
from urllib.parse import urlsplit

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PrivateAttr,
    model_validator,
)

from teahouse.schemas.quoting import quoted
from teahouse.utc import TIME_YEARS, TIME_YEARS_TEXT, as_utc, utc_text

# NUL and the other C0 and C1 control characters; multi-line text keeps tab and line breaks.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Half of a UTF-16 pair (JSON's \ud800 escapes): no encoding, database driver or page takes it.
SURROGATE = re.compile(r"[\ud800-\udfff]")

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


class Invalid(ValueError):
    """One value's problem, worded to follow the field's name: “name is required”."""


class FieldInvalid(Invalid):
    """A problem found across fields, reported against the one named here."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class HugeNumber(str):
    """A number too long to convert (Python refuses over 4,300 digits): kept as its text."""


class Record(BaseModel):
    """An exported record. Keys of the file not in the schema (ids of its own) are ignored."""

    # Defaults are validated too, so checks across fields (a cost needs its currency) run
    # whether or not the file gives the field.
    model_config = ConfigDict(
        extra="ignore", use_enum_values=True, allow_inf_nan=False, validate_default=True
    )

    # Fields written on export but not read back as values (the file's own ids, the links
    # between records, and times the database assigns).
    export_only: ClassVar[tuple[str, ...]] = ("id", "created_at", "updated_at")
    # field → the list in the document whose ids it must name (checked by the import).
    references: ClassVar[dict[str, str]] = {}
    # Field groups no two records of the file (or of the host, for `identity`) may share.
    unique: ClassVar[tuple[tuple[str, ...], ...]] = ()
    # The field that names a record in reports: teas[3] “Longjing”.
    label: ClassVar[str | None] = None

    # The fields the file named (a key of the object, a column of the CSV), whatever their
    # value. pydantic's model_fields_set cannot tell: it also holds what validators filled in
    # (a tea's brewing defaults).
    _given: frozenset[str] = PrivateAttr(default=frozenset())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_the_given_fields(cls, data, handler):
        record = handler(data)
        if isinstance(data, dict):
            record._given = frozenset(data).intersection(cls.model_fields)
        return record

    @property
    def given(self) -> frozenset[str]:
        """The fields the file named: an update writes these and keeps the others as stored."""
        return self._given

    def values(self) -> dict[str, Any]:
        """The clean values an import writes."""
        return self.model_dump(exclude=set(self.export_only) | set(self.references))


def _blank(value) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _read_text(value, pattern: re.Pattern) -> str:
    if value is None:
        return ""
    if type(value) is not str:  # HugeNumber too: digits where text belongs
        raise Invalid("must be text")
    if pattern.search(value):
        raise Invalid("contains a control character (such as NUL); remove it")
    if SURROGATE.search(value):
        raise Invalid("contains half a character (an unpaired \\ud800–\\udfff escape); remove it")
    return value.strip()


def _read_line(value) -> str:
    return _read_text(value, _CONTROL_IN_LINE)


def _read_paragraphs(value) -> str:
    return _read_text(value, _CONTROL_IN_TEXT).replace("\r\n", "\n")


def line(max_length: int, required: bool = False):
    """One line of text: no line breaks, no control characters."""
    if required:
        return Annotated[str, BeforeValidator(_read_line), MinLen(1), MaxLen(max_length)]
    return Annotated[str, BeforeValidator(_read_line), MaxLen(max_length)]


def paragraphs(max_length: int):
    """Multi-line text (notes, descriptions): tab and line breaks allowed."""
    return Annotated[str, BeforeValidator(_read_paragraphs), MaxLen(max_length)]


def read_number(value):
    if isinstance(value, HugeNumber):
        raise Invalid("is far too large a number")
    if isinstance(value, bool):
        raise Invalid("must be a number")
    if type(value) is str:
        value = value.strip()
        if len(value) > 40:
            raise Invalid("is far too long for a number")
        try:
            return int(value)
        except ValueError:
            pass
        try:
            return float(value)
        except ValueError:
            raise Invalid(f"{quoted(value)} is not a number") from None
    return value


def _whole(value):
    value = read_number(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        raise Invalid("must be a whole number")
    return value


def _required(read):
    def check(value):
        value = read(value)
        if value is None:
            raise Invalid("is required")
        return value

    return check


def _optional(read):
    return lambda value: None if _blank(value) else read(value)


def _ranged(kind, read, low, high, optional: bool):
    # The range applies to the number; an optional field may also be None (left blank).
    if optional:
        return Annotated[
            Annotated[kind, Ge(low), Le(high)] | None, BeforeValidator(_optional(read))
        ]
    return Annotated[kind, BeforeValidator(read), Ge(low), Le(high)]


def whole(low: int, high: int, *, optional: bool = False):
    return _ranged(int, _whole, low, high, optional)


def decimal(low: float, high: float, *, optional: bool = False):
    return _ranged(float, read_number, low, high, optional)


def _read_rating(value):
    value = _optional(read_number)(value)
    if value is not None and isinstance(value, int | float) and (value * 2) % 1:
        raise Invalid("must be in half steps (0.5, 1, … 5)")
    return value


Rating = Annotated[Annotated[float, Ge(0.5), Le(5)] | None, BeforeValidator(_read_rating)]
StarRating = Annotated[float, BeforeValidator(_required(_read_rating)), Ge(0.5), Le(5)]


def _read_boolean(value):
    if isinstance(value, bool):
        return value
    word = _read_line(value if value is not None else "").lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    raise Invalid(f"{quoted(word)} is not yes or no")


YesNo = Annotated[bool, BeforeValidator(_read_boolean)]
MaybeYesNo = Annotated[bool | None, BeforeValidator(_optional(_read_boolean))]
# Left blank, true (a party lets guests answer “maybe” unless it says otherwise).
YesUnlessNo = Annotated[bool, BeforeValidator(lambda v: True if _blank(v) else _read_boolean(v))]


def choice(allowed, name: str, aliases: dict[str, str] | None = None, default: str = ""):
    """One of a fixed list of words, matched without regard to case."""
    allowed = tuple(str(a) for a in allowed)

    def read(value):
        word = _read_line(value).lower()
        if not word:
            return default
        word = (aliases or {}).get(word, word)
        if word not in allowed and not (word == default):
            raise Invalid(f"{quoted(word)} is not a known {name} ({', '.join(allowed[:6])}, …)")
        return word

    return Annotated[str, BeforeValidator(read)]


def _read_date(value):
    if _blank(value):
        return None
    if isinstance(value, date):
        return value
    text = _read_line(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise Invalid(f"{quoted(text)} is not a date (YYYY-MM-DD)") from None


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


Day = Annotated[date | None, BeforeValidator(_read_date), PlainSerializer(_iso, when_used="json")]


RequiredDay = Annotated[
    date, BeforeValidator(_required(_read_date)), PlainSerializer(_iso, when_used="json")
]


def _read_utc(value):
    """An ISO 8601 time → aware UTC. A time without an offset is taken as UTC."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = _read_line(value)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Invalid(f"{quoted(text)} is not a date and time (ISO 8601)") from None
    if parsed.year not in TIME_YEARS:  # checked first: moved to UTC it could overflow
        raise Invalid(f"must be in {TIME_YEARS_TEXT}")
    return as_utc(parsed)


UtcTime = Annotated[
    datetime | None, BeforeValidator(_read_utc), PlainSerializer(utc_text, when_used="json")
]
RequiredUtcTime = Annotated[
    datetime, BeforeValidator(_required(_read_utc)), PlainSerializer(utc_text, when_used="json")
]
# Times the database assigns (created_at): exported for the record, never imported.
Stamp = Annotated[datetime | None, PlainSerializer(_iso, when_used="json")]


def _read_address(value) -> str:
    value = _read_line(value)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid("is not a web address (https://…)")
    return value


def web_address(max_length: int):
    return Annotated[str, BeforeValidator(_read_address), MaxLen(max_length)]


def _read_tags(value):
    if _blank(value):
        return []
    if type(value) is str:
        value = re.split(r"[;,]", value)
    if not isinstance(value, list):
        raise Invalid("must be a list of tags")
    words = (" ".join(_read_line(t).split()).lower() for t in value)
    return list(dict.fromkeys(w for w in words if w))


def tags(max_items: int, max_length: int, allowed: tuple[str, ...] | None = None):
    """Labels, from a list or from “a; b” text; each at most `max_length` characters."""

    def read(value):
        found = _read_tags(value)
        if len(found) > max_items:
            raise Invalid(f"has more than {max_items} tags")
        if any(len(t) > max_length for t in found):
            raise Invalid(f"has a tag longer than {max_length} characters")
        unknown = [t for t in found if allowed is not None and t not in allowed]
        if unknown:
            raise Invalid(f"has unknown tags: {', '.join(unknown)}")
        return found

    return Annotated[list[str], BeforeValidator(read), MaxLen(max_items)]


def names(max_items: int, max_length: int):
    """A list of names (directors, cast)."""

    def read(value):
        if _blank(value):
            return []
        if not isinstance(value, list):
            raise Invalid("must be a list of names")
        if len(value) > max_items:
            raise Invalid(f"has more than {max_items} names")
        found = [_read_line(v) for v in value]
        if any(not n or len(n) > max_length for n in found):
            raise Invalid(f"has a name that is empty or longer than {max_length} characters")
        return found

    return Annotated[list[str], BeforeValidator(read), MaxLen(max_items)]


def seconds_list(max_items: int, low: int, high: int):
    """Steep times in seconds, from a list or from “20 25 30” text."""

    def read(value):
        if _blank(value) or value == []:
            return None
        if type(value) is str:
            value = [part for part in re.split(r"[\s;,]+", value) if part]
        if not isinstance(value, list):
            raise Invalid("must list steeps in seconds")
        if len(value) > max_items:
            raise Invalid(f"has more than {max_items} steeps")
        steeps = [_whole(v) for v in value]
        if any(not isinstance(s, int) or not low <= s <= high for s in steeps):
            raise Invalid(f"each steep must be between {low} and {high} seconds")
        return steeps

    return Annotated[list[int] | None, BeforeValidator(read)]


def rules(schema: type[BaseModel], field: str) -> list:
    """The annotated-types rules of one field, including those inside `X | None`."""
    info = schema.model_fields[field]
    found = list(info.metadata)
    for member in get_args(info.annotation):
        found += list(getattr(member, "__metadata__", ()))
    return found


def limit(schema: type[BaseModel], field: str) -> int | float:
    """The largest length (text, lists) or value (numbers) a schema allows for one field."""
    for rule in rules(schema, field):
        if isinstance(rule, MaxLen):
            return rule.max_length
        if isinstance(rule, Le):
            return rule.le
    raise KeyError(f"{schema.__name__}.{field} has no upper limit")


def lowest(schema: type[BaseModel], field: str) -> int | float:
    for rule in rules(schema, field):
        if isinstance(rule, Ge):
            return rule.ge
    raise KeyError(f"{schema.__name__}.{field} has no lower limit")
