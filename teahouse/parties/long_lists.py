"""The party page's long lists, kept to what one page shows.

A party may have a thousand guests: the page shows GUESTS_PER_PAGE of them, its row actions
share one form (one CSRF token for the table, not one per button), and the mailto: draft,
which carries the whole invitation text, is built only when the host asks for it. Who is
coming shows PEOPLE_PER_PAGE answers a page at a time (with their plus-ones) and the first
MAYBE_SHOWN maybes; the printable list has everyone. A host may have ten thousand teas and a
thousand guests: the menu's "Add a tea" list and the invite list hold the first MENU_CHOICES
by name, and a search narrows them.
"""

from flask import redirect
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from teahouse.extensions import db
from teahouse.links import absolute_url, mailto
from teahouse.models import Guest, Invitation, Response, Tea
from teahouse.ownership import owned_or_404
from teahouse.pagination import Page, paginate_rows
from teahouse.parties import notices
from teahouse.parties.blueprint import bp
from teahouse.parties.people import Person, people
from teahouse.parties.services import Tally

GUESTS_PER_PAGE = 50
# Answers per page of who is coming (each with its plus-ones: about 30 people), and how many
# who said maybe the party page names before pointing to the full list.
PEOPLE_PER_PAGE = 25
MAYBE_SHOWN = 10
MENU_CHOICES = 100


def _invitations(party_id: int):
    return (
        select(Invitation)
        .where(Invitation.party_id == party_id)
        .options(joinedload(Invitation.guest))
        .order_by(Invitation.id)
    )


def guest_page(party_id: int, page: int, tally: Tally) -> tuple[Page, dict[int, str]]:
    """One page of the guest list and the personal links of its rows."""
    found = paginate_rows(_invitations(party_id), page, GUESTS_PER_PAGE, tally.invited)
    links = {i.id: absolute_url("rsvp.page", token=i.token) for i in found.items}
    return found, links


def coming_page(party_id: int, page: int, tally: Tally) -> tuple[Page, list[Person]]:
    """One page of the confirmed answers, and the people they bring (plus-ones included)."""
    confirmed = _invitations(party_id).where(
        Invitation.response == Response.YES.value, Invitation.waitlisted_at.is_(None)
    )
    found = paginate_rows(confirmed, page, PEOPLE_PER_PAGE, tally.confirmed_answers)
    return found, people(found.items)


def maybe_people(party_id: int) -> tuple[list[Person], bool]:
    """The first MAYBE_SHOWN who said maybe, with their plus-ones; whether there are more."""
    rows = db.session.scalars(
        _invitations(party_id)
        .where(Invitation.response == Response.MAYBE.value)
        .limit(MAYBE_SHOWN + 1)
    ).all()
    return people(rows[:MAYBE_SHOWN], confirmed=False), len(rows) > MAYBE_SHOWN


def everyone(party_id: int, response: str) -> list[Person]:
    """Every person who answered `response` ("yes": confirmed only), for the printed list."""
    query = _invitations(party_id).where(Invitation.response == response)
    if response == Response.YES.value:
        query = query.where(Invitation.waitlisted_at.is_(None))
    return people(db.session.scalars(query).all(), confirmed=response == Response.YES.value)


def guests_to_invite(owner_id: int, party_id: int, search: str) -> tuple[list, bool]:
    """(id, name) of the first MENU_CHOICES of the host's guests by name (or matching
    `search`) not yet on this party's list, and whether there are more."""
    invited = select(Invitation.id).where(
        Invitation.party_id == party_id, Invitation.guest_id == Guest.id
    )
    query = select(Guest.id, Guest.name).where(Guest.owner_id == owner_id, ~invited.exists())
    if search:
        query = query.where(Guest.name.icontains(search, autoescape=True))
    rows = db.session.execute(query.order_by(Guest.name, Guest.id).limit(MENU_CHOICES + 1)).all()
    return [(guest_id, name) for guest_id, name in rows[:MENU_CHOICES]], len(rows) > MENU_CHOICES


def menu_choices(owner_id: int, on_menu: set[int], search: str) -> tuple[list, bool]:
    """(id, name) of the teas the host may add to the menu, and whether there are more."""
    query = select(Tea.id, Tea.name).where(Tea.owner_id == owner_id)
    if on_menu:
        query = query.where(Tea.id.not_in(on_menu))
    if search:
        query = query.where(Tea.name.icontains(search, autoescape=True))
    rows = db.session.execute(query.order_by(Tea.name, Tea.id).limit(MENU_CHOICES + 1)).all()
    return [(tea_id, name) for tea_id, name in rows[:MENU_CHOICES]], len(rows) > MENU_CHOICES


@bp.get("/invitations/<int:invitation_id>/email-draft")
def email_draft(invitation_id):
    """Open the host's mail program with the invitation written out (a mailto: link)."""
    invitation = owned_or_404(Invitation, invitation_id)
    if not invitation.guest.email:
        return redirect(f"/parties/{invitation.party_id}#guests")
    subject, body = notices.invitation_text(invitation, current_user.display_name)
    return redirect(mailto(invitation.guest.email, subject, body))
