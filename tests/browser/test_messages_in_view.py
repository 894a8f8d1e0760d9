"""What a form further down a page did is said where the page opens after it, not above it.

The stock forms of a tea and a party's guest list and menu send the host back to their own
section (#stock, #guests, #menu): the page opens scrolled there, so "Done: …" or "Problem: …"
at the top of the page was out of sight; and a refused stock form showed the tea page from
its top, its errors a screen or more below.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Party
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host
from tests.helpers.teas import make_tea

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_a_stock_action_is_answered_where_the_page_opens(app, page, viewport):
    page.set_viewport_size(viewport)
    tea_id = make_tea(app, add_host(app))
    sign_in(page)
    page.goto(f"/teas/{tea_id}")
    stock = page.get_by_role("region", name="Stock", exact=True)

    page.get_by_role("button", name="Take 3 grams (brewed)").click()
    refused = stock.get_by_role("alert").filter(has_text="Problem: Only 0 g of Keemun")
    expect(refused).to_be_in_viewport()
    expect(page.get_by_text("Problem:")).to_have_count(1)  # said once, in the section

    page.get_by_label("Grams bought").fill("50")
    page.get_by_role("button", name="Restock").click()
    expect(stock.get_by_role("status").filter(has_text="Added 50 g of Keemun.")).to_be_in_viewport()

    page.get_by_role("button", name=re.compile("^Undo purchase")).click()
    expect(
        stock.get_by_role("status").filter(has_text="Undone: purchase of 50 g.")
    ).to_be_in_viewport()


def test_a_refused_stock_form_opens_at_its_errors_on_a_phone(app, page):
    page.set_viewport_size(PHONE)
    tea_id = make_tea(app, add_host(app), grams=40)
    sign_in(page)
    page.goto(f"/teas/{tea_id}")
    page.get_by_role("button", name="Restock").click()  # no grams given
    expect(page.get_by_text("Enter the grams.")).to_be_in_viewport()
    threshold = page.get_by_label("Running low at or below (grams)")
    threshold.fill("-4")
    page.get_by_role("button", name="Save dates").click()
    expect(threshold).to_have_attribute("aria-invalid", "true")
    expect(threshold).to_be_in_viewport()


def test_a_party_list_action_is_answered_in_its_section(app, page):
    add_host(app, sample=True)
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    page.set_viewport_size(PHONE)
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    page.get_by_role("button", name="New link for Mina Okafor").click()
    guests = page.get_by_role("region", name="Guest list")
    said = guests.get_by_role("status").filter(has_text="Mina Okafor has a new link")
    expect(said).to_be_in_viewport()

    page.get_by_role("spinbutton", name="Cups per drinker of Da Hong Pao").fill("3")
    page.get_by_role("button", name="Save the plan for Da Hong Pao").click()
    menu = page.get_by_role("region", name="Tea menu and plan")
    said = menu.get_by_role("status").filter(has_text="Plan for Da Hong Pao saved.")
    expect(said).to_be_in_viewport()
    expect(page.get_by_text("has a new link")).to_have_count(0)  # shown once, then gone
