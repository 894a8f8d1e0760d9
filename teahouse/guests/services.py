"""The address book: guests and what they have been to."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyStatus, PartyTea, Tea, User


def guest_list_query(owner: User, q: str = ""):
    query = select(Guest).where(Guest.owner_id == owner.id)
    if q:
        query = query.where(
            or_(
                Guest.name.icontains(q, autoescape=True),
                Guest.email.icontains(q, autoescape=True),
                Guest.notes.icontains(q, autoescape=True),
                Guest.dietary_notes.icontains(q, autoescape=True),
            )
        )
    return query.order_by(Guest.name, Guest.id)


FAVOURITE_CHOICES = 100


def tea_choices(owner: User, keep_ids=(), search: str = "") -> tuple[list[tuple[int, str]], bool]:
    """(id, name) of the teas the favourites list shows, and whether the host has more.

    The first FAVOURITE_CHOICES by name (or matching `search`), plus every tea in `keep_ids`
    (the guest's favourites, the ticked ones of a posted form), so none is lost on saving;
    only the two columns it shows are loaded.
    """
    query = select(Tea.id, Tea.name).where(Tea.owner_id == owner.id)
    if search:
        query = query.where(Tea.name.icontains(search, autoescape=True))
    rows = db.session.execute(query.order_by(Tea.name, Tea.id).limit(FAVOURITE_CHOICES + 1)).all()
    more = len(rows) > FAVOURITE_CHOICES
    choices = {tea_id: name for tea_id, name in rows[:FAVOURITE_CHOICES]}
    missing = {i for i in keep_ids if i not in choices}
    if missing:
        choices.update(
            db.session.execute(
                select(Tea.id, Tea.name).where(Tea.owner_id == owner.id, Tea.id.in_(missing))
            ).all()
        )
    return sorted(choices.items(), key=lambda item: (item[1], item[0])), more


def apply_guest_form(guest: Guest, form, owner: User) -> None:
    for field in ("name", "email", "phone", "dietary_tags", "dietary_notes", "caffeine", "notes"):
        setattr(guest, field, getattr(form, field).data or ([] if field == "dietary_tags" else ""))
    chosen = form.favourite_teas.data or []
    guest.favourite_teas = (
        db.session.scalars(
            select(Tea).where(Tea.owner_id == owner.id, Tea.id.in_(chosen)).order_by(Tea.name)
        ).all()
        if chosen
        else []
    )


def create_guest(owner: User, form) -> Guest:
    """A new guest from the form. In a write transaction: it reads the host's teas before it
    writes, which SQLite refuses in a plain one once another writer has committed."""
    with write_transaction():
        guest = Guest(owner_id=owner.id)
        apply_guest_form(guest, form, owner)
        db.session.add(guest)
    return guest


def update_guest(guest: Guest, form, owner: User) -> None:
    apply_guest_form(guest, form, owner)
    db.session.commit()


@dataclass
class GuestHistoryRow:
    invitation: Invitation
    party: Party
    teas_served: list[Tea]


def guest_history(guest: Guest) -> list[GuestHistoryRow]:
    """Parties the guest was invited to, newest first, with their answer and the teas served."""
    invitations = db.session.scalars(
        select(Invitation)
        .join(Party, Party.id == Invitation.party_id)
        .where(Invitation.guest_id == guest.id)
        .options(selectinload(Invitation.party).selectinload(Party.menu).joinedload(PartyTea.tea))
        .order_by(Party.starts_at.desc())
    ).all()
    rows = []
    for invitation in invitations:
        party = invitation.party
        served = (
            [item.tea for item in party.menu]
            if party.status == PartyStatus.HELD.value and invitation.confirmed
            else []
        )
        rows.append(GuestHistoryRow(invitation, party, served))
    return rows
