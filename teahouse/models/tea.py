"""The tea catalogue: a host's teas with their origin, tasting notes and brewing settings."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.models.base import utcnow


class TeaType(StrEnum):
    WHITE = "white"
    GREEN = "green"
    YELLOW = "yellow"
    OOLONG = "oolong"
    BLACK = "black"
    PUERH_RAW = "puerh_raw"
    PUERH_RIPE = "puerh_ripe"
    DARK = "dark"
    MATCHA = "matcha"
    HERBAL = "herbal"
    ROOIBOS = "rooibos"
    BLEND = "blend"

    @property
    def label(self) -> str:
        return TEA_TYPE_LABELS[self]


TEA_TYPE_LABELS = {
    TeaType.WHITE: "White",
    TeaType.GREEN: "Green",
    TeaType.YELLOW: "Yellow",
    TeaType.OOLONG: "Oolong",
    TeaType.BLACK: "Black",
    TeaType.PUERH_RAW: "Pu-erh (raw)",
    TeaType.PUERH_RIPE: "Pu-erh (ripe)",
    TeaType.DARK: "Dark",
    TeaType.MATCHA: "Matcha",
    TeaType.HERBAL: "Herbal",
    TeaType.ROOIBOS: "Rooibos",
    TeaType.BLEND: "Blend",
}


class Caffeine(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


BREW_STYLES = ("western", "gongfu")
HARVEST_SEASONS = ("spring", "summer", "autumn", "winter")


def latest_harvest_year() -> int:
    """Vendors take orders for next spring's harvest, so next year is still a harvest year.

    Read at each check, not when the app loads: a worker may run from one year into the next."""
    return date.today().year + 1


LEAF_FORMS = (
    "loose leaf",
    "rolled",
    "twisted",
    "needles",
    "flat",
    "compressed",
    "broken",
    "powder",
    "herbs and flowers",
)


def _sql_in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


# A sentence, as a screen reader reads alt text in one go.
PHOTO_DESCRIPTION_MAX = 150


class Tea(db.Model):
    """One tea of a host. Its stock is the sum of its movements (models/stock.py)."""

    __tablename__ = "teas"
    __table_args__ = (
        CheckConstraint(_sql_in("type", TeaType), name="type_known"),
        CheckConstraint(_sql_in("caffeine", Caffeine), name="caffeine_known"),
        CheckConstraint(_sql_in("brew_style", BREW_STYLES), name="brew_style_known"),
        CheckConstraint("rating IS NULL OR (rating >= 0.5 AND rating <= 5)", name="rating_range"),
        CheckConstraint("brew_temp_c BETWEEN 40 AND 100", name="brew_temp_range"),
        CheckConstraint("grams_per_100ml > 0", name="grams_positive"),
        CheckConstraint("vessel_ml > 0", name="vessel_positive"),
        # The collection sorted by name, rating or newest, a page at a time; the stock lists.
        # The list sorts by name without regard to case, and by rating with the unrated last
        # (ORDER BY rating IS NULL, rating DESC: one spelling both databases index), each in
        # the order of an index, so a page reads its 24 rows and stops.
        Index("ix_teas_owner_id_name", "owner_id", "name"),
        Index("ix_teas_owner_id_lower_name", "owner_id", text("lower(name)"), "id"),
        Index(
            "ix_teas_owner_id_rating_order",
            "owner_id",
            text("(rating IS NULL)"),
            text("rating DESC"),
            text("lower(name)"),
            "id",
        ),
        Index("ix_teas_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_teas_owner_id_milligrams_on_hand", "owner_id", "milligrams_on_hand", "name"),
        Index("ix_teas_owner_id_type", "owner_id", "type"),
        # The dashboard's "drink these first": nearest best-by, then opened longest ago, the
        # undated last (IS NULL first in the key, as for rating), so it reads 8 teas and stops.
        Index(
            "ix_teas_owner_id_drink_first",
            "owner_id",
            text("(best_by IS NULL)"),
            "best_by",
            text("(opened_on IS NULL)"),
            "opened_on",
            "name",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    origin_country: Mapped[str] = mapped_column(String(80), default="")
    origin_region: Mapped[str] = mapped_column(String(120), default="")
    cultivar: Mapped[str] = mapped_column(String(120), default="")
    vendor: Mapped[str] = mapped_column(String(120), default="")
    vendor_url: Mapped[str] = mapped_column(String(500), default="")
    harvest_year: Mapped[int | None]
    harvest_season: Mapped[str] = mapped_column(String(10), default="")
    leaf_form: Mapped[str] = mapped_column(String(40), default="")
    caffeine: Mapped[str] = mapped_column(String(10), default=Caffeine.MEDIUM.value)
    rating: Mapped[float | None]
    favourite: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Random file stem under instance/tea-photos/: "<stem>.jpg" and its sizes "-middle.jpg",
    # "-menu.jpg", "-thumb.jpg".
    photo: Mapped[str | None] = mapped_column(String(40))
    # The host's words for what the photo shows: its alt text where the photo is content.
    # Empty: the tea's name stands in.
    photo_description: Mapped[str] = mapped_column(
        String(PHOTO_DESCRIPTION_MAX), default="", server_default=""
    )

    brew_style: Mapped[str] = mapped_column(String(10), default="western")
    brew_temp_c: Mapped[int]
    grams_per_100ml: Mapped[float]
    steep_seconds: Mapped[list[int]] = mapped_column(JSON)
    rinse: Mapped[bool] = mapped_column(default=False)
    vessel_ml: Mapped[int] = mapped_column(default=100)

    opened_on: Mapped[date | None]
    best_by: Mapped[date | None]
    # None: the host's default threshold applies.
    low_stock_grams: Mapped[int | None]
    # The sum of this tea's ledger, kept so lists need not add up the history. Only
    # teahouse.stock.ledger changes it, in the same transaction as each movement.
    milligrams_on_hand: Mapped[int] = mapped_column(default=0, server_default="0")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: an edit made from a stale page is refused instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    tag_rows: Mapped[list["TeaTag"]] = relationship(
        back_populates="tea", cascade="all, delete-orphan", order_by="TeaTag.name"
    )
    movements: Mapped[list["StockMovement"]] = relationship(  # noqa: F821
        back_populates="tea", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def tags(self) -> list[str]:
        return [row.name for row in self.tag_rows]

    @tags.setter
    def tags(self, names: list[str]) -> None:
        wanted = list(dict.fromkeys(names))
        kept = [row for row in self.tag_rows if row.name in wanted]
        have = {row.name for row in kept}
        self.tag_rows = kept + [TeaTag(name=name) for name in wanted if name not in have]

    @property
    def type_label(self) -> str:
        return TeaType(self.type).label

    def leaf_grams(self, vessel_ml: int | None = None) -> float:
        """Leaf for one infusion: vessel ml × g/100 ml ÷ 100."""
        return round((vessel_ml or self.vessel_ml) * self.grams_per_100ml / 100, 1)

    def __repr__(self) -> str:
        return f"<Tea {self.id} {self.name!r}>"


# What describes a tea (the tea form edits these one-to-one) ...
TEA_DESCRIPTION_FIELDS = (
    "name",
    "type",
    "origin_country",
    "origin_region",
    "cultivar",
    "vendor",
    "vendor_url",
    "harvest_year",
    "harvest_season",
    "leaf_form",
    "caffeine",
    "rating",
    "favourite",
    "notes",
    "brew_style",
)
# ... and the whole record, by name, as exports and the sample collection carry it.
TEA_RECORD_FIELDS = TEA_DESCRIPTION_FIELDS + (
    "brew_temp_c",
    "grams_per_100ml",
    "steep_seconds",
    "rinse",
    "vessel_ml",
    "opened_on",
    "best_by",
    "low_stock_grams",
)


class TeaTag(db.Model):
    """A host's own label on a tea ("breakfast", "gift from Mei", ...)."""

    __tablename__ = "tea_tags"
    __table_args__ = (
        UniqueConstraint("tea_id", "name"),
        # The host's tags, one name after the other (teas.services.host_tags).
        Index("ix_tea_tags_name_tea_id", "name", "tea_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40), index=True)

    tea: Mapped[Tea] = relationship(back_populates="tag_rows")


class TeaTypeCount(db.Model):
    """How many teas of one type a host has: a rollup of the teas table for the dashboard.

    Kept by database triggers on teas (insert, delete, a change of type or owner; see the
    migration that made this table), so that every way a tea is written counts — a form, the
    sample, an import's bulk INSERT and its hand-over, a cascade. `flask check-stock`
    recounts it.
    """

    __tablename__ = "tea_type_counts"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    teas: Mapped[int] = mapped_column(default=0)
