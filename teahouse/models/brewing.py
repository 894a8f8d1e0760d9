"""Teaware and the brew log: what the host brewed, in what, and how it tasted."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.models.base import utcnow


class Teaware(db.Model):
    """A named vessel of the host's: the vessel's volume decides the grams of leaf."""

    __tablename__ = "teaware"
    __table_args__ = (CheckConstraint("volume_ml BETWEEN 20 AND 3000", name="volume_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    volume_ml: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrewSession(db.Model):
    """One brewing of a tea, with the steeps actually made. Its leaf is a "brewed" movement."""

    __tablename__ = "brew_sessions"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 0.5 AND rating <= 5)", name="rating_range"),
        CheckConstraint("milligrams_used > 0", name="leaf_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), index=True)
    teaware_id: Mapped[int | None] = mapped_column(
        ForeignKey("teaware.id", ondelete="SET NULL"), index=True
    )
    brewed_on: Mapped[date]
    style: Mapped[str] = mapped_column(String(10))
    vessel_ml: Mapped[int]
    milligrams_used: Mapped[int]
    # [{"temp_c": 95, "seconds": 20, "note": "..."}, ...]
    steeps: Mapped[list[dict]] = mapped_column(JSON, default=list)
    rating: Mapped[float | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    teaware: Mapped[Teaware | None] = relationship()

    @property
    def grams_used(self) -> float:
        return self.milligrams_used / 1000
