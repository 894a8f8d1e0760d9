"""The guest list of a party: invite, take off the list, renew a link, email invitations."""

from flask import flash
from flask_login import current_user

from teahouse.forms import ConfirmForm
from teahouse.mail import MailError, send_mail
from teahouse.models import Invitation, Party
from teahouse.ownership import owned_or_404
from teahouse.parties import notices, services
from teahouse.parties.blueprint import back_to_party, bp
from teahouse.parties.forms import InviteForm


@bp.post("/parties/<int:party_id>/invite")
def invite(party_id):
    """Add guests from the address book; each gets a personal link."""
    party = owned_or_404(Party, party_id)
    form = InviteForm()
    guests = services.host_guests(current_user)
    form.guests.choices = [(g.id, g.name) for g in guests]
    if form.validate_on_submit():
        chosen = [g for g in guests if g.id in set(form.guests.data)]
        added = services.invite(party, chosen)
        flash(f"{added} {'guest' if added == 1 else 'guests'} invited.", "success")
    else:
        flash(" ".join(form.guests.errors) or "Choose guests to invite.", "error")
    return back_to_party(party, "guests")


@bp.post("/invitations/<int:invitation_id>/remove")
def uninvite(invitation_id):
    """Take a guest off the list; their link stops working."""
    invitation = owned_or_404(Invitation, invitation_id)
    party = invitation.party
    if ConfirmForm().validate_on_submit():
        name = invitation.guest.name
        services.uninvite(invitation)
        flash(f"{name} is no longer invited; their link no longer works.", "success")
    return back_to_party(party, "guests")


@bp.post("/invitations/<int:invitation_id>/new-link")
def new_link(invitation_id):
    """Revoke a guest's link by giving them a new one."""
    invitation = owned_or_404(Invitation, invitation_id)
    if ConfirmForm().validate_on_submit():
        services.new_link(invitation)
        flash(f"{invitation.guest.name} has a new link; the old one no longer works.", "success")
    return back_to_party(invitation.party, "guests")


@bp.post("/invitations/<int:invitation_id>/send")
def send_invitation(invitation_id):
    """Email one guest their invitation."""
    invitation = owned_or_404(Invitation, invitation_id)
    if ConfirmForm().validate_on_submit():
        _send(invitation)
    return back_to_party(invitation.party, "guests")


@bp.post("/parties/<int:party_id>/send")
def send_all(party_id):
    """Email every guest with an address who has not been sent their invitation yet."""
    party = owned_or_404(Party, party_id)
    if ConfirmForm().validate_on_submit():
        unsent = [
            i for i in services.load_party_for_host(party) if i.guest.email and i.emailed_at is None
        ]
        sent = sum(_send(i, quiet=True) for i in unsent)
        if sent == len(unsent):
            flash(f"{sent} invitations sent.", "success")
        else:
            flash(
                f"{sent} of {len(unsent)} invitations sent; the mail server refused the rest. "
                "Copy their links instead, or try again later.",
                "error",
            )
    return back_to_party(party, "guests")


def _send(invitation: Invitation, quiet: bool = False) -> bool:
    if not invitation.guest.email:
        flash(f"{invitation.guest.name} has no email address; copy the link instead.", "error")
        return False
    subject, body = notices.invitation_text(invitation, current_user.display_name)
    try:
        send_mail(subject, [invitation.guest.email], body, reply_to=current_user.email)
    except MailError as error:
        if not quiet:
            flash(
                f"The invitation to {invitation.guest.name} was not sent: {error} "
                "Copy the link instead, or try again later.",
                "error",
            )
        return False
    services.mark_emailed(invitation)
    if not quiet:
        flash(f"Invitation sent to {invitation.guest.email}.", "success")
    return True
