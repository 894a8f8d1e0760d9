"""Import of teas from CSV: every row checked first, then all written in bulk, or nothing."""

import time

from teahouse.database import write_transaction
from teahouse.models import User
from teahouse.portability.checking import REFUSE, SKIP, check_unique, sort_existing
from teahouse.portability.csvfile import COLUMNS
from teahouse.portability.reading import read_csv_rows, repeated_columns
from teahouse.portability.report import ImportReport, check_record
from teahouse.portability.slim import slim
from teahouse.portability.staging import hand_over, staging_account
from teahouse.portability.writing import (
    Progress,
    add_csv_teas,
    existing_teas,
    tea_columns,
    update_from_csv,
)
from teahouse.schemas.fields import Invalid, read_number
from teahouse.schemas.quoting import shortened
from teahouse.schemas.teas import TeaCsvRow
from teahouse.teas.brewing import f_to_c

KNOWN_COLUMNS = (*COLUMNS, "brew_temp_f")
REQUIRED_COLUMNS = tuple(name for name in COLUMNS if TeaCsvRow.model_fields[name].is_required())
# Rows written per step of a large import: each step holds the write lock only briefly.
STEP = 2000
# Between steps the import lets go for longer than SQLite's busy handler sleeps between its
# tries (100 ms at most), so writers waiting for the lock get it before the next step does.
PAUSE = 0.12


def check_csv(text: str, report: ImportReport) -> list[tuple[str, TeaCsvRow]]:
    """The file's teas, each row checked against the tea schema; problems go in the report."""
    header, rows = read_csv_rows(text, report)
    if not report.ok:
        return []
    if not header or not any(header):
        report.problem("file", "", "is empty: it needs a header row naming the columns")
        return []
    repeated = repeated_columns(header)
    if repeated:
        report.problem("file", "", repeated)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.problem(
            "file",
            "",
            "the header row lacks the column(s) "
            + ", ".join(missing)
            + "; the first row must name the columns, separated by commas or tabs,"
            + " e.g. name,type,origin_country,…",
        )
    unknown = [h for h in header if h not in KNOWN_COLUMNS]
    if unknown:
        report.problem(
            "file",
            "",
            "unknown column(s): "
            + ", ".join(map(shortened, unknown[:10]))
            + " (the import help page lists the columns)",
        )
    if not report.ok:
        return []
    teas, read = [], 0
    for number, row in rows:
        read += 1
        where = f"row {number}"
        fahrenheit_problem = _fahrenheit_to_celsius(row)
        if fahrenheit_problem:
            report.problem(where, "brew_temp_f", fahrenheit_problem)
        record = check_record(TeaCsvRow, row, where, report)
        if record is not None and not fahrenheit_problem:
            teas.append((where, slim(record)))
    if not read and report.ok:
        report.problem("file", "", "there are no rows of teas below the header")
    check_unique("teas", teas, report)
    return teas


def import_csv(
    user: User,
    text: str,
    progress: Progress | None = None,
    on_existing: str = REFUSE,
) -> ImportReport:
    """Import teas from CSV (header row required), each row's stock as its opening purchase.

    on_existing: REFUSE (a tea already in the collection is a problem), SKIP or UPDATE
    (the tea takes the file's values and a stock-take brings it to the file's grams).
    """
    report = ImportReport()
    teas = check_csv(text, report)
    if teas:  # with REFUSE, the teas the host has are listed with the other problems
        sort_existing(existing_teas(user.id), teas, on_existing, report)
    if not report.ok:
        return report
    step = progress or (lambda n: None)
    # Everything but the writes happens before the write lock: the rows are checked and their
    # columns built, and the teas the host has are sorted out (again under the lock, in case
    # a tea was added meanwhile: a set lookup per row). The columns are built one step at a
    # time: built for all 10,000 rows of a large file at once they held about 17 MiB.
    new, _ = sort_existing(existing_teas(user.id), teas, on_existing, ImportReport())
    records = [record for _, record in new]
    clock = _LockClock()
    if len(records) <= STEP:
        columns = {id(record): tea_columns(record) for _, record in teas}
        with clock, write_transaction():
            new, matched = _final(user, teas, on_existing, report)
            if report.ok:
                add_csv_teas(user.id, [(r, columns[id(r)]) for _, r in new])
                stocktakes = _update(user, matched, on_existing)
        step(len(records))
    else:
        # A tea added to the collection while the steps ran is refused at the end (REFUSE);
        # with SKIP or UPDATE the file's copy is kept, as if it had been added first.
        try:
            with staging_account(user.id) as staging_id:
                for start in range(0, len(records), STEP):
                    rows = [(r, tea_columns(r)) for r in records[start : start + STEP]]
                    with clock, write_transaction():
                        add_csv_teas(staging_id, rows)
                    del rows
                    step(min(STEP, len(records) - start))
                    time.sleep(PAUSE)
                with clock, write_transaction():
                    new, matched = _final(user, teas, on_existing, report)
                    if not report.ok:
                        raise _Refused
                    stocktakes = _update(user, matched, on_existing)
                    hand_over(staging_id, user.id)
        except _Refused:
            pass
    report.locked_seconds = clock.longest
    if not report.ok:
        return report
    report.count("teas", added=len(new))
    if on_existing == SKIP:
        report.count("teas", skipped=len(matched))
    else:
        report.count("teas", updated=len(matched))
    if stocktakes:
        report.count("stock_movements", added=stocktakes)
    return report


class _Refused(Exception):
    """A tea of the file was added to the collection while the import ran (REFUSE)."""


class _LockClock:
    """The longest time one step of the import held the write lock."""

    def __init__(self):
        self.longest = 0.0

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        self.longest = max(self.longest, time.perf_counter() - self.started)


def _final(user: User, teas, on_existing: str, report: ImportReport):
    """Under the lock: the teas the host has now, sorted out once more."""
    return sort_existing(existing_teas(user.id), teas, on_existing, report)


def _update(user: User, matched: list, on_existing: str) -> int:
    if on_existing == SKIP:
        return 0
    return update_from_csv(user.id, [(tea_id, r) for tea_id, _, r in matched])


def _fahrenheit_to_celsius(row: dict) -> str | None:
    """A CSV may give the temperature in °F (brew_temp_f); it is stored in °C."""
    if "brew_temp_f" in row:  # a °F column names the temperature, if empty as much as °C
        row.setdefault("brew_temp_c", "")
    fahrenheit = (row.pop("brew_temp_f", "") or "").strip()
    if not fahrenheit:
        return None
    if (row.get("brew_temp_c") or "").strip():
        return "give brew_temp_c or brew_temp_f, not both"
    try:
        value = read_number(fahrenheit)
    except Invalid as problem:
        return str(problem)
    if not isinstance(value, int | float) or not 104 <= value <= 212:
        return "must be between 104 and 212 °F"
    row["brew_temp_c"] = f_to_c(value)
    return None
