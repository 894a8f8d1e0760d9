"""Import of teas from CSV: every row checked first, then all written or none."""

from datetime import date

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import MovementKind, User
from teahouse.models.stock import MG_PER_GRAM
from teahouse.portability import records
from teahouse.portability.csvfile import CsvProblem, read_csv
from teahouse.portability.importing import (
    ImportResult,
    Problem,
    Progress,
    check_tea_identities,
    new_tea,
)
from teahouse.stock import ledger
from teahouse.teas.brewing import f_to_c

FLUSH_EVERY = 500


def import_csv(user: User, text: str, progress: Progress | None = None) -> ImportResult:
    """Import teas from CSV (header row required), each row's stock as its opening purchase."""
    result = ImportResult()
    try:
        rows = read_csv(text)
    except CsvProblem as problem:
        result.problems.append(Problem("file", "", str(problem)))
        return result
    if not rows:
        result.problems.append(Problem("file", "", "there are no rows of teas below the header"))
        return result
    plan = []
    named = []
    for number, row in rows:
        where = f"row {number}"
        temperature_problem = _fahrenheit_to_celsius(row)
        clean, problems = records.tea_record(row)
        if temperature_problem:
            problems["brew_temp_f"] = temperature_problem
            problems.pop("brew_temp_c", None)
        try:
            grams = records.number(row.get("grams_in_stock"), 0, 100_000, required=False) or 0
        except records.Invalid as problem:
            problems["grams_in_stock"] = str(problem)
            grams = 0
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        if not problems:
            plan.append((clean, grams))
            named.append((where, clean))
    check_tea_identities(user, named, result)
    if not result.ok:
        return result
    step = progress or (lambda n: None)
    today = date.today()
    with write_transaction():
        written = []
        for clean, grams in plan:
            if len(written) == FLUSH_EVERY:
                _write_stock(user, written, today)
            tea = new_tea(user, clean)
            written.append((tea, grams))
            db.session.add(tea)
            step(1)
        _write_stock(user, written, today)
    result.counts = {"teas": len(plan)}
    return result


def _write_stock(user: User, written: list, today: date) -> None:
    """Flush a batch of new teas, add each one's stock through the ledger, then forget them.

    Still one transaction; forgetting written rows keeps memory flat.
    """
    db.session.flush()
    ledger.add_movements(
        [
            {
                "owner_id": user.id,
                "tea_id": tea.id,
                "kind": MovementKind.PURCHASE,
                "milligrams": round(grams * MG_PER_GRAM),
                "occurred_on": today,
                "vendor": tea.vendor,
                "note": "Imported stock",
            }
            for tea, grams in written
            if grams
        ]
    )
    for tea, _ in written:
        db.session.expunge(tea)  # with its tags (cascade)
    written.clear()


def _fahrenheit_to_celsius(row: dict) -> str | None:
    """A CSV may give the temperature in °F (brew_temp_f); it is stored in °C."""
    fahrenheit = row.pop("brew_temp_f", "").strip()
    if not fahrenheit:
        return None
    if row.get("brew_temp_c", "").strip():
        return "give brew_temp_c or brew_temp_f, not both"
    try:
        row["brew_temp_c"] = f_to_c(records.number(fahrenheit, 104, 212))
    except records.Invalid as problem:
        return str(problem)
    return None
