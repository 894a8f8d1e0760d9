"""The teas as CSV, one row per tea, for spreadsheets: the tea schema's fields as columns.

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are written with a
leading ' so they show as text; the import takes it off again, so the round trip is lossless.
"""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.models import Tea, User
from teahouse.models.stock import MG_PER_GRAM
from teahouse.portability.records import TEA_CSV, tea_record

# Cells a spreadsheet would run as a formula (OWASP "CSV injection"), and the quote that
# defuses them on export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DEFUSE = "'"

# The tea record's fields, in the schema's order, with the stock last.
COLUMNS = TEA_CSV


def defuse(cell: str) -> str:
    """A cell a spreadsheet will show as text: formulas (and cells already quoted) get a '."""
    if cell.startswith(FORMULA_STARTS) or cell.startswith(DEFUSE):
        return DEFUSE + cell
    return cell


def restore(cell: str) -> str:
    """The value `defuse` was given back: the round trip through CSV is lossless."""
    return cell[1:] if cell.startswith(DEFUSE) else cell


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
    return defuse(str(value))


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def iter_teas_csv(user: User, batch: int = 100) -> Iterator[str]:
    """All teas of a host, a hundred rows at a time (as the JSON export, for the worker's
    memory), with their grams in stock."""
    yield _line(list(COLUMNS))
    teas = db.session.scalars(
        select(Tea)
        .where(Tea.owner_id == user.id)
        .options(selectinload(Tea.tag_rows))
        .order_by(Tea.id)
        .execution_options(yield_per=batch)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, tea in enumerate(teas, start=1):
        values = tea_record(tea)
        values["grams_in_stock"] = tea.milligrams_on_hand / MG_PER_GRAM
        writer.writerow([_cell(values[c]) for c in COLUMNS])
        if number % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def teas_to_csv(user: User) -> str:
    return "".join(iter_teas_csv(user))
