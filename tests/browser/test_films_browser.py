"""Films in real browsers: poster, Markdown review, screening, sealed review, afterglow."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from teahouse.extensions import db
from teahouse.models import Party
from tests.helpers.browser import guest_page, sign_in
from tests.helpers.client import add_host
from tests.helpers.images import image_bytes
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def test_film_night_from_poster_to_afterglow(app, page, browser, live_server, tmp_path):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=100, name="Da Hong Pao")
    party_id = make_party(app, host, title="Film night", days_ahead=3)
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"), response="yes")
    poster = tmp_path / "her.png"
    poster.write_bytes(image_bytes("PNG", size=(900, 1350)))

    sign_in(page)
    page.get_by_role("link", name="Films").click()
    page.get_by_role("link", name="Add your first film").click()
    page.get_by_label("Title", exact=True).fill("Her")
    page.get_by_label("Year").fill("2013")
    page.get_by_label("Director(s)").fill("Spike Jonze")
    page.get_by_label("Runtime (minutes)").fill("126")
    page.get_by_label("Poster", exact=True).set_input_files(str(poster))
    page.get_by_role("button", name="Add film").click()
    expect(page.get_by_role("heading", name=re.compile("^Her"))).to_be_visible()
    expect(page.get_by_role("img", name="Poster of Her")).to_be_visible()

    page.get_by_role("link", name="Write a review").click()
    page.get_by_role("group", name="Rating").get_by_label("4.5 of 5", exact=True).check()
    page.get_by_label("Headline").fill("Warm and sad")
    page.get_by_label("Spoiler-free teaser").fill("A gentle film about connection.")
    page.get_by_label("Review", exact=True).fill(
        "It is *tender*.\n\n**Spoiler:** Samantha leaves.\n\n<img src=x onerror=alert(1)>"
    )
    page.get_by_role("button", name="Save review").click()
    expect(page.locator(".review-body em")).to_have_text("tender")
    expect(page.locator(".review-body img")).to_have_count(0)

    page.goto(f"/parties/{party_id}")
    screening = page.get_by_role("region", name="Screening")
    screening.get_by_label("Film", exact=True).select_option(label="Her (2013)")
    screening.get_by_label("Review to share").select_option(label="Her: Warm and sad")
    screening.get_by_role("button", name="Add the screening").click()
    expect(page.get_by_role("list", name="Running order")).to_contain_text("the film, until")

    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    film = guest.get_by_role("region", name=re.compile("The film: Her"))
    expect(film.get_by_text("A gentle film about connection.")).to_be_visible()
    expect(guest.get_by_text("Samantha leaves")).to_have_count(0)
    expect(film.get_by_role("img", name="Poster of Her")).to_be_visible()

    # Time passes: the party took place yesterday and is marked held.
    with app.app_context():
        party = db.session.get(Party, party_id)
        start = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
        party.starts_at, party.ends_at, party.status = start, start + timedelta(hours=4), "held"
        db.session.commit()
    guest.reload()
    review = guest.get_by_role("region", name=re.compile("review: Warm and sad"))
    expect(review.get_by_text("Samantha leaves.")).to_be_visible()
    glow = guest.get_by_role("region", name="Afterglow: how was it?")
    film_stars = glow.get_by_role("group", name="Your rating of the film")
    # Nothing is chosen for the guest: "Not rated" stands until they pick a star.
    expect(film_stars.get_by_label("Not rated")).to_be_checked()
    expect(film_stars.get_by_label("0.5 of 5", exact=True)).not_to_be_checked()
    film_stars.get_by_label("4 of 5", exact=True).check()
    glow.get_by_label("One line about it").fill("Cried twice.")
    glow.get_by_role("group", name="Da Hong Pao").get_by_label("5 of 5", exact=True).check()
    glow.get_by_role("button", name="Save my ratings").click()
    expect(guest.get_by_text("Thank you for your ratings")).to_be_visible()
    context.close()
    assert errors == []

    page.goto("/films/")
    page.get_by_role("link", name="Her").click()
    glow_list = page.get_by_role("region", name="What guests thought")
    expect(glow_list.get_by_role("listitem").filter(has_text="Ana Lima")).to_have_text(
        "Ana Lima (Film night): 4 of 5 stars — “Cried twice.”"
    )
    page.goto(f"/teas/{tea_id}")
    expect(page.get_by_role("listitem").filter(has_text="Ana Lima (Film night)")).to_have_text(
        "Ana Lima (Film night): 5 of 5 stars"
    )
