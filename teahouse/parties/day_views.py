"""The day of the party: marking it held once it has begun, or calling it off with a note."""

from flask import flash, redirect, render_template, request, url_for

from teahouse.mail import mail_configured
from teahouse.models import Party, PartyStatus
from teahouse.ownership import owned_or_404
from teahouse.parties import cancellation, counts, menu, services
from teahouse.parties.blueprint import bp
from teahouse.parties.forms import CancelForm, HoldForm
from teahouse.stock.ledger import StockError
from teahouse.words import plural


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
            message += f" Emailed {plural(outcome.emailed, 'guest')}."
        flash(message, "success")
        if outcome.failed:
            flash(f"{plural(outcome.failed, 'email')} could not be sent.", "warning")
        return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/cancel.html", party=party, form=form, mail_on=mail_on)


@bp.route("/parties/<int:party_id>/held", methods=["GET", "POST"])
def held(party_id):
    """Mark the party held: each tea's grams served leave the stock, once."""
    party = owned_or_404(Party, party_id)
    items = services.party_menu(party)
    lines = menu.plan(party, items, counts.party_tally(party.id).expected_drinkers)
    form = HoldForm(entry_caps={"served": len(items)})
    if request.method == "GET":
        for line in lines:
            form.served.append_entry({"item_id": str(line.item.id), "grams": line.grams_needed})
    if form.validate_on_submit():
        known = {str(item.id) for item in items}
        grams = {
            int(entry.form.item_id.data): float(entry.form.grams.data)
            for entry in form.served.entries
            if entry.form.item_id.data in known
        }
        try:
            done = menu.mark_held(party, grams)
        except (StockError, services.PartyError) as error:
            form.form_errors.append(str(error))
        else:
            flash(
                "The party is marked as held and the teas served left the stock."
                if done
                else "This party was already marked as held; nothing changed.",
                "success" if done else "info",
            )
            return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/held.html", party=party, form=form, lines=lines)
