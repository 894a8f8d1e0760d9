"""The address book: list, search, detail with history, create, edit, delete."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from teahouse.forms import ConfirmForm
from teahouse.guests import services
from teahouse.guests.forms import GuestForm, GuestSearchForm, NewGuestForm
from teahouse.models import Guest
from teahouse.ownership import ROW_ID_MAX, owned_or_404
from teahouse.pagecache import cached_page
from teahouse.pagination import paginate_rows, requested_page
from teahouse.parties.services import remove_guest_everywhere
from teahouse.submissions import create_once

bp = Blueprint("guests", __name__, url_prefix="/guests")


@bp.before_request
@login_required
def require_login():
    """The address book belongs to a signed-in host."""


def _guest_form(guest: Guest | None = None, **kwargs) -> tuple[GuestForm, bool]:
    """The guest form, its favourites list holding what it must show; True if there are more."""
    form = GuestForm(**kwargs) if guest else NewGuestForm(**kwargs)
    keep = {t.id for t in guest.favourite_teas} if guest else set()
    # Only what could be a row id: a larger number would overflow the database's integer.
    keep.update(
        int(v)
        for v in request.form.getlist("favourite_teas")
        if v.isascii() and v.isdigit() and len(v) <= 10 and int(v) <= ROW_ID_MAX
    )
    search = request.args.get("tea_q", "").strip()[:100]
    form.favourite_teas.choices, more = services.tea_choices(current_user, keep, search)
    return form, more


@bp.get("/")
@cached_page
def index():
    """Every guest, searchable by name, email and notes."""
    search = GuestSearchForm(request.args)
    q = search.q.data if search.validate() else ""
    page = paginate_rows(
        services.guest_list_query(current_user, q or ""),
        requested_page(),
        current_app.config["TEAS_PER_PAGE"],
    )
    return render_template("guests/index.html", page=page, search=search, q=q)


@bp.route("/new", methods=["GET", "POST"])
@cached_page
def create():
    """Add someone to the address book."""
    form, more_teas = _guest_form()
    if form.validate_on_submit():
        guest = create_once(
            form,
            lambda: services.create_guest(current_user, form),
            lambda guest: url_for("guests.detail", guest_id=guest.id),
        )
        flash(f"{guest.name} added to your guests.", "success")
        return redirect(url_for("guests.detail", guest_id=guest.id))
    return render_template("guests/form.html", form=form, guest=None, more_teas=more_teas)


@bp.get("/<int:guest_id>")
@cached_page
def detail(guest_id):
    """A guest with their history: parties invited to, answers, teas served."""
    guest = owned_or_404(Guest, guest_id)
    return render_template("guests/detail.html", guest=guest, history=services.guest_history(guest))


@bp.route("/<int:guest_id>/edit", methods=["GET", "POST"])
def edit(guest_id):
    """Change a guest's details."""
    guest = owned_or_404(Guest, guest_id)
    form, more_teas = _guest_form(guest, obj=guest)
    if request.method == "GET":
        form.favourite_teas.data = [t.id for t in guest.favourite_teas]
    if form.validate_on_submit():
        services.update_guest(guest, form, current_user)
        flash(f"{guest.name} saved.", "success")
        return redirect(url_for("guests.detail", guest_id=guest.id))
    return render_template("guests/form.html", form=form, guest=guest, more_teas=more_teas)


@bp.route("/<int:guest_id>/delete", methods=["GET", "POST"])
def delete(guest_id):
    """Ask, then remove a guest with their invitations."""
    guest = owned_or_404(Guest, guest_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = guest.name
        remove_guest_everywhere(guest)
        flash(f"{name} removed from your guests.", "success")
        return redirect(url_for("guests.index"))
    return render_template("guests/delete.html", guest=guest, form=form)
