"""What an import says back: the problems found (record, field, message) or what it did.

Any importer can use it: check each record with `check_record`, collect into an ImportReport,
write only when `report.ok`, then `report.count("teas", added=3, skipped=1)`.
"""

from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from teahouse.schemas.fields import SURROGATE, FieldInvalid
from teahouse.schemas.quoting import quoted
from teahouse.templating import plural

# Messages for pydantic's own checks, worded to follow the field's name.
_MESSAGES = {
    "missing": "is required",
    "string_too_short": "is required",
    "too_short": "is required",
    "string_too_long": "is longer than {max_length:,} characters",
    "too_long": "has more than {max_length:,} entries",
    "greater_than_equal": "must be at least {ge:g}",
    "less_than_equal": "must be at most {le:g}",
    "finite_number": "must be a finite number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_parsing_size": "is far too large a number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be yes or no",
    "string_type": "must be text",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "recursion_loop": "is nested too deeply",
}
# Lists of records inside a record, reported as a place of their own: parties[0] menu[1].
_NESTED_LISTS = ("menu",)
_NESTED_RECORDS = ("screening",)


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __post_init__(self):
        # A record's label or a message may quote the file's text, and a JSON file's text may
        # hold half a character (\ud800), which the page could not be sent with.
        for name in ("where", "field", "message"):
            object.__setattr__(self, name, SURROGATE.sub("\ufffd", getattr(self, name)))

    def __str__(self) -> str:
        return (
            f"{self.where}, {self.field}: {self.message}"
            if self.field
            else (f"{self.where}: {self.message}")
        )


@dataclass
class ImportReport:
    """Problems found (nothing written), or counts of what was written, skipped and updated."""

    problems: list[Problem] = field(default_factory=list)
    # record kind → {"added": n, "skipped": n, "updated": n}
    done: dict[str, dict[str, int]] = field(default_factory=dict)
    # How long the import held the database's write lock (others' writes wait meanwhile).
    locked_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(where, field_name, message))

    def count(self, kind: str, **how_many: int) -> None:
        tally = self.done.setdefault(kind, {})
        for how, number in how_many.items():
            tally[how] = tally.get(how, 0) + number

    @property
    def counts(self) -> dict[str, int]:
        """Records added, by kind (skipped and updated ones are in `done`)."""
        return {kind: tally.get("added", 0) for kind, tally in self.done.items()}

    @counts.setter
    def counts(self, values: dict[str, int]) -> None:
        """Set all counts at once: {"films": 3, "films_updated": 1} (updated ones by suffix)."""
        self.done = {}
        for kind, number in values.items():
            if kind.endswith("_updated"):
                self.count(kind.removesuffix("_updated"), updated=number)
            else:
                self.count(kind, added=number)

    def summary(self) -> str:
        """“Imported 3 teas and 1 stock movement; skipped 2 teas you already have.”"""
        if not self.ok:
            return f"Nothing was imported: the file has {plural(len(self.problems), 'problem')}."
        parts = []
        for how, wording in (
            ("added", "imported {}"),
            ("updated", "updated {} from the file"),
            ("skipped", "skipped {} you already have"),
        ):
            things = [
                plural(tally[how], *NOUNS.get(kind, (kind.replace("_", " "),)))
                for kind, tally in self.done.items()
                if tally.get(how)
            ]
            if things:
                parts.append(wording.format(_and(things)))
        if not parts:
            return "The file held nothing to import."
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


# Singular (and irregular plural) of each kind of record, for the summary.
NOUNS = {
    "teas": ("tea",),
    "stock_movements": ("stock movement",),
    "brew_sessions": ("brew session",),
    "teaware": ("piece of teaware", "pieces of teaware"),
    "guests": ("guest",),
    "parties": ("party",),
    "invitations": ("invitation",),
    "films": ("film",),
    "viewings": ("viewing",),
    "reviews": ("review",),
    "afterglow": ("film rating",),
    "afterglow_teas": ("tea rating",),
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(kind: str, index: int, raw, schema: type[BaseModel] | None = None) -> str:
    """Where a record sits in the file: `teas[3] “Longjing”`."""
    label = getattr(schema, "label", None) or "name"
    name = raw.get(label) if isinstance(raw, dict) else None
    shown = f" {quoted(name.strip())}" if type(name) is str and name.strip() else ""
    return f"{kind}[{index}]{shown}"


def check_record(schema: type[BaseModel], raw, where: str, report: ImportReport):
    """The record, checked; or None with each of its problems added to the report."""
    if not isinstance(raw, dict):
        report.problem(where, "", "is not an object")
        return None
    try:
        return schema.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            report.problems.append(_problem(where, detail))
        return None
    except RecursionError:
        report.problem(where, "", "is nested too deeply")
        return None


def _problem(where: str, detail: dict) -> Problem:
    loc = [part for part in detail["loc"] if not str(part).startswith("function-")]
    cause = (detail.get("ctx") or {}).get("error")
    if isinstance(cause, FieldInvalid):
        return Problem(where, cause.field, str(cause))
    if len(loc) >= 3 and loc[0] in _NESTED_LISTS and isinstance(loc[1], int):
        where, loc = f"{where} {loc[0]}[{loc[1]}]", loc[2:]
    elif len(loc) >= 2 and loc[0] in _NESTED_RECORDS:
        where, loc = f"{where} {loc[0]}", loc[1:]
    field_name = str(loc[0]) if loc else ""
    if cause is not None:
        return Problem(where, field_name, str(cause))
    kind = detail["type"]
    if kind == "too_long" and isinstance(detail.get("input"), str):
        kind = "string_too_long"  # MaxLen on text reports the generic type
    template = _MESSAGES.get(kind)
    try:
        message = template.format(**(detail.get("ctx") or {})) if template else detail["msg"]
    except (KeyError, ValueError):
        message = detail["msg"]
    return Problem(where, field_name, message)


# The name the first importers used; kept so callers read naturally either way.
ImportResult = ImportReport
