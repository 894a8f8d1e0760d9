"""Shared event pages in real browsers: the host shares, strangers look, answer and print."""

import io
import re

from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party, PublicPage
from tests.helpers.browser import axe_violations, sign_in
from tests.helpers.client import add_host
from tests.helpers.parties import invite, make_guest, make_party


def _stranger(browser, live_server, width=1280):
    """Someone else's browser: its own context, none of the host's cookies."""
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    return context, tab, errors


def _party_with_private_details(app, host, **fields):
    party_id = make_party(
        app, host, title="Moonlight oolongs", description="Bring a cushion.", **fields
    )
    ana = make_guest(
        app,
        host,
        "Ana Lima",
        email="ana@example.org",
        dietary_tags=["vegetarian"],
        dietary_notes="allergic to walnuts",
    )
    invite(app, party_id, ana, response="yes")
    return party_id


def test_host_shares_and_a_stranger_sees_only_what_they_may(app, page, browser, live_server):
    host = add_host(app)
    party_id = _party_with_private_details(app, host)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    page.get_by_role("button", name="Turn the public page on").click()
    expect(page.get_by_text("The public page is on.").first).to_be_visible()
    link = page.get_by_role("textbox", name="Public link").input_value()
    assert re.search(r"/e/[\w-]{43}$", link)
    panel = page.get_by_role("region", name="Public page")
    panel.get_by_role("button", name="Copy link").click()
    expect(panel.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(page.get_by_role("img", name="QR code of the public link")).to_be_visible()

    context, stranger, errors = _stranger(browser, live_server)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", name="Moonlight oolongs")).to_be_visible()
    expect(stranger.get_by_text("Bring a cushion.")).to_be_visible()
    expect(stranger.get_by_text("The address is shared with confirmed guests.")).to_be_visible()
    html = stranger.content()
    for secret in ("/i/", "ana@example.org", "vegetarian", "walnuts", "Lindenstraße", "Lima"):
        assert secret not in html, secret
    hrefs = stranger.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert not any("/i/" in href for href in hrefs)

    # A new link kills the old one at once.
    page.get_by_role("button", name="New link (the old one stops working)").click()
    new_link = page.get_by_role("textbox", name="Public link").input_value()
    assert new_link != link
    assert stranger.goto(link).status == 404
    assert stranger.goto(new_link).status == 200
    context.close()
    # The one console message is the browser noting the revoked link's 404.
    assert all("404" in error for error in errors) and len(errors) == 1


def test_open_rsvp_fills_the_places_then_waitlists(app, page, browser, live_server):
    host = add_host(app)
    party_id = make_party(app, host, title="Two seats only", capacity=2)
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    page.get_by_role("button", name="Turn the public page on").click()
    page.get_by_label("Anyone with the link may answer (open RSVP)").check()
    page.get_by_label("First names of those coming").check()
    page.get_by_role("button", name="Save the choices").click()
    expect(page.get_by_text("Public page choices saved.")).to_be_visible()
    link = page.get_by_role("textbox", name="Public link").input_value()

    outcomes = []
    for name in ("Kai Tanaka", "Lea Roth", "Max Weber"):
        context, stranger, errors = _stranger(browser, live_server)
        stranger.goto(link)
        stranger.get_by_role("link", name="Answer the invitation").click()
        stranger.get_by_label("Your name").fill(name)
        stranger.get_by_label("Your email").fill(name.split()[0].lower() + "@example.net")
        stranger.get_by_label("Yes, I'll come").check()
        stranger.get_by_role("button", name="Send my answer").click()
        expect(stranger).to_have_url(re.compile(r"/i/[\w-]{43}$"))
        outcomes.append(stranger.get_by_role("status").last.inner_text())
        context.close()
        assert errors == []
    assert outcomes[0].startswith("You are coming")
    assert outcomes[1].startswith("You are coming")
    assert outcomes[2].startswith("You are on the waitlist")
    context, stranger, _ = _stranger(browser, live_server)
    stranger.goto(link)
    expect(stranger.get_by_text("Coming: Kai, Lea.")).to_be_visible()
    assert "Max" not in stranger.content()
    context.close()


def test_a_guest_adds_the_party_to_their_calendar(app, browser, live_server):
    host = add_host(app)
    party_id = make_party(app, host, title="Calendar tea", timezone="America/Toronto")
    guest = make_guest(app, host, "Ana Lima", email="ana@example.org")
    _, token = invite(app, party_id, guest, response="yes")
    context, guest_page, errors = _stranger(browser, live_server)
    guest_page.goto(f"/i/{token}")
    with guest_page.expect_download() as download_info:
        guest_page.get_by_role("link", name="Calendar file (.ics)").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Calendar tea"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event.decoded("DTSTART").tzinfo) == "America/Toronto"
    google = guest_page.get_by_role("link", name="Google Calendar").get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    context.close()
    assert errors == []


def _sample(app):
    add_host(app, sample=True)
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
        token = db.session.scalar(select(Invitation.token))
    return party_id, token


def _public_link(page, party_id):
    page.goto(f"/parties/{party_id}")
    return page.get_by_role("textbox", name="Public link").input_value()


def test_the_new_pages_pass_axe_and_fit_375_px(app, page, browser, live_server):
    party_id, token = _sample(app)
    sign_in(page)
    link = _public_link(page, party_id)
    assert axe_violations(page) == []
    page.get_by_label("Anyone with the link may answer (open RSVP)").check()
    page.get_by_role("button", name="Save the choices").click()
    page.goto(f"/parties/{party_id}/menu-card")
    assert axe_violations(page) == []
    page.goto("/account")
    page.get_by_role("button", name="Create my calendar feed").click()
    expect(page.get_by_role("textbox", name="Feed address")).to_be_visible()
    assert axe_violations(page) == []
    for width in (1280, 375):
        context, stranger, errors = _stranger(browser, live_server, width)
        for path in (link, link + "/rsvp", f"/i/{token}"):
            stranger.goto(path)
            assert axe_violations(stranger) == [], (path, width)
            overflow = stranger.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (path, width, overflow)
        stranger.goto(link + "/rsvp")
        stranger.get_by_role("button", name="Send my answer").click()
        expect(stranger.get_by_role("heading", name="Nothing was saved")).to_be_visible()
        assert axe_violations(stranger) == []
        context.close()
        assert errors == []


def _pdf(tab, paper):
    data = tab.pdf(format=paper, print_background=False)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    uris = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for p in reader.pages
        for annotation in (p.get("/Annots") or [])
    ]
    return len(reader.pages), text, uris


def test_print_to_pdf_a4_and_letter(app, page, browser, live_server):
    party_id, token = _sample(app)
    sign_in(page)
    link = _public_link(page, party_id)
    with app.app_context():
        tokens = db.session.scalars(select(Invitation.token)).all()
        assert db.session.scalar(select(PublicPage.party_id)) == party_id
    context, stranger, _ = _stranger(browser, live_server)
    for paper in ("A4", "Letter"):
        stranger.goto(link)
        pages, text, uris = _pdf(stranger, paper)
        assert pages == 1, ("public page", paper)
        assert "Her" in text and "Add to your calendar" not in text
        stranger.goto(f"/i/{token}")
        pages, text, uris = _pdf(stranger, paper)
        assert pages == 1, ("guest page", paper)
        assert "Send my answer" not in text

        page.goto(f"/parties/{party_id}")
        pages, text, uris = _pdf(page, paper)
        assert pages <= 2, ("party page", paper, pages)
        for needle in ("Guest list", "Dietary needs", "Tea menu"):
            assert needle in text, (needle, paper)
        for secret in tokens:
            assert secret not in text and not any(secret in uri for uri in uris)
        assert "/i/" not in text and not any("/i/" in uri for uri in uris)
        for chrome in (
            "Sign out",
            "Back to draft",
            "Cancel the party",
            "Invite",
            "New link",
            "Turn the public page",
        ):
            assert chrome not in text, (chrome, paper)

        page.goto(f"/parties/{party_id}/menu-card")
        pages, text, _ = _pdf(page, paper)
        assert pages == 1, ("menu card", paper)
        assert "°C" in text and "Print this page" not in text
    context.close()


def test_a_printed_public_page_gives_the_address_without_the_map_link(
    app, page, browser, live_server
):
    """On paper "· Map (OpenStreetMap)" after the address was a link nobody can follow."""
    host = add_host(app)
    party_id = make_party(app, host, title="Moonlight oolongs")
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    page.get_by_role("button", name="Turn the public page on").click()
    page.get_by_label("Show the address on the public page").check()
    page.get_by_role("button", name="Save the choices").click()
    link = _public_link(page, party_id)
    context, stranger, errors = _stranger(browser, live_server)
    stranger.goto(link)
    expect(stranger.get_by_role("link", name="Map (OpenStreetMap)")).to_be_visible()
    stranger.emulate_media(media="print")
    pages, text, uris = _pdf(stranger, "A4")
    assert "Lindenstraße 5, Berlin" in text
    assert "OpenStreetMap" not in text and not any("openstreetmap" in uri for uri in uris)
    context.close()
    assert errors == []
