"""Parties: guest lists, answers with capacity and waitlist, the menu and its plan."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import (
    Film,
    Guest,
    Invitation,
    Party,
    PartyStatus,
    PartyTea,
    Response,
    RsvpEvent,
    Tea,
    User,
)
from teahouse.models.party import new_token
from teahouse.pagination import Page, paginate_rows
from teahouse.parties.screenings import computed_end, pair_film
from teahouse.utc import utcnow


class PartyError(ValueError):
    """A change to a party that cannot be made, with a message for the host or guest."""


# ------------------------------------------------------------------ queries


def party_list(owner: User, past: bool):
    """Upcoming parties soonest first, or past ones latest first."""
    now = utcnow()
    query = select(Party).where(Party.owner_id == owner.id)
    if past:
        return query.where(Party.ends_at < now).order_by(Party.starts_at.desc())
    return query.where(Party.ends_at >= now).order_by(Party.starts_at)


PARTIES_PER_PAGE = 25


def upcoming_and_past(owner: User, page: int = 1, past_page: int = 1) -> tuple[Page, Page]:
    """A page of the host's coming parties, soonest first, and a page of the past ones,
    latest first: each list pages on its own, so every party stays within reach."""
    upcoming = paginate_rows(party_list(owner, past=False), page, PARTIES_PER_PAGE)
    past = paginate_rows(party_list(owner, past=True), past_page, PARTIES_PER_PAGE)
    return upcoming, past


def host_guests(owner: User) -> list[Guest]:
    """The host's address book by name: who can be invited."""
    return db.session.scalars(
        select(Guest).where(Guest.owner_id == owner.id).order_by(Guest.name)
    ).all()


def host_tea_names(owner: User) -> list[tuple[int, str]]:
    """(id, name) of the host's teas by name: what can go on a menu."""
    return [
        (tea_id, name)
        for tea_id, name in db.session.execute(
            select(Tea.id, Tea.name).where(Tea.owner_id == owner.id).order_by(Tea.name)
        )
    ]


def load_party_for_host(party: Party) -> list[Invitation]:
    """The invitations of a party with their guests, in one query."""
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.party_id == party.id)
        .options(joinedload(Invitation.guest))
        .order_by(Invitation.id)
    ).all()


def party_menu(party: Party) -> list[PartyTea]:
    return db.session.scalars(
        select(PartyTea)
        .where(PartyTea.party_id == party.id)
        .options(joinedload(PartyTea.tea))
        .order_by(PartyTea.position, PartyTea.id)
    ).all()


def recent_events(party: Party, limit: int = 20) -> list[RsvpEvent]:
    return db.session.scalars(
        select(RsvpEvent)
        .where(RsvpEvent.party_id == party.id)
        .options(joinedload(RsvpEvent.invitation).joinedload(Invitation.guest))
        .order_by(RsvpEvent.created_at.desc(), RsvpEvent.id.desc())
        .limit(limit)
    ).all()


# ------------------------------------------------------------------ tallies


@dataclass
class Tally:
    yes: int = 0  # confirmed guests and their plus-ones
    maybe: int = 0
    no: int = 0
    waitlist: int = 0  # waiting guests and their plus-ones
    pending: int = 0
    invited: int = 0
    confirmed_answers: int = 0  # the guests who said yes and are not waiting, without plus-ones

    @property
    def expected_drinkers(self) -> int:
        """Who the menu is planned for: the yes answers, or everyone invited before any."""
        return self.yes if self.yes else self.invited


def tally(invitations: list[Invitation]) -> Tally:
    result = Tally(invited=len(invitations))
    for invitation in invitations:
        if invitation.confirmed:
            result.yes += invitation.seats
        elif invitation.waitlisted:
            result.waitlist += invitation.seats
        elif invitation.response == Response.MAYBE.value:
            result.maybe += 1
        elif invitation.response == Response.NO.value:
            result.no += 1
        else:
            result.pending += 1
    return result


def dietary_tally(invitations: list[Invitation]) -> list[tuple[str, int]]:
    """Dietary needs of everyone coming (confirmed guests and their plus-ones)."""
    counts: Counter = Counter()
    for invitation in invitations:
        if not invitation.confirmed:
            continue
        tags = set(invitation.dietary_tags or invitation.guest.dietary_tags or [])
        counts.update(tags)
        for person in invitation.plus_one_details or []:
            counts.update(set(person.get("dietary_tags") or []))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def dietary_notes(invitations: list[Invitation]) -> list[tuple[str, str]]:
    notes = []
    for invitation in invitations:
        if not invitation.confirmed:
            continue
        note = invitation.dietary_notes or invitation.guest.dietary_notes
        if note:
            notes.append((invitation.guest.name, note))
        for person in invitation.plus_one_details or []:
            if person.get("dietary_notes"):
                label = person.get("name") or f"{invitation.guest.first_name}'s guest"
                notes.append((label, person["dietary_notes"]))
    return notes


# ------------------------------------------------------------------ seats and the waitlist


def seats_taken(party_id: int, excluding: int | None = None) -> int:
    query = select(func.coalesce(func.sum(1 + Invitation.plus_ones), 0)).where(
        Invitation.party_id == party_id,
        Invitation.response == Response.YES.value,
        Invitation.waitlisted_at.is_(None),
    )
    if excluding is not None:
        query = query.where(Invitation.id != excluding)
    return db.session.scalar(query)


def promote_waitlisted(party: Party) -> list[Invitation]:
    """Give freed places to the waitlist in order, to each guest whose party fits."""
    waiting = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.party_id == party.id,
            Invitation.response == Response.YES.value,
            Invitation.waitlisted_at.isnot(None),
        )
        .order_by(Invitation.waitlisted_at, Invitation.id)
    ).all()
    if not waiting:
        return []
    free = None if party.capacity is None else party.capacity - seats_taken(party.id)
    promoted = []
    for invitation in waiting:
        if free is not None and invitation.seats > free:
            continue
        invitation.waitlisted_at = None
        invitation.promoted_at = utcnow()
        db.session.add(
            RsvpEvent(
                party_id=party.id,
                invitation_id=invitation.id,
                kind="promoted",
                response=invitation.response,
                plus_ones=invitation.plus_ones,
            )
        )
        promoted.append(invitation)
        if free is not None:
            free -= invitation.seats
    db.session.flush()
    return promoted


def lock_party(party_id: int) -> Party:
    """Inside write_transaction(): the party, locked against concurrent answers (PostgreSQL).

    Read afresh once locked (populate_existing): the caller's `party.id` may already have
    reloaded the row in this transaction, before a concurrent writer committed, and the
    session would otherwise keep that stale copy (its old version: a StaleDataError)."""
    return db.session.scalars(
        select(Party)
        .where(Party.id == party_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


# ------------------------------------------------------------------ guest list


def invite(party: Party, guests: list[Guest]) -> int:
    """Put guests on the list, each with a personal link. Returns how many were new."""
    with write_transaction():
        # The same list sent twice at once (a double click) waits here for the first, then
        # finds its invitations, instead of breaking the unique key.
        party = lock_party(party.id)
        existing = set(
            db.session.scalars(select(Invitation.guest_id).where(Invitation.party_id == party.id))
        )
        added = 0
        for guest in guests:
            if guest.id in existing or guest.owner_id != party.owner_id:
                continue
            db.session.add(
                Invitation(owner_id=party.owner_id, party_id=party.id, guest_id=guest.id)
            )
            added += 1
    return added


def uninvite(invitation: Invitation) -> None:
    """Take a guest off the list: their link stops working and their places free up."""
    party_id = invitation.party_id
    with write_transaction():
        party = lock_party(party_id)
        db.session.delete(invitation)
        db.session.flush()
        promote_waitlisted(party)


def new_link(invitation: Invitation) -> None:
    """Replace the personal link; the old one answers 404 from now on."""
    with write_transaction():
        lock_party(invitation.party_id)  # pressed twice at once: the second waits its turn
        invitation.token = new_token()


def remove_guest_everywhere(guest: Guest) -> None:
    """Delete a guest; parties they had places at give them to their waitlists."""
    with write_transaction():
        party_ids = list(
            db.session.scalars(select(Invitation.party_id).where(Invitation.guest_id == guest.id))
        )
        db.session.delete(guest)
        db.session.flush()
        for party_id in party_ids:
            promote_waitlisted(lock_party(party_id))


def capacity_changed(party: Party) -> None:
    """After an edit: a raised capacity gives places to the waitlist."""
    with write_transaction():
        promote_waitlisted(lock_party(party.id))


# ------------------------------------------------------------------ the party itself


def create_party(owner: User, values: dict, film: Film | None = None) -> Party:
    """A new draft party; `values` are its attributes, `ends_at` None for a computed end.

    With a film (a party planned from the film's page) it screens that film from the start,
    its end following the running order, in the same transaction.
    """
    with write_transaction():
        party = Party(owner_id=owner.id)
        _apply(party, values)
        db.session.add(party)
        if film is not None:
            pair_film(party, film)
    return party


def update_party(party: Party, values: dict) -> None:
    """Change a party; a raised capacity gives places to the waitlist."""
    _apply(party, values)
    db.session.commit()
    capacity_changed(party)


def _apply(party: Party, values: dict) -> None:
    values = dict(values)
    ends_at = values.pop("ends_at")
    for name, value in values.items():
        setattr(party, name, value)
    party.end_is_computed = ends_at is None
    party.ends_at = computed_end(party) if party.end_is_computed else ends_at


def delete_party(party: Party) -> None:
    """Delete a party with its invitations; the stock it served stays in the ledger.
    Pressed twice at once, the second waits for the first and finds nothing left to do."""
    party_id = party.id
    with write_transaction():
        party = db.session.get(Party, party_id, with_for_update=True, populate_existing=True)
        if party is not None:
            db.session.delete(party)


def mark_emailed(invitation: Invitation) -> None:
    invitation.emailed_at = utcnow()
    db.session.commit()


def set_status(party: Party, status: PartyStatus) -> None:
    with write_transaction():
        party = lock_party(party.id)  # a change sent twice at once: the second waits here
        if party.status == PartyStatus.HELD.value:
            raise PartyError("This party has been held; its status cannot change any more.")
        party.status = status.value


def clone_party(party: Party, starts_at: datetime, ends_at: datetime, title: str) -> Party:
    """A new party on a new date with the same menu and guest list (answers start afresh).
    In a write transaction: it reads the menu and the list before it writes."""
    with write_transaction():
        copy = Party(
            owner_id=party.owner_id,
            title=title,
            description=party.description,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=party.timezone,
            location=party.location,
            location_confirmed_only=party.location_confirmed_only,
            capacity=party.capacity,
            rsvp_deadline=None,
            plus_ones_allowed=party.plus_ones_allowed,
            plus_one_cap=party.plus_one_cap,
            maybe_allowed=party.maybe_allowed,
            status=PartyStatus.DRAFT.value,
        )
        db.session.add(copy)
        db.session.flush()
        for item in party_menu(party):
            db.session.add(
                PartyTea(
                    party_id=copy.id,
                    tea_id=item.tea_id,
                    position=item.position,
                    cups_each=item.cups_each,
                    vessel_ml=item.vessel_ml,
                )
            )
        for invitation in load_party_for_host(party):
            db.session.add(
                Invitation(owner_id=party.owner_id, party_id=copy.id, guest_id=invitation.guest_id)
            )
    return copy
