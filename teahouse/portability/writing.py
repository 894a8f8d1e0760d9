"""Writing checked records in bulk: Core INSERTs in chunks, inside the import's one transaction.

Nothing here checks anything: the records were checked before the write lock was taken, so the
lock is held only for the INSERTs themselves. Stock goes through the ledger (add_movements),
which keeps each tea's running total in step.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice

from sqlalchemy import bindparam, delete, func, insert, select, text, update

from teahouse.extensions import db
from teahouse.models import MovementKind, Tea, TeaTag
from teahouse.schemas.teas import TeaRecord
from teahouse.stock import ledger

# Rows per INSERT batch: big enough to be quick, small enough to keep memory flat.
CHUNK = 1000

Progress = Callable[[int], None]


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(table, rows: list[dict], *, returning: bool = False) -> list[int]:
    """INSERT many rows; with `returning`, their new ids in the order of the rows."""
    if not rows:
        return []
    columns = set().union(*rows)
    if any(len(row) != len(columns) for row in rows):
        # One statement for many rows binds the same columns in each (a film without a poster).
        rows = [{name: row.get(name) for name in columns} for row in rows]
    if returning:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, rows))
    db.session.execute(insert(table), rows)
    return []


def allocate_ids(table, count: int) -> list[int]:
    """Ids for `count` new rows of `table`; call with the write lock held.

    Rows given their ids go in with a plain executemany, much quicker than INSERT … RETURNING
    for each batch, and the rows that point at them (tags, stock) can be built at once. On
    SQLite the write lock keeps every other writer out, so the ids after the largest are free;
    PostgreSQL hands them out from the table's sequence.
    """
    if count == 0:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        sequence = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(db.session.scalars(sequence, {"table": table.name, "n": count}))
    first = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(first, first + count))


def tea_identity(name: str, vendor: str, harvest_year) -> tuple:
    """Same name + vendor + harvest year = the same tea, whatever the case."""
    return (name.casefold(), vendor.casefold(), harvest_year)


def existing_teas(owner_id: int) -> dict[tuple, int]:
    """The host's teas by identity → id, in one query of three columns."""
    rows = db.session.execute(
        select(Tea.name, Tea.vendor, Tea.harvest_year, Tea.id).where(Tea.owner_id == owner_id)
    )
    return {tea_identity(n, v, y): tea_id for n, v, y, tea_id in rows}


def tea_columns(record: TeaRecord) -> dict:
    """The columns of a teas row (built before the write lock is taken)."""
    values = record.values()
    values.pop("tags")
    values.pop("grams_in_stock", None)
    return values


def add_teas(
    owner_id: int, records: list[TeaRecord], columns: list[dict] | None = None
) -> list[int]:
    """New teas with their tags; their ids in the order of the records."""
    columns = columns or [tea_columns(r) for r in records]
    ids = allocate_ids(Tea.__table__, len(records))
    for tea_id, row in zip(ids, columns, strict=True):
        row["id"], row["owner_id"] = tea_id, owner_id
    insert_rows(Tea.__table__, columns)
    tags = [{"tea_id": i, "name": tag} for i, r in zip(ids, records, strict=True) for tag in r.tags]
    insert_rows(TeaTag.__table__, tags)
    return ids


def update_teas(pairs: list[tuple[int, TeaRecord]]) -> None:
    """Existing teas take the file's description, brewing settings and tags.

    Only the fields the file names: an older export, or a CSV without some columns, leaves
    the others as they are (an empty cell or value still clears its field). A Core UPDATE
    for many rows, one per set of fields named; the version goes up as with any edit, so a
    tea page opened before the import refuses to overwrite what the file brought.
    """
    if not pairs:
        return
    teas = Tea.__table__
    by_fields: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for tea_id, record in pairs:
        values = {k: v for k, v in tea_columns(record).items() if k in record.given}
        by_fields[tuple(values)].append({f"b_{k}": v for k, v in values.items()} | {"b_id": tea_id})
    for fields, rows in by_fields.items():
        statement = (
            update(teas)
            .where(teas.c.id == bindparam("b_id"))
            .values(
                {name: bindparam(f"b_{name}") for name in fields}
                | {"version": teas.c.version + 1, "updated_at": datetime.now(UTC)}
            )
        )
        db.session.execute(statement, rows)
    retagged = [(tea_id, r) for tea_id, r in pairs if "tags" in r.given]
    if retagged:
        ids = [tea_id for tea_id, _ in retagged]
        db.session.execute(delete(TeaTag).where(TeaTag.tea_id.in_(ids)))
        tags = [{"tea_id": t, "name": tag} for t, r in retagged for tag in r.tags]
        insert_rows(TeaTag.__table__, tags)
    db.session.expire_all()  # teas loaded earlier in this session read the new values


def opening_stock(owner_id: int, tea_ids: list[int], records: list, today: date) -> list[dict]:
    """A purchase for each CSV row's grams in stock, as ledger rows."""
    return [
        {
            "owner_id": owner_id,
            "tea_id": tea_id,
            "kind": MovementKind.PURCHASE,
            "milligrams": ledger.to_milligrams(record.grams_in_stock),
            "occurred_on": today,
            "vendor": record.vendor,
            "note": "Imported stock",
        }
        for tea_id, record in zip(tea_ids, records, strict=True)
        if record.grams_in_stock
    ]


def stocktake_to_file(owner_id: int, pairs: list[tuple[int, TeaRecord]], today: date) -> int:
    """Teas updated from a CSV: a stock-take brings each to the file's grams. Returns how many."""
    counted = {t: r.grams_in_stock for t, r in pairs if r.grams_in_stock is not None}
    on_hand = ledger.on_hand_by_tea(counted)
    rows = []
    for tea_id, grams in counted.items():
        change = ledger.to_milligrams(grams) - on_hand.get(tea_id, 0)
        if change:
            rows.append(
                {
                    "owner_id": owner_id,
                    "tea_id": tea_id,
                    "kind": MovementKind.STOCKTAKE,
                    "milligrams": change,
                    "occurred_on": today,
                    "note": "Stock-take from an imported file",
                }
            )
    ledger.add_movements(rows)
    return len(rows)


def add_csv_teas(owner_id: int, new: list[tuple[TeaRecord, dict]]) -> None:
    """New teas from CSV rows with their opening stock; `new` pairs each record with its
    row's columns, built before the write lock was taken."""
    records = [record for record, _ in new]
    ids = add_teas(owner_id, records, [columns for _, columns in new])
    ledger.add_movements(opening_stock(owner_id, ids, records, date.today()))


def update_from_csv(owner_id: int, updated: list[tuple[int, TeaRecord]]) -> int:
    """Teas the host has take the file's values; returns the stock-takes it took."""
    counted = 0
    for batch in chunks(updated):
        update_teas(batch)
        counted += stocktake_to_file(owner_id, batch, date.today())
    return counted
