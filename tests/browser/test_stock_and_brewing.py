"""Stock, brew log, brew timer, dashboard and import in a real browser."""

import json
import re

from playwright.sync_api import expect

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host
from tests.helpers.teas import make_tea


def test_brew_timer_walks_a_short_schedule(app, page):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=50)
    with app.app_context():
        tea = db.session.get(Tea, tea_id)
        tea.steep_seconds, tea.rinse = [1, 2], True
        db.session.commit()
    sign_in(page)
    page.goto(f"/teas/{tea_id}")
    page.get_by_role("link", name="Start the brew timer").click()
    timer = page.get_by_role("timer", name="Time left")
    status = page.get_by_role("status").filter(has_text=re.compile("done|started|Infusion"))
    expect(page.get_by_text("Rinse · 90 °C")).to_be_visible()
    expect(timer).to_have_text("0:05")
    # Skip the 5 s rinse with the keyboard, then let both infusions run out.
    page.keyboard.press("n")
    expect(page.get_by_text("Infusion 1 of 2 · 90 °C")).to_be_visible()
    expect(timer).to_have_text("0:01")
    page.keyboard.press(" ")
    expect(status).to_have_text(
        "Infusion 1 of 2 is done: pour now. Next: Infusion 2 of 2.", timeout=5000
    )
    expect(page.get_by_text("Infusion 2 of 2 · 90 °C")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    expect(status).to_have_text(
        "Infusion 2 of 2 is done: pour now. That was the last infusion: log the brew below.",
        timeout=6000,
    )
    # The log link now carries the two infusions made, and has the focus.
    log = page.get_by_role("link", name="Log this brew (2 steeps made)")
    expect(log).to_be_focused()
    expect(page.get_by_role("button", name="Previous infusion")).to_be_enabled()
    expect(page.get_by_role("button", name="Next infusion")).to_be_disabled()


def test_restock_quick_consume_and_undo(app, page):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=10)
    sign_in(page)
    page.goto(f"/teas/{tea_id}")
    stock = page.get_by_role("region", name="Stock")
    expect(stock.get_by_text("10 g in stock")).to_be_visible()
    stock.get_by_role("button", name="Take 5 grams (brewed)").click()
    expect(page.get_by_text("Took 5 g of Keemun (brewed).")).to_be_visible()
    expect(stock.get_by_text("5 g in stock")).to_be_visible()
    stock.get_by_label("Grams taken").fill("8")
    stock.get_by_role("button", name="Take from stock").click()
    expect(
        page.get_by_role("alert").filter(has_text="Only 5 g of Keemun are in stock")
    ).to_be_visible()
    stock.get_by_label("Grams bought").fill("100")
    stock.get_by_label("Price paid").fill("12.50")
    stock.get_by_role("button", name="Restock").click()
    expect(stock.get_by_text("105 g in stock")).to_be_visible()
    stock.get_by_role("button", name=re.compile("^Undo brewed of 5 g")).click()
    expect(stock.get_by_text("110 g in stock")).to_be_visible()
    expect(stock.get_by_role("row", name=re.compile("Brewed undone"))).to_be_visible()


def test_log_a_brew_with_teaware(app, page):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=50)
    sign_in(page)
    page.goto("/teaware")
    page.get_by_label("Name").fill("Yixing pot")
    page.get_by_label("Volume (ml)").fill("200")
    page.get_by_role("button", name="Add vessel").click()
    expect(page.get_by_role("row", name=re.compile("Yixing pot 200 ml"))).to_be_visible()
    page.goto(f"/teas/{tea_id}/brew")
    page.get_by_label("Teaware").select_option(label="Yixing pot (200 ml)")
    expect(page.get_by_label("Vessel size (ml)")).to_have_value("200")
    expect(page.get_by_label("Leaf used (grams)")).to_have_value("1.5")
    page.get_by_label("Steep 1 note").fill("malty, bright")
    page.get_by_role("group", name="Rating").get_by_label("4 of 5", exact=True).check()
    page.get_by_role("button", name="Save the brew").click()
    history = page.get_by_role("region", name="Tasting history")
    expect(history.get_by_text("180 s at 90 °C — malty, bright")).to_have_count(0)
    expect(history.get_by_text(re.compile("3 min at 90 °C — malty, bright"))).to_be_visible()
    expect(page.get_by_role("region", name="Stock").get_by_text("48.5 g in stock")).to_be_visible()


def test_dashboard_and_import_report(app, page, tmp_path):
    add_host(app, sample=True)
    sign_in(page)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Running low")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Teas by type: White 4"))).to_be_visible()
    page.get_by_text("Teas by type as a table").click()
    expect(page.get_by_role("row", name="Oolong 8")).to_be_visible()

    bad = tmp_path / "teas.csv"
    bad.write_text(
        "name,type,vendor,harvest_year\n"
        "Longjing (Xi Hu Long Jing),green,Seven Cups,2026\n,black,,\nNew,espresso,,\n"
    )
    page.get_by_role("link", name="Your data").click()
    page.get_by_label("File to import").set_input_files(str(bad))
    page.get_by_label("Stop and list them; import nothing").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    report = page.get_by_role("table")
    expect(
        report.get_by_role("row", name=re.compile("row 2 name .*already in your collection"))
    ).to_be_visible()
    expect(report.get_by_role("row", name=re.compile("row 3 name is required"))).to_be_visible()
    expect(report.get_by_role("row", name=re.compile("row 4 type"))).to_be_visible()

    good = tmp_path / "more.json"
    good.write_text(
        json.dumps(
            {
                "format": "teahouse-export",
                "version": 1,
                "teas": [{"id": 1, "name": "Bai Hao Oolong", "type": "oolong"}],
            }
        )
    )
    page.get_by_label("File to import").set_input_files(str(good))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_text("Imported 1 tea.")).to_be_visible()


def test_the_vessel_size_stays_beside_its_box_when_the_brewing_row_wraps(app, page):
    """With teaware, the row of the tea page's brewing card wraps at 1280 px: "Vessel size
    (ml)" stood at the end of the first line and its box began the next, under "Teaware"."""
    host = add_host(app)
    tea_id = make_tea(app, host, grams=50)
    with app.app_context():
        from teahouse.models import Teaware

        db.session.add(Teaware(owner_id=host, name="Blue gaiwan", volume_ml=110))
        db.session.commit()
    sign_in(page)
    page.goto(f"/teas/{tea_id}")
    brewing = page.get_by_role("region", name="How to brew")
    for name in ("Teaware", "Vessel size (ml)"):
        label = brewing.get_by_text(name, exact=True).bounding_box()
        box = page.get_by_label(name).bounding_box()
        assert abs((label["y"] + label["height"] / 2) - (box["y"] + box["height"] / 2)) < 6, name
        assert box["x"] > label["x"], name
