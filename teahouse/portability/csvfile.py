"""The teas as CSV, one row per tea, for spreadsheets (columns documented in the README)."""

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.models import Tea, User
from teahouse.models.stock import MG_PER_GRAM
from teahouse.models.tea import TEA_RECORD_FIELDS

# The tea record's fields, with the tags after the rating and the stock last.
COLUMNS = (
    *TEA_RECORD_FIELDS[: TEA_RECORD_FIELDS.index("favourite") + 1],
    "tags",
    *TEA_RECORD_FIELDS[TEA_RECORD_FIELDS.index("favourite") + 1 :],
    "grams_in_stock",
)
REQUIRED_COLUMNS = ("name", "type")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):  # steeps are numbers "20 25 30"; tags may hold spaces "a; b"
        separator = " " if value and isinstance(value[0], int) else "; "
        return separator.join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def teas_to_csv(user: User) -> str:
    """All teas of a host with their grams in stock (the ledger's running total)."""
    teas = db.session.scalars(
        select(Tea)
        .where(Tea.owner_id == user.id)
        .options(selectinload(Tea.tag_rows))
        .order_by(Tea.id)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for tea in teas:
        values = {c: getattr(tea, c) for c in COLUMNS if c not in ("tags", "grams_in_stock")}
        values["tags"] = tea.tags
        values["grams_in_stock"] = tea.milligrams_on_hand / MG_PER_GRAM
        writer.writerow([_cell(values[c]) for c in COLUMNS])
    return out.getvalue()


class CsvProblem(ValueError):
    """The file as a whole cannot be read as the teas CSV."""


def read_csv(text: str) -> list[tuple[int, dict]]:
    """(row number, {column: text}) for each data row; the header row is required."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise CsvProblem("The file is empty: it needs a header row naming the columns.")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CsvProblem(
            "The header row lacks the column(s) "
            + ", ".join(missing)
            + ". The first row must name the columns, e.g. name,type,origin_country,..."
        )
    unknown = [h for h in header if h not in COLUMNS and h != "brew_temp_f"]
    if unknown:
        raise CsvProblem(
            "Unknown column(s): " + ", ".join(unknown) + ". See the README for the columns."
        )
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise CsvProblem(f"Row {number} has more cells than the header row has columns.")
        if any((v or "").strip() for v in row.values()):
            rows.append((number, {k: (v or "") for k, v in row.items()}))
    return rows
