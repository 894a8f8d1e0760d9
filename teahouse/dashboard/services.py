"""The figures of the host's dashboard, each in one query whatever the collection's size."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, extract, func, select
from sqlalchemy.orm import aliased

from teahouse.extensions import db
from teahouse.models import Party, PartyStatus, StockMovement, Tea, User
from teahouse.models.stock import CONSUMPTION_KINDS, MG_PER_GRAM
from teahouse.models.tea import TEA_TYPE_LABELS, TeaType
from teahouse.stock.services import standing_purchases
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

_TEAS_BY_TYPE = select(Tea.type, func.count()).where(Tea.owner_id == OWNER).group_by(Tea.type)

_TOP_STOCK = (
    select(Tea.name, Tea.milligrams_on_hand)
    .where(Tea.owner_id == OWNER, Tea.milligrams_on_hand > 0)
    .order_by(Tea.milligrams_on_hand.desc(), Tea.name)
    .limit(TOP_STOCK)
)


def _collection_value_statement():
    purchases = standing_purchases().where(StockMovement.owner_id == OWNER).subquery()
    unit = (
        select(
            purchases.c.tea_id,
            purchases.c.currency,
            func.sum(purchases.c.cost_minor).label("cost"),
            func.sum(purchases.c.milligrams).label("mg"),
        )
        .group_by(purchases.c.tea_id, purchases.c.currency)
        .subquery()
    )
    value_minor = func.sum(unit.c.cost * Tea.milligrams_on_hand * 1.0 / unit.c.mg)
    return (
        select(unit.c.currency, value_minor)
        .join(Tea, Tea.id == unit.c.tea_id)
        .where(Tea.milligrams_on_hand > 0, unit.c.mg > 0)
        .group_by(unit.c.currency)
        .order_by(unit.c.currency)
    )


_COLLECTION_VALUE = _collection_value_statement()


def _consumption_statement():
    reversed_movement = aliased(StockMovement)
    effective_kind = func.coalesce(reversed_movement.kind, StockMovement.kind)
    year = extract("year", StockMovement.occurred_on)
    month = extract("month", StockMovement.occurred_on)
    return (
        select(year, month, func.sum(-StockMovement.milligrams))
        .outerjoin(reversed_movement, reversed_movement.id == StockMovement.reverses_id)
        .where(
            StockMovement.owner_id == OWNER,
            StockMovement.occurred_on >= bindparam("first_day"),
            effective_kind.in_([k.value for k in CONSUMPTION_KINDS]),
        )
        .group_by(year, month)
    )


_CONSUMPTION = _consumption_statement()

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
        Tea.milligrams_on_hand > 0,
        (Tea.opened_on.isnot(None)) | (Tea.best_by.isnot(None)),
    )
    .order_by(Tea.best_by.asc().nulls_last(), Tea.opened_on.asc().nulls_last(), Tea.name)
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
    """What the leaf on hand cost, per currency: grams on hand × each tea's cost per gram.

    Summed in SQL; the cents are rounded once per currency, in Python, so that SQLite and
    PostgreSQL give the same figure.
    """
    rows = db.session.execute(_COLLECTION_VALUE, {"owner_id": user.id}).all()
    return {
        currency: (Decimal(str(minor)) / 100).quantize(Decimal("0.01")) for currency, minor in rows
    }


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
    rows = db.session.execute(
        _CONSUMPTION, {"owner_id": user.id, "first_day": date(*months[0], 1)}
    ).all()
    consumed = {(int(y), int(m)): mg / MG_PER_GRAM for y, m, mg in rows}
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
