"""Import of teas from CSV: every row checked first, then all written or none."""

from datetime import date

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, User
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
                # Still one transaction; flushing and forgetting written rows keeps memory flat.
                db.session.flush()
                for tea in written:
                    db.session.expunge(tea)  # with its tags and movements (cascade)
                written.clear()
            tea = new_tea(user, clean)
            written.append(tea)
            db.session.add(tea)
            if grams:
                db.session.add(
                    StockMovement(
                        owner_id=user.id,
                        tea=tea,
                        kind=MovementKind.PURCHASE.value,
                        milligrams=round(grams * MG_PER_GRAM),
                        occurred_on=today,
                        vendor=tea.vendor,
                        note="Imported stock",
                    )
                )
            step(1)
    result.counts = {"teas": len(plan)}
    return result


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
