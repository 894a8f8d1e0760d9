"""A message is shown once: in the section a form sent the host back to, else at the top."""

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.flashes import SECTIONS_WITH_MESSAGES
from teahouse.models import Party, Tea
from tests.helpers.client import post_form

MESSAGE = "Walked through the section."


def _section_of(html: str, section: str) -> str:
    """The HTML of <section id=section>, up to the next section."""
    start = html.index(f'<section id="{section}"')
    following = html.find("<section", start + 1)
    return html[start : following if following > 0 else len(html)]


def test_every_section_that_takes_messages_shows_them_once(app, client, sample_host):
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
        party_id = db.session.scalar(select(Party.id))
    pages = {
        "stock": f"/teas/{tea_id}",
        "tasting": f"/teas/{tea_id}",
        "guests": f"/parties/{party_id}",
        "menu": f"/parties/{party_id}",
        "share": f"/parties/{party_id}",
        "screening": f"/parties/{party_id}",
        "calendar-feed": "/account",
    }
    assert pages.keys() == SECTIONS_WITH_MESSAGES
    for section, path in pages.items():
        with client.session_transaction() as session:
            session["_flashes"] = [("success", MESSAGE)]
            session["_flashes_at"] = section
        html = client.get(path).get_data(as_text=True)
        assert html.count(MESSAGE) == 1, section
        assert MESSAGE in _section_of(html, section), section
        assert MESSAGE not in client.get(path).get_data(as_text=True)  # shown, then gone


def test_a_stock_message_is_in_its_section_and_a_party_status_at_the_top(app, client, sample_host):
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    taken = post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "3", "consume-kind": "brewed"},
        token_from=f"/teas/{tea_id}",
    )
    assert taken.headers["Location"].endswith("#stock")
    html = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert html.count("Took 3 g of Da Hong Pao (brewed).") == 1
    assert "Took 3 g of Da Hong Pao (brewed)." in _section_of(html, "stock")

    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    drafted = post_form(
        client,
        f"/parties/{party_id}/status",
        {"status": "draft"},
        token_from=f"/parties/{party_id}",
    )
    assert "#" not in drafted.headers["Location"]
    html = client.get(f"/parties/{party_id}").get_data(as_text=True)
    top = html[: html.index("<h1")]
    assert "Back to draft: guests cannot answer for now." in top
