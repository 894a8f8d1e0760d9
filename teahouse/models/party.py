"""Parties, their invitations and answers, and the tea menu."""

import secrets
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import inspect as inspect_row
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teahouse.extensions import db
from teahouse.utc import as_utc, utcnow


class PartyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    HELD = "held"


class Response(StrEnum):
    PENDING = "pending"
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


# The most plus-ones a party may allow each guest.
MAX_PLUS_ONE_CAP = 10


def new_token() -> str:
    """An unguessable invitation token: 32 bytes from the OS CSPRNG (256 bits)."""
    return secrets.token_urlsafe(32)


class Party(db.Model):
    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("plus_one_cap >= 0", name="plus_one_cap_positive"),
        # The host's parties by date, coming ones a page at a time and the latest past ones.
        Index("ix_parties_owner_id_starts_at", "owner_id", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Stored in UTC; shown in `timezone`.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str] = mapped_column(String(300), default="")
    location_confirmed_only: Mapped[bool] = mapped_column(default=True)
    capacity: Mapped[int | None]
    rsvp_deadline: Mapped[datetime | None]
    plus_ones_allowed: Mapped[bool] = mapped_column(default=False)
    plus_one_cap: Mapped[int] = mapped_column(default=0)
    maybe_allowed: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(10), default=PartyStatus.DRAFT.value)
    held_at: Mapped[datetime | None]
    # The host's words to the guests when calling the party off; their page leads with it.
    cancellation_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # True when the host left the end blank: it follows the screening's running order.
    end_is_computed: Mapped[bool] = mapped_column(default=False, server_default="0")
    # RFC 5545 SEQUENCE: grows with each change of date, time, place or status (see below), so
    # calendar apps replace their copy of the event instead of keeping a stale one.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    screening: Mapped["Screening | None"] = relationship(  # noqa: F821
        back_populates="party",
        cascade="all, delete-orphan",
        passive_deletes=True,
        uselist=False,
    )
    # Read only: a guest's page loads it with the invitation; the sharing module writes it.
    public_page: Mapped["PublicPage | None"] = relationship(  # noqa: F821
        viewonly=True, uselist=False
    )
    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="party", cascade="all, delete-orphan", passive_deletes=True
    )
    menu: Mapped[list["PartyTea"]] = relationship(
        back_populates="party",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PartyTea.position",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, value: datetime | None) -> datetime | None:
        """A stored UTC time in the party's own zone."""
        return as_utc(value).astimezone(self.zone) if value is not None else None

    @property
    def starts_local(self) -> datetime:
        return self.local(self.starts_at)

    @property
    def ends_local(self) -> datetime:
        return self.local(self.ends_at)

    @property
    def deadline_passed(self) -> bool:
        return self.rsvp_deadline is not None and utcnow() > as_utc(self.rsvp_deadline)

    @property
    def has_started(self) -> bool:
        return utcnow() >= as_utc(self.starts_at)

    @property
    def is_past(self) -> bool:
        return utcnow() > as_utc(self.ends_at)

    @property
    def is_over(self) -> bool:
        """Marked held, or past its end: pages then speak of it in the past tense."""
        return self.status == PartyStatus.HELD.value or self.is_past

    @property
    def open_for_answers(self) -> bool:
        return (
            self.status == PartyStatus.PUBLISHED.value
            and not self.deadline_passed
            and not self.is_past
        )


# location_confirmed_only puts the address into or out of an unconfirmed guest's own file.
CALENDAR_FIELDS = (
    "starts_at",
    "ends_at",
    "timezone",
    "location",
    "location_confirmed_only",
    "status",
)


@event.listens_for(Party, "before_update")
def _bump_calendar_sequence(_mapper, _connection, party: Party) -> None:
    state = inspect_row(party)
    if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS):
        party.calendar_sequence = (party.calendar_sequence or 0) + 1


class Invitation(db.Model):
    """A guest on a party's list, with a personal link and their answer.

    The token is stored as it is (not hashed) because the host copies the link from the party
    page; "new link" replaces it, which revokes the old one.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("party_id", "guest_id"),
        CheckConstraint("plus_ones >= 0", name="plus_ones_positive"),
        # A party's answers of one kind in the order of the list (who is coming, maybes).
        Index("ix_invitations_party_id_response_id", "party_id", "response", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    guest_id: Mapped[int] = mapped_column(ForeignKey("guests.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    response: Mapped[str] = mapped_column(String(10), default=Response.PENDING.value)
    # A yes that did not fit waits here, first come first served.
    waitlisted_at: Mapped[datetime | None]
    promoted_at: Mapped[datetime | None]
    plus_ones: Mapped[int] = mapped_column(default=0)
    # [{"name": "...", "dietary_tags": [...], "dietary_notes": "..."}]
    plus_one_details: Mapped[list[dict]] = mapped_column(JSON, default=list)
    dietary_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    dietary_notes: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(String(1000), default="")
    responded_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    # The guest said they have seen the film: the full review opens to them at once.
    seen_film: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # RFC 5545 SEQUENCE of the guest's own calendar file, added to the party's: it grows when
    # the answer changes what the file says (see below), so the guest's calendar app takes the
    # new copy instead of keeping the one it has.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    party: Mapped[Party] = relationship(back_populates="invitations")
    guest: Mapped["Guest"] = relationship()  # noqa: F821

    @property
    def confirmed(self) -> bool:
        return self.response == Response.YES.value and self.waitlisted_at is None

    @property
    def waitlisted(self) -> bool:
        return self.response == Response.YES.value and self.waitlisted_at is not None

    @property
    def seats(self) -> int:
        return 1 + self.plus_ones


# What the guest's calendar file takes from the answer: the attendee's PARTSTAT (accepted,
# tentative, declined, needs action; a waitlisted yes is tentative) and, where the address is
# for confirmed guests only, the LOCATION. Plus-ones, dietary needs and the message are not in
# the file, so changing them leaves its SEQUENCE as it was.
ANSWER_CALENDAR_FIELDS = ("response", "waitlisted_at")


@event.listens_for(Invitation, "before_update")
def _bump_answer_calendar_sequence(_mapper, _connection, invitation: Invitation) -> None:
    state = inspect_row(invitation)
    if any(state.attrs[name].history.has_changes() for name in ANSWER_CALENDAR_FIELDS):
        invitation.calendar_sequence = (invitation.calendar_sequence or 0) + 1


class RsvpEvent(db.Model):
    """What happened to an invitation, for the host's feed of new answers (newest first)."""

    __tablename__ = "rsvp_events"
    # The party's latest answers, newest first: read from the end of the index.
    __table_args__ = (Index("ix_rsvp_events_party_id_created_at", "party_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    # "answered", "waitlisted", "promoted"
    kind: Mapped[str] = mapped_column(String(12))
    response: Mapped[str] = mapped_column(String(10))
    plus_ones: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    invitation: Mapped[Invitation] = relationship()


class PartyTea(db.Model):
    """One tea on a party's menu, in serving order, with what its plan assumes."""

    __tablename__ = "party_teas"
    __table_args__ = (
        UniqueConstraint("party_id", "tea_id"),
        CheckConstraint("cups_each > 0", name="cups_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    tea_id: Mapped[int] = mapped_column(ForeignKey("teas.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    cups_each: Mapped[int] = mapped_column(default=2)
    # The serving vessel for one cup-round; None: the tea's own vessel size.
    vessel_ml: Mapped[int | None]
    # Grams actually served, written when the party is marked held.
    served_milligrams: Mapped[int | None]

    party: Mapped[Party] = relationship(back_populates="menu")
    tea: Mapped["Tea"] = relationship()  # noqa: F821

    @property
    def serving_ml(self) -> int:
        return self.vessel_ml or self.tea.vessel_ml
