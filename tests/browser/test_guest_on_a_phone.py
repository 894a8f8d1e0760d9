"""What a guest meets on a phone and on paper: the answer they send, the invitation they print."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation
from tests.helpers.browser import guest_page
from tests.helpers.client import add_host

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def token(app):
    add_host(app, sample=True)
    with app.app_context():
        return db.session.scalar(select(Invitation.token).order_by(Invitation.id))


def test_a_guest_sending_the_answer_on_a_phone_sees_what_came_of_it(browser, live_server, token):
    """The form is two screens below the top: a mistake is shown where the form is, not above
    the invitation where the guest would have to look for it; a saved answer says thank you."""
    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    guest.set_viewport_size(PHONE)
    guest.reload()
    answer = guest.get_by_role("region", name="Your answer")
    answer.get_by_role("button", name="Send my answer").click()
    expect(answer.get_by_text("Choose an answer.").last).to_be_in_viewport()
    expect(guest.get_by_role("heading", name="Nothing was saved")).to_be_in_viewport()

    answer.get_by_role("radio", name="Yes, I'll come").check()
    answer.get_by_role("button", name="Send my answer").click()
    expect(guest.get_by_text("Thank you — your answer is saved.")).to_be_in_viewport()
    expect(answer.get_by_text("You are coming.")).to_be_visible()
    context.close()
    assert errors == []


def test_a_guest_rating_the_evening_on_a_phone_sees_what_came_of_it(
    app, browser, live_server, token
):
    """The afterglow form, after the party, behaves as the answer does on a phone."""
    from datetime import UTC, datetime, timedelta

    from teahouse.models import Party

    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    guest.get_by_role("radio", name="Yes, I'll come").check()  # only a guest who came rates
    guest.get_by_role("button", name="Send my answer").click()
    expect(guest.get_by_text("You are coming.")).to_be_visible()
    with app.app_context():  # time passes: the party took place yesterday and was held
        party = db.session.scalar(select(Party))
        start = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
        party.starts_at, party.ends_at, party.status = start, start + timedelta(hours=4), "held"
        db.session.commit()
    guest.set_viewport_size(PHONE)
    guest.reload()
    glow = guest.get_by_role("region", name="Afterglow: how was it?")
    glow.get_by_label("One line about it").fill("Cried twice.")
    glow.get_by_role("button", name="Save my ratings").click()
    expect(glow.get_by_text("Rate the film to leave a line about it.").last).to_be_in_viewport()

    glow.get_by_role("group", name="Your rating of the film").get_by_label(
        "4 of 5", exact=True
    ).check()
    glow.get_by_role("button", name="Save my ratings").click()
    expect(guest.get_by_text("Thank you for your ratings")).to_be_in_viewport()
    context.close()
    assert errors == []


def test_a_printed_invitation_without_tea_photos_leaves_no_blank_band(
    page, browser, live_server, token
):
    """On paper the teas' names follow their heading at once when no tea on the menu has a
    photo: the place kept for a missing photo (so names line up beside teas with one) read as
    pictures that failed to print."""
    from tests.helpers.browser import sign_in

    sign_in(page)
    page.goto("/parties/")
    page.get_by_role("link", name="Film night: Her").click()
    public_link = page.get_by_label("Public link").input_value()
    for link in (f"/i/{token}", public_link):
        context, guest, errors = guest_page(browser, live_server, link)
        guest.emulate_media(media="print")
        teas = guest.get_by_role("region", name="The teas")
        heading = teas.get_by_role("heading", name="The teas").bounding_box()
        first_name = teas.get_by_role("heading", level=3).first.bounding_box()
        gap = first_name["y"] - (heading["y"] + heading["height"])
        assert 0 <= gap < 24, (link, gap)
        context.close()
        assert errors == []


def test_a_printed_invitation_says_where_to_answer_not_that_no_answer_was_sent(
    browser, live_server, token
):
    """On screen the guest reads that they have not answered, beside the form; on paper the
    form is gone and that line would be stale, so the sheet says where the answer is given."""
    import io

    from pypdf import PdfReader

    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    answer = guest.get_by_role("region", name="Your answer")
    expect(answer.get_by_text("You have not answered yet.")).to_be_visible()
    expect(answer.get_by_text("Answer on your own invitation page")).to_be_hidden()
    guest.emulate_media(media="print")
    expect(answer.get_by_text("You have not answered yet.")).to_be_hidden()
    expect(
        answer.get_by_text("Answer on your own invitation page, from the link Mei sent you.")
    ).to_be_visible()
    text = " ".join(
        sheet.extract_text() for sheet in PdfReader(io.BytesIO(guest.pdf(format="A4"))).pages
    )
    assert "not answered" not in text and "Answer on your own invitation page" in text
    context.close()
    assert errors == []


# Where each box of a group of checkboxes stands, and its label's text lines.
_BOXES = """group => [...group.querySelectorAll('input[type=checkbox]')].map(box => {
  const label = box.closest('label');
  const lines = [];
  for (const node of label.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
    const words = document.createRange();
    words.selectNodeContents(node);
    for (const r of words.getClientRects()) if (r.width > 0) lines.push(r);
  }
  const b = box.getBoundingClientRect();
  return {left: Math.round(b.left), top: Math.round(b.top), middle: b.top + b.height / 2,
          textLines: new Set(lines.map(r => Math.round(r.top))).size,
          textTop: lines[0].top, textBottom: lines[0].bottom};
})"""


def test_the_dietary_boxes_of_the_answer_stand_in_even_columns_on_a_phone(
    app, browser, live_server
):
    """At 375 px the dietary needs ran on like words in a sentence: a plus-one's stood one a
    line but "halal" and "kosher", which shared one, and the guest's own pairs each started
    somewhere else. Now each group stands in even columns (two on a phone), each box on the
    line of its word, and the page is no wider than the phone."""
    from tests.helpers.parties import invite, make_guest, make_party

    host = add_host(app)
    party_id = make_party(app, host, plus_ones_allowed=True, plus_one_cap=2)
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    context, guest, errors = guest_page(browser, live_server, f"/i/{token}")
    guest.set_viewport_size(PHONE)
    guest.reload()
    answer = guest.get_by_role("region", name="Your answer")
    answer.get_by_role("radio", name="Yes, I'll come").check()
    answer.get_by_label("How many plus-ones?").fill("2")
    groups = [answer.get_by_role("group", name="Your dietary needs")]
    for n in (1, 2):
        person = answer.get_by_role("group", name=f"Plus-one {n}")
        groups.append(person.get_by_role("group", name="Dietary needs"))
    for group in groups:
        expect(group).to_be_visible()
        boxes = group.evaluate(_BOXES)
        assert len(boxes) == 8
        for box in boxes:
            assert box["textLines"] == 1, box  # the word does not break over two lines
            assert box["textTop"] <= box["middle"] <= box["textBottom"], box  # beside its word
        rows = {}
        for box in boxes:
            rows.setdefault(box["top"], []).append(box["left"])
        lines = [sorted(lefts) for _, lefts in sorted(rows.items())]
        # Every full line has as many boxes as the first, standing under its boxes.
        assert len(lines[0]) >= 2, lines
        for line in lines[:-1]:
            assert line == lines[0], lines
        assert lines[-1] == lines[0][: len(lines[-1])], lines
    assert guest.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    assert errors == []
