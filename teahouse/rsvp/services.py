"""A guest's answer: capacity, waitlist and promotion, never an overbooked party."""

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Invitation, Party, PartyTea, Response, RsvpEvent, Tea, User
from teahouse.parties.services import (
    PartyError,
    lock_party,
    promote_waitlisted,
    seats_taken,
)
from teahouse.utc import utcnow
from teahouse.words import plural


@dataclass
class Answer:
    response: str
    plus_one_details: list[dict]
    dietary_tags: list[str]
    dietary_notes: str
    message: str


# Built once: every guest's page runs it first. The party's screening and public page come in
# the same statement: the page asks for both on every visit, and a query costs more than a join.
_INVITATION_BY_TOKEN = (
    select(Invitation)
    .where(Invitation.token == bindparam("token"))
    .options(
        joinedload(Invitation.party).options(
            joinedload(Party.screening), joinedload(Party.public_page)
        ),
        joinedload(Invitation.guest),
    )
)
_HOST_NAME = select(User.display_name).where(User.id == bindparam("owner_id"))
# What a guest's menu shows of each tea (templates/public/_tea_menu.html); the rest of a tea
# (notes, brewing, stock) is the host's and is not read for a guest's page.
_MENU_FOR_GUESTS = (
    select(PartyTea)
    .where(PartyTea.party_id == bindparam("party_id"))
    .options(
        joinedload(PartyTea.tea).load_only(
            Tea.name,
            Tea.type,
            Tea.caffeine,
            Tea.origin_country,
            Tea.origin_region,
            Tea.photo,
            Tea.photo_description,
        )
    )
    .order_by(PartyTea.position, PartyTea.id)
)


def find_invitation(token: str) -> Invitation | None:
    """The invitation of a token, with its party and guest; None for any unknown token."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(_INVITATION_BY_TOKEN, {"token": token})


def answer(token: str, data: Answer) -> Invitation:
    """Record a guest's answer in one write transaction; a yes that does not fit waits."""
    with write_transaction():
        invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
        if invitation is None:
            raise LookupError(token)
        return record_answer(invitation, data)


def record_answer(invitation: Invitation, data: Answer) -> Invitation:
    """answer() inside the caller's write transaction: the party locked, the rules applied."""
    party: Party = lock_party(invitation.party_id)
    if not party.open_for_answers:
        raise PartyError("Answers for this party are closed; nothing was changed.")
    if data.response == Response.MAYBE.value and not party.maybe_allowed:
        raise PartyError("Please answer yes or no.")
    plus_ones = data.plus_one_details if data.response == Response.YES.value else []
    if plus_ones and not party.plus_ones_allowed:
        raise PartyError("This party has no plus-ones.")
    if len(plus_ones) > party.plus_one_cap:
        raise PartyError(f"You can bring at most {plural(party.plus_one_cap, 'plus-one')}.")

    was_confirmed = invitation.confirmed
    was_waitlisted_at = invitation.waitlisted_at
    invitation.response = data.response
    invitation.plus_ones = len(plus_ones)
    invitation.plus_one_details = plus_ones
    invitation.dietary_tags = data.dietary_tags
    invitation.dietary_notes = data.dietary_notes
    invitation.message = data.message
    invitation.responded_at = utcnow()
    kind = "answered"
    if data.response == Response.YES.value:
        taken = seats_taken(party.id, excluding=invitation.id)
        fits = party.capacity is None or taken + invitation.seats <= party.capacity
        if fits:
            invitation.waitlisted_at = None
        elif was_confirmed:
            room = party.capacity - taken - 1
            raise PartyError(
                f"There is room for only {plural(max(room, 0), 'plus-one')} now. Your own place is "
                "kept as it was."
            )
        else:
            invitation.waitlisted_at = was_waitlisted_at or utcnow()
            kind = "waitlisted"
    else:
        invitation.waitlisted_at = None
    if not (was_confirmed and invitation.confirmed):
        invitation.promoted_at = None  # "you were promoted" only until the next answer
    db.session.add(
        RsvpEvent(
            party_id=party.id,
            invitation_id=invitation.id,
            kind=kind,
            response=invitation.response,
            plus_ones=invitation.plus_ones,
            message=invitation.message,
        )
    )
    db.session.flush()
    promote_waitlisted(party)
    return invitation


def places_left_for(invitation: Invitation) -> int | None:
    """The places left to this guest's yes, when a yes could go on the waitlist: the party is
    full, or has fewer places left than the guest may bring (themselves and every plus-one).
    None when any yes fits, or when they need not be told: a confirmed guest keeps their
    place, a waitlisted one is told they wait. One query, and only for a party with a
    capacity that still takes answers."""
    party = invitation.party
    if party.capacity is None or not party.open_for_answers:
        return None
    if invitation.confirmed or invitation.waitlisted:
        return None
    left = max(party.capacity - seats_taken(party.id), 0)
    most = 1 + (party.plus_one_cap if party.plus_ones_allowed else 0)
    return left if left < most else None


def host_of(invitation: Invitation) -> User:
    return db.session.get(User, invitation.owner_id)


def host_name(invitation: Invitation) -> str:
    """The name the guest's page greets with, without loading the host's whole account."""
    return db.session.scalar(_HOST_NAME, {"owner_id": invitation.owner_id})


def menu_for_guests(party: Party) -> list[PartyTea]:
    """The party's menu with only what guests see of each tea."""
    return db.session.scalars(_MENU_FOR_GUESTS, {"party_id": party.id}).all()


def mark_seen_film(invitation: Invitation) -> None:
    """The guest has seen the film: the full review opens to them at once."""
    invitation.seen_film = True
    db.session.commit()
