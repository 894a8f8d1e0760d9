"""What the leaf on hand cost: kept exact, per tea and per host, as each movement is written.

A tea's leaf on hand is worth, in each currency it was bought in, its standing purchases' cost
× grams on hand ÷ grams bought. That value changes with every movement of the tea (the grams on
hand) and every purchase or undone purchase (the cost and grams bought), so the ledger calls
revalue() with the teas it moved, after their totals and purchase rollups are written: each
tea's value (tea_purchase_totals.value_micro) is computed again in Python integers and the
difference added to its host's CollectionValue. The dashboard reads one row per currency.
A deleted tea's value leaves its host's totals by a trigger on teas (BEFORE DELETE: however
the tea goes, its purchase totals are still there to be read).

Values are whole millionths of a minor unit, each tea's rounded half up once; the host's total
is their exact sum, which check-stock recomputes from the same rule and the ledger's sums.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import bindparam, delete, func, select, update

from teahouse.database import add_amounts
from teahouse.extensions import db
from teahouse.models import CollectionValue, PurchaseTotal, Tea

MICRO = 10**6
_MINOR_PER_UNIT = 100
# Teas per IN (...) when revaluing many at once (an import).
_CHUNK = 500

_TOTALS_OF_TEAS = (
    select(
        PurchaseTotal.tea_id,
        PurchaseTotal.currency,
        PurchaseTotal.cost_minor,
        PurchaseTotal.milligrams,
        PurchaseTotal.value_micro,
        Tea.owner_id,
        Tea.milligrams_on_hand,
    )
    .join(Tea, Tea.id == PurchaseTotal.tea_id)
    .where(PurchaseTotal.tea_id.in_(bindparam("tea_ids", expanding=True)))
)
_SET_VALUE = (
    update(PurchaseTotal.__table__)
    .where(
        PurchaseTotal.__table__.c.tea_id == bindparam("tea"),
        PurchaseTotal.__table__.c.currency == bindparam("cur"),
    )
    .values(value_micro=bindparam("value"))
)
_HOST_VALUES = (
    select(CollectionValue.currency, CollectionValue.value_micro)
    .where(CollectionValue.owner_id == bindparam("owner_id"), CollectionValue.value_micro != 0)
    .order_by(CollectionValue.currency)
)


def tea_value_micro(cost_minor: int, milligrams: int, on_hand: int) -> int:
    """cost × on hand ÷ bought, in millionths of a minor unit, half up; 0 with none on hand."""
    if on_hand <= 0 or milligrams <= 0:
        return 0
    quotient, remainder = divmod(cost_minor * on_hand * MICRO, milligrams)
    return quotient + (2 * remainder >= milligrams)


def revalue(tea_ids: Iterable[int]) -> None:
    """Recompute these teas' values and move their hosts' totals by the difference (inside the
    caller's transaction, after the teas' running totals and purchase totals are written)."""
    ids = sorted(set(tea_ids))
    changed: list[dict] = []
    deltas: dict[tuple[int, str], int] = defaultdict(int)
    for start in range(0, len(ids), _CHUNK):
        rows = db.session.execute(_TOTALS_OF_TEAS, {"tea_ids": ids[start : start + _CHUNK]})
        for tea_id, currency, cost, bought, kept, owner_id, on_hand in rows:
            value = tea_value_micro(cost, bought, on_hand)
            if value != kept:
                changed.append({"tea": tea_id, "cur": currency, "value": value})
                deltas[(owner_id, currency)] += value - kept
    if changed:
        db.session.execute(_SET_VALUE, changed)
    _add_to_hosts(deltas)


def _add_to_hosts(deltas: dict[tuple[int, str], int]) -> None:
    add_amounts(
        CollectionValue,
        ["owner_id", "currency"],
        [
            {"owner_id": owner, "currency": currency, "value_micro": delta}
            for (owner, currency), delta in deltas.items()
            if delta
        ],
    )


def hand_over(from_owner: int, to_owner: int) -> None:
    """Add one account's totals to another's (an import's staging account handing its teas to
    the host; the teas' own values follow them)."""
    rows = db.session.execute(
        select(CollectionValue.currency, CollectionValue.value_micro).where(
            CollectionValue.owner_id == from_owner
        )
    )
    _add_to_hosts({(to_owner, currency): value for currency, value in rows})
    db.session.execute(delete(CollectionValue).where(CollectionValue.owner_id == from_owner))


def collection_value(owner_id: int) -> dict[str, Decimal]:
    """currency → what the host's leaf on hand cost, rounded to the cent once, at the end."""
    rows = db.session.execute(_HOST_VALUES, {"owner_id": owner_id})
    cent = Decimal("0.01")
    return {
        currency: (Decimal(value) / (MICRO * _MINOR_PER_UNIT)).quantize(cent)
        for currency, value in rows
    }


# ------------------------------------------------------------------ checking them


def _values_from_totals() -> dict[tuple[int, str], tuple[int, int]]:
    """(tea, currency) → (kept value, the value its totals and stock give)."""
    rows = db.session.execute(
        select(
            PurchaseTotal.tea_id,
            PurchaseTotal.currency,
            PurchaseTotal.cost_minor,
            PurchaseTotal.milligrams,
            PurchaseTotal.value_micro,
            Tea.milligrams_on_hand,
        ).join(Tea, Tea.id == PurchaseTotal.tea_id)
    )
    return {
        (tea_id, currency): (kept, tea_value_micro(cost, bought, on_hand))
        for tea_id, currency, cost, bought, kept, on_hand in rows
    }


def _host_sums():
    """(owner, currency, the sum of their teas' kept values)."""
    return (
        select(Tea.owner_id, PurchaseTotal.currency, func.sum(PurchaseTotal.value_micro))
        .join(Tea, Tea.id == PurchaseTotal.tea_id)
        .group_by(Tea.owner_id, PurchaseTotal.currency)
    )


def mismatches() -> list[str]:
    """Each tea value that differs from its rule, and each host total from its teas' sum."""
    found = [
        f"value of tea {tea_id} in {currency or 'no currency'}: kept {kept}, "
        f"computed {value} millionths of a minor unit"
        for (tea_id, currency), (kept, value) in sorted(_values_from_totals().items())
        if kept != value
    ]
    kept_totals = {
        (row.owner_id, row.currency): row.value_micro
        for row in db.session.execute(select(CollectionValue.__table__))
        if row.value_micro
    }
    summed = {(o, c): int(v) for o, c, v in db.session.execute(_host_sums()) if v}
    found += [
        f"collection value of host {owner} in {currency or 'no currency'}: kept "
        f"{kept_totals.get((owner, currency), 0)}, teas sum to {summed.get((owner, currency), 0)}"
        for owner, currency in sorted(kept_totals.keys() | summed.keys())
        if kept_totals.get((owner, currency), 0) != summed.get((owner, currency), 0)
    ]
    return found


def rebuild() -> None:
    """Every tea's value from its purchase totals, every host's from its teas (inside a write
    transaction, after the purchase totals are right)."""
    changed = [
        {"tea": tea_id, "cur": currency, "value": value}
        for (tea_id, currency), (kept, value) in _values_from_totals().items()
        if kept != value
    ]
    if changed:
        db.session.execute(_SET_VALUE, changed)
    db.session.execute(delete(CollectionValue))
    db.session.execute(
        CollectionValue.__table__.insert().from_select(
            ["owner_id", "currency", "value_micro"], _host_sums()
        )
    )
