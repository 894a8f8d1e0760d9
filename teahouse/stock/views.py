"""The stock ledger of a tea: undo a movement, the whole history."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from teahouse.forms import ConfirmForm
from teahouse.models import StockMovement, Tea
from teahouse.ownership import owned_or_404
from teahouse.pagecache import cached_page
from teahouse.pagination import paginate_rows, requested_page
from teahouse.stock import ledger, services

bp = Blueprint("stock", __name__)


@bp.before_request
@login_required
def require_login():
    """The ledger belongs to a signed-in host."""


@bp.post("/movements/<int:movement_id>/undo")
def undo(movement_id):
    """Undo a movement by writing its opposite."""
    movement = owned_or_404(StockMovement, movement_id)
    if ConfirmForm().validate_on_submit():
        try:
            ledger.undo(movement)
        except ledger.StockError as error:
            flash(str(error), "error")
        else:
            flash(f"Undone: {movement.kind_label.lower()} of {abs(movement.grams):g} g.", "success")
    if request.form.get("back") == "history":
        return redirect(url_for("stock.history", tea_id=movement.tea_id))
    return redirect(url_for("teas.detail", tea_id=movement.tea_id, _anchor="stock"))


@bp.get("/teas/<int:tea_id>/stock")
@cached_page
def history(tea_id):
    """The whole ledger of a tea, page by page."""
    tea = owned_or_404(Tea, tea_id)
    page = paginate_rows(services.movement_history(tea.id), requested_page(), 50)
    return render_template(
        "stock/history.html",
        tea=tea,
        page=page,
        summary=services.stock_summary(tea),
        undo_form=ConfirmForm(),
        currency=current_user.currency,
    )
