"""The host's side of sharing: turn the public page on, off or to a new link; its privacy
choices; the printable tea menu card; the private calendar feed."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from teahouse.forms import ConfirmForm
from teahouse.models import Party
from teahouse.ownership import owned_or_404
from teahouse.parties import services as party_services
from teahouse.public import presenting, services
from teahouse.public.views import bp
from teahouse.sharing import pages
from teahouse.sharing.forms import ShareSettingsForm


def _to_panel(party: Party):
    return redirect(url_for("parties.detail", party_id=party.id, _anchor="share"))


def _confirmed() -> bool:
    if ConfirmForm().validate_on_submit():
        return True
    flash("The form had expired; nothing was changed. Please try again.", "error")
    return False


@bp.post("/parties/<int:party_id>/share")
@login_required
def share_on(party_id):
    """Open the party's public page."""
    party = owned_or_404(Party, party_id)
    if _confirmed():
        pages.turn_on(party)
        flash("The public page is on. Anyone with its link can see it.", "success")
    return _to_panel(party)


@bp.post("/parties/<int:party_id>/share/new")
@login_required
def share_new_link(party_id):
    """A new public link; the old one stops working at once."""
    party = owned_or_404(Party, party_id)
    if _confirmed():
        pages.new_link(party)
        flash("The public page has a new link. The old link no longer works.", "success")
    return _to_panel(party)


@bp.post("/parties/<int:party_id>/share/off")
@login_required
def share_off(party_id):
    """Close the public page; its link answers "not found"."""
    party = owned_or_404(Party, party_id)
    if _confirmed():
        pages.turn_off(party)
        flash("The public page is off.", "success")
    return _to_panel(party)


@bp.post("/parties/<int:party_id>/share/settings")
@login_required
def share_settings(party_id):
    """What the public page shows, and whether strangers may answer."""
    party = owned_or_404(Party, party_id)
    page = pages.page_of(party)
    form = ShareSettingsForm()
    if page is None or not page.is_on:
        flash("Turn the public page on first.", "error")
    elif form.validate_on_submit():
        pages.save_settings(
            page,
            listed=form.listed.data,
            guest_list=form.guest_list.data,
            show_location=form.show_location.data,
            open_rsvp=form.open_rsvp.data,
        )
        flash("Public page choices saved.", "success")
    else:
        messages = [m for errors in form.errors.values() for m in errors]
        flash("Nothing was saved: " + " ".join(messages), "error")
    return _to_panel(party)


@bp.get("/parties/<int:party_id>/menu-card")
@login_required
def menu_card(party_id):
    """The tea menu on one printed page: origin, temperature and steep times of each tea."""
    party = owned_or_404(Party, party_id)
    teas = presenting.tea_lines(party_services.party_menu(party))
    return render_template(
        "public/menu_card.html", party=party, teas=teas, when=services.when_phrase(party)
    )


@bp.post("/account/calendar-feed")
@login_required
def feed_new():
    """Create the private calendar feed, or give it a new address (the old one stops)."""
    if _confirmed():
        pages.new_feed(current_user)
        flash("Your calendar feed address is ready. Keep it private.", "success")
    return redirect(url_for("auth.profile", _anchor="calendar-feed"))


@bp.post("/account/calendar-feed/off")
@login_required
def feed_off():
    """Revoke the calendar feed: its address answers "not found" from now on."""
    if _confirmed():
        pages.revoke_feed(current_user)
        flash("Your calendar feed is revoked.", "success")
    return redirect(url_for("auth.profile", _anchor="calendar-feed"))
