"""What the stock pages show: a tea's stock and cost per gram, its ledger page by page.

Movements are added and undone by teahouse.stock.ledger, the one owner of stock.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, Tea
from teahouse.models.stock import MG_PER_GRAM

RECENT_MOVEMENTS = 10  # on the tea page; the history page shows them all, 50 a page


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


def _unit_costs_statement():
    purchases = standing_purchases().where(StockMovement.tea_id == bindparam("tea_id")).subquery()
    return (
        select(
            purchases.c.currency,
            func.sum(purchases.c.cost_minor),
            func.sum(purchases.c.milligrams),
        )
        .group_by(purchases.c.currency)
        .order_by(func.sum(purchases.c.milligrams).desc())
    )


def _history(tea_id):
    reversal = aliased(StockMovement)
    return (
        select(StockMovement, reversal.id.isnot(None).label("undone"))
        .outerjoin(reversal, reversal.reverses_id == StockMovement.id)
        .where(StockMovement.tea_id == tea_id)
        .order_by(StockMovement.occurred_on.desc(), StockMovement.id.desc())
    )


# Built once, run with the tea's id bound: building a statement with a subquery or an alias and
# keying it for SQLAlchemy's compiled cache costs more than running it, on every tea page.
_UNIT_COSTS = _unit_costs_statement()
_RECENT_MOVEMENTS = _history(bindparam("tea_id")).limit(RECENT_MOVEMENTS)


def stock_summary(tea: Tea) -> StockSummary:
    """Grams on hand (the running total) and the cost per gram weighted over the purchases."""
    rows = db.session.execute(_UNIT_COSTS, {"tea_id": tea.id}).all()
    unit_costs = tuple(
        UnitCost(currency, Decimal(cost) / 100 / (Decimal(mg) / MG_PER_GRAM))
        for currency, cost, mg in rows
        if mg
    )
    return StockSummary(grams=tea.milligrams_on_hand / MG_PER_GRAM, unit_costs=unit_costs)


def movement_history(tea_id: int):
    """The ledger of a tea, newest first, each row with whether it has been undone."""
    return _history(tea_id)


def recent_movements(tea_id: int) -> list:
    """The tea's latest RECENT_MOVEMENTS rows of movement_history."""
    return db.session.execute(_RECENT_MOVEMENTS, {"tea_id": tea_id}).all()


def set_dates(tea: Tea, opened_on: date | None, best_by: date | None, low_stock_grams) -> None:
    """When the tea was opened, its best-by date and its own low-stock threshold."""
    tea.opened_on = opened_on
    tea.best_by = best_by
    tea.low_stock_grams = low_stock_grams
    db.session.commit()
