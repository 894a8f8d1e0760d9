"""Once-only submissions: the token a creation form carried, and where its creation lives."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teahouse.extensions import db
from teahouse.utc import utcnow


class Submission(db.Model):
    """A creation form's token, recorded in the transaction that created its row.

    A second press of the same form brings the same token: finding it here, the app creates
    nothing and answers with `location`, the page of what the first press created. Unique per
    host, so another host's token is simply unknown here. Rows older than a day are pruned.
    """

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("owner_id", "token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
