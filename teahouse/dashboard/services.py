"""The figures of the host's dashboard, each in one query whatever the collection's size."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, func, select

from teahouse.extensions import db
from teahouse.models import ConsumptionMonth, Party, PartyStatus, Tea, TeaTypeCount, User
from teahouse.models.stock import MG_PER_GRAM
from teahouse.models.tea import TEA_TYPE_LABELS, TeaType
from teahouse.stock import value
from teahouse.utc import utcnow

LIST_LENGTH = 8
TOP_STOCK = 15
NEXT_PARTIES = 3


@dataclass(frozen=True)
class TeaStock:
    tea: Tea
    grams: float


# The statements are built once, when the module loads, and run with the host's values bound:
# building a statement with subqueries and keying it for SQLAlchemy's compiled cache costs
# more than running it (about 4 of the dashboard's 8 ms before they were).
OWNER = bindparam("owner_id")

# The host's teas counted by type: a rollup kept by triggers on teas, one row per type.
_TEAS_BY_TYPE = select(TeaTypeCount.type, TeaTypeCount.teas).where(
    TeaTypeCount.owner_id == OWNER, TeaTypeCount.teas > 0
)

_TOP_STOCK = (
    select(Tea.name, Tea.milligrams_on_hand)
    .where(Tea.owner_id == OWNER, Tea.milligrams_on_hand > 0)
    .order_by(Tea.milligrams_on_hand.desc(), Tea.name)
    .limit(TOP_STOCK)
)


# A host's consumption per month, a rollup the ledger keeps: at most 24 rows of the primary
# key, this year's and last year's; the months before the first shown are left out in Python.
_CONSUMPTION = select(
    ConsumptionMonth.year, ConsumptionMonth.month, ConsumptionMonth.milligrams
).where(ConsumptionMonth.owner_id == OWNER, ConsumptionMonth.year >= bindparam("first_year"))

_RUNNING_LOW = (
    select(Tea, Tea.milligrams_on_hand)
    .where(
        Tea.owner_id == OWNER,
        Tea.milligrams_on_hand
        <= func.coalesce(Tea.low_stock_grams, bindparam("default_low_grams")) * MG_PER_GRAM,
    )
    # In the order of the (owner, stock, name) index: the scan stops at the limit.
    .order_by(Tea.milligrams_on_hand, Tea.name)
    .limit(LIST_LENGTH)
)

_DRINK_FIRST = (
    select(Tea, Tea.milligrams_on_hand)
    .where(
        Tea.owner_id == OWNER,
        # "+ 0": a filter on the rows read, so that SQLite does not pick the stock index and
        # sort every tea in stock, but reads the (owner, best-by, opened) index in its order.
        Tea.milligrams_on_hand + 0 > 0,
        (Tea.opened_on.isnot(None)) | (Tea.best_by.isnot(None)),
    )
    # Undated last, spelled IS NULL as the index is.
    .order_by(Tea.best_by.is_(None), Tea.best_by, Tea.opened_on.is_(None), Tea.opened_on, Tea.name)
    .limit(LIST_LENGTH)
)

_NEXT_PARTIES = (
    select(Party)
    .where(
        Party.owner_id == OWNER,
        Party.ends_at >= bindparam("now"),
        Party.status != PartyStatus.CANCELLED.value,
    )
    .order_by(Party.starts_at)
    .limit(NEXT_PARTIES)
)


def teas_by_type(user: User) -> list[tuple[str, int]]:
    counts = dict(db.session.execute(_TEAS_BY_TYPE, {"owner_id": user.id}).all())
    return [(TEA_TYPE_LABELS[t], counts[t.value]) for t in TeaType if counts.get(t.value)]


def top_stock(user: User) -> list[tuple[str, float]]:
    """The teas with the most leaf on hand."""
    rows = db.session.execute(_TOP_STOCK, {"owner_id": user.id}).all()
    return [(name, mg / MG_PER_GRAM) for name, mg in rows]


def collection_value(user: User) -> dict[str, Decimal]:
    """What the leaf on hand cost, per currency: a total the ledger keeps exact with each
    movement (teahouse.stock.value), rounded to the cent once."""
    return value.collection_value(user.id)


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def consumption_by_month(user: User, today: date | None = None) -> list[tuple[str, float]]:
    """Grams consumed in each of the last 12 months; an undone consumption does not count."""
    months = _months_back(today or date.today(), 12)
    rows = db.session.execute(_CONSUMPTION, {"owner_id": user.id, "first_year": months[0][0]}).all()
    consumed = {(y, m): mg / MG_PER_GRAM for y, m, mg in rows}
    return [(date(y, m, 1).strftime("%b %Y"), consumed.get((y, m), 0.0)) for y, m in months]


def running_low(user: User) -> list[TeaStock]:
    """Teas at or below their threshold (the tea's own, or the host's default)."""
    rows = db.session.execute(
        _RUNNING_LOW, {"owner_id": user.id, "default_low_grams": user.low_stock_grams}
    ).all()
    return [TeaStock(tea, mg / MG_PER_GRAM) for tea, mg in rows]


def drink_first(user: User) -> list[TeaStock]:
    """Opened teas still in stock: nearest best-by first, then those opened longest ago."""
    rows = db.session.execute(_DRINK_FIRST, {"owner_id": user.id}).all()
    return [TeaStock(tea, mg / MG_PER_GRAM) for tea, mg in rows]


def next_parties(user: User) -> list[Party]:
    """The host's coming parties that are still on, soonest first."""
    return db.session.scalars(_NEXT_PARTIES, {"owner_id": user.id, "now": utcnow()}).all()
