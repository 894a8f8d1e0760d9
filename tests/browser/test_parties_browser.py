"""Host and guests in real browsers: a party, personal links, answers, deadline, waitlist."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party
from tests.helpers.browser import guest_page, sign_in
from tests.helpers.client import add_host
from tests.helpers.parties import invite, make_guest, make_party
from tests.helpers.teas import make_tea


def test_host_plans_a_party_and_two_guests_answer(app, page, browser, live_server):
    host = add_host(app)
    make_tea(app, host, grams=100, name="Tieguanyin")
    make_guest(app, host, "Ana Lima", dietary_tags=["vegetarian"])
    make_guest(app, host, "Bo Chen")
    sign_in(page)
    page.get_by_role("link", name="Parties").click()
    page.get_by_role("link", name="Plan a party").click()
    page.get_by_label("Title").fill("Oolong afternoon")
    page.get_by_label("Starts").fill("2030-05-04T15:00")
    page.get_by_label("Ends").fill("2030-05-04T18:00")
    page.get_by_label("Time zone").select_option("Europe/Lisbon")
    page.get_by_label("Location").fill("Rua das Flores 12, Lisboa")
    page.get_by_label("Guests may bring plus-ones").check()
    page.get_by_role("button", name="Create party").click()
    expect(page.get_by_role("heading", name="Oolong afternoon")).to_be_visible()
    expect(
        page.get_by_text("Saturday 4 May 2030, 15:00–18:00 (Europe/Lisbon)").first
    ).to_be_visible()

    page.get_by_label("Ana Lima").check()
    page.get_by_label("Bo Chen").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_label("Add a tea").select_option(label="Tieguanyin")
    page.get_by_role("button", name="Add to the menu").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: guests can now answer.")).to_be_visible()

    links = {
        name: page.get_by_role("textbox", name=f"Link for {name}").input_value()
        for name in ("Ana Lima", "Bo Chen")
    }
    assert all(re.search(r"/i/[\w-]{43}$", link) for link in links.values())

    ana_context, ana, ana_errors = guest_page(browser, live_server, links["Ana Lima"])
    expect(ana.get_by_role("heading", name="Oolong afternoon")).to_be_visible()
    expect(ana.get_by_text("Tieguanyin")).to_be_visible()
    expect(ana.get_by_text("The address is shared with confirmed guests.")).to_be_visible()
    ana.get_by_label("Yes, I'll come").check()
    ana.get_by_label("How many plus-ones?").fill("1")
    plus_one = ana.get_by_role("group", name="Plus-one 1")
    plus_one.get_by_label("Name").fill("Dee")
    plus_one.get_by_label("vegan").check()
    ana.get_by_label("A message to the host").fill("We'll bring cake!")
    ana.get_by_role("button", name="Send my answer").click()
    expect(ana.get_by_text("You are coming with 1 guest.")).to_be_visible()
    # Where: the address, now that she is confirmed.
    expect(ana.get_by_role("definition").nth(1)).to_have_text("Rua das Flores 12, Lisboa")

    bo_context, bo, bo_errors = guest_page(browser, live_server, links["Bo Chen"])
    expect(bo.get_by_role("group", name="Plus-ones (if you come)")).to_be_hidden()
    bo.get_by_label("Yes, I'll come").check()
    expect(bo.get_by_role("group", name="Plus-ones (if you come)")).to_be_visible()
    expect(bo.get_by_role("group", name="Plus-one 1")).to_be_hidden()  # none brought yet
    food = bo.get_by_role("group", name="Your dietary needs")
    expect(food).to_be_visible()
    bo.get_by_label("No, I can't come").check()
    expect(food).to_be_hidden()  # a guest who is not coming is not asked about food
    bo.get_by_label("Maybe").check()
    expect(food).to_be_visible()
    bo.get_by_label("No, I can't come").check()
    bo.get_by_role("button", name="Send my answer").click()
    expect(bo.get_by_text("You said you can't come.")).to_be_visible()

    page.reload()
    tally = page.get_by_role("table", name="Answers, counting plus-ones")
    expect(tally.get_by_role("row", name="Yes 2")).to_be_visible()
    expect(tally.get_by_role("row", name="No 1")).to_be_visible()
    dietary = page.get_by_role("list", name="Dietary tally")
    expect(dietary.get_by_text("vegetarian: 1")).to_be_visible()
    expect(dietary.get_by_text("vegan: 1")).to_be_visible()
    expect(page.get_by_text("We'll bring cake!")).to_be_visible()
    # Person by person: the plus-one by name, with what each eats and drinks.
    people = page.get_by_role("table", name="Each person coming, with dietary needs and caffeine")
    expect(people.get_by_role("row", name="Ana Lima vegetarian any caffeine")).to_be_visible()
    expect(people.get_by_role("row", name="Dee with Ana Lima vegan not asked")).to_be_visible()
    for context in (ana_context, bo_context):
        context.close()
    assert ana_errors == [] and bo_errors == []


def test_deadline_passed_and_waitlist_promotion(app, page, browser, live_server):
    host = add_host(app)
    deadline = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    closed = make_party(app, host, title="Last week's tasting", rsvp_deadline=deadline)
    _, late_token = invite(app, closed, make_guest(app, host, "Late Larry"))
    full = make_party(app, host, title="Tiny tea room", capacity=1)
    _, first_token = invite(app, full, make_guest(app, host, "First Fay"))
    _, second_token = invite(app, full, make_guest(app, host, "Second Sam"))

    context, guest, errors = guest_page(browser, live_server, f"/i/{late_token}")
    expect(guest.get_by_role("alert")).to_contain_text("The deadline for answers has passed")
    expect(guest.get_by_role("button", name="Send my answer")).to_have_count(0)

    guest.goto(f"/i/{first_token}")
    guest.get_by_label("Yes, I'll come").check()
    guest.get_by_role("button", name="Send my answer").click()
    expect(guest.get_by_text("You are coming.")).to_be_visible()
    guest.goto(f"/i/{second_token}")
    guest.get_by_label("Yes, I'll come").check()
    guest.get_by_role("button", name="Send my answer").click()
    expect(guest.get_by_text("You are on the waitlist.")).to_be_visible()

    guest.goto(f"/i/{first_token}")
    guest.get_by_label("No, I can't come").check()
    guest.get_by_role("button", name="Send my answer").click()
    guest.goto(f"/i/{second_token}")
    expect(
        guest.get_by_text(re.compile("a place freed up and you moved from the waitlist"))
    ).to_be_visible()
    context.close()
    assert errors == []

    sign_in(page)
    page.goto(f"/parties/{full}")
    expect(page.get_by_text("Second Sam moved from the waitlist to confirmed")).to_be_visible()
    with app.app_context():
        assert db.session.get(Party, full).capacity == 1
        assert sum(i.confirmed for i in db.session.query(Invitation).filter_by(party_id=full)) == 1


def test_each_guests_copy_button_names_the_guest_and_copies_their_link(app, page):
    """A screen reader heard "Copy link" once per guest, with nothing to tell them apart."""
    add_host(app, sample=True)
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    guests = page.get_by_role("region", name="Guest list")
    for name in ("Mina Okafor", "Lukas Brandt"):
        link = guests.get_by_role("textbox", name=f"Link for {name}").input_value()
        guests.get_by_role("button", name=f"Copy the link for {name}", exact=True).click()
        expect(guests.get_by_role("button", name=f"Copied the link for {name}")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == link
        expect(guests.get_by_role("button", name=f"Copy the link for {name}")).to_be_visible()
