"""The host's address book."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.models.base import utcnow


class CaffeinePreference(StrEnum):
    ANY = "any"
    LOW = "low"
    NONE = "none"


DIETARY_TAGS = (
    "vegetarian",
    "vegan",
    "gluten-free",
    "dairy-free",
    "nut allergy",
    "halal",
    "kosher",
    "no alcohol",
)

guest_favourite_teas = Table(
    "guest_favourite_teas",
    db.metadata,
    Column("guest_id", ForeignKey("guests.id", ondelete="CASCADE"), primary_key=True),
    Column("tea_id", ForeignKey("teas.id", ondelete="CASCADE"), primary_key=True),
)


class Guest(db.Model):
    """Someone the host invites. Guests never need an account."""

    __tablename__ = "guests"
    # The address book by name, a page at a time; the party page's list of whom to invite.
    __table_args__ = (Index("ix_guests_owner_id_name", "owner_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    dietary_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    dietary_notes: Mapped[str] = mapped_column(String(500), default="")
    caffeine: Mapped[str] = mapped_column(String(10), default=CaffeinePreference.ANY.value)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    favourite_teas: Mapped[list["Tea"]] = relationship(  # noqa: F821
        secondary=guest_favourite_teas, order_by="Tea.name"
    )

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name
