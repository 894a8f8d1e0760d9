"""The party page's long lists, kept to what one page shows.

A party may have a thousand guests: the page shows GUESTS_PER_PAGE of them, its row actions
share one form (one CSRF token for the table, not one per button), and the mailto: draft,
which carries the whole invitation text, is built only when the host asks for it. A host may
have ten thousand teas: the menu's "Add a tea" list holds the first MENU_CHOICES by name, and
a search narrows it.
"""

from flask import redirect
from flask_login import current_user
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.links import absolute_url, mailto
from teahouse.models import Guest, Invitation, Tea
from teahouse.ownership import owned_or_404
from teahouse.pagination import Page
from teahouse.parties import notices
from teahouse.parties.blueprint import bp

GUESTS_PER_PAGE = 50
MENU_CHOICES = 100


def guest_page(invitations: list[Invitation], page: int) -> tuple[Page, dict[int, str]]:
    """One page of the guest list and the personal links of its rows."""
    total = len(invitations)
    last = max(1, -(-total // GUESTS_PER_PAGE))
    page = min(max(page, 1), last)
    rows = invitations[(page - 1) * GUESTS_PER_PAGE : page * GUESTS_PER_PAGE]
    links = {i.id: absolute_url("rsvp.page", token=i.token) for i in rows}
    return Page(items=rows, page=page, per_page=GUESTS_PER_PAGE, total=total), links


def guests_to_invite(owner_id: int, invited_ids: set[int]) -> list[tuple[int, str]]:
    """(id, name) of the host's guests not yet on this party's list: two columns, not rows."""
    rows = db.session.execute(
        select(Guest.id, Guest.name).where(Guest.owner_id == owner_id).order_by(Guest.name)
    ).all()
    return [(guest_id, name) for guest_id, name in rows if guest_id not in invited_ids]


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
