"""The tea catalogue: list, detail, create, edit, delete, export."""

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from teahouse.forms import ConfirmForm
from teahouse.images import ImageRefused
from teahouse.models import Tea
from teahouse.ownership import owned_or_404
from teahouse.pagecache import cached_page
from teahouse.pagination import paginate_rows, requested_page
from teahouse.submissions import create_once
from teahouse.teas import photos, services, stock_views  # noqa: F401 (adds its routes to bp)
from teahouse.teas.blueprint import bp
from teahouse.teas.brewing import DEFAULTS
from teahouse.teas.forms import NewTeaForm, TeaFilterForm, TeaForm
from teahouse.teas.pages import render_tea_page


@bp.get("/")
@cached_page
def index():
    """The collection: search, filters, sort and pages."""
    filters = TeaFilterForm(request.args)
    if not filters.validate():
        filters = TeaFilterForm()  # a mangled query string shows the whole collection
    query = services.tea_list_query(current_user, services.TeaFilters(**filters.data))
    page = paginate_rows(query, requested_page(), current_app.config["TEAS_PER_PAGE"])
    return render_template(
        "teas/index.html",
        page=page,
        filters=filters,
        filtering=any(filters.data[k] for k in ("q", "type", "caffeine", "favourite", "tag")),
        tags=services.host_tags(current_user),
    )


@bp.get("/<int:tea_id>")
@cached_page
def detail(tea_id):
    """One tea: brewing for the chosen vessel, stock, ledger and tasting history."""
    return render_tea_page(owned_or_404(Tea, tea_id))


@bp.get("/<int:tea_id>/photo")
def photo(tea_id):
    """The tea's photo in one size (?size=large, menu or thumb); ?v= names the current one."""
    tea = owned_or_404(Tea, tea_id)
    return photos.send_photo(tea.photo, request.args.get("size", "large"), request.args.get("v"))


@bp.route("/new", methods=["GET", "POST"])
@cached_page
def create():
    """Add a tea; the brewing settings it leaves blank come from its type."""
    unit = current_user.temperature_unit
    form = NewTeaForm(temperature_unit=unit)
    if form.validate_on_submit():
        try:
            photo = photos.prepare_upload(form.photo.data)  # the slow part, before the write
            tea = create_once(
                form,
                lambda: services.create_tea(current_user, form, unit, photo),
                lambda tea: url_for("teas.detail", tea_id=tea.id),
            )
        except ImageRefused as error:
            form.photo.errors.append(str(error))
        else:
            flash(f"“{tea.name}” added to your collection.", "success")
            return redirect(url_for("teas.detail", tea_id=tea.id))
    return render_template("teas/form.html", form=form, tea=None, defaults=_defaults_table())


@bp.route("/<int:tea_id>/edit", methods=["GET", "POST"])
def edit(tea_id):
    """Change a tea. An edit made from a page that is out of date is refused."""
    tea = owned_or_404(Tea, tea_id)
    unit = current_user.temperature_unit
    form = TeaForm(temperature_unit=unit, data=services.tea_form_data(tea, unit))
    if tea.photo:
        form.photo.label.text = "Replace the photo"
    if form.validate_on_submit():
        if form.version.data != str(tea.version):
            form.form_errors.append(
                "This tea was changed elsewhere after you opened this page. Nothing was saved: "
                "reload the page to see the latest version, then make your change again."
            )
        else:
            try:
                services.update_tea(tea, form, unit)
            except ImageRefused as error:
                form.photo.errors.append(str(error))
            else:
                flash(f"“{tea.name}” saved.", "success")
                return redirect(url_for("teas.detail", tea_id=tea.id))
    return render_template("teas/form.html", form=form, tea=tea, defaults=_defaults_table())


@bp.route("/<int:tea_id>/delete", methods=["GET", "POST"])
def delete(tea_id):
    """Ask first (GET), then delete the tea with its stock history (POST)."""
    tea = owned_or_404(Tea, tea_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = tea.name
        services.delete_tea(tea)
        flash(f"“{name}” deleted.", "success")
        return redirect(url_for("teas.index"))
    return render_template("teas/delete.html", tea=tea, form=form)


def _defaults_table() -> dict:
    """Per type and style, the defaults a blank brewing field takes (shown as a hint)."""
    return {(kind.value, style): defaults for (kind, style), defaults in DEFAULTS.items()}


@bp.post("/sample")
def load_sample():
    """Load the 40-tea sample collection, once per host."""
    if ConfirmForm().validate_on_submit():
        added = services.load_sample(current_user)
        if added:
            flash(f"{added} sample teas added to your collection.", "success")
        else:
            flash("The sample collection is already in your account.", "info")
    return redirect(url_for("teas.index"))
