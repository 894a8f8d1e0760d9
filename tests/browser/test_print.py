"""On paper a host's pages keep their content and lose the menu, the buttons and the forms."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Film, Tea
from tests.helpers import add_host, sign_in


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
