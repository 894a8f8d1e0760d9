"""The brew timer and the brew log as one flow, driven by keys wherever the focus is."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.browser import axe_violations, sign_in
from tests.helpers.client import add_host


def test_timed_steeps_become_the_logged_brew(app, page):
    add_host(app, sample=True)
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    page.clock.install()
    sign_in(page)
    page.goto(f"/teas/{tea_id}/timer")
    timer_status = page.get_by_role("status")
    # Space starts the rinse even with the focus on another button.
    page.get_by_role("button", name="Next infusion").focus()
    page.keyboard.press("Space")
    expect(timer_status).to_contain_text("Rinse started")
    page.clock.run_for(6_000)
    expect(timer_status).to_contain_text("Rinse is done: pour now. Next: Infusion 1 of 8.")
    page.keyboard.press("Space")
    page.clock.run_for(21_000)
    expect(timer_status).to_contain_text("Infusion 1 of 8 is done")
    page.keyboard.press("Space")
    page.clock.run_for(7_000)
    log = page.get_by_role("link", name=re.compile("^Log this brew"))
    expect(log).to_have_text("Log this brew (1 steep made)")
    # L stops the second infusion where it is and opens the log with the steeps made.
    page.keyboard.press("l")
    expect(page).to_have_url(re.compile(r"/brew\?steeps=20,7$"))
    expect(page.get_by_label("Steep 1 seconds")).to_have_value("20")
    expect(page.get_by_label("Steep 2 seconds")).to_have_value("7")
    expect(page.get_by_label("Steep 3 seconds")).to_have_value("")


def test_keys_on_buttons_and_not_in_text_fields(app, page):
    add_host(app, sample=True)
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    sign_in(page)
    page.goto(f"/teas/{tea_id}/timer")
    step = page.get_by_text(re.compile(r"^(Rinse|Infusion \d of 8) · "))
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("n")
    expect(step).to_have_text(re.compile("^Infusion 1 of 8"))
    page.keyboard.press("N")
    expect(step).to_have_text(re.compile("^Infusion 2 of 8"))
    page.keyboard.press("p")
    expect(step).to_have_text(re.compile("^Infusion 1 of 8"))
    page.get_by_role("link", name="About the timer").click()
    expect(page.get_by_role("heading", name="The brew timer", level=1)).to_be_visible()
    expect(page.get_by_role("row", name="N Go to the next infusion.")).to_be_visible()
    assert axe_violations(page) == []


def test_a_malformed_steeps_list_falls_back_to_the_schedule(app, page):
    add_host(app, sample=True)
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    sign_in(page)
    page.goto(f"/teas/{tea_id}/brew?steeps=20,abc,-4")
    expect(page.get_by_label("Steep 1 seconds")).to_have_value("20")
    expect(page.get_by_label("Steep 8 seconds")).not_to_have_value("")
