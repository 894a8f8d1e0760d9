"""Accessibility is part of correctness: axe-core finds no violation on any page we serve."""

import re

import pytest
from flask import url_for
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Film, Guest, Invitation, Party, Review, Tea
from tests.helpers.browser import axe_violations, sign_in
from tests.helpers.client import add_host


@pytest.fixture
def sample_ids(app):
    add_host(app, sample=True)
    with app.app_context():
        return {
            "tea": db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao")),
            "party": db.session.scalar(select(Party.id)),
            "film": db.session.scalar(select(Film.id)),
            "review": db.session.scalar(select(Review.id)),
            "token": db.session.scalar(select(Invitation.token)),
            "guest": db.session.scalar(select(Guest.id)),
        }


# GET routes that are not a host's HTML page, each with the reason it is left out here.
NOT_HOST_PAGES = {
    "static": "files",
    "films.poster": "an image",
    "teas.photo": "an image",
    "core.healthz": "JSON for monitoring",
    "core.index": "a redirect",
    "portability.export_json": "a download",
    "portability.export_csv": "a download",
    "portability.export_letterboxd": "a download",
    "parties.email_draft": "a redirect to the mail program (mailto:)",
    "auth.login": "signed out only: test_the_guest_pages_pass_axe",
    "auth.setup": "only before the first host exists",
    "auth.signup": "off unless ALLOW_SIGNUP",
}
EXTRA_PATHS = ("/teas/?q=oolong",)


def host_pages(app, ids: dict) -> list[str]:
    """Every GET page of the app a signed-in host can open, its ids taken from the sample.

    Built from app.url_map, so a new page is checked without anyone adding it here; a page
    whose URL needs an id the sample does not give fails until it is given one.
    """
    ids_by_argument = {
        "tea_id": ids["tea"],
        "party_id": ids["party"],
        "film_id": ids["film"],
        "review_id": ids["review"],
        "guest_id": ids["guest"],
    }
    paths = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_HOST_PAGES:
                continue
            if "token" in rule.arguments:
                continue  # a guest's or a stranger's page: the guest and public-page tests
            missing = rule.arguments - ids_by_argument.keys()
            assert not missing, f"{rule.rule}: give the sample's {missing} or list it above"
            values = {name: ids_by_argument[name] for name in rule.arguments}
            paths.append(url_for(rule.endpoint, **values))
    return sorted(paths) + list(EXTRA_PATHS)


def test_every_host_page_passes_axe(app, page, sample_ids):
    sign_in(page)
    paths = host_pages(app, sample_ids)
    assert "/teas/new" in paths and f"/parties/{sample_ids['party']}/held" in paths
    for path in paths:
        # Images, calendar files and downloads are not pages: axe has nothing to check there,
        # and opening them in the browser's own viewer would trip the console check.
        if not page.request.get(path).headers.get("content-type", "").startswith("text/html"):
            continue
        page.goto(path)
        assert axe_violations(page) == [], path


def test_forms_with_errors_pass_axe(page, sample_ids):
    sign_in(page)
    page.goto("/teas/new")
    page.get_by_label("Water temperature (°C)").fill("500")
    page.get_by_role("button", name="Add tea").click()
    page.get_by_role("heading", name="Nothing was saved").wait_for()
    assert axe_violations(page) == []


def test_the_guest_pages_pass_axe(page, sample_ids):
    page.goto(f"/i/{sample_ids['token']}")
    assert axe_violations(page) == []
    page.goto("/login")
    assert axe_violations(page) == []


def test_the_pages_of_the_party_day_pass_axe(app, page, browser, live_server, sample_ids):
    """The pages the crawl meets empty or not at all: who is coming with people in it, the
    cancel confirmation, and the star-rating control a guest who came sees afterwards."""
    from datetime import UTC, datetime, timedelta

    from playwright.sync_api import expect

    from tests.helpers.browser import guest_page
    from tests.helpers.parties import people_coming

    party_id = sample_ids["party"]
    people_coming(app, party_id)
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    coming = page.get_by_role("region", name="People coming")
    expect(coming.get_by_role("rowheader", name=re.compile("Kit Brand"))).to_contain_text(
        "with Noor Haddad"
    )
    expect(coming.get_by_role("row", name=re.compile("Kit Brand"))).to_contain_text("no sesame")
    assert axe_violations(page) == []

    page.goto(f"/parties/{party_id}/cancel")
    expect(page.get_by_role("heading", name=re.compile("^Cancel “"))).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Cancel the party").click()
    expect(page.get_by_text("The party is cancelled")).to_be_visible()
    assert axe_violations(page) == []

    # Yesterday's party, held: the guest who came rates the film and the teas with stars.
    with app.app_context():
        party = db.session.get(Party, party_id)
        start = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
        party.starts_at, party.ends_at = start, start + timedelta(hours=4)
        party.status = "held"
        db.session.commit()
        token = db.session.scalar(
            select(Invitation.token).where(
                Invitation.party_id == party_id, Invitation.response == "yes"
            )
        )
    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    glow = guest.get_by_role("region", name="Afterglow: how was it?")
    stars = glow.get_by_role("group", name="Your rating of the film")
    expect(stars.get_by_label("Not rated")).to_be_checked()
    assert axe_violations(guest) == []
    stars.get_by_label("3.5 of 5", exact=True).check()
    stars.get_by_label("3.5 of 5", exact=True).focus()
    assert axe_violations(guest) == []
    context.close()
    assert errors == []


def test_a_tea_photo_and_caffeine_clashes_pass_axe(app, page, browser, live_server, sample_ids):
    """What the crawl of the sample does not show: a tea's photo with its description (the
    tea page, its form with a refused description, the public page) and the menu plan naming
    a guest coming who avoids caffeine apart from one who has not answered."""
    from playwright.sync_api import expect

    from tests.helpers.browser import guest_page
    from tests.helpers.images import image_bytes
    from tests.helpers.parties import invite, make_guest

    tea_id, party_id = sample_ids["tea"], sample_ids["party"]
    with app.app_context():
        host = db.session.get(Party, party_id).owner_id
        lukas = db.session.scalar(select(Invitation).join(Guest).where(Guest.caffeine == "low"))
        lukas.response = "yes"
        db.session.commit()
    invite(app, party_id, make_guest(app, host, "Ines Moreau", caffeine="none"))

    sign_in(page)
    page.goto(f"/teas/{tea_id}/edit")
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "leaf.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}]
    )
    page.get_by_label("Photo description").fill("Long dark twisted leaves in a white bowl")
    page.get_by_role("button", name="Save changes").click()
    about = page.get_by_role("region", name="About this tea")
    expect(
        about.get_by_role("img", name="Long dark twisted leaves in a white bowl")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/teas/{tea_id}/edit")
    description = page.get_by_label("Photo description")
    description.evaluate("field => field.removeAttribute('maxlength')")  # as a script could
    description.fill("w" * 151)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name=re.compile("^Photo description: "))).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/parties/{party_id}")
    plan = page.get_by_role("region", name="Tea menu and plan")
    expect(plan.get_by_text("Caffeine clash, coming or maybe: Lukas Brandt").first).to_be_visible()
    expect(plan.get_by_text("Would clash, no answer yet: Ines Moreau").first).to_be_visible()
    assert axe_violations(page) == []

    link = page.get_by_label("Public link").input_value()
    context, visitor, errors = guest_page(browser, live_server, link)
    teas = visitor.get_by_role("region", name="The teas")
    expect(teas.get_by_role("img", name="Long dark twisted leaves in a white bowl")).to_be_visible()
    assert axe_violations(visitor) == []
    context.close()
    assert errors == []


def test_a_full_partys_and_a_past_partys_guest_pages_pass_axe(app, page, sample_ids):
    """States the sample does not show: a guest who has not answered a full party reads that
    a yes would wait; after a party, the guest's page and the public one speak in the past."""
    from playwright.sync_api import expect

    from tests.helpers.parties import invite, make_guest, make_party

    with app.app_context():
        host = db.session.get(Party, sample_ids["party"]).owner_id
    full = make_party(app, host, title="Full", capacity=1)
    invite(app, full, make_guest(app, host, "Ana Lima"), response="yes")
    _, waiting = invite(app, full, make_guest(app, host, "Bo Chen"))
    past = make_party(app, host, title="Over", days_ahead=-2)
    _, came = invite(app, past, make_guest(app, host, "Cy Park"), response="yes")
    page.goto(f"/i/{waiting}")
    expect(page.get_by_text("All places are taken: a yes goes on the waitlist")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/i/{came}")
    expect(page.get_by_text("You came.")).to_be_visible()
    assert axe_violations(page) == []
    sign_in(page)
    page.goto(f"/parties/{past}")
    page.get_by_role("button", name="Turn the public page on").click()
    page.goto(page.get_by_label("Public link").input_value())
    expect(page.get_by_text("1 person came.")).to_be_visible()
    assert axe_violations(page) == []


def test_a_review_with_headings_passes_axe_on_every_page_that_shows_it(app, page, sample_ids):
    """A review's "# Big" and "## Small" sit under its title on the film page (an <h3>), the
    review's page (an <h1>) and a guest's page after the screening (an <h2>)."""
    from playwright.sync_api import expect

    from tests.helpers.films import screened_party
    from tests.helpers.parties import invite, make_guest

    with app.app_context():
        review = db.session.get(Review, sample_ids["review"])
        review.body = "# Big\n\nA film of rooms.\n\n## Small\n\nAnd of voices."
        host, film = review.owner_id, review.film_id
        db.session.commit()
    party = screened_party(
        app, host, start_hours_from_now=-5, review_id=sample_ids["review"], film_id=film
    )
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    page.goto(f"/i/{token}")
    expect(page.get_by_role("heading", name="Small", level=4)).to_be_visible()
    assert axe_violations(page) == []
    sign_in(page)
    for path, level in ((f"/films/{film}", 5), (f"/reviews/{sample_ids['review']}", 3)):
        page.goto(path)
        expect(page.get_by_role("heading", name="Small", level=level)).to_be_visible()
        assert axe_violations(page) == []
