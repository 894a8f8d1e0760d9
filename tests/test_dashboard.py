"""The dashboard: charts drawn on the server with their tables, and the action lists."""

import re
from datetime import date, timedelta

from teahouse.dashboard import charts, services
from teahouse.extensions import db
from teahouse.models import Tea, User
from teahouse.stock import ledger
from tests.helpers.client import add_host, count_queries
from tests.helpers.teas import grow_collection, make_tea


def test_horizontal_bars_are_proportional():
    chart = charts.horizontal_bars("T", "D", "V", [("a", 10), ("b", 5), ("c", 0)], str)
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == charts.BAR_AREA and widths[1] == charts.BAR_AREA / 2 and widths[2] == 0
    assert [bar.y for bar in chart.bars] == [4, 4 + charts.ROW_HEIGHT, 4 + 2 * charts.ROW_HEIGHT]
    assert not chart.empty
    assert charts.horizontal_bars("T", "D", "V", [], str).empty
    # On a phone: one row each, the longest bar leaving room for its figure.
    assert [row.share for row in chart.rows] == [charts.LONGEST_SHARE, charts.LONGEST_SHARE / 2, 0]
    step = charts.ROW_LABEL + charts.ROW_BAR + charts.ROW_GAP
    assert [row.top for row in chart.rows] == [0, step, 2 * step]
    assert chart.rows_height == 3 * step - charts.ROW_GAP


def test_columns_are_proportional_and_grounded():
    chart = charts.columns("T", "D", "V", [("Jan 2026", 4), ("Feb 2026", 8)], str)
    short, tall = chart.bars
    assert tall.height == charts.PLOT_HEIGHT and short.height == charts.PLOT_HEIGHT / 2
    assert short.y + short.height == tall.y + tall.height  # both stand on the same axis


def test_dashboard_figures_for_the_sample(app, client, sample_host):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "40</span> teas" in page
    # Junshan Yinzhen: 25 g bought, 7 g brewed, at or below the default 25 g threshold.
    low = page[page.index("Running low") : page.index("Drink these first")]
    assert "Junshan Yinzhen</a> — 18 g left" in low
    first = page[page.index("Drink these first") : page.index("Teas by type")]
    names = re.findall(r">([^<]+)</a> —", first)
    assert names[0] == "Uji Ceremonial Matcha"  # its best-by is nearest
    for title in ("Teas by type", "Grams in stock", "Consumed per month"):
        assert f"<h2>{title}</h2>" in page
        assert f"<summary>{title} as a table</summary>" in page
    assert page.count('role="img"') == 6  # each chart drawn to scale, and as rows for phones
    assert '<th scope="row">Oolong</th><td class="num">8</td>' in page
    assert '<th scope="row">Anhua Fu Zhuan Brick</th><td class="num">500 g</td>' in page


def test_consumption_by_month_ignores_undone_consumption(app, host):
    tea_id = make_tea(app, host, grams=100)
    today = date.today()
    with app.app_context():
        tea = db.session.get(Tea, tea_id)

        def add(kind, mg, on, reverses=None):
            movement = ledger.add_movement(tea, kind, mg, occurred_on=on, reverses_id=reverses)
            db.session.flush()
            return movement

        add("brewed", -5000, today)
        mistake = add("gift", -20000, today)
        add("undo", 20000, today, reverses=mistake.id)
        add("stocktake", -3000, today)  # a correction, not consumption
        add("spoiled", -2000, today.replace(day=1) - timedelta(days=1))
        add("brewed", -9000, today - timedelta(days=400))  # older than a year
        db.session.commit()
        user = db.session.get(User, host)
        months = services.consumption_by_month(user, today)
    assert len(months) == 12
    assert months[-1] == (today.strftime("%b %Y"), 5.0)
    assert months[-2][1] == 2.0
    assert sum(value for _, value in months) == 7.0


def test_the_monthly_columns_show_grams_as_the_rest_of_the_app(app, client, host):
    """15.5 g used this month reads 15.5 at the top of its column, as in the table beside it
    and on every other page, not 16."""
    tea_id = make_tea(app, host, grams=100)
    with app.app_context():
        ledger.add_movement(db.session.get(Tea, tea_id), "brewed", -15500, occurred_on=date.today())
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    drawn = page[page.index("<h2>Consumed per month</h2>") :]
    drawn = drawn[drawn.index('class="chart-svg chart-scaled"') :]
    drawn = drawn[: drawn.index("</svg>")]
    assert re.findall(r'class="chart-value">([^<]+)<', drawn) == ["15.5"]
    assert '<td class="num">15.5 g</td>' in page


def test_collection_value_uses_each_teas_cost_per_gram(app, host):
    tea_id = make_tea(app, host, grams=100)  # 20.00 EUR for 100 g
    with app.app_context():
        ledger.add_movement(db.session.get(Tea, tea_id), "brewed", -25000)
        db.session.commit()
        assert services.collection_value(db.session.get(User, host)) == {"EUR": 15}


def test_thresholds_per_tea_and_per_host(app, client, host):
    plenty = make_tea(app, host, grams=60, name="Plenty")
    make_tea(app, host, grams=20, name="Scarce")
    with app.app_context():
        db.session.get(Tea, plenty).low_stock_grams = 100
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    low = page[page.index("Running low") : page.index("Drink these first")]
    assert "Plenty" in low and "Scarce" in low
    with app.app_context():
        db.session.get(User, host).low_stock_grams = 10
        db.session.commit()
    low = client.get("/dashboard").get_data(as_text=True)
    low = low[low.index("Running low") : low.index("Drink these first")]
    assert "Plenty" in low and "Scarce" not in low


def test_empty_dashboard_says_what_to_do(client, host):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Nothing to chart yet" in page


def test_dashboard_query_count_is_fixed(app, client, host):
    counts = []
    for total in (40, 400):
        grow_collection(app, host, total)
        with count_queries(app) as statements:
            assert client.get("/dashboard").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8


def test_dashboard_needs_login(client, app):
    add_host(app)
    assert client.get("/dashboard").status_code == 302


def test_dashboard_lists_the_coming_parties(app, client, host):
    from tests.helpers.parties import make_party

    make_party(app, host, title="Soon", days_ahead=2)
    make_party(app, host, title="Later", days_ahead=20)
    make_party(app, host, title="Called off", days_ahead=5, status="cancelled")
    make_party(app, host, title="Last month", days_ahead=-30)
    make_tea(app, host, grams=50)
    page = client.get("/dashboard").get_data(as_text=True)
    coming = page[page.index("Coming parties") : page.index("Running low")]
    assert coming.index("Soon") < coming.index("Later")
    assert "Called off" not in coming and "Last month" not in coming


def test_drink_first_orders_by_best_by_then_opened_with_the_undated_last(app, host):
    today = date.today()
    dates = {
        "Opened long ago": (today - timedelta(days=300), None),
        "Opened lately": (today - timedelta(days=3), None),
        "Best by soon": (None, today + timedelta(days=5)),
        "Best by later, opened": (today - timedelta(days=400), today + timedelta(days=50)),
        "Best by later": (None, today + timedelta(days=50)),
        "Undated": (None, None),
    }
    for name in dates:
        make_tea(app, host, grams=10, name=name)
    make_tea(app, host, name="Finished")  # dated but out of stock
    with app.app_context():
        for tea in db.session.scalars(db.select(Tea).where(Tea.owner_id == host)):
            tea.opened_on, tea.best_by = dates.get(tea.name, (today, today))
        db.session.commit()
        shown = [s.tea.name for s in services.drink_first(db.session.get(User, host))]
    assert shown == [
        "Best by soon",
        "Best by later, opened",
        "Best by later",
        "Opened long ago",
        "Opened lately",
    ]


def test_the_collection_value_has_as_many_decimals_as_its_currency(app, client, host):
    """Yen have no minor unit: the dashboard showed "9,848.00 JPY"."""
    tea_id = make_tea(app, host, name="Gyokuro")
    other = make_tea(app, host, name="Keemun")
    with app.app_context():
        ledger.add_movement(
            db.session.get(Tea, tea_id), "purchase", 100_000, cost_minor=984_800, currency="JPY"
        )
        ledger.add_movement(
            db.session.get(Tea, other), "purchase", 50_000, cost_minor=1_250, currency="EUR"
        )
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<strong>9,848 JPY</strong>" in page and "<strong>12.50 EUR</strong>" in page
