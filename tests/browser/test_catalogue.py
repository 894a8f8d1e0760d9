"""A host's first steps in a real browser: setup, login, search, add, edit, delete, bad input."""

import re

from playwright.sync_api import expect

from tests.helpers.browser import sign_in
from tests.helpers.client import add_host


def test_first_run_setup_with_the_sample_collection(page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    expect(page.get_by_role("heading", name="Welcome to Teahouse")).to_be_visible()
    page.get_by_label("Email").fill("owner@example.com")
    page.get_by_label("Display name").fill("Ana")
    page.get_by_label("Password", exact=True).fill("a pot of oolong at dusk")
    page.get_by_label("Repeat the password").fill("a pot of oolong at dusk")
    page.get_by_label("Time zone").select_option("Europe/Lisbon")
    expect(page.get_by_label("Start with the sample collection (40 teas)")).to_be_checked()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Your collection", exact=True)).to_be_visible()
    expect(page.get_by_text("40 teas.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Welcome to Teahouse, Ana")).to_be_visible()


def test_login_and_wrong_password(app, page):
    add_host(app)
    sign_in(page, password="not my password")
    expect(page.get_by_text("The email or the password is wrong.")).to_be_visible()
    sign_in(page)
    expect(page.get_by_role("heading", name="Your collection", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto("/teas/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_search_and_filter_the_catalogue(app, page):
    add_host(app, sample=True)
    sign_in(page)
    search = page.get_by_role("searchbox", name="Search")
    search.fill("wuyi")
    search.press("Enter")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Da Hong Pao")).to_be_visible()
    expect(table.get_by_role("link", name="Longjing (Xi Hu Long Jing)")).to_have_count(0)
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Type").select_option(label="Yellow")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("2 teas match.")).to_be_visible()
    expect(table.get_by_role("link", name="Junshan Yinzhen")).to_be_visible()
    page.get_by_label("Type").select_option(label="All types")
    page.get_by_label("Favourites only").check()
    page.get_by_label("Caffeine").select_option(label="High")
    page.get_by_role("button", name="Apply").click()
    expect(table.get_by_role("link", name="Gyokuro Yame")).to_be_visible()
    expect(table.get_by_role("link", name="Silver Needle (Bai Hao Yin Zhen)")).to_have_count(0)


def test_add_edit_and_delete_a_tea(app, page):
    add_host(app)
    sign_in(page)
    expect(page.get_by_role("heading", name="Your collection is empty")).to_be_visible()
    page.get_by_role("link", name="Add your first tea").click()
    page.get_by_label("Name").fill("Jade Oolong")
    page.get_by_label("Type").select_option(label="Oolong")
    page.get_by_label("Gongfu (a gaiwan, many short steeps)").check()
    # The type's usual settings appear as hints while the fields are blank.
    expect(page.get_by_label("Water temperature (°C)")).to_have_attribute(
        "placeholder", "usually 99"
    )
    page.get_by_label("Tags").fill("floral, spring")
    page.get_by_label("Grams bought").fill("75")
    page.get_by_role("button", name="Add tea").click()

    expect(page.get_by_role("heading", name="Jade Oolong")).to_be_visible()
    expect(page.get_by_text("4.5 g for 100 ml")).to_be_visible()
    expect(page.get_by_text("75 g in stock")).to_be_visible()

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Name").fill("Jade Oolong 2026")
    page.get_by_label("Water temperature (°C)").fill("95")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Jade Oolong 2026")).to_be_visible()
    expect(page.get_by_text("95 °C")).to_be_visible()

    page.get_by_label("Vessel size (ml)").fill("150")
    page.get_by_role("button", name="Recalculate leaf").click()
    expect(page.get_by_text("6.8 g for 150 ml")).to_be_visible()

    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete this tea").click()
    expect(page.get_by_text("“Jade Oolong 2026” deleted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your collection is empty")).to_be_visible()


def test_bad_input_shows_errors_next_to_the_fields(app, page):
    add_host(app)
    sign_in(page)
    page.goto("/teas/new")
    page.get_by_label("Water temperature (°C)").fill("500")
    page.get_by_label("Vendor link").fill("not a link")
    page.get_by_label("Grams bought").fill("-4")
    page.get_by_role("button", name="Add tea").click()
    expect(
        page.get_by_role("alert").get_by_role("heading", name="Nothing was saved")
    ).to_be_visible()
    name = page.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#name-error")).to_have_text(re.compile("Fill this in."))
    expect(page.locator("#brew_temp-error")).to_contain_text("between 40 and 100 °C")
    expect(page.locator("#vendor_url-error")).to_contain_text("Enter a web address")
    expect(page.locator("#opening_grams-error")).to_contain_text(
        "A purchase is 0.1 to 100,000 grams of leaf."
    )
    # The summary links move keyboard focus to the field in question.
    page.get_by_role("link", name=re.compile("^Name:")).click()
    expect(name).to_be_focused()
    page.goto("/teas/")
    expect(page.get_by_role("heading", name="Your collection is empty")).to_be_visible()


def test_the_filter_bar_keeps_apply_beside_the_filters(app, page):
    """At 1280 px the filters and their Apply button share one line (Apply fell alone onto a
    second line), under the search box, which has a line of its own for its hint, with no
    "Filter and sort" fold to open; on a phone they fold under it, and once opened they
    stack, each as wide as the search box, nothing beyond the screen."""
    add_host(app, sample=True)
    sign_in(page)
    page.goto("/teas/")
    bar = page.get_by_role("search", name="Search and filter teas")
    controls = [
        *bar.get_by_role("combobox").all(),
        bar.get_by_role("checkbox", name="Favourites only"),
        bar.get_by_role("button", name="Apply"),
    ]
    middles = [box["y"] + box["height"] / 2 for box in (c.bounding_box() for c in controls)]
    assert max(middles) - min(middles) < 4, middles
    search = bar.get_by_role("searchbox", name="Search").bounding_box()
    assert search["y"] + search["height"] < min(middles)
    fold = bar.get_by_text("Filter and sort")
    expect(fold).to_be_hidden()

    page.set_viewport_size({"width": 375, "height": 812})
    expect(bar.get_by_role("combobox", name="Sort by")).to_be_hidden()
    fold.click()
    search = bar.get_by_role("searchbox", name="Search").bounding_box()
    sort = bar.get_by_role("combobox", name="Sort by").bounding_box()
    assert search["width"] == sort["width"] and search["x"] + search["width"] <= 375 - 16
    assert sort["y"] > search["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
