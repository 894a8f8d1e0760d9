"""The ledger's rollups: a host's consumption per month, a tea's standing purchases per currency.

Both are caches of sums over stock_movements, written only by teahouse.stock.ledger in the same
transaction as each movement, so the dashboard reads a dozen rows instead of the whole history.
The statements that sum the ledger itself stay here as the slow, certain answer: `flask
check-stock` and every test's teardown compare the rollups with them, and a repair rebuilds
the rollups from them. The same check and repair cover the value of the leaf on hand
(teahouse.stock.value) and the teas counted by type (kept by triggers on teas).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, delete, extract, func, insert, select
from sqlalchemy.orm import aliased

from teahouse.database import add_amounts
from teahouse.extensions import db
from teahouse.models import (
    ConsumptionMonth,
    MovementKind,
    PurchaseTotal,
    StockMovement,
    Tea,
    TeaTypeCount,
)
from teahouse.models.stock import CONSUMPTION_KINDS
from teahouse.stock import value
from teahouse.stock.services import standing_purchases

_CONSUMPTION_KINDS = frozenset(k.value for k in CONSUMPTION_KINDS)
_PURCHASE = MovementKind.PURCHASE.value
# Ids per IN (...) when reading the movements that undos reverse.
_ID_CHUNK = 500


# ------------------------------------------------------------------ keeping them


def reversed_movements(ids: Iterable[int]) -> dict[int, dict]:
    """id → the columns of the movements these undos reverse that the rollups need."""
    ids = sorted({i for i in ids if i is not None})
    found: dict[int, dict] = {}
    for start in range(0, len(ids), _ID_CHUNK):
        rows = db.session.execute(
            select(
                StockMovement.id,
                StockMovement.kind,
                StockMovement.tea_id,
                StockMovement.milligrams,
                StockMovement.cost_minor,
                StockMovement.currency,
            ).where(StockMovement.id.in_(ids[start : start + _ID_CHUNK]))
        ).mappings()
        found.update({row["id"]: dict(row) for row in rows})
    return found


def _month(occurred_on) -> tuple[int, int]:
    day = date.fromisoformat(occurred_on) if isinstance(occurred_on, str) else occurred_on
    return day.year, day.month


def record(rows: list[dict], reversed_by_id: dict[int, dict]) -> None:
    """Add new movements (dicts of StockMovement columns) to the rollups.

    A movement counts as consumption when its effective kind — its own, or for an undo the
    kind of the movement it reverses — is a consumption kind: -milligrams in the month it
    occurred. A purchase with a cost adds to its tea's totals in its currency; an undo of
    one takes the purchase's own cost and grams away again.
    """
    consumed: dict[tuple, int] = defaultdict(int)
    purchases: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        reversed_row = reversed_by_id.get(row.get("reverses_id"))
        kind = reversed_row["kind"] if reversed_row else row["kind"]
        if kind in _CONSUMPTION_KINDS:
            consumed[(row["owner_id"], *_month(row["occurred_on"]))] -= row["milligrams"]
        if row["kind"] == _PURCHASE and row.get("cost_minor") is not None:
            totals = purchases[(row["tea_id"], row.get("currency") or "")]
            totals[0] += row["cost_minor"]
            totals[1] += row["milligrams"]
        if reversed_row and kind == _PURCHASE and reversed_row["cost_minor"] is not None:
            totals = purchases[(reversed_row["tea_id"], reversed_row["currency"])]
            totals[0] -= reversed_row["cost_minor"]
            totals[1] -= reversed_row["milligrams"]
    add_amounts(
        ConsumptionMonth,
        ["owner_id", "year", "month"],
        [
            {"owner_id": o, "year": y, "month": m, "milligrams": mg}
            for (o, y, m), mg in consumed.items()
            if mg
        ],
    )
    add_amounts(
        PurchaseTotal,
        ["tea_id", "currency"],
        [
            {"tea_id": t, "currency": c, "cost_minor": cost, "milligrams": mg}
            for (t, c), (cost, mg) in purchases.items()
            if cost or mg
        ],
    )


def hand_over(from_owner: int, to_owner: int) -> None:
    """Add one account's months of consumption to another's (an import's staging account
    handing its teas to the host). Purchase totals follow their teas by themselves."""
    rows = db.session.execute(
        select(ConsumptionMonth.year, ConsumptionMonth.month, ConsumptionMonth.milligrams).where(
            ConsumptionMonth.owner_id == from_owner
        )
    ).all()
    add_amounts(
        ConsumptionMonth,
        ["owner_id", "year", "month"],
        [{"owner_id": to_owner, "year": y, "month": m, "milligrams": mg} for y, m, mg in rows],
    )
    db.session.execute(delete(ConsumptionMonth).where(ConsumptionMonth.owner_id == from_owner))


def forget_tea(tea_id: int) -> None:
    """Take a tea's movements out of its host's months of consumption, before the tea and its
    movements are deleted (its purchase totals go with it: their foreign key cascades)."""
    query = consumption_from_ledger().where(StockMovement.tea_id == tea_id)
    add_amounts(
        ConsumptionMonth,
        ["owner_id", "year", "month"],
        [
            {"owner_id": o, "year": int(y), "month": int(m), "milligrams": -int(mg)}
            for o, y, m, mg in db.session.execute(query).all()
            if mg
        ],
    )


# ------------------------------------------------------------------ the ledger's own answers


def consumption_from_ledger():
    """(owner_id, year, month, milligrams) summed over the movements themselves."""
    reversed_movement = aliased(StockMovement)
    effective_kind = func.coalesce(reversed_movement.kind, StockMovement.kind)
    year = extract("year", StockMovement.occurred_on)
    month = extract("month", StockMovement.occurred_on)
    return (
        select(StockMovement.owner_id, year, month, func.sum(-StockMovement.milligrams))
        .outerjoin(reversed_movement, reversed_movement.id == StockMovement.reverses_id)
        .where(effective_kind.in_(sorted(_CONSUMPTION_KINDS)))
        .group_by(StockMovement.owner_id, year, month)
    )


def purchases_from_ledger():
    """(tea_id, currency, cost_minor, milligrams) summed over the standing purchases."""
    purchases = standing_purchases().subquery()
    return select(
        purchases.c.tea_id,
        purchases.c.currency,
        func.sum(purchases.c.cost_minor),
        func.sum(purchases.c.milligrams),
    ).group_by(purchases.c.tea_id, purchases.c.currency)


def collection_value_from_ledger():
    """The collection's value per currency (minor units) summed over every standing purchase:
    the statement the dashboard ran before the purchase totals, kept to check them."""
    purchases = standing_purchases().where(StockMovement.owner_id == bindparam("owner_id"))
    purchases = purchases.subquery()
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


# ------------------------------------------------------------------ checking them


def _differences(kept: dict, ledger: dict) -> list[tuple]:
    """(key, kept, ledger) for every key where the two differ; a missing row counts as zero."""
    zero = next(iter(ledger.values() or kept.values()), None)
    zero = tuple(0 for _ in zero) if isinstance(zero, tuple) else 0
    return [
        (key, kept.get(key, zero), ledger.get(key, zero))
        for key in sorted(kept.keys() | ledger.keys())
        if kept.get(key, zero) != ledger.get(key, zero)
    ]


def mismatches() -> list[str]:
    """Every rollup row that differs from what the ledger sums to, described for the host."""
    kept_months = {
        (row.owner_id, row.year, row.month): row.milligrams
        for row in db.session.execute(select(ConsumptionMonth.__table__)).all()
    }
    ledger_months = {
        (o, int(y), int(m)): int(mg)
        for o, y, m, mg in db.session.execute(consumption_from_ledger()).all()
    }
    kept_purchases = {
        (row.tea_id, row.currency): (row.cost_minor, row.milligrams)
        for row in db.session.execute(select(PurchaseTotal.__table__)).all()
    }
    ledger_purchases = {
        (t, c): (int(cost), int(mg))
        for t, c, cost, mg in db.session.execute(purchases_from_ledger()).all()
    }
    found = [
        f"consumption of host {o} in {y}-{m:02d}: kept {kept / 1000:g} g, ledger {sums / 1000:g} g"
        for (o, y, m), kept, sums in _differences(kept_months, ledger_months)
    ]
    found += [
        f"purchases of tea {t} in {c or 'no currency'}: kept {kept[0]} minor units for "
        f"{kept[1] / 1000:g} g, ledger {sums[0]} for {sums[1] / 1000:g} g"
        for (t, c), kept, sums in _differences(kept_purchases, ledger_purchases)
    ]
    kept_types = {
        (row.owner_id, row.type): row.teas
        for row in db.session.execute(select(TeaTypeCount.__table__))
        if row.teas
    }
    counted_types = {(o, t): n for o, t, n in db.session.execute(type_counts_from_teas())}
    found += [
        f"teas of type {t} of host {o}: kept {kept}, counted {counted}"
        for (o, t), kept, counted in _differences(kept_types, counted_types)
    ]
    return found + value.mismatches()


def type_counts_from_teas():
    """(owner_id, type, teas) counted over the teas themselves."""
    return select(Tea.owner_id, Tea.type, func.count()).group_by(Tea.owner_id, Tea.type)


def rebuild() -> None:
    """Set the rollups to what the ledger sums to and the teas count (inside a write
    transaction)."""
    db.session.execute(delete(ConsumptionMonth))
    db.session.execute(delete(PurchaseTotal))
    db.session.execute(
        insert(ConsumptionMonth).from_select(
            ["owner_id", "year", "month", "milligrams"], consumption_from_ledger()
        )
    )
    db.session.execute(
        insert(PurchaseTotal).from_select(
            ["tea_id", "currency", "cost_minor", "milligrams"], purchases_from_ledger()
        )
    )
    value.rebuild()
    db.session.execute(delete(TeaTypeCount))
    db.session.execute(
        insert(TeaTypeCount).from_select(["owner_id", "type", "teas"], type_counts_from_teas())
    )
