"""The stock ledger: append-only movements, never below zero, undone by compensation."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, Tea
from teahouse.models.stock import MG_PER_GRAM


class StockError(ValueError):
    """A stock change that cannot be made, with a message for the host. Nothing was written."""


@dataclass(frozen=True)
class UnitCost:
    currency: str
    per_gram: Decimal


@dataclass(frozen=True)
class StockSummary:
    grams: float
    unit_costs: tuple[UnitCost, ...]

    @property
    def cost_per_gram(self) -> UnitCost | None:
        return self.unit_costs[0] if self.unit_costs else None


def to_milligrams(grams) -> int:
    return int((Decimal(str(grams)) * MG_PER_GRAM).to_integral_value(ROUND_HALF_UP))


def on_hand_mg(tea_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(StockMovement.milligrams), 0)).where(
            StockMovement.tea_id == tea_id
        )
    )


def locked_on_hand_mg(tea_id: int) -> int:
    """Inside write_transaction(): the stock, with the tea locked against other writers.

    FOR UPDATE locks the tea's row on PostgreSQL; on SQLite it is left out, and the
    transaction's BEGIN IMMEDIATE already keeps other writers waiting.
    """
    db.session.execute(select(Tea.id).where(Tea.id == tea_id).with_for_update())
    return on_hand_mg(tea_id)


def standing_purchases():
    """Purchases with a cost that were not undone: they weigh the cost per gram."""
    reversal = aliased(StockMovement)
    return (
        select(StockMovement)
        .outerjoin(reversal, reversal.reverses_id == StockMovement.id)
        .where(
            StockMovement.kind == MovementKind.PURCHASE.value,
            StockMovement.cost_minor.isnot(None),
            reversal.id.is_(None),
        )
    )


def stock_summary(tea: Tea) -> StockSummary:
    """Grams on hand and the cost per gram weighted over the purchases, in two queries."""
    purchases = standing_purchases().where(StockMovement.tea_id == tea.id).subquery()
    rows = db.session.execute(
        select(
            purchases.c.currency,
            func.sum(purchases.c.cost_minor),
            func.sum(purchases.c.milligrams),
        )
        .group_by(purchases.c.currency)
        .order_by(func.sum(purchases.c.milligrams).desc())
    ).all()
    unit_costs = tuple(
        UnitCost(currency, Decimal(cost) / 100 / (Decimal(mg) / MG_PER_GRAM))
        for currency, cost, mg in rows
        if mg
    )
    return StockSummary(grams=on_hand_mg(tea.id) / MG_PER_GRAM, unit_costs=unit_costs)


def _append(tea: Tea, kind: MovementKind, milligrams: int, **fields) -> StockMovement:
    """Add one movement in a write transaction, refusing any that would go below zero."""
    with write_transaction():
        on_hand = locked_on_hand_mg(tea.id)
        if on_hand + milligrams < 0:
            raise StockError(
                f"Only {on_hand / MG_PER_GRAM:g} g of {tea.name} are in stock; "
                f"{-milligrams / MG_PER_GRAM:g} g cannot be taken. Nothing was changed."
            )
        movement = StockMovement(
            owner_id=tea.owner_id,
            tea_id=tea.id,
            kind=kind.value,
            milligrams=milligrams,
            occurred_on=fields.pop("occurred_on", None) or date.today(),
            **fields,
        )
        db.session.add(movement)
    return movement


def restock(tea: Tea, grams, cost=None, currency="", occurred_on=None, vendor="", note=""):
    """A purchase: grams in, with what it cost."""
    return _append(
        tea,
        MovementKind.PURCHASE,
        to_milligrams(grams),
        cost_minor=int(Decimal(str(cost)) * 100) if cost is not None else None,
        currency=currency if cost is not None else "",
        occurred_on=occurred_on,
        vendor=vendor or "",
        note=note or "",
    )


def consume(tea: Tea, grams, kind: MovementKind = MovementKind.BREWED, note="", occurred_on=None):
    """Leaf out of the caddy: brewed, gifted, swapped, sent as a sample, spoiled..."""
    return _append(tea, kind, -to_milligrams(grams), note=note or "", occurred_on=occurred_on)


def stocktake(tea: Tea, counted_grams, note="") -> StockMovement:
    """Set the stock to what the scale says, by writing the difference."""
    counted = to_milligrams(counted_grams)
    with write_transaction():
        difference = counted - locked_on_hand_mg(tea.id)
        if difference == 0:
            raise StockError(f"The stock already is {counted / MG_PER_GRAM:g} g. Nothing changed.")
        movement = StockMovement(
            owner_id=tea.owner_id,
            tea_id=tea.id,
            kind=MovementKind.STOCKTAKE.value,
            milligrams=difference,
            occurred_on=date.today(),
            note=note or f"Counted {counted / MG_PER_GRAM:g} g",
        )
        db.session.add(movement)
    return movement


def undo(movement: StockMovement) -> StockMovement:
    """Compensate a movement with its opposite; the history keeps both."""
    if movement.kind == MovementKind.UNDO.value:
        raise StockError("An undo cannot itself be undone; record a new movement instead.")
    already = db.session.scalar(
        select(StockMovement.id).where(StockMovement.reverses_id == movement.id)
    )
    if already:
        raise StockError("This movement has already been undone.")
    tea = movement.tea
    return _append(
        tea,
        MovementKind.UNDO,
        -movement.milligrams,
        reverses_id=movement.id,
        note=f"Undo of {movement.kind_label.lower()} on {movement.occurred_on:%d %b %Y}",
    )


def movement_history(tea_id: int):
    """The ledger of a tea, newest first, each row with whether it has been undone."""
    reversal = aliased(StockMovement)
    return (
        select(StockMovement, reversal.id.isnot(None).label("undone"))
        .outerjoin(reversal, reversal.reverses_id == StockMovement.id)
        .where(StockMovement.tea_id == tea_id)
        .order_by(StockMovement.occurred_on.desc(), StockMovement.id.desc())
    )
