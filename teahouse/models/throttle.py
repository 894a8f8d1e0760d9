"""Counters of attempts (sign-in, sign-up) shared by every worker process through the database."""

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from teahouse.extensions import db


class ThrottleCounter(db.Model):
    """How often one key (e.g. an account at an address) was tried in the current window.

    `expires_at` is in seconds since the epoch, as the `limits` library counts its windows; a
    row past it counts as absent and is deleted by the next attempt.
    """

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(Float, index=True)
