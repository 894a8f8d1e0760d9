"""The exported records of the catalogue side: teas, stock movements, teaware, brew sessions.

Each record is declared once here; import checks it, forms read its limits, and the export
writes the same fields without pydantic (teahouse.portability.records, held to these by tests).
Values are in stored units (°C, grams), as the JSON export carries them.
"""

from typing import ClassVar

from pydantic import BaseModel, ValidationInfo, field_validator, model_validator

from teahouse.models.stock import MG_PER_GRAM, MovementKind
from teahouse.models.tea import (
    BREW_STYLES,
    HARVEST_SEASONS,
    LEAF_FORMS,
    PHOTO_DESCRIPTION_MAX,
    TEA_TYPE_LABELS,
    Caffeine,
    latest_harvest_year,
)
from teahouse.schemas.fields import (
    Day,
    FieldInvalid,
    Invalid,
    MaybeYesNo,
    Rating,
    Record,
    RequiredDay,
    Stamp,
    YesNo,
    choice,
    decimal,
    line,
    paragraphs,
    seconds_list,
    web_address,
    whole,
)
from teahouse.schemas.fields import (
    tags as tag_list,
)
from teahouse.schemas.years import whole_up_to
from teahouse.teas.brewing import defaults_for

TYPE_ALIASES = {label.lower(): t.value for t, label in TEA_TYPE_LABELS.items()} | {
    "pu-erh raw": "puerh_raw",
    "pu-erh ripe": "puerh_ripe",
    "puerh raw": "puerh_raw",
    "puerh ripe": "puerh_ripe",
}
TeaTypeName = choice([t.value for t in TEA_TYPE_LABELS], "tea type", TYPE_ALIASES)
BrewStyle = choice(BREW_STYLES, "brewing style", default="western")


class TeaRecord(Record):
    """One tea of the catalogue, with its brewing settings; its photo travels inside the
    document as base64 JPEG (never in a CSV)."""

    label: ClassVar = "name"
    export_only: ClassVar = ("id", "created_at", "updated_at", "photo_jpeg_base64")
    # Same name + vendor + harvest year = the same tea, within a file and
    # against the host's collection; names are compared without regard to case.
    unique: ClassVar = (("name", "vendor", "harvest_year"),)

    id: int | None = None
    name: line(120, required=True)
    type: TeaTypeName
    origin_country: line(80) = ""
    origin_region: line(120) = ""
    cultivar: line(120) = ""
    vendor: line(120) = ""
    vendor_url: web_address(500) = ""
    harvest_year: whole_up_to(1900, latest_harvest_year, optional=True) = None
    harvest_season: choice(HARVEST_SEASONS, "season") = ""
    leaf_form: choice(LEAF_FORMS, "leaf form") = ""
    caffeine: choice([c.value for c in Caffeine], "caffeine level", default="medium") = "medium"
    rating: Rating = None
    favourite: YesNo = False
    tags: tag_list(20, 40) = []
    notes: paragraphs(5000) = ""
    brew_style: BrewStyle = "western"
    # Left out, the brewing settings take the type's defaults, as in the tea form.
    brew_temp_c: whole(40, 100, optional=True) = None
    grams_per_100ml: decimal(0.1, 20, optional=True) = None
    steep_seconds: seconds_list(30, 1, 3600) = None
    rinse: MaybeYesNo = None
    vessel_ml: whole(20, 3000, optional=True) = None
    opened_on: Day = None
    best_by: Day = None
    low_stock_grams: whole(0, 100_000, optional=True) = None
    # Words, so a spreadsheet's row may carry them too (for the photo the tea has or gets).
    photo_description: line(PHOTO_DESCRIPTION_MAX) = ""
    photo_jpeg_base64: str | None = None
    created_at: Stamp = None
    updated_at: Stamp = None

    @model_validator(mode="after")
    def _brewing_defaults(self):
        usual = defaults_for(self.type, self.brew_style)
        if self.brew_temp_c is None:
            self.brew_temp_c = usual.temp_c
        if self.grams_per_100ml is None:
            self.grams_per_100ml = usual.grams_per_100ml
        if self.steep_seconds is None:
            self.steep_seconds = list(usual.steep_seconds)
        if self.rinse is None:
            self.rinse = usual.rinse
        if self.vessel_ml is None:
            self.vessel_ml = usual.vessel_ml
        return self


class TeaCsvRow(TeaRecord):
    """A tea as one spreadsheet row: the record plus its grams in stock (the opening purchase).
    A photo is not a spreadsheet cell: the CSV has no column for it."""

    grams_in_stock: decimal(0, 100_000, optional=True) = None


class MovementRecord(Record):
    """One change to a tea's stock, in grams (stored as whole milligrams)."""

    references: ClassVar = {
        "tea_id": "teas",
        "reverses_id": "stock_movements",
        "brew_session_id": "brew_sessions",
    }
    unique: ClassVar = (("reverses_id",),)

    id: int | None = None
    tea_id: int
    kind: choice([k.value for k in MovementKind], "movement kind")
    grams: decimal(-100_000, 100_000)
    cost: decimal(0, 1_000_000, optional=True) = None
    currency: line(3) = ""
    vendor: line(120) = ""
    note: line(500) = ""
    occurred_on: RequiredDay
    reverses_id: int | None = None
    brew_session_id: int | None = None
    created_at: Stamp = None

    @field_validator("grams")
    @classmethod
    def _not_zero(cls, grams: float) -> float:
        if grams == 0:
            raise Invalid("must not be zero")
        return grams

    @field_validator("currency")
    @classmethod
    def _currency_of_a_cost(cls, currency: str, info: ValidationInfo) -> str:
        currency = currency.upper()
        if info.data.get("cost") is not None and not (len(currency) == 3 and currency.isalpha()):
            raise Invalid("must be a three-letter code such as EUR")
        return currency

    def stored(self) -> dict:
        """The columns of a StockMovement row."""
        return {
            "kind": self.kind,
            "milligrams": round(self.grams * MG_PER_GRAM),
            "cost_minor": round(self.cost * 100) if self.cost is not None else None,
            "currency": self.currency,
            "vendor": self.vendor,
            "note": self.note,
            "occurred_on": self.occurred_on,
        }


class TeawareRecord(Record):
    id: int | None = None
    name: line(80, required=True)
    volume_ml: whole(20, 3000)
    created_at: Stamp = None


class SteepRecord(BaseModel):
    temp_c: whole(40, 100)
    seconds: whole(1, 3600)
    note: line(200) = ""


class BrewRecord(Record):
    """One brewing session of a tea, with the steeps made."""

    references: ClassVar = {"tea_id": "teas", "teaware_id": "teaware"}

    id: int | None = None
    tea_id: int
    teaware_id: int | None = None
    brewed_on: RequiredDay
    style: choice(BREW_STYLES, "brewing style")
    vessel_ml: whole(20, 3000)
    grams_used: decimal(0.001, 1000)
    steeps: list[SteepRecord] = []
    rating: Rating = None
    notes: paragraphs(5000) = ""
    created_at: Stamp = None

    @model_validator(mode="after")
    def _few_steeps(self):
        if len(self.steeps) > 30:
            raise FieldInvalid("steeps", "must be a list of at most 30 steeps")
        return self

    def stored(self) -> dict:
        values = self.values()
        values["milligrams_used"] = round(values.pop("grams_used") * MG_PER_GRAM)
        return values
