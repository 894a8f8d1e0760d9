"""On paper a host's pages keep their content and lose the menu, the buttons and the forms."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Film, Tea
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host


@pytest.fixture
def printed(page, app):
    add_host(app, sample=True)
    with app.app_context():
        ids = {
            "tea": db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao")),
            "film": db.session.scalar(select(Film.id)),
        }
    sign_in(page)
    page.emulate_media(media="print")
    return page, ids


@pytest.mark.parametrize(
    "path, keeps",
    [
        ("/teas/", "Your collection"),
        ("/teas/{tea}", "Da Hong Pao"),
        ("/teas/{tea}/stock", "Stock history of Da Hong Pao"),
        ("/guests/", "Guests"),
        ("/dashboard", "Dashboard"),
        ("/films/{film}", "Her"),
    ],
)
def test_printed_pages_keep_the_content_and_drop_the_controls(printed, path, keeps):
    page, ids = printed
    page.goto(path.format(**ids))
    expect(page.get_by_role("heading", name=keeps, level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    for button in page.get_by_role("button").all():
        expect(button).to_be_hidden()
    for box in page.get_by_role("textbox").all() + page.get_by_role("combobox").all():
        expect(box).to_be_hidden()
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_who_is_coming_prints_person_by_person_without_links_or_forms(printed, app):
    """The host prints the party page for the kitchen: every person with their needs, on at
    most two sheets, with no personal link, token or form on paper."""
    from teahouse.models import Party
    from tests.helpers.parties import people_coming

    page, _ = printed
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    tokens = people_coming(app, party_id)
    page.goto(f"/parties/{party_id}")
    coming = page.get_by_role("region", name="Who is coming")
    expect(coming).to_be_visible()
    for control in coming.get_by_role("button").all() + coming.get_by_role("textbox").all():
        expect(control).to_be_hidden()
    # The menu plan's cups and cup sizes are form fields on screen: on paper, words.
    plan = page.get_by_role("region", name="Tea menu and plan")
    first_tea = plan.get_by_role("row").nth(1)
    expect(first_tea).to_contain_text("2 cups × 100 ml")
    expect(first_tea.get_by_role("spinbutton").first).to_be_hidden()
    _prints_everyone(page, tokens)
    page.goto(f"/parties/{party_id}/coming")  # everyone on one page, however many
    _prints_everyone(page, tokens)


def _prints_everyone(page, tokens):
    import io
    import re
    import unicodedata

    from pypdf import PdfReader

    for paper in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=False)))
        text = "\n".join(sheet.extract_text() for sheet in reader.pages)
        uris = [
            str(annotation.get_object().get("/A", {}).get("/URI", ""))
            for sheet in reader.pages
            for annotation in (sheet.get("/Annots") or [])
        ]
        assert len(reader.pages) <= 2, (paper, len(reader.pages))
        # pypdf reads a table's cells in its own order, and "ff" as one ligature: each needle
        # is looked for in the whole text, its ligatures unfolded.
        people = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))
        assert "Who is coming" in people
        for seen in (
            "Noor Haddad",
            "gluten-free",
            "Kit Brand",
            "with Noor Haddad",
            "vegan, no sesame",
            "Lou Brand",
            "Sami Okafor",
            "no dairy after six",
            "low caffeine only",
        ):
            assert seen in people, (paper, seen)
        for secret in tokens:
            assert secret not in text and not any(secret in uri for uri in uris)
        assert "/i/" not in text and not any("/i/" in uri for uri in uris)
        for control in ("Send", "Invite", "New link", "Copy", "Save", "Cancel the party"):
            assert control not in text, (paper, control)


@pytest.mark.parametrize(
    "path, keeps, drops",
    [
        # The link to the teaware page, the invitation to add a photo or a first brew, the way
        # to the whole stock history: things to click, which on paper say nothing.
        (
            "/teas/{tea}",
            "Da Hong Pao",
            [
                "Your teaware",
                "Add a photo",
                "The whole stock history",
                "Log your first brew",
            ],
        ),
        # Whether the host's address book holds anyone not yet invited is the host's business
        # on screen; the printed guest list is for the day.
        ("/parties/{party}", "Film night: Her", ["Everyone in your address book", "Add a guest"]),
        # The formula and "pick a vessel on a tea's page" tell the host how to use the page.
        ("/teaware", "Your teaware", ["Add a vessel", "The vessel decides the leaf"]),
    ],
)
def test_printed_pages_drop_the_host_only_hints(printed, app, path, keeps, drops):
    from teahouse.models import Party

    page, ids = printed
    with app.app_context():
        ids["party"] = db.session.scalar(select(Party.id))
    page.goto(path.format(**ids))
    expect(page.get_by_role("heading", name=keeps, level=1)).to_be_visible()
    for words in drops:
        # On screen the hint is there (so this test sees the right page) and on paper it is not.
        page.emulate_media(media="screen")
        expect(page.get_by_text(words).first).to_be_visible()
        page.emulate_media(media="print")
        for match in page.get_by_text(words).all():
            expect(match).to_be_hidden()


def test_a_printed_page_of_a_long_list_says_which_page_it_is(printed):
    """The collection is shown 24 teas at a time: a printed page said "40 teas." above 24 of
    them, with nothing on paper to tell that 16 more are on the next page."""
    page, _ = printed
    page.goto("/teas/")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_be_visible()
    expect(pages.get_by_text("Page 1 of 2")).to_be_visible()
    expect(pages.get_by_role("link", name="Next →")).to_be_hidden()  # nothing to click on paper
