"""The host on the day, in a browser: held only once begun, cancelling that asks and explains."""

import re

from playwright.sync_api import expect

from tests.helpers.browser import axe_violations, guest_page, sign_in
from tests.helpers.client import add_host
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def test_held_waits_for_the_party_and_shows_the_stock_first(app, page):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=100, name="Keemun")
    later = make_party(app, host, title="Next week", days_ahead=7)
    now = make_party(app, host, title="Tonight", days_ahead=-0.05)
    for party_id in (later, now):
        add_menu(app, party_id, tea_id, cups_each=2, vessel_ml=100)
        invite(app, party_id, make_guest(app, host, f"Guest of {party_id}"))
    sign_in(page)
    page.goto(f"/parties/{later}")
    expect(page.get_by_role("link", name="Mark as held")).to_have_count(0)
    page.goto(f"/parties/{now}")
    page.get_by_role("link", name="Mark as held").click()
    stock = page.get_by_role("list", name="What will leave the stock")
    expect(stock).to_have_text("Keemun: 1.5 g of 100 g, leaving 98.5 g")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("The party is marked as held")).to_be_visible()


def test_cancelling_asks_and_the_guest_reads_it_first(app, page, browser, live_server):
    host = add_host(app)
    party_id = make_party(app, host, title="Film night")
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"), response="yes")
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    page.get_by_role("link", name="Cancel the party").click()
    expect(page.get_by_role("heading", name="Cancel “Film night”?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Keep the party").click()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()
    page.get_by_role("link", name="Cancel the party").click()
    page.get_by_label("A word to your guests (optional)").fill("Flu, sorry. Next month!")
    page.get_by_role("button", name="Cancel the party").click()
    expect(page.get_by_role("status").filter(has_text="The party is cancelled")).to_be_visible()

    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    alert = guest.get_by_role("alert").filter(has_text="This party is cancelled")
    expect(alert).to_contain_text("Flu, sorry. Next month!")
    # The cancellation comes before the invitation itself.
    first_heading = guest.get_by_role("heading").first
    expect(first_heading).to_have_text("This party is cancelled")
    expect(guest.get_by_text(re.compile("You are coming"))).to_have_count(0)
    expect(guest.get_by_role("button", name="Send my answer")).to_have_count(0)
    assert axe_violations(guest) == []
    context.close()
    assert errors == []


def test_the_guest_answers_first_and_unseals_the_review_only_on_purpose(app, page):
    from datetime import UTC, datetime, timedelta

    from teahouse.extensions import db
    from teahouse.models import Party
    from tests.helpers.films import film_with_review, screened_party

    host = add_host(app)
    film_id, review_id = film_with_review(app, host)
    party_id = screened_party(
        app, host, start_hours_from_now=48, review_id=review_id, film_id=film_id
    )
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.rsvp_deadline = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=24)
        db.session.commit()
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    page.goto(f"/i/{token}")
    expect(page.get_by_text(re.compile(r"^Answer by .* \(Europe/Berlin time\)\.$"))).to_be_visible()
    # Tabbing from the top reaches the answer before anything that opens the review.
    reached = None
    for _ in range(40):
        page.keyboard.press("Tab")
        reached = page.evaluate(
            "() => document.activeElement.closest('#review') ? 'review'"
            " : document.activeElement.name === 'response' ? 'answer' : null"
        )
        if reached:
            break
    assert reached == "answer"
    review = page.get_by_role("region", name="Mei's review: Warm and sad")
    review.get_by_text("Seen it already? Read the full review now").click()
    review.get_by_role("button", name="Show me the full review").click()
    # The tick is required: nothing opened.
    expect(review.get_by_text("Samantha leaves")).to_have_count(0)
    review.get_by_label("Yes, I have seen this film and spoilers are fine").check()
    review.get_by_role("button", name="Show me the full review").click()
    expect(review.get_by_text("Samantha leaves")).to_be_visible()


def test_the_grams_served_are_entered_on_a_phone_without_scrolling_sideways(app, page):
    """On the day the host marks the party as held from a phone: each tea is a block with its
    figures named and its grams box on the screen (the table had pushed the box half past the
    right edge and cut "Grams served" to "Grams")."""
    host = add_host(app)
    tea_id = make_tea(app, host, grams=144, name="Alishan High Mountain")
    party_id = make_party(app, host, title="Tonight", days_ahead=-0.05)
    add_menu(app, party_id, tea_id, cups_each=2, vessel_ml=100)
    invite(app, party_id, make_guest(app, host, "Ana Lima"))
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page)
    page.goto(f"/parties/{party_id}/held")
    served = page.get_by_role("region", name="Grams served per tea")
    assert served.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    row = served.get_by_role("row", name=re.compile("Alishan High Mountain"))
    for label, value in (("Planned", "1.5 g"), ("In stock", "144 g")):
        cell = row.get_by_role("cell").filter(has_text=value).first
        assert cell.evaluate("c => getComputedStyle(c, '::before').content") == f'"{label}: "'
    grams = page.get_by_label("Grams of Alishan High Mountain served")
    box = grams.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 - 16, box
