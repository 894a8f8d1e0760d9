"""The tea page, shared by the views whose forms live on it (stock, brew log)."""

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from teahouse.extensions import db
from teahouse.films.services import average, tea_afterglow
from teahouse.models import BrewSession, Tea, Teaware
from teahouse.stock import services as stock
from teahouse.stock.forms import ConsumeForm, RestockForm, StocktakeForm, TeaDatesForm

RECENT_BREWS = 10
QUICK_CONSUME_GRAMS = (3, 5)

# Built once, run with the ids bound (the tea page is among the most visited).
_TEAWARE = (
    select(Teaware).where(Teaware.owner_id == bindparam("owner_id")).order_by(Teaware.volume_ml)
)
_RECENT_BREWS = (
    select(BrewSession)
    .where(BrewSession.tea_id == bindparam("tea_id"))
    .options(joinedload(BrewSession.teaware))
    .order_by(BrewSession.brewed_on.desc(), BrewSession.id.desc())
    .limit(RECENT_BREWS)
)


def chosen_vessel_ml(tea: Tea, teaware: list[Teaware]) -> tuple[int, Teaware | None]:
    """The vessel the host picked on the page (a piece of teaware or a size), or the tea's own."""
    ware_id = request.args.get("teaware", type=int)
    for ware in teaware:
        if ware.id == ware_id:
            return ware.volume_ml, ware
    size = request.args.get("vessel", type=int)
    if size is not None and 20 <= size <= 3000:
        return size, None
    return tea.vessel_ml, None


def render_tea_page(tea: Tea, status: int = 200, **forms):
    """The tea page; a form that failed validation is passed in to show its errors."""
    teaware = db.session.scalars(_TEAWARE, {"owner_id": current_user.id}).all()
    vessel_ml, ware = chosen_vessel_ml(tea, teaware)
    movements = stock.recent_movements(tea.id)
    brews = db.session.scalars(_RECENT_BREWS, {"tea_id": tea.id}).all()
    summary = stock.stock_summary(tea)
    # A tea bought abroad is bought there again: its next purchase starts in the currency most
    # of its grams were bought in, else the host's own.
    bought_in = summary.cost_per_gram.currency if summary.cost_per_gram else current_user.currency
    restock_form = forms.get("restock_form") or RestockForm(
        formdata=None, currency=bought_in, vendor=tea.vendor
    )
    guest_ratings = tea_afterglow(tea)
    page = render_template(
        "teas/detail.html",
        tea=tea,
        vessel_ml=vessel_ml,
        chosen_teaware=ware,
        teaware=teaware,
        leaf_grams=tea.leaf_grams(vessel_ml),
        summary=summary,
        movements=movements,
        brews=brews,
        quick_grams=QUICK_CONSUME_GRAMS,
        restock_form=restock_form,
        consume_form=forms.get("consume_form") or ConsumeForm(formdata=None),
        stocktake_form=forms.get("stocktake_form") or StocktakeForm(formdata=None),
        dates_form=forms.get("dates_form") or TeaDatesForm(formdata=None, obj=tea),
        guest_ratings=guest_ratings,
        guest_average=average(guest_ratings),
    )
    return page, status
