"""A party's screening: the film and review it pairs, its running order, what guests may see."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Film, Invitation, Party, PartyStatus, Review, Screening, User
from teahouse.utc import utcnow

DEFAULT_PARTY_HOURS = 3


def computed_end(party: Party) -> datetime:
    """Tea service + the film + discussion, or a few hours without a screening."""
    if party.screening is not None:
        return party.screening.ends_at(party.starts_at)
    return party.starts_at + timedelta(hours=DEFAULT_PARTY_HOURS)


def screening_choices(owner: User) -> tuple[list[Film], list[Review]]:
    """The host's films by title and reviews by age, for the screening form."""
    films = db.session.scalars(
        select(Film).where(Film.owner_id == owner.id).order_by(Film.title)
    ).all()
    reviews = db.session.scalars(
        select(Review).where(Review.owner_id == owner.id).order_by(Review.id)
    ).all()
    return films, reviews


def set_screening(
    party: Party,
    film: Film,
    review: Review | None,
    tea_minutes: int,
    discussion_minutes: int,
    show_rating_early: bool,
) -> None:
    """Pair (or re-pair) a party of the database with a film; the running order sets a
    computed end. Saved twice at once (a double click), the second waits for the first's
    screening under the party's lock and changes it, instead of adding another."""
    party_id = party.id
    with write_transaction():
        party = db.session.scalars(
            select(Party)
            .where(Party.id == party_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        _screen(party, film, review, tea_minutes, discussion_minutes, show_rating_early)


def _screen(party, film, review, tea_minutes, discussion_minutes, show_rating_early) -> None:
    screening = party.screening or Screening(party=party)
    screening.film = film
    screening.review = review
    screening.tea_service_minutes = tea_minutes
    screening.discussion_minutes = discussion_minutes
    screening.show_rating_early = show_rating_early
    db.session.add(screening)
    if party.end_is_computed:
        party.ends_at = computed_end(party)


def pair_film(party: Party, film: Film) -> None:
    """Screen a film at a party being created (its caller commits both), the running order at
    its defaults: a party planned from the film's page. The host can change the order and
    pick a review on the party page."""
    defaults = Screening.__table__.c
    _screen(
        party,
        film,
        None,
        defaults.tea_service_minutes.default.arg,
        defaults.discussion_minutes.default.arg,
        False,
    )


def remove_screening(party: Party) -> None:
    if party.screening is not None:
        db.session.delete(party.screening)
        db.session.flush()
        db.session.refresh(party)
        if party.end_is_computed:
            party.ends_at = computed_end(party)
        db.session.commit()


@dataclass
class RunningOrder:
    tea_from: datetime
    film_from: datetime
    film_until: datetime
    discussion_until: datetime


def running_order(party: Party) -> RunningOrder | None:
    screening = party.screening
    if screening is None:
        return None
    start = party.starts_at
    return RunningOrder(
        tea_from=party.local(start),
        film_from=party.local(screening.film_starts_at(start)),
        film_until=party.local(screening.film_ends_at(start)),
        discussion_until=party.local(screening.ends_at(start)),
    )


def screening_over(party: Party) -> bool:
    screening = party.screening
    if screening is None:
        return False
    return utcnow() >= screening.film_ends_at(party.starts_at)


def review_unsealed(invitation: Invitation) -> bool:
    """The full review opens after the film has been shown, or to a guest who has seen it."""
    return invitation.seen_film or screening_over(invitation.party)


def afterglow_open(invitation: Invitation) -> bool:
    """Only a guest who came rates: they said yes (not waitlisted) and the party was held."""
    return invitation.party.status == PartyStatus.HELD.value and invitation.confirmed
