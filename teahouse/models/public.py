"""The shared face of a party: its public page, and each host's private calendar feed.

Neither table stores a usable link. A link's token is an HMAC of a random salt under the app's
secret key, and the row keeps the salt (to show the host their link again) and the SHA-256 of
the token (to find the row when a visitor brings the token). A copy of the database alone
opens nothing; a new salt kills the old link at once.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.utc import utcnow


class GuestListVisibility(StrEnum):
    HIDDEN = "hidden"
    COUNT = "count"
    FIRST_NAMES = "first_names"


class PublicPage(db.Model):
    """A party's page for anyone with its link; off (no token) until the host turns it on."""

    __tablename__ = "public_pages"

    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Both NULL while the page is off.
    link_salt: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Search engines may index the page only when the host lists it.
    listed: Mapped[bool] = mapped_column(default=False)
    guest_list: Mapped[str] = mapped_column(String(12), default=GuestListVisibility.COUNT.value)
    # The address on the public page (otherwise: "shared with confirmed guests").
    show_location: Mapped[bool] = mapped_column(default=False)
    # Strangers with the link may answer: each becomes a guest with an invitation.
    open_rsvp: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    party: Mapped["Party"] = relationship()  # noqa: F821

    @property
    def is_on(self) -> bool:
        return self.token_hash is not None


class CalendarFeed(db.Model):
    """A host's private subscription feed of their published parties (revocable)."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    link_salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
