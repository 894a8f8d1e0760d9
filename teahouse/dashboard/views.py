"""The host's dashboard: the collection at a glance."""

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from teahouse.dashboard import charts, services
from teahouse.templating import grams

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@login_required
def index():
    """Charts of the collection and the lists that call for action."""
    user = current_user
    by_type = services.teas_by_type(user)
    return render_template(
        "dashboard/index.html",
        tea_count=sum(count for _, count in by_type),
        today=date.today(),
        value=services.collection_value(user),
        running_low=services.running_low(user),
        drink_first=services.drink_first(user),
        next_parties=services.next_parties(user),
        charts=[
            charts.horizontal_bars(
                "Teas by type",
                "How many teas of each type the collection holds.",
                "Teas",
                by_type,
                lambda v: f"{v:g}",
            ),
            charts.horizontal_bars(
                "Grams in stock",
                "The 15 teas with the most leaf on hand.",
                "In stock",
                services.top_stock(user),
                grams,
            ),
            charts.columns(
                "Consumed per month",
                "Grams of leaf used in each of the last 12 months.",
                "Consumed",
                services.consumption_by_month(user),
                grams,
            ),
        ],
    )
