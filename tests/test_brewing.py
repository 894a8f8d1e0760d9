"""Brew log, teaware and the brew timer page."""

import re

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import BrewSession, StockMovement, Teaware, User
from tests.helpers.client import add_host, field_value, post_form
from tests.helpers.teas import BREW, grams_on_hand, ledger_rows, make_tea


def _brews(app):
    with app.app_context():
        brews = db.session.scalars(select(BrewSession).order_by(BrewSession.id)).all()
        db.session.expunge_all()
        return brews


def test_brew_form_is_prefilled_from_the_tea_and_vessel(app, client, host):
    tea_id = make_tea(app, host, grams=50)  # 0.75 g / 100 ml, 300 ml pot, 180 s
    page = client.get(f"/teas/{tea_id}/brew").get_data(as_text=True)
    assert field_value(page, "vessel_ml") == "300"
    assert field_value(page, "grams_used") == "2.2"  # 300 ml × 0.75 g / 100 ml
    assert field_value(page, "steeps-0-seconds") == "180"
    assert field_value(page, "steeps-0-temperature") == "90"
    sized = client.get(f"/teas/{tea_id}/brew?vessel=500").get_data(as_text=True)
    assert field_value(sized, "grams_used") == "3.8"


def test_teaware_sizes_the_leaf(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    post_form(client, "/teaware", {"name": "Glass pot", "volume_ml": "600"})
    with app.app_context():
        ware_id = db.session.scalar(select(Teaware.id))
    detail = client.get(f"/teas/{tea_id}?teaware={ware_id}").get_data(as_text=True)
    assert "4.5 g</strong> for 600 ml" in detail and "Sized for your Glass pot" in detail
    brew_form = client.get(f"/teas/{tea_id}/brew?teaware={ware_id}").get_data(as_text=True)
    assert re.search(rf'<option data-volume="600" selected value="{ware_id}">', brew_form)
    assert field_value(brew_form, "grams_used") == "4.5"


def test_logging_a_brew_takes_its_leaf_from_stock(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    response = post_form(client, f"/teas/{tea_id}/brew", BREW)
    assert response.status_code == 302
    [brew] = _brews(app)
    assert (brew.milligrams_used, brew.style, brew.vessel_ml, brew.rating) == (
        5000,
        "gongfu",
        100,
        4.5,
    )
    assert brew.steeps == [
        {"temp_c": 95, "seconds": 15, "note": "honey"},
        {"temp_c": 90, "seconds": 25, "note": ""},  # blank temperature: the tea's own
    ]
    with app.app_context():
        movement = db.session.scalars(
            select(StockMovement).order_by(StockMovement.id.desc())
        ).first()
        assert (movement.kind, movement.milligrams, movement.brew_session_id) == (
            "brewed",
            -5000,
            brew.id,
        )
        assert str(movement.occurred_on) == "2026-11-20"
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "45 g</span> in stock" in page
    assert "20 Nov 2026 · Gongfu · 5 g in 100 ml" in page
    assert "15 s at 90 °C — honey" not in page and "15 s at 95 °C — honey" in page


def test_a_logged_brew_says_its_grams_as_the_page_writes_them(app, client, host):
    """The form is prefilled with "6.0": the message read "6.0 g taken from stock" beside
    "6 g in 100 ml" in the brew log."""
    tea_id = make_tea(app, host, grams=50)
    post_form(client, f"/teas/{tea_id}/brew", {**BREW, "grams_used": "6.0"})
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "Brew of Keemun logged; 6 g taken from stock." in page


def test_a_brew_larger_than_the_stock_writes_nothing(app, client, host):
    tea_id = make_tea(app, host, grams=3)
    page = post_form(client, f"/teas/{tea_id}/brew", BREW).get_data(as_text=True)
    assert "Only 3 g of Keemun are in stock, not the 5 g this brew needs." in page
    assert _brews(app) == []
    assert ledger_rows(app, tea_id) == [("purchase", 3000, None)]


def test_brew_in_fahrenheit(app, client, host):
    with app.app_context():
        db.session.get(User, host).temperature_unit = "F"
        db.session.commit()
    tea_id = make_tea(app, host, grams=50)
    post_form(client, f"/teas/{tea_id}/brew", dict(BREW, **{"steeps-0-temperature": "203"}))
    assert _brews(app)[0].steeps[0]["temp_c"] == 95


def test_brew_form_errors(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    bad = dict(
        BREW,
        **{
            "steeps-0-seconds": "",
            "steeps-1-seconds": "",
            "grams_used": "-1",
            "brewed_on": "2999-01-01",
            "rating": "9",
            "vessel_ml": "5",
        },
    )
    page = post_form(client, f"/teas/{tea_id}/brew", bad).get_data(as_text=True)
    for message in (
        "Enter the seconds of at least one steep.",
        "Leaf used is 0.1 to 1000 grams.",
        "That date is in the future.",
        "Choose one of the options shown.",
        "A vessel holds 20 to 3000 ml.",
    ):
        assert message in page
    hot = dict(BREW, **{"steeps-0-temperature": "300"})
    assert "Steep 1: water for tea is between 40 and 100 °C." in post_form(
        client, f"/teas/{tea_id}/brew", hot
    ).get_data(as_text=True)
    assert _brews(app) == [] and len(ledger_rows(app, tea_id)) == 1


def test_tasting_history_is_newest_first(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    for day, notes in (
        ("2026-11-01", "first cup"),
        ("2026-11-15", "second cup"),
        ("2026-11-08", "middle cup"),
    ):
        post_form(client, f"/teas/{tea_id}/brew", dict(BREW, brewed_on=day, notes=notes))
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert page.index("second cup") < page.index("middle cup") < page.index("first cup")


def test_removing_a_brew_gives_the_leaf_back(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    post_form(client, f"/teas/{tea_id}/brew", BREW)
    [brew] = _brews(app)
    post_form(client, f"/brews/{brew.id}/delete", token_from=f"/teas/{tea_id}")
    assert _brews(app) == []
    assert grams_on_hand(app, tea_id) == 50
    assert [kind for kind, _, _ in ledger_rows(app, tea_id)] == ["purchase", "brewed", "undo"]


def test_teaware_validation_and_ownership(app, client, host):
    bad = post_form(client, "/teaware", {"name": "", "volume_ml": "5000"}).get_data(as_text=True)
    assert "Fill this in." in bad and "A vessel holds 20 to 3000 ml." in bad
    other = add_host(app, email="other@example.com", name="Other")
    with app.app_context():
        ware = Teaware(owner_id=other, name="Their pot", volume_ml=200)
        db.session.add(ware)
        db.session.commit()
        ware_id = ware.id
    assert "Their pot" not in client.get("/teaware").get_data(as_text=True)
    assert post_form(client, f"/teaware/{ware_id}/delete", token_from="/teaware").status_code == 404
    post_form(client, "/teaware", {"name": "Gaiwan", "volume_ml": "100"})
    with app.app_context():
        mine = db.session.scalar(select(Teaware.id).where(Teaware.owner_id == host))
    post_form(client, f"/teaware/{mine}/delete", token_from="/teaware")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Teaware)) == 1


def test_timer_page_shows_the_schedule_without_javascript(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    page = client.get(f"/teas/{tea_id}/timer").get_data(as_text=True)
    assert "<caption>Steep schedule</caption>" in page and "3 min" in page
    assert 'data-steeps="180"' in page and 'aria-live="assertive"' in page
    assert "/static/js/brew-timer.js" in page
