"""The stock ledger: append-only movements whose sum is a tea's grams on hand."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.models.base import utcnow

MG_PER_GRAM = 1000


class MovementKind(StrEnum):
    PURCHASE = "purchase"
    BREWED = "brewed"
    SERVED = "served"
    GIFT = "gift"
    SWAP = "swap"
    SAMPLE = "sample"
    SPOILED = "spoiled"
    STOCKTAKE = "stocktake"
    UNDO = "undo"

    @property
    def label(self) -> str:
        return MOVEMENT_LABELS[self]


MOVEMENT_LABELS = {
    MovementKind.PURCHASE: "Purchase",
    MovementKind.BREWED: "Brewed",
    MovementKind.SERVED: "Served at a party",
    MovementKind.GIFT: "Given as a gift",
    MovementKind.SWAP: "Swapped away",
    MovementKind.SAMPLE: "Sent as a sample",
    MovementKind.SPOILED: "Spoiled",
    MovementKind.STOCKTAKE: "Stock-take",
    MovementKind.UNDO: "Undo",
}

# The ways leaf leaves the caddy: they count as consumption in the charts.
CONSUMPTION_KINDS = (
    MovementKind.BREWED,
    MovementKind.SERVED,
    MovementKind.GIFT,
    MovementKind.SWAP,
    MovementKind.SAMPLE,
    MovementKind.SPOILED,
)


class StockMovement(db.Model):
    """One change to a tea's stock. Never edited or deleted: undo is a compensating movement.

    Amounts are whole milligrams so that sums stay exact.
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(repr(k.value) for k in MovementKind) + ")", name="kind_known"
        ),
        # A tea's ledger newest first, a page at a time.
        Index("ix_stock_movements_tea_id_occurred_on", "tea_id", "occurred_on", "id"),
        # The dashboard reads the rollups now. What still reads this index is `flask
        # check-stock` (and each test's teardown) summing every host's months of consumption:
        # SQLite reads them from the index alone (PostgreSQL scans the table).
        Index(
            "ix_stock_movements_owner_id_occurred_on",
            "owner_id",
            "occurred_on",
            "kind",
            "milligrams",
            "reverses_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    milligrams: Mapped[int]
    # Hundredths of the currency unit (cents, pence; yen too, for one rule), purchases only.
    cost_minor: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3), default="")
    vendor: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    occurred_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An undo points at the movement it compensates; unique, so nothing is undone twice.
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movements.id", ondelete="CASCADE"), unique=True
    )
    brew_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("brew_sessions.id", ondelete="SET NULL"), index=True
    )

    tea: Mapped["Tea"] = relationship(back_populates="movements")  # noqa: F821

    @property
    def kind_label(self) -> str:
        return MovementKind(self.kind).label

    @property
    def grams(self) -> float:
        return self.milligrams / MG_PER_GRAM


class ConsumptionMonth(db.Model):
    """A host's grams consumed in one month: a rollup of the ledger kept by it.

    The ledger adds each movement whose effective kind (its own, or for an undo the kind of the
    movement it reverses) is a consumption kind, in the same transaction as the movement, so the
    dashboard reads 12 rows instead of a year of movements. `flask check-stock` recomputes it.
    """

    __tablename__ = "stock_consumption_months"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    milligrams: Mapped[int] = mapped_column(BigInteger, default=0)


class PurchaseTotal(db.Model):
    """What a tea's standing purchases (with a cost, not undone) cost and weighed, per currency.

    Kept by the ledger on each purchase and on the undo of one, so the collection's value joins
    one row per tea and currency instead of summing every purchase. Deleting a tea removes its
    rows with its movements (the foreign key cascades).
    """

    __tablename__ = "tea_purchase_totals"

    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    milligrams: Mapped[int] = mapped_column(BigInteger, default=0)
    # What the tea's leaf on hand cost in this currency, in millionths of a minor unit:
    # cost_minor × on hand ÷ milligrams, rounded half up (0 when none is on hand). Kept by the
    # ledger with each movement, so that the host's CollectionValue adds exact integers.
    value_micro: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class CollectionValue(db.Model):
    """What a host's leaf on hand cost, per currency: the sum of their teas' value_micro.

    The ledger adds each change of a tea's value in the same transaction as the movement, so
    the dashboard reads one row per currency instead of every tea in stock.
    """

    __tablename__ = "stock_collection_values"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    value_micro: Mapped[int] = mapped_column(BigInteger, default=0)
