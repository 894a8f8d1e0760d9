"""The stock ledger over HTTP: restock, consume, stock-take, undo, dates, never below zero."""

import re
from datetime import date

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, Tea
from teahouse.stock import ledger
from tests.helpers.client import add_host, count_queries, post_form
from tests.helpers.teas import grams_on_hand, ledger_rows, make_tea


def test_restock_records_a_purchase_and_weights_the_cost(app, client, host):
    tea_id = make_tea(app, host, grams=100)  # 100 g for 20.00 EUR
    response = post_form(
        client,
        f"/teas/{tea_id}/restock",
        {
            "restock-grams": "50",
            "restock-cost": "10.00",
            "restock-currency": "eur",
            "restock-vendor": "",
            "restock-note": "autumn",
        },
        token_from=f"/teas/{tea_id}",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/teas/{tea_id}#stock")
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "150 g</span> in stock" in page
    assert "0.200 EUR" in page  # (20 + 10) / 150 g
    with app.app_context():
        purchase = db.session.scalars(
            select(StockMovement).order_by(StockMovement.id.desc())
        ).first()
        assert (purchase.kind, purchase.milligrams, purchase.cost_minor, purchase.currency) == (
            "purchase",
            50_000,
            1000,
            "EUR",
        )
        assert purchase.vendor == "Seven Cups"  # the tea's vendor when none is given


def test_quick_and_custom_consumption(app, client, host):
    tea_id = make_tea(app, host, grams=20)
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "−3 g" in page and "−5 g" in page
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "3", "consume-kind": "brewed"},
        token_from=f"/teas/{tea_id}",
    )
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "2.5", "consume-kind": "gift", "consume-note": "Mei"},
        token_from=f"/teas/{tea_id}",
    )
    assert ledger_rows(app, tea_id)[1:] == [("brewed", -3000, None), ("gift", -2500, None)]
    assert grams_on_hand(app, tea_id) == 14.5


def test_the_ledger_shows_taken_grams_with_a_true_minus_read_as_minus(app, client, host):
    """−2.5 g, not -2.5 g with a hyphen; a screen reader is told "minus 2.5 g", since some
    read no sign at all."""
    tea_id = make_tea(app, host, grams=20)
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "2.5", "consume-kind": "brewed"},
        token_from=f"/teas/{tea_id}",
    )
    for page in (f"/teas/{tea_id}", f"/teas/{tea_id}/stock"):
        html = client.get(page).get_data(as_text=True)
        cells = re.findall(r'<td class="num">(.*?)</td>', html)
        assert (
            '<span aria-hidden="true">\u22122.5 g</span>'
            '<span class="visually-hidden">minus 2.5 g</span>' in cells
        ), page
        assert "+20 g" in cells
        assert not [cell for cell in cells if re.search(r"-\d", cell)]


def test_details_cell_shows_only_what_a_movement_has(app, client, host):
    """A note alone is the cell's only line; a vendor without a price has no leading dot."""
    tea_id = make_tea(app, host, grams=20)
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "2", "consume-kind": "gift", "consume-note": "for Mei"},
        token_from=f"/teas/{tea_id}",
    )
    post_form(
        client,
        f"/teas/{tea_id}/restock",
        {"restock-grams": "5", "restock-currency": "EUR", "restock-vendor": "Yunnan Sourcing"},
        token_from=f"/teas/{tea_id}",
    )
    for url in (f"/teas/{tea_id}", f"/teas/{tea_id}/stock"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r"<td>\s*<small>for Mei</small>\s*</td>", page), url
        assert re.search(r"<td>\s*Yunnan Sourcing\s*</td>", page), url


def test_stock_never_goes_below_zero(app, client, host):
    tea_id = make_tea(app, host, grams=4)
    response = post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "5", "consume-kind": "brewed"},
        token_from=f"/teas/{tea_id}",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Only 4 g of Keemun are in stock; 5 g cannot be taken. Nothing was changed." in page
    assert ledger_rows(app, tea_id) == [("purchase", 4000, None)]


def test_consume_rejects_bad_input_and_writes_nothing(app, client, host):
    tea_id = make_tea(app, host, grams=10)
    for data, message in [
        (
            {"consume-grams": "-3", "consume-kind": "brewed"},
            "An amount taken is 0.1 to 100,000 grams.",
        ),
        ({"consume-grams": "lots", "consume-kind": "brewed"}, "Enter a number, such as 2.5."),
        ({"consume-grams": "2", "consume-kind": "purchase"}, "Choose one of the options shown."),
        (
            {"consume-grams": "2", "consume-kind": "brewed", "consume-note": "x" * 10_000},
            "Use at most 500 characters",
        ),
    ]:
        response = post_form(client, f"/teas/{tea_id}/consume", data, token_from=f"/teas/{tea_id}")
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), data
    assert ledger_rows(app, tea_id) == [("purchase", 10000, None)]


def test_restock_rejects_bad_input(app, client, host):
    tea_id = make_tea(app, host)
    for data, message in [
        (
            {"restock-grams": "0", "restock-currency": "EUR"},
            "A purchase is 0.1 to 100,000 grams of leaf.",
        ),
        ({"restock-grams": "50", "restock-currency": "euro"}, "three-letter code"),
        (
            {"restock-grams": "50", "restock-currency": "EUR", "restock-cost": "-1"},
            "A price paid is 0 to 1,000,000.",
        ),
        (
            {"restock-grams": "50", "restock-currency": "EUR", "restock-occurred_on": "2999-01-01"},
            "in the future",
        ),
        (
            {"restock-grams": "50", "restock-currency": "EUR", "restock-occurred_on": "31/31/2020"},
            "Enter a date, such as 2026-03-14.",
        ),
    ]:
        page = post_form(
            client, f"/teas/{tea_id}/restock", data, token_from=f"/teas/{tea_id}"
        ).get_data(as_text=True)
        assert message in page, data
    assert ledger_rows(app, tea_id) == []


def test_stocktake_writes_the_difference(app, client, host):
    tea_id = make_tea(app, host, grams=100)
    post_form(
        client,
        f"/teas/{tea_id}/stocktake",
        {"stocktake-counted": "92.5"},
        token_from=f"/teas/{tea_id}",
    )
    assert ledger_rows(app, tea_id)[-1] == ("stocktake", -7500, None)
    post_form(
        client,
        f"/teas/{tea_id}/stocktake",
        {"stocktake-counted": "95"},
        token_from=f"/teas/{tea_id}",
    )
    assert ledger_rows(app, tea_id)[-1] == ("stocktake", 2500, None)
    same = post_form(
        client,
        f"/teas/{tea_id}/stocktake",
        {"stocktake-counted": "95"},
        token_from=f"/teas/{tea_id}",
        follow_redirects=True,
    )
    assert "already is 95 g" in same.get_data(as_text=True)
    assert len(ledger_rows(app, tea_id)) == 3
    assert grams_on_hand(app, tea_id) == 95


def _movement_ids(app, tea_id):
    with app.app_context():
        return list(
            db.session.scalars(
                select(StockMovement.id)
                .where(StockMovement.tea_id == tea_id)
                .order_by(StockMovement.id)
            )
        )


def test_undo_writes_a_compensating_movement_once(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "5", "consume-kind": "spoiled"},
        token_from=f"/teas/{tea_id}",
    )
    spoiled = _movement_ids(app, tea_id)[-1]
    post_form(client, f"/movements/{spoiled}/undo", token_from=f"/teas/{tea_id}")
    assert ledger_rows(app, tea_id) == [
        ("purchase", 50000, None),
        ("spoiled", -5000, None),
        ("undo", 5000, spoiled),
    ]
    again = post_form(
        client, f"/movements/{spoiled}/undo", token_from=f"/teas/{tea_id}", follow_redirects=True
    )
    assert "already been undone" in again.get_data(as_text=True)
    undo_id = _movement_ids(app, tea_id)[-1]
    of_undo = post_form(
        client, f"/movements/{undo_id}/undo", token_from=f"/teas/{tea_id}", follow_redirects=True
    )
    assert "cannot itself be undone" in of_undo.get_data(as_text=True)
    assert len(ledger_rows(app, tea_id)) == 3
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "undone</span>" in page and "50 g</span> in stock" in page


def test_undoing_a_purchase_that_was_drunk_is_refused(app, client, host):
    tea_id = make_tea(app, host, grams=10)
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "8", "consume-kind": "brewed"},
        token_from=f"/teas/{tea_id}",
    )
    purchase = _movement_ids(app, tea_id)[0]
    response = post_form(
        client, f"/movements/{purchase}/undo", token_from=f"/teas/{tea_id}", follow_redirects=True
    )
    assert "Only 2 g of Keemun are in stock" in response.get_data(as_text=True)
    assert len(ledger_rows(app, tea_id)) == 2


def test_undo_needs_post_and_a_token(app, client, host):
    tea_id = make_tea(app, host, grams=10)
    purchase = _movement_ids(app, tea_id)[0]
    assert client.get(f"/movements/{purchase}/undo").status_code == 405
    assert client.post(f"/movements/{purchase}/undo").status_code == 400
    assert len(ledger_rows(app, tea_id)) == 1


def test_another_hosts_stock_answers_404(app, client, host):
    other = add_host(app, email="other@example.com", name="Other")
    tea_id = make_tea(app, other, grams=10)
    movement = _movement_ids(app, tea_id)[0]
    mine = make_tea(app, host, grams=1, name="Mine")
    for url, data in [
        (f"/teas/{tea_id}/restock", {"restock-grams": "5", "restock-currency": "EUR"}),
        (f"/teas/{tea_id}/consume", {"consume-grams": "5", "consume-kind": "brewed"}),
        (f"/teas/{tea_id}/stocktake", {"stocktake-counted": "0"}),
        (f"/teas/{tea_id}/dates", {}),
        (f"/movements/{movement}/undo", {}),
    ]:
        assert post_form(client, url, data, token_from=f"/teas/{mine}").status_code == 404, url
    assert client.get(f"/teas/{tea_id}/stock").status_code == 404
    assert ledger_rows(app, tea_id) == [("purchase", 10000, None)]


def test_dates_and_threshold(app, client, host):
    tea_id = make_tea(app, host, grams=10)
    post_form(
        client,
        f"/teas/{tea_id}/dates",
        {
            "dates-opened_on": "2026-01-05",
            "dates-best_by": "2027-03-01",
            "dates-low_stock_grams": "15",
        },
        token_from=f"/teas/{tea_id}",
    )
    with app.app_context():
        tea = db.session.get(Tea, tea_id)
        assert (str(tea.opened_on), str(tea.best_by), tea.low_stock_grams) == (
            "2026-01-05",
            "2027-03-01",
            15,
        )
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "Opened: 5 Jan 2026 · Best by: 1 Mar 2027" in page
    bad = post_form(
        client,
        f"/teas/{tea_id}/dates",
        {"dates-opened_on": "3026-01-01", "dates-low_stock_grams": "-1"},
        token_from=f"/teas/{tea_id}",
    ).get_data(as_text=True)
    assert "in the future" in bad and "A tea runs low at 0 to 100,000 grams." in bad


def test_history_page_paginates_with_a_fixed_query_count(app, client, host):
    tea_id = make_tea(app, host, grams=1000)
    counts = []
    for total in (20, 200):
        with app.app_context():
            have = len(_movement_ids(app, tea_id))
            ledger.add_movements(
                [
                    {
                        "owner_id": host,
                        "tea_id": tea_id,
                        "kind": MovementKind.BREWED,
                        "milligrams": -1000,
                        "occurred_on": date.today(),
                    }
                    for _ in range(total - have)
                ]
            )
            db.session.commit()
        for url in (f"/teas/{tea_id}/stock?page=2", f"/teas/{tea_id}"):
            with count_queries(app) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
    assert counts[:2] == counts[2:]
    page = client.get(f"/teas/{tea_id}/stock?page=4").get_data(as_text=True)
    assert "Page 4 of 4" in page and "200 movements" in page
    # The oldest page ends with the opening purchase.
    assert len(re.findall(r"<th scope=\"row\">Brewed", page)) == 49
    assert '<th scope="row">Purchase' in page


def test_concurrent_consumption_loses_no_movement_and_never_goes_negative(app, live_server):
    """40 requests at once take 1 g each from 30 g, over HTTP, on a file-backed SQLite."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.served import HttpSession

    host_id = add_host(app)
    tea_id = make_tea(app, host_id, grams=30)
    tabs = [HttpSession(live_server).login() for _ in range(2)]
    tokens = [tab.token(f"/teas/{tea_id}") for tab in tabs]

    def take_one_gram(n):
        tab, token = tabs[n % 2], tokens[n % 2]
        return tab.post(
            f"/teas/{tea_id}/consume",
            {"consume-grams": "1", "consume-kind": "brewed", "csrf_token": token},
        )[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(take_one_gram, range(40)))
    assert statuses == [302] * 40  # each got an answer: taken, or refused with a message
    ledger = ledger_rows(app, tea_id)
    assert ledger.count(("brewed", -1000, None)) == 30
    assert grams_on_hand(app, tea_id) == 0


def test_a_restock_starts_in_the_currency_the_tea_was_bought_in(app, client, host):
    """A tea bought in dollars offered euros (the host's currency) for its next purchase."""
    from tests.helpers.client import field_value

    bought_abroad = make_tea(app, host, name="Alishan")
    never_priced = make_tea(app, host, name="Gift")
    with app.app_context():
        tea = db.session.get(Tea, bought_abroad)
        ledger.add_movement(tea, MovementKind.PURCHASE, 50_000, cost_minor=2_400, currency="USD")
        ledger.add_movement(tea, MovementKind.PURCHASE, 10_000, cost_minor=500, currency="EUR")
        db.session.commit()
    page = client.get(f"/teas/{bought_abroad}").get_data(as_text=True)
    assert field_value(page, "restock-currency") == "USD"  # most of its grams
    page = client.get(f"/teas/{never_priced}").get_data(as_text=True)
    assert field_value(page, "restock-currency") == "EUR"
