"""The host's parties: list, create, edit, the party page, clone, status, delete.

The guest list, the menu, the screening and the day itself have route modules of their own;
importing them here registers their routes on the one blueprint the app factory takes from here.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from teahouse.forms import ConfirmForm
from teahouse.mail import mail_configured
from teahouse.models import Film, Party, PartyStatus, Response
from teahouse.ownership import owned_or_404
from teahouse.pagecache import cached_page
from teahouse.parties import (  # the *_views modules add their routes to bp
    counts,
    day_views,  # noqa: F401
    guest_list_views,  # noqa: F401
    long_lists,
    menu,
    menu_views,  # noqa: F401
    notices,
    screening_views,
    services,
)
from teahouse.parties.blueprint import back_to_party, bp
from teahouse.parties.forms import CloneForm, InviteForm, MenuAddForm, NewPartyForm, PartyForm
from teahouse.parties.screenings import running_order
from teahouse.parties.timing import utc_to_local, weeks_on
from teahouse.sharing.panel import share_panel
from teahouse.submissions import create_once
from teahouse.utc import utcnow


@bp.get("/parties/")
@cached_page
def index():
    """Upcoming parties, soonest first, then past ones, latest first; each a page at a time
    (?page= and ?past=)."""
    upcoming, past = services.upcoming_and_past(
        current_user,
        request.args.get("page", 1, type=int),
        request.args.get("past", 1, type=int),
    )
    return render_template("parties/index.html", upcoming=upcoming, past=past)


def _party_values(form: PartyForm) -> dict:
    """The party's attributes as the form gives them; `ends_at` None means a computed end."""
    values = {
        name: getattr(form, name).data
        for name in (
            "title",
            "description",
            "timezone",
            "location",
            "location_confirmed_only",
            "capacity",
            "plus_ones_allowed",
            "maybe_allowed",
        )
    }
    values["plus_one_cap"] = (form.plus_one_cap.data or 0) if form.plus_ones_allowed.data else 0
    values["starts_at"] = form.utc("starts_at")
    values["rsvp_deadline"] = form.utc("rsvp_deadline")
    values["ends_at"] = form.utc("ends_at")
    return values


@bp.route("/parties/new", methods=["GET", "POST"])
def create():
    """Plan a party; it stays a draft until the host publishes it. Planned from a film's page
    (?film=<id>), the party screens that film from the start."""
    film = None
    if "film" in request.values:
        film_id = request.values.get("film", type=int)
        film = owned_or_404(Film, film_id) if film_id is not None else abort(404)
    form = NewPartyForm(timezone=current_user.timezone)
    if film is not None and not form.is_submitted():
        form.title.data = f"Film night: {film.title}"[:120]
    if form.validate_on_submit():
        party = create_once(
            form,
            lambda: services.create_party(current_user, _party_values(form), film),
            _party_page,
        )
        flash(f"“{party.title}” created as a draft. Invite guests and plan the menu.", "success")
        return back_to_party(party)
    return render_template("parties/form.html", form=form, party=None, film=film)


def _party_page(party: Party) -> str:
    return url_for("parties.detail", party_id=party.id)


@bp.route("/parties/<int:party_id>/edit", methods=["GET", "POST"])
def edit(party_id):
    """Change a party; a raised capacity promotes waitlisted guests."""
    party = owned_or_404(Party, party_id)
    data = {
        "starts_at": utc_to_local(party.starts_at, party.timezone),
        "ends_at": None if party.end_is_computed else utc_to_local(party.ends_at, party.timezone),
        "rsvp_deadline": utc_to_local(party.rsvp_deadline, party.timezone)
        if party.rsvp_deadline
        else None,
        "version": party.version,
    }
    form = PartyForm(obj=party, data=data)
    if request.method == "GET":
        for name, value in data.items():
            form[name].data = value
    if form.validate_on_submit():
        if form.version.data != str(party.version):
            form.form_errors.append(
                "This party was changed elsewhere after you opened this page. Nothing was saved: "
                "reload the page and make your change again."
            )
        else:
            services.update_party(party, _party_values(form))
            flash("Party saved.", "success")
            return back_to_party(party)
    return render_template("parties/form.html", form=form, party=party)


@bp.get("/parties/<int:party_id>")
@cached_page
def detail(party_id):
    """Everything about one party for its host, in a fixed number of queries: the lists a
    page at a time, what sums over the whole list summed by the database."""
    party = owned_or_404(Party, party_id)
    tally = counts.party_tally(party.id)
    items = services.party_menu(party)
    invite_form = InviteForm()
    guest_search = request.args.get("guest_q", "").strip()[:100]
    invite_form.guests.choices, more_guests = long_lists.guests_to_invite(
        current_user.id, party.id, guest_search
    )
    on_menu = {item.tea_id for item in items}
    tea_search = request.args.get("tea_q", "").strip()[:100]
    menu_teas, more_teas = long_lists.menu_choices(current_user.id, on_menu, tea_search)
    menu_form = MenuAddForm()
    menu_form.tea_id.choices = menu_teas
    page, coming_number = (
        request.args.get("page", 1, type=int),
        request.args.get("coming", 1, type=int),
    )
    guests_page, links = long_lists.guest_page(party.id, page, tally)
    coming_page, coming = long_lists.coming_page(party.id, coming_number, tally)
    maybe, more_maybe = long_lists.maybe_people(party.id)
    dietary_notes, more_notes = counts.dietary_notes(party.id)
    return render_template(
        "parties/detail.html",
        party=party,
        guests_page=guests_page,
        tally=tally,
        dietary=counts.dietary_tally(party.id),
        dietary_notes=dietary_notes,
        more_notes=more_notes,
        coming_page=coming_page,
        coming=coming,
        maybe=maybe,
        more_maybe=more_maybe,
        plan=menu.plan(party, items, tally.expected_drinkers),
        events=services.recent_events(party),
        invite_form=invite_form,
        guest_search=guest_search,
        more_guests=more_guests,
        menu_form=menu_form,
        tea_search=tea_search,
        more_teas=more_teas,
        links=links,
        mail_on=mail_configured(),
        when=notices.when(party),
        confirm_form=ConfirmForm(),
        screening_form=screening_views.screening_form(party),
        running_order=running_order(party),
        **share_panel(party),
    )


@bp.get("/parties/<int:party_id>/coming")
@cached_page
def coming(party_id):
    """Everyone coming on one page, with what each eats and drinks: the list the host prints."""
    party = owned_or_404(Party, party_id)
    return render_template(
        "parties/coming.html",
        party=party,
        tally=counts.party_tally(party.id),
        coming=long_lists.everyone(party.id, Response.YES.value),
        coming_page=None,
        maybe=long_lists.everyone(party.id, Response.MAYBE.value),
        more_maybe=False,
    )


@bp.post("/parties/<int:party_id>/status")
def status(party_id):
    """Publish, cancel, or take back to draft."""
    party = owned_or_404(Party, party_id)
    wanted = request.form.get("status", "")
    if not ConfirmForm().validate_on_submit() or wanted not in (
        PartyStatus.DRAFT.value,
        PartyStatus.PUBLISHED.value,
        PartyStatus.CANCELLED.value,
    ):
        abort(400)
    try:
        services.set_status(party, PartyStatus(wanted))
    except services.PartyError as error:
        flash(str(error), "error")
    else:
        flash(
            {
                "published": "Published: guests can now answer.",
                "cancelled": "The party is cancelled; guests see that on their page.",
                "draft": "Back to draft: guests cannot answer for now.",
            }[wanted],
            "success",
        )
    return back_to_party(party)


@bp.route("/parties/<int:party_id>/clone", methods=["GET", "POST"])
def clone(party_id):
    """The same party on a new date: same menu and guest list, fresh answers."""
    party = owned_or_404(Party, party_id)
    starts_at, ends_at = weeks_on(
        utc_to_local(party.starts_at, party.timezone),
        utc_to_local(party.ends_at, party.timezone),
        utc_to_local(utcnow(), party.timezone),
    )
    form = CloneForm(
        zone=party.timezone,
        data={"title": party.title, "starts_at": starts_at, "ends_at": ends_at},
    )
    if form.validate_on_submit():
        copy = create_once(
            form,
            lambda: services.clone_party(
                party, form.utc("starts_at"), form.utc("ends_at"), form.title.data
            ),
            _party_page,
        )
        flash(f"Cloned as a new draft with {len(copy.invitations)} guests invited.", "success")
        return back_to_party(copy)
    return render_template("parties/clone.html", form=form, party=party)


@bp.route("/parties/<int:party_id>/delete", methods=["GET", "POST"])
def delete(party_id):
    """Ask, then delete a party with its invitations (the stock it served stays)."""
    party = owned_or_404(Party, party_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = party.title
        services.delete_party(party)
        flash(f"“{title}” deleted.", "success")
        return redirect(url_for("parties.index"))
    return render_template("parties/delete.html", party=party, form=form)
