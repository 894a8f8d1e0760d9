"""Letterboxd in a real browser: the export ZIP through "Your data", then a film night planned
from a film on the watchlist."""

import re

from playwright.sync_api import expect

from tests import letterboxd_files as files
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host


def test_import_a_letterboxd_export_and_plan_a_party_from_the_watchlist(app, page, tmp_path):
    add_host(app)
    archive = tmp_path / "letterboxd-mei-2024-06-02-10-00-utc.zip"
    archive.write_bytes(files.export_zip(bom=True, crlf=True))
    broken = tmp_path / "ratings.csv"
    broken.write_text(files.csv_text([*files.RATINGS, ["2024-01-02", "Solaris", "1972", "", "7"]]))

    sign_in(page)
    page.goto("/data/")
    page.get_by_label("File to import").set_input_files(str(broken))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    problem = page.get_by_role("row", name=re.compile("ratings.csv row 5"))
    expect(problem).to_contain_text("Rating")
    expect(problem).to_contain_text("7 is not a rating from 0.5 to 5 in half stars")

    page.get_by_label("File to import").set_input_files(str(archive))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("5 films")

    page.get_by_role("link", name="See your films").click()
    page.get_by_role("link", name="Watchlist").click()
    expect(page.get_by_role("link", name=re.compile("Portrait of a Lady on Fire"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Her$"))).to_have_count(0)
    page.get_by_role("link", name=re.compile("Portrait of a Lady on Fire")).click()
    expect(page.get_by_text(re.compile("On your watchlist since"))).to_be_visible()
    expect(
        page.get_by_role("link", name="“Portrait of a Lady on Fire” on Letterboxd")
    ).to_have_attribute("href", files.PORTRAIT)

    page.get_by_role("link", name="Plan a party with this film").click()
    expect(page.get_by_role("note")).to_contain_text("Portrait of a Lady on Fire (2019)")
    expect(page.get_by_label("Title")).to_have_value("Film night: Portrait of a Lady on Fire")
    page.get_by_label("Starts").fill("2031-05-04T19:00")
    page.get_by_role("button", name=re.compile("Create|Plan|Save")).click()
    expect(
        page.get_by_role("heading", name="Film night: Portrait of a Lady on Fire")
    ).to_be_visible()
    expect(page.get_by_role("list", name="Running order")).to_contain_text("the film, until")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/films/?shown=to_watch")
    page.screenshot(path=str(tmp_path / "watchlist-375.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
