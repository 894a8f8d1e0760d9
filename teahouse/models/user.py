"""Host accounts and their server-side sessions."""

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from teahouse.extensions import db
from teahouse.models.base import utcnow


class User(db.Model):
    """A host: owns a collection, guests and parties."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    temperature_unit: Mapped[str] = mapped_column(String(1), default="C")
    # A tea at or below this many grams is "running low", unless the tea sets its own.
    low_stock_grams: Mapped[int] = mapped_column(default=25, server_default="25")
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the sample collection was loaded, so that it is never loaded twice.
    sample_loaded_at: Mapped[datetime | None]

    # What Flask-Login asks of a user object (its UserMixin, written out so that the models
    # import nothing from the web layer).
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. Deleting the row ends that session even if its cookie is replayed."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
