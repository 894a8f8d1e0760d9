"""The import help page's table of CSV columns, its limits read from the tea schema."""

from dataclasses import dataclass

from annotated_types import Ge, Le, MaxLen

from teahouse.models.tea import HARVEST_SEASONS, LEAF_FORMS, TEA_TYPE_LABELS, Caffeine
from teahouse.portability.csvfile import COLUMNS
from teahouse.schemas.fields import rules
from teahouse.schemas.teas import TeaCsvRow
from teahouse.schemas.years import UpToYear

MEANING = {
    "name": "The tea's name.",
    "type": "One of: "
    + ", ".join(t.value for t in TEA_TYPE_LABELS)
    + " (the labels shown in Teahouse, such as “Pu-erh (ripe)”, work too).",
    "origin_country": "Country of origin.",
    "origin_region": "Region, province or mountain.",
    "cultivar": "Cultivar or varietal.",
    "vendor": "Where you bought it.",
    "vendor_url": "The vendor's page, starting with https:// or http://.",
    "harvest_year": "Year of harvest.",
    "harvest_season": "One of: " + ", ".join(HARVEST_SEASONS) + ".",
    "leaf_form": "One of: " + ", ".join(LEAF_FORMS) + ".",
    "caffeine": "One of: " + ", ".join(c.value for c in Caffeine) + " (medium if left blank).",
    "rating": "In half steps; blank for not rated.",
    "favourite": "yes or no.",
    "tags": "Your labels, separated by semicolons: “breakfast; gift”.",
    "notes": "Tasting notes; line breaks are kept.",
    "brew_style": "western or gongfu (western if left blank).",
    "brew_temp_c": "Water temperature in °C; or give brew_temp_f in °F instead.",
    "grams_per_100ml": "Leaf per 100 ml of water.",
    "steep_seconds": "Steep times in seconds separated by spaces: “20 25 30”.",
    "rinse": "yes or no: rinse the leaf before the first steep.",
    "vessel_ml": "Size of the pot or gaiwan in ml.",
    "opened_on": "Date the packet was opened, YYYY-MM-DD.",
    "best_by": "Best-by date, YYYY-MM-DD.",
    "low_stock_grams": "Warn below this many grams; blank for your usual threshold.",
    "photo_description": "What the tea's photo shows, in a sentence, read to guests who "
    "cannot see it (the photo itself travels only in a Teahouse export).",
    "grams_in_stock": "Grams you have now; imported as a purchase dated today.",
}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    limit: str


def _limit(name: str) -> str:
    found = rules(TeaCsvRow, name)
    longest = next((r.max_length for r in found if isinstance(r, MaxLen)), None)
    low = next((r.ge for r in found if isinstance(r, Ge)), None)
    high = next((r.le for r in found if isinstance(r, Le)), None)
    if longest is not None:
        unit = "entries" if name == "tags" else "characters"
        return f"at most {longest:,} {unit}"
    latest_year = next((r.latest for r in found if isinstance(r, UpToYear)), None)
    if low is not None and latest_year is not None:
        # A year: written as one ("2027", not "2,027"), its bound the one checked today.
        return f"{low} to {latest_year()}"
    if low is not None and high is not None:
        return f"{low:,g} to {high:,g}"
    return ""


def csv_columns() -> list[Column]:
    return [
        Column(
            name,
            TeaCsvRow.model_fields[name].is_required(),
            MEANING.get(name, ""),
            _limit(name),
        )
        for name in COLUMNS
    ]
