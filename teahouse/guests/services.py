"""The address book: guests and what they have been to."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

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


def host_teas(owner: User) -> list[Tea]:
    return db.session.scalars(select(Tea).where(Tea.owner_id == owner.id).order_by(Tea.name)).all()


def apply_guest_form(guest: Guest, form, teas_by_id: dict[int, Tea]) -> None:
    for field in ("name", "email", "phone", "dietary_tags", "dietary_notes", "caffeine", "notes"):
        setattr(guest, field, getattr(form, field).data or ([] if field == "dietary_tags" else ""))
    guest.favourite_teas = [
        teas_by_id[i] for i in form.favourite_teas.data or [] if i in teas_by_id
    ]


def create_guest(owner: User, form, teas_by_id: dict[int, Tea]) -> Guest:
    guest = Guest(owner_id=owner.id)
    apply_guest_form(guest, form, teas_by_id)
    db.session.add(guest)
    db.session.commit()
    return guest


def update_guest(guest: Guest, form, teas_by_id: dict[int, Tea]) -> None:
    apply_guest_form(guest, form, teas_by_id)
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
