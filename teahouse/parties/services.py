"""Parties: guest lists, answers with capacity and waitlist, the menu and its plan."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import (
    Guest,
    Invitation,
    MovementKind,
    Party,
    PartyStatus,
    PartyTea,
    Response,
    RsvpEvent,
    Tea,
    User,
)
from teahouse.models.party import new_token
from teahouse.models.stock import MG_PER_GRAM
from teahouse.stock import ledger
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
    """Inside write_transaction(): the party, locked against concurrent answers (PostgreSQL)."""
    return db.session.scalars(select(Party).where(Party.id == party_id).with_for_update()).one()


# ------------------------------------------------------------------ guest list


def invite(party: Party, guests: list[Guest]) -> int:
    """Put guests on the list, each with a personal link. Returns how many were new."""
    existing = set(
        db.session.scalars(select(Invitation.guest_id).where(Invitation.party_id == party.id))
    )
    added = 0
    for guest in guests:
        if guest.id in existing or guest.owner_id != party.owner_id:
            continue
        db.session.add(Invitation(owner_id=party.owner_id, party_id=party.id, guest_id=guest.id))
        added += 1
    db.session.commit()
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
    invitation.token = new_token()
    db.session.commit()


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


# ------------------------------------------------------------------ status


def set_status(party: Party, status: PartyStatus) -> None:
    if party.status == PartyStatus.HELD.value:
        raise PartyError("This party has been held; its status cannot change any more.")
    party.status = status.value
    db.session.commit()


def clone_party(party: Party, starts_at: datetime, ends_at: datetime, title: str) -> Party:
    """A new party on a new date with the same menu and guest list (answers start afresh)."""
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
    db.session.commit()
    return copy


# ------------------------------------------------------------------ the menu

# Light to dark; caffeine-free teas go last whatever their type.
SERVING_ORDER = [
    "white",
    "green",
    "matcha",
    "yellow",
    "oolong",
    "black",
    "blend",
    "puerh_raw",
    "puerh_ripe",
    "dark",
    "herbal",
    "rooibos",
]


def suggested_order(teas: list[Tea]) -> list[Tea]:
    return sorted(
        teas,
        key=lambda tea: (tea.caffeine == "none", SERVING_ORDER.index(tea.type), tea.name.lower()),
    )


def add_to_menu(party: Party, tea: Tea) -> None:
    position = db.session.scalar(
        select(func.coalesce(func.max(PartyTea.position), -1)).where(PartyTea.party_id == party.id)
    )
    exists = db.session.scalar(
        select(PartyTea.id).where(PartyTea.party_id == party.id, PartyTea.tea_id == tea.id)
    )
    if exists:
        raise PartyError(f"{tea.name} is already on the menu.")
    db.session.add(PartyTea(party_id=party.id, tea_id=tea.id, position=position + 1))
    db.session.commit()


def move_in_menu(party: Party, item: PartyTea, step: int) -> None:
    items = party_menu(party)
    index = items.index(item)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, entry in enumerate(items):
        entry.position = position
    db.session.commit()


def apply_suggested_order(party: Party) -> None:
    items = party_menu(party)
    ordered = suggested_order([item.tea for item in items])
    by_tea = {item.tea_id: item for item in items}
    for position, tea in enumerate(ordered):
        by_tea[tea.id].position = position
    db.session.commit()


@dataclass
class PlanLine:
    item: PartyTea
    grams_needed: float
    grams_in_stock: float
    clashes: list[str] = field(default_factory=list)

    @property
    def shortage(self) -> float:
        return max(0.0, self.grams_needed - self.grams_in_stock)


CAFFEINE_CLASH = {"none": {"low", "medium", "high"}, "low": {"medium", "high"}}


def plan(party: Party, menu: list[PartyTea], invitations: list[Invitation]) -> list[PlanLine]:
    """Grams needed per tea = drinkers × cups each × vessel ml × g/100 ml ÷ 100, against stock."""
    drinkers = tally(invitations).expected_drinkers
    tea_ids = [item.tea_id for item in menu]
    stock = ledger.on_hand_by_tea(tea_ids)
    coming = [i for i in invitations if i.response != Response.NO.value]
    lines = []
    for item in menu:
        tea = item.tea
        needed = drinkers * item.cups_each * item.serving_ml * tea.grams_per_100ml / 100
        clashes = [
            i.guest.name for i in coming if tea.caffeine in CAFFEINE_CLASH.get(i.guest.caffeine, ())
        ]
        lines.append(PlanLine(item, round(needed, 1), stock.get(tea.id, 0) / MG_PER_GRAM, clashes))
    return lines


def mark_held(party: Party, grams_by_item: dict[int, float]) -> bool:
    """Write one "served at a party" movement per tea, once. False if it was already done."""
    with write_transaction():
        party = lock_party(party.id)
        if party.status == PartyStatus.HELD.value:
            return False
        if party.status == PartyStatus.CANCELLED.value:
            raise PartyError("A cancelled party cannot be marked as held.")
        if not party.has_started:
            # Holding closes answers and opens the afterglow: never before the guests arrive.
            raise PartyError("This party has not started yet; mark it as held once it has begun.")
        for item in party_menu(party):
            grams = grams_by_item.get(item.id, 0)
            milligrams = round(grams * MG_PER_GRAM)
            item.served_milligrams = milligrams
            if milligrams <= 0:
                continue
            on_hand = ledger.locked_on_hand_mg(item.tea_id)
            if milligrams > on_hand:
                raise ledger.StockError(
                    f"Only {on_hand / MG_PER_GRAM:g} g of {item.tea.name} are in stock, not "
                    f"{grams:g} g. Nothing was written: correct the grams or the stock first."
                )
            ledger.add_movement(
                item.tea,
                MovementKind.SERVED,
                -milligrams,
                occurred_on=party.starts_local.date(),
                note=f"Served at {party.title}",
            )
        party.status = PartyStatus.HELD.value
        party.held_at = utcnow()
    return True
