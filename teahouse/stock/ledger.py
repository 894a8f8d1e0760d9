"""The one owner of stock: every movement is added, undone and summed here.

The ledger (stock_movements) is the truth. Each tea also keeps a running total,
teas.milligrams_on_hand, changed in the same transaction as every movement, so that lists and
the dashboard read one column instead of summing the whole history; `flask check-stock`
recomputes it from the ledger. The same transaction keeps the rollups of teahouse.stock.rollups
(a host's consumption per month, a tea's standing purchases per currency) and the value of the
leaf on hand (teahouse.stock.value) that the dashboard reads.

Functions that only add (add_movement, add_movements, undo_movement) expect the caller to hold a
write transaction (teahouse.database.write_transaction), so that a brew, a party or an import
writes its movements and its own rows all or nothing. restock, consume, stocktake and undo open
one themselves.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, Tea
from teahouse.models.stock import MG_PER_GRAM
from teahouse.stock import rollups, value

# Rows per INSERT statement in add_movements: large enough to be fast, small enough to keep
# the statement's parameters well under SQLite's limit.
INSERT_CHUNK = 500


class StockError(ValueError):
    """A stock change that cannot be made, with a message for the host. Nothing was written."""


def to_milligrams(grams) -> int:
    """Grams as the host typed them (str, float, Decimal) → whole milligrams, half up."""
    return int((Decimal(str(grams)) * MG_PER_GRAM).to_integral_value(ROUND_HALF_UP))


def grams(milligrams: int) -> float:
    return milligrams / MG_PER_GRAM


# ------------------------------------------------------------------ how much is on hand


def on_hand_mg(tea_id: int) -> int:
    """The running total of one tea, in milligrams."""
    return db.session.scalar(select(Tea.milligrams_on_hand).where(Tea.id == tea_id)) or 0


def on_hand_by_tea(tea_ids: Iterable[int]) -> dict[int, int]:
    """tea_id → milligrams on hand for many teas, in one query."""
    ids = list(set(tea_ids))
    if not ids:
        return {}
    return dict(
        db.session.execute(select(Tea.id, Tea.milligrams_on_hand).where(Tea.id.in_(ids))).all()
    )


def locked_on_hand_mg(tea_id: int) -> int:
    """Inside a write transaction: the stock, with the tea locked against other writers.

    FOR UPDATE locks the tea's row on PostgreSQL; on SQLite it is left out, and the
    transaction's BEGIN IMMEDIATE already keeps other writers waiting.
    """
    return db.session.scalar(
        select(Tea.milligrams_on_hand).where(Tea.id == tea_id).with_for_update()
    )


# ------------------------------------------------------------------ adding movements


def _move_totals(deltas: dict[int, int]) -> None:
    """Add each tea's change to its running total, in one statement run for many rows.

    A Core UPDATE, not the ORM: a stock movement must not bump the tea's version (an edit of
    the tea opened before it would be refused as stale). Teas loaded in this session are
    expired so they read the new total.
    """
    rows = [{"tea": tea_id, "delta": delta} for tea_id, delta in deltas.items() if delta]
    if not rows:
        return
    teas = Tea.__table__
    db.session.execute(
        update(teas)
        .where(teas.c.id == bindparam("tea"))
        .values(milligrams_on_hand=teas.c.milligrams_on_hand + bindparam("delta")),
        rows,
    )
    for obj in db.session.identity_map.values():
        if isinstance(obj, Tea) and obj.id in deltas:
            db.session.expire(obj, ["milligrams_on_hand"])


def add_movement(
    tea: Tea,
    kind: MovementKind,
    milligrams: int,
    *,
    occurred_on: date | None = None,
    allow_below_zero: bool = False,
    **fields,
) -> StockMovement:
    """Add one movement and move the tea's total; refuse (StockError) any that goes below zero.

    Call inside a write transaction. `fields` are the movement's other columns (cost_minor,
    currency, vendor, note, reverses_id, brew_session_id).
    """
    if tea.id is None:
        db.session.flush()  # a tea added in this transaction needs its id
    on_hand = locked_on_hand_mg(tea.id)
    if on_hand + milligrams < 0 and not allow_below_zero:
        raise StockError(
            f"Only {grams(on_hand):g} g of {tea.name} are in stock; "
            f"{grams(-milligrams):g} g cannot be taken. Nothing was changed."
        )
    movement = StockMovement(
        owner_id=tea.owner_id,
        tea_id=tea.id,
        kind=MovementKind(kind).value,
        milligrams=milligrams,
        occurred_on=occurred_on or date.today(),
        **fields,
    )
    db.session.add(movement)
    _move_totals({tea.id: milligrams})
    reverses_id = fields.get("reverses_id")
    reversed_row = db.session.get(StockMovement, reverses_id) if reverses_id else None
    rollups.record(
        [
            {
                "owner_id": tea.owner_id,
                "tea_id": tea.id,
                "kind": movement.kind,
                "milligrams": milligrams,
                "occurred_on": movement.occurred_on,
                "cost_minor": fields.get("cost_minor"),
                "currency": fields.get("currency") or "",
                "reverses_id": reverses_id,
            }
        ],
        {reverses_id: _rollup_columns(reversed_row)} if reversed_row else {},
    )
    value.revalue([tea.id])
    set_committed_value(tea, "milligrams_on_hand", on_hand + milligrams)
    return movement


def add_movements(rows: list[dict], *, returning_ids: bool = False) -> list[int] | None:
    """Add many movements at once (imports, the sample collection), with their teas' totals.

    Each row is a dict of StockMovement columns (owner_id, tea_id, kind, milligrams,
    occurred_on, and any of cost_minor, currency, vendor, note, reverses_id, brew_session_id).
    Written with multi-row INSERTs in chunks, no ORM objects, inside the caller's write
    transaction; the stock is not checked against zero (the rows are history being copied).
    With returning_ids, the new ids come back in the order of the rows.
    """
    if not rows:
        return [] if returning_ids else None
    deltas: dict[int, int] = defaultdict(int)
    for row in rows:
        row["kind"] = MovementKind(row["kind"]).value
        deltas[row["tea_id"]] += row["milligrams"]
    ids: list[int] = []
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        if returning_ids:
            statement = insert(StockMovement).returning(
                StockMovement.id, sort_by_parameter_order=True
            )
            ids += db.session.scalars(statement, chunk).all()
        else:
            db.session.execute(insert(StockMovement), chunk)
    _move_totals(deltas)
    rollups.record(rows, rollups.reversed_movements(row.get("reverses_id") for row in rows))
    value.revalue(deltas)
    return ids if returning_ids else None


def _rollup_columns(movement: StockMovement) -> dict:
    return {
        "kind": movement.kind,
        "tea_id": movement.tea_id,
        "milligrams": movement.milligrams,
        "cost_minor": movement.cost_minor,
        "currency": movement.currency,
    }


def undo_movement(
    movement: StockMovement, *, note: str | None = None, occurred_on: date | None = None
) -> StockMovement:
    """Compensate a movement with its opposite, inside the caller's write transaction.

    The history keeps both; it is dated today unless `occurred_on` says otherwise (a brew
    removed from the log is given back on the brew's day, so that month's consumption
    cancels). An undo cannot be undone, nothing is undone twice, and an undo that would leave
    less than nothing (a purchase already brewed) is refused.
    """
    if movement.kind == MovementKind.UNDO.value:
        raise StockError("An undo cannot itself be undone; record a new movement instead.")
    # The tea's lock first: an undo sent twice at once waits here, then finds the first's
    # undo below instead of breaking the unique key on reverses_id.
    locked_on_hand_mg(movement.tea_id)
    if is_undone(movement):
        raise StockError("This movement has already been undone.")
    return add_movement(
        movement.tea,
        MovementKind.UNDO,
        -movement.milligrams,
        occurred_on=occurred_on,
        reverses_id=movement.id,
        note=note or f"Undo of {movement.kind_label.lower()} on {movement.occurred_on:%d %b %Y}",
    )


def hand_over(from_owner: int, to_owner: int) -> None:
    """Move one account's movements to another (an import's staging account handing its teas
    to the host), with their months of consumption; inside the caller's write transaction."""
    movements = StockMovement.__table__
    db.session.execute(
        update(movements).where(movements.c.owner_id == from_owner).values(owner_id=to_owner)
    )
    rollups.hand_over(from_owner, to_owner)
    value.hand_over(from_owner, to_owner)


def forget_tea(tea: Tea) -> None:
    """Before a tea is deleted with its history: its movements leave the rollups with it.

    Inside the caller's transaction; the movements themselves go by the foreign key's cascade.
    """
    rollups.forget_tea(tea.id)


def is_undone(movement: StockMovement) -> bool:
    return (
        db.session.scalar(select(StockMovement.id).where(StockMovement.reverses_id == movement.id))
        is not None
    )


# ------------------------------------------------------------------ the host's actions


def restock(tea: Tea, grams_in, cost=None, currency="", occurred_on=None, vendor="", note=""):
    """A purchase: grams in, with what it cost."""
    with write_transaction():
        return add_movement(
            tea,
            MovementKind.PURCHASE,
            to_milligrams(grams_in),
            cost_minor=int(Decimal(str(cost)) * 100) if cost is not None else None,
            currency=currency if cost is not None else "",
            occurred_on=occurred_on,
            vendor=vendor or "",
            note=note or "",
        )


def consume(tea: Tea, grams_out, kind=MovementKind.BREWED, note="", occurred_on=None):
    """Leaf out of the caddy: brewed, gifted, swapped, sent as a sample, spoiled..."""
    with write_transaction():
        return add_movement(
            tea, kind, -to_milligrams(grams_out), note=note or "", occurred_on=occurred_on
        )


def stocktake(tea: Tea, counted_grams, note="") -> StockMovement:
    """Set the stock to what the scale says, by writing the difference."""
    counted = to_milligrams(counted_grams)
    with write_transaction():
        difference = counted - locked_on_hand_mg(tea.id)
        if difference == 0:
            raise StockError(f"The stock already is {grams(counted):g} g. Nothing changed.")
        return add_movement(
            tea,
            MovementKind.STOCKTAKE,
            difference,
            note=note or f"Counted {grams(counted):g} g",
        )


def undo(movement: StockMovement) -> StockMovement:
    """The host's undo of one movement, in its own write transaction."""
    with write_transaction():
        return undo_movement(movement)


# ------------------------------------------------------------------ checking the totals


@dataclass(frozen=True)
class Mismatch:
    tea_id: int
    name: str
    kept_mg: int
    ledger_mg: int


def ledger_sums():
    """tea_id → the sum of its movements: the slow, certain answer the running total caches."""
    return (
        select(
            StockMovement.tea_id,
            func.coalesce(func.sum(StockMovement.milligrams), 0).label("mg"),
        )
        .group_by(StockMovement.tea_id)
        .subquery()
    )


def mismatches(owner_id: int | None = None) -> list[Mismatch]:
    """Teas whose running total differs from the sum of their ledger."""
    sums = ledger_sums()
    ledger_mg = func.coalesce(sums.c.mg, 0)
    query = (
        select(Tea.id, Tea.name, Tea.milligrams_on_hand, ledger_mg)
        .outerjoin(sums, sums.c.tea_id == Tea.id)
        .where(Tea.milligrams_on_hand != ledger_mg)
        .order_by(Tea.id)
    )
    if owner_id is not None:
        query = query.where(Tea.owner_id == owner_id)
    return [Mismatch(*row) for row in db.session.execute(query).all()]


def repair(found: list[Mismatch]) -> None:
    """Set the running totals of these teas to their ledger sums (inside a write transaction)."""
    _move_totals({m.tea_id: m.ledger_mg - m.kept_mg for m in found})
    value.revalue(m.tea_id for m in found)
