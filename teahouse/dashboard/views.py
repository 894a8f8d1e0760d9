"""The host's dashboard: the collection at a glance."""

from datetime import date
from functools import lru_cache

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required
from jinja2 import Environment
from markupsafe import Markup

from teahouse.dashboard import charts, services
from teahouse.pagecache import cached_page
from teahouse.templating import grams

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@login_required
@cached_page
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
            chart_html(chart, f"chart-{number}")
            for number, chart in enumerate(_charts(user, by_type), start=1)
        ],
    )


def _charts(user, by_type) -> list[charts.Chart]:
    return [
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
    ]


def chart_html(chart: charts.Chart, element_id: str) -> Markup:
    """A chart's SVG and its table. The markup follows from the chart's figures alone (the
    key of the cache): a worker draws a chart once and reuses it until a figure changes. With
    templates reloaded on change (debug mode) it is drawn every time."""
    env = current_app.jinja_env
    if env.auto_reload:
        return _draw(env, chart, element_id)
    return _drawn(env, chart, element_id)


def _draw(env: Environment, chart: charts.Chart, element_id: str) -> Markup:
    return Markup(env.get_template("_macros/charts.html").module.bar_chart(chart, element_id))


# A handful of charts per host; bounded, so a worker's memory stays flat whatever the hosts do.
_drawn = lru_cache(maxsize=64)(_draw)
