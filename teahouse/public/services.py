"""Public pages: turning them on and off, and loading one for a visitor in a fixed few queries."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from teahouse import generation
from teahouse.database import first_row_outside_transaction
from teahouse.extensions import db
from teahouse.models import (
    CalendarFeed,
    Guest,
    GuestListVisibility,
    Invitation,
    Party,
    PartyStatus,
    PartyTea,
    PublicPage,
    Response,
    Screening,
    Tea,
    User,
)
from teahouse.sharing.pages import page_token
from teahouse.sharing.tokens import plausible, token_hash
from teahouse.utc import as_utc

# ------------------------------------------------------------------ a visitor's view


@dataclass
class Shared:
    """A public page found by its token, with what decides whether a cached copy is current."""

    token: str
    page: PublicPage
    party: Party
    host_name: str
    host_email: str
    coming: int  # confirmed guests and their plus-ones
    fingerprint: tuple
    last_modified: datetime

    @property
    def full(self) -> bool:
        """Every place is taken: a yes from now on goes on the waitlist."""
        return self.party.capacity is not None and self.coming >= self.party.capacity

    @property
    def location_public(self) -> bool:
        return bool(self.party.location) and self.page.show_location


def _correlated(*columns, where):
    return select(*columns).where(*where).correlate(Party).scalar_subquery()


def find_shared(token: str) -> Shared | None:
    """The public page of a token in ONE statement, or None (unknown, off, or a draft)."""
    if not plausible(token):
        return None
    confirmed = (
        Invitation.party_id == Party.id,
        Invitation.response == Response.YES.value,
        Invitation.waitlisted_at.is_(None),
    )
    of_party = (Invitation.party_id == Party.id,)
    on_menu = (PartyTea.party_id == Party.id, Tea.id == PartyTea.tea_id)
    statement = (
        select(
            PublicPage,
            Party,
            User.display_name,
            User.email,
            _correlated(func.coalesce(func.sum(1 + Invitation.plus_ones), 0), where=confirmed),
            _correlated(func.count(Invitation.id), where=of_party),
            _correlated(func.coalesce(func.sum(Invitation.id), 0), where=of_party),
            _correlated(func.max(Invitation.responded_at), where=of_party),
            _correlated(
                func.coalesce(func.sum(PartyTea.tea_id * (PartyTea.position + 2)), 0),
                where=(PartyTea.party_id == Party.id,),
            ),
            _correlated(func.max(Tea.updated_at), where=on_menu),
            generation.AS_COLUMN,  # the cached page's key needs it: read in the same statement
        )
        .join(Party, Party.id == PublicPage.party_id)
        .join(User, User.id == Party.owner_id)
        .where(PublicPage.token_hash == token_hash(token))
        .options(
            joinedload(Party.screening).joinedload(Screening.film),
            joinedload(Party.screening).joinedload(Screening.review),
        )
    )
    row = first_row_outside_transaction(statement, unique=True)
    if row is None:
        return None
    page, party, host_name, host_email, coming, count, id_sum, answered, *sums = row
    menu_sum, tea_changed, data_generation = sums
    generation.remember(data_generation)
    if party.status == PartyStatus.DRAFT.value:
        return None
    screening = party.screening
    film = screening.film if screening else None
    review = screening.review if screening else None
    fingerprint = (
        party.id,
        party.version,
        page.updated_at,
        host_name,
        coming,
        count,
        id_sum,
        answered,
        menu_sum,
        tea_changed,
        (screening.film_id, screening.tea_service_minutes, screening.discussion_minutes)
        if screening
        else None,
        (film.title, film.year, film.poster, film.runtime_minutes, tuple(film.directors or ()))
        if film
        else None,
        (review.id, review.updated_at) if review else None,
    )
    moments = [party.updated_at, page.updated_at, answered, tea_changed]
    if review:
        moments.append(review.updated_at)
    last_modified = max(as_utc(moment) for moment in moments if moment is not None)
    return Shared(
        token=token,
        page=page,
        party=party,
        host_name=host_name,
        host_email=host_email,
        coming=coming,
        fingerprint=fingerprint,
        last_modified=last_modified.replace(microsecond=0),
    )


def coming_first_names(party: Party) -> list[str]:
    """First names of the confirmed guests, in the order they said yes (one query)."""
    names = db.session.scalars(
        select(Guest.name)
        .join(Invitation, Invitation.guest_id == Guest.id)
        .where(
            Invitation.party_id == party.id,
            Invitation.response == Response.YES.value,
            Invitation.waitlisted_at.is_(None),
        )
        .order_by(Invitation.responded_at, Invitation.id)
    ).all()
    return [name.split()[0] if name.split() else name for name in names]


def shows_names(page: PublicPage) -> bool:
    return page.guest_list == GuestListVisibility.FIRST_NAMES.value


def zone_phrase(timezone: str) -> str:
    """A zone the way people say it: "Toronto time", "UTC"."""
    if "/" not in timezone:
        return timezone
    return timezone.rsplit("/", 1)[1].replace("_", " ") + " time"


def when_phrase(party: Party) -> str:
    """ "Saturday 12 December 2026, 19:00–22:30 Toronto time"."""
    start, end = party.starts_local, party.ends_local
    end_text = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%A %-d %B %Y, %H:%M}"
    return f"{start:%A %-d %B %Y, %H:%M}–{end_text} {zone_phrase(party.timezone)}"


def now_utc() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ the host's calendar feed


def find_feed_owner(token: str) -> User | None:
    if not plausible(token):
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == token_hash(token))
    )


def feed_parties(user: User) -> list[Party]:
    """The host's published, held and cancelled parties (never drafts), with their screenings."""
    return db.session.scalars(
        select(Party)
        .where(Party.owner_id == user.id, Party.status != PartyStatus.DRAFT.value)
        .options(joinedload(Party.screening).joinedload(Screening.film))
        .order_by(Party.starts_at)
    ).all()


def public_tokens(parties: list[Party]) -> dict[int, str]:
    """The live public-page token of each party that has one (one query)."""
    if not parties:
        return {}
    pages = db.session.scalars(
        select(PublicPage).where(
            PublicPage.party_id.in_([p.id for p in parties]), PublicPage.token_hash.isnot(None)
        )
    ).all()
    return {page.party_id: page_token(page) for page in pages}
