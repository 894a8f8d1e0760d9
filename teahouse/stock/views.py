"""The stock ledger of a tea: restock, consume, stock-take, undo, history, dates."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from teahouse.extensions import db
from teahouse.forms import ConfirmForm
from teahouse.models import MovementKind, StockMovement, Tea
from teahouse.ownership import owned_or_404
from teahouse.pagination import paginate_rows
from teahouse.stock import services
from teahouse.stock.forms import ConsumeForm, RestockForm, StocktakeForm, TeaDatesForm
from teahouse.teas.pages import render_tea_page

bp = Blueprint("stock", __name__)


@bp.before_request
@login_required
def require_login():
    """The ledger belongs to a signed-in host."""


def _back_to_stock(tea: Tea):
    return redirect(url_for("teas.detail", tea_id=tea.id, _anchor="stock"))


@bp.post("/teas/<int:tea_id>/restock")
def restock(tea_id):
    """A purchase of more of the same tea."""
    tea = owned_or_404(Tea, tea_id)
    form = RestockForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, restock_form=form)
    services.restock(
        tea,
        form.grams.data,
        cost=form.cost.data,
        currency=form.currency.data,
        occurred_on=form.occurred_on.data,
        vendor=form.vendor.data or tea.vendor,
        note=form.note.data,
    )
    flash(f"Added {form.grams.data:g} g of {tea.name}.", "success")
    return _back_to_stock(tea)


@bp.post("/teas/<int:tea_id>/consume")
def consume(tea_id):
    """Leaf taken out of the caddy; never more than is there."""
    tea = owned_or_404(Tea, tea_id)
    form = ConsumeForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, consume_form=form)
    try:
        services.consume(tea, form.grams.data, MovementKind(form.kind.data), form.note.data)
    except services.StockError as error:
        flash(str(error), "error")
    else:
        what = MovementKind(form.kind.data).label.lower()
        flash(f"Took {form.grams.data:g} g of {tea.name} ({what}).", "success")
    return _back_to_stock(tea)


@bp.post("/teas/<int:tea_id>/stocktake")
def stocktake(tea_id):
    """Set the stock to what the scale says."""
    tea = owned_or_404(Tea, tea_id)
    form = StocktakeForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, stocktake_form=form)
    try:
        services.stocktake(tea, form.counted.data)
    except services.StockError as error:
        flash(str(error), "info")
    else:
        flash(f"Stock of {tea.name} set to {form.counted.data:g} g.", "success")
    return _back_to_stock(tea)


@bp.post("/teas/<int:tea_id>/dates")
def dates(tea_id):
    """Opened date, best-by and the tea's own low-stock threshold."""
    tea = owned_or_404(Tea, tea_id)
    form = TeaDatesForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, dates_form=form)
    form.populate_obj(tea)
    db.session.commit()
    flash("Dates and threshold saved.", "success")
    return _back_to_stock(tea)


@bp.post("/movements/<int:movement_id>/undo")
def undo(movement_id):
    """Undo a movement by writing its opposite."""
    movement = owned_or_404(StockMovement, movement_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.undo(movement)
        except services.StockError as error:
            flash(str(error), "error")
        else:
            flash(f"Undone: {movement.kind_label.lower()} of {abs(movement.grams):g} g.", "success")
    if request.form.get("back") == "history":
        return redirect(url_for("stock.history", tea_id=movement.tea_id))
    return redirect(url_for("teas.detail", tea_id=movement.tea_id, _anchor="stock"))


@bp.get("/teas/<int:tea_id>/stock")
def history(tea_id):
    """The whole ledger of a tea, page by page."""
    tea = owned_or_404(Tea, tea_id)
    page = paginate_rows(
        services.movement_history(tea.id), request.args.get("page", 1, type=int), 50
    )
    return render_template(
        "stock/history.html",
        tea=tea,
        page=page,
        summary=services.stock_summary(tea),
        undo_form=ConfirmForm(),
        currency=current_user.currency,
    )
