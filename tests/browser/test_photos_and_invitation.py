"""Tea photos as a host adds them and as guests meet them, and the guest's invitation itself:
by role and label, at 1280 and 375 px, through axe, and on paper."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party, Tea
from tests.helpers.browser import axe_violations, guest_page, sign_in
from tests.helpers.client import add_host
from tests.helpers.images import image_bytes

PHONE = {"width": 375, "height": 812}


def _natural_width(image):
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    image.evaluate("img => img.decode()")
    return image.evaluate("img => img.naturalWidth")


def _overflow(tab):
    return tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture
def sample(app):
    add_host(app, sample=True)
    with app.app_context():
        return {
            "tea": db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao")),
            "party": db.session.scalar(select(Party.id)),
            "token": db.session.scalar(select(Invitation.token).order_by(Invitation.id)),
        }


def _add_photo(page, tea_id):
    page.goto(f"/teas/{tea_id}/edit")
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "leaf.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}]
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("“Da Hong Pao” saved.")).to_be_visible()


def test_a_host_adds_replaces_and_removes_a_tea_photo(page, browser, live_server, sample):
    sign_in(page)
    page.goto(f"/teas/{sample['tea']}/edit")
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"not a picture"}]
    )
    page.get_by_role("button", name="Save changes").click()
    summary = page.get_by_role("link", name=re.compile("^Photo: This file is not an image"))
    expect(summary).to_be_visible()
    assert axe_violations(page) == []

    _add_photo(page, sample["tea"])
    about = page.get_by_role("region", name="About this tea")
    photo = about.get_by_role("img", name="Da Hong Pao")
    _natural_width(photo)
    assert "size=middle" in photo.evaluate("img => img.currentSrc")  # a 530 px card at 1×
    assert axe_violations(page) == []
    # The same card on a 2× screen, or zoomed to 200 % (half the width at twice the density),
    # takes the large file.
    zoomed = {"viewport": {"width": 640, "height": 900}, "device_scale_factor": 2}
    for screen in ({"device_scale_factor": 2}, zoomed):
        sharp = browser.new_context(base_url=live_server, **screen)
        tab = sharp.new_page()
        sign_in(tab)
        tab.goto(f"/teas/{sample['tea']}")
        large = tab.get_by_role("region", name="About this tea").get_by_role("img")
        assert _natural_width(large) and "size=large" in large.evaluate("img => img.currentSrc")
        sharp.close()

    page.goto("/teas/")
    thumb = page.get_by_role("rowheader", name=re.compile("Da Hong Pao")).get_by_role("img")
    assert _natural_width(thumb) == 96  # made on the server, shown at 48 × 48
    assert thumb.bounding_box()["width"] == 48 and thumb.get_attribute("loading") == "lazy"
    assert axe_violations(page) == []

    phone = browser.new_context(base_url=live_server, viewport=PHONE)
    small = phone.new_page()
    sign_in(small)
    for path in ("/teas/", f"/teas/{sample['tea']}", f"/teas/{sample['tea']}/edit"):
        small.goto(path)
        assert _overflow(small) <= 0, path
    phone.close()

    page.goto(f"/teas/{sample['tea']}/edit")
    page.get_by_label("Remove the current photo").check()
    page.get_by_role("button", name="Save changes").click()
    about = page.get_by_role("region", name="About this tea")
    expect(about.get_by_role("img")).to_have_count(0)
    expect(about.get_by_role("link", name="Add a photo")).to_be_visible()


def test_the_invitation_reads_as_one_with_the_film_and_the_teas(page, browser, live_server, sample):
    sign_in(page)
    _add_photo(page, sample["tea"])
    context, guest, errors = guest_page(browser, live_server, f"/i/{sample['token']}")
    card = guest.get_by_role("article", name="Film night: Her")
    expect(card).to_contain_text(re.compile(r"Dear \w+, Mei invites you to"))
    expect(guest.get_by_role("heading", level=1)).to_have_text("Film night: Her")
    expect(card.get_by_role("term")).to_have_text(["When", "Where", "Film"])
    expect(card.get_by_role("definition").first).to_contain_text("(UTC)")
    film = guest.get_by_role("region", name="The film: Her (2013)")
    expect(film.get_by_role("img", name="Poster of Her, drawn from its title")).to_be_visible()
    teas = guest.get_by_role("region", name="The teas")
    expect(teas.get_by_role("heading", level=3)).to_have_count(3)
    assert _natural_width(teas.get_by_role("img", name="Da Hong Pao")) == 480
    # Headings go down one level at a time: h1, then h2 sections, h3 inside them.
    levels = guest.eval_on_selector_all(
        "main h1, main h2, main h3", "hs => hs.map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    answer = guest.get_by_role("region", name="Your answer")
    expect(answer.get_by_role("radio", name="Yes, I'll come")).to_be_visible()
    assert axe_violations(guest) == []

    guest.set_viewport_size(PHONE)
    guest.reload()
    assert _overflow(guest) <= 0
    assert _natural_width(teas.get_by_role("img", name="Da Hong Pao")) == 480
    assert axe_violations(guest) == []

    guest.set_viewport_size({"width": 1280, "height": 900})
    guest.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(guest.pdf(format=paper, print_background=False)))
        text = "\n".join(sheet.extract_text() for sheet in reader.pages)
        assert len(reader.pages) == 1, paper
        assert "Da Hong Pao" in text and "Film night: Her" in text
        assert "Send my answer" not in text and sample["token"] not in text
    context.close()
    assert errors == []


def test_the_public_page_shows_the_teas_photos(page, browser, live_server, sample):
    sign_in(page)
    _add_photo(page, sample["tea"])
    page.goto(f"/parties/{sample['party']}")
    link = page.get_by_label("Public link").input_value()
    context, visitor, errors = guest_page(browser, live_server, link)
    teas = visitor.get_by_role("region", name="The teas")
    assert _natural_width(teas.get_by_role("img", name="Da Hong Pao")) == 480
    assert axe_violations(visitor) == []
    context.close()
    assert errors == []


def test_the_public_page_and_the_guests_are_centred_alike(page, browser, live_server, sample):
    """At 1280 px both read as one centred column of the same width, not one of them at the
    left edge."""
    sign_in(page)
    page.goto(f"/parties/{sample['party']}")
    boxes = {}
    for name, link in (
        ("public", page.get_by_label("Public link").input_value()),
        ("guest", f"/i/{sample['token']}"),
    ):
        context, visitor, errors = guest_page(browser, live_server, link)
        assert visitor.viewport_size["width"] == 1280
        box = visitor.get_by_role("article").first.bounding_box()
        boxes[name] = (round(box["x"]), round(box["width"]))
        context.close()
        assert errors == []
    x, width = boxes["public"]
    assert boxes["guest"] == boxes["public"] and abs(x - (1280 - x - width)) <= 16


def test_the_menu_card_prints_the_photos_on_one_page(page, sample):
    sign_in(page)
    _add_photo(page, sample["tea"])
    page.goto(f"/parties/{sample['party']}/menu-card")
    card = page.get_by_role("article", name="Film night: Her")
    assert _natural_width(card.get_by_role("img", name="Da Hong Pao")) == 480
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=False)))
        assert len(reader.pages) == 1, paper
        assert "Da Hong Pao" in reader.pages[0].extract_text()
