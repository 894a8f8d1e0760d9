"""The stock forms of the tea page: restock, consume, stock-take, dates.

They live with the teas blueprint because a form with errors shows the tea page again; the
ledger itself (undo, history) is the stock blueprint's.
"""

from flask import flash, redirect, url_for

from teahouse.models import MovementKind, Tea
from teahouse.ownership import owned_or_404
from teahouse.stock import ledger, services
from teahouse.stock.forms import ConsumeForm, RestockForm, StocktakeForm, TeaDatesForm
from teahouse.submissions import create_once
from teahouse.teas.blueprint import bp
from teahouse.teas.pages import render_tea_page


def _stock_of(tea: Tea) -> str:
    return url_for("teas.detail", tea_id=tea.id, _anchor="stock")


def _back_to_stock(tea: Tea):
    return redirect(_stock_of(tea))


@bp.post("/<int:tea_id>/restock")
def restock(tea_id):
    """A purchase of more of the same tea."""
    tea = owned_or_404(Tea, tea_id)
    form = RestockForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, restock_form=form)
    create_once(
        form,
        lambda: ledger.restock(
            tea,
            form.grams.data,
            cost=form.cost.data,
            currency=form.currency.data,
            occurred_on=form.occurred_on.data,
            vendor=form.vendor.data or tea.vendor,
            note=form.note.data,
        ),
        lambda _: _stock_of(tea),
    )
    flash(f"Added {form.grams.data:g} g of {tea.name}.", "success")
    return _back_to_stock(tea)


@bp.post("/<int:tea_id>/consume")
def consume(tea_id):
    """Leaf taken out of the caddy; never more than is there."""
    tea = owned_or_404(Tea, tea_id)
    form = ConsumeForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, consume_form=form)
    try:
        create_once(
            form,
            lambda: ledger.consume(
                tea, form.grams.data, MovementKind(form.kind.data), form.note.data
            ),
            lambda _: _stock_of(tea),
        )
    except ledger.StockError as error:
        flash(str(error), "error")
    else:
        what = MovementKind(form.kind.data).label.lower()
        flash(f"Took {form.grams.data:g} g of {tea.name} ({what}).", "success")
    return _back_to_stock(tea)


@bp.post("/<int:tea_id>/stocktake")
def stocktake(tea_id):
    """Set the stock to what the scale says."""
    tea = owned_or_404(Tea, tea_id)
    form = StocktakeForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, stocktake_form=form)
    try:
        ledger.stocktake(tea, form.counted.data)
    except ledger.StockError as error:
        flash(str(error), "info")
    else:
        flash(f"Stock of {tea.name} set to {form.counted.data:g} g.", "success")
    return _back_to_stock(tea)


@bp.post("/<int:tea_id>/dates")
def dates(tea_id):
    """Opened date, best-by and the tea's own low-stock threshold."""
    tea = owned_or_404(Tea, tea_id)
    form = TeaDatesForm()
    if not form.validate_on_submit():
        return render_tea_page(tea, dates_form=form)
    services.set_dates(tea, form.opened_on.data, form.best_by.data, form.low_stock_grams.data)
    flash("Dates and threshold saved.", "success")
    return _back_to_stock(tea)
