"""Cancelling a party asks first, and can carry a note (and an email) to the guests."""

from flask import flash, redirect, render_template, url_for

from teahouse.mail import mail_configured
from teahouse.models import Party, PartyStatus
from teahouse.ownership import owned_or_404
from teahouse.parties import cancellation, services
from teahouse.parties.blueprint import bp
from teahouse.parties.forms import CancelForm


@bp.route("/parties/<int:party_id>/cancel", methods=["GET", "POST"])
def cancel(party_id):
    """Ask before cancelling; the note goes on each guest's page and, if wished, by email."""
    party = owned_or_404(Party, party_id)
    if party.status not in (PartyStatus.DRAFT.value, PartyStatus.PUBLISHED.value):
        flash("Only a draft or published party can be cancelled.", "error")
        return redirect(url_for("parties.detail", party_id=party.id))
    form = CancelForm()
    mail_on = mail_configured()
    if form.validate_on_submit():
        invitations = services.load_party_for_host(party)
        outcome = cancellation.cancel_party(
            party, form.note.data or "", invitations, email=mail_on and form.email_guests.data
        )
        message = "The party is cancelled; each guest's page now says so first."
        if outcome.emailed:
            guests = "1 guest" if outcome.emailed == 1 else f"{outcome.emailed} guests"
            message += f" Emailed {guests}."
        flash(message, "success")
        if outcome.failed:
            emails = "1 email" if outcome.failed == 1 else f"{outcome.failed} emails"
            flash(f"{emails} could not be sent.", "warning")
        return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/cancel.html", party=party, form=form, mail_on=mail_on)
