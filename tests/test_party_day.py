"""The day of the party: marking it held only once it has begun, and calling it off kindly."""

import re

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Party, PartyTea, StockMovement
from tests.helpers.client import add_host, answer, login, post_form
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def test_a_party_ten_days_away_cannot_be_marked_held(app, client, host):
    party_id = make_party(app, host, days_ahead=10)
    add_menu(app, party_id, make_tea(app, host, grams=100))
    detail = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "Mark as held" not in detail
    page = client.get(f"/parties/{party_id}/held").get_data(as_text=True)
    assert "It can be marked as held once it has begun" in page
    assert "Grams served" not in page
    with app.app_context():
        item_id = db.session.scalar(select(PartyTea.id))
    refused = post_form(
        client,
        f"/parties/{party_id}/held",
        {"served-0-item_id": str(item_id), "served-0-grams": "3"},
        token_from=f"/parties/{party_id}",
    )
    assert "has not started yet" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Party, party_id).status == "published"
        served = select(func.count()).where(StockMovement.kind == "served")
        assert db.session.scalar(served) == 0


def test_marking_held_first_shows_what_leaves_the_stock(app, client, host):
    party_id = make_party(app, host, days_ahead=-0.05)
    add_menu(app, party_id, make_tea(app, host, grams=100), cups_each=2, vessel_ml=100)
    invite(app, party_id, make_guest(app, host))
    assert "Mark as held" in client.get(f"/parties/{party_id}").get_data(as_text=True)
    page = client.get(f"/parties/{party_id}/held").get_data(as_text=True)
    assert "What will leave the stock" in page
    assert "Keemun: 1.5 g of 100 g, leaving 98.5 g" in page


def test_cancelling_asks_first_and_the_guest_page_leads_with_it(app, client, host):
    party_id = make_party(app, host)
    _, token = invite(app, party_id, make_guest(app, host))
    guest = app.test_client()
    answer(guest, token, "yes")
    confirm = client.get(f"/parties/{party_id}/cancel").get_data(as_text=True)
    assert "Cancel “Autumn oolongs”?" in confirm and "Keep the party" in confirm
    with app.app_context():
        assert db.session.get(Party, party_id).status == "published"
    done = post_form(
        client,
        f"/parties/{party_id}/cancel",
        {"note": "I have the flu — next month instead!"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The party is cancelled" in done
    with app.app_context():
        party = db.session.get(Party, party_id)
        assert (party.status, party.cancellation_note) == (
            "cancelled",
            "I have the flu — next month instead!",
        )
    page = guest.get(f"/i/{token}").get_data(as_text=True)
    notice = page.index("This party is cancelled")
    assert notice < page.index("invites you to")
    assert "I have the flu — next month instead!" in page
    assert "You are coming" not in page and "You had answered yes." in page
    assert "Send my answer" not in page
    # No "add" for a cancelled party: the calendar file that takes it out of a calendar instead.
    assert "Add to your calendar" not in page and "calendar.google.com" not in page
    assert "Calendar file marking it cancelled" in page
    assert "STATUS:CANCELLED" in guest.get(f"/i/{token}.ics").get_data(as_text=True)


def test_cancelling_can_email_the_guests(mail_app, smtp):
    _, inbox = smtp
    host = add_host(mail_app)
    client = mail_app.test_client()
    login(client)
    party_id = make_party(mail_app, host)
    invite(mail_app, party_id, make_guest(mail_app, host, "Ana Lima", email="ana@example.com"))
    invite(
        mail_app,
        party_id,
        make_guest(mail_app, host, "Bo Chen", email="bo@example.com"),
        response="no",
    )
    invite(mail_app, party_id, make_guest(mail_app, host, "Cy"))  # no address
    done = post_form(
        client,
        f"/parties/{party_id}/cancel",
        {"note": "Sorry!", "email_guests": "y"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Emailed 1 guest." in done
    [(recipients, message)] = inbox.messages
    assert recipients == ["ana@example.com"]
    assert message["Subject"] == "Cancelled: Autumn oolongs"
    assert "Sorry!" in message.get_content()


def test_the_host_sees_each_person_coming_with_needs_and_caffeine(app, client, host):
    party_id = make_party(app, host, plus_ones_allowed=True, plus_one_cap=2)
    _, ana = invite(app, party_id, make_guest(app, host, "Ana Lima", caffeine="low"))
    _, bo = invite(app, party_id, make_guest(app, host, "Bo Chen"))
    guest = app.test_client()
    answer(
        guest,
        ana,
        "yes",
        plus_ones=2,
        people=[{"name": "Sam Reyes", "dietary_tags": ["vegan"]}, {"dietary_notes": "no nuts"}],
        dietary_tags=["vegetarian"],
    )
    answer(guest, bo, "maybe")
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    section = page[page.index('id="people-heading"') :]
    assert "3 people coming." in section
    cells = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Ana Lima vegetarian low caffeine only" in cells
    assert "Sam Reyes with Ana Lima vegan not asked" in cells
    assert "Ana&#39;s guest 2 with Ana Lima no nuts not asked" in cells
    assert "Said maybe" in section and "Bo Chen — no dietary needs given; any caffeine" in section


def test_the_films_only_review_is_preselected_for_the_screening(app, client, host):
    from teahouse.models import Film, Review

    with app.app_context():
        film = Film(owner_id=host, title="Her", year=2013)
        db.session.add(film)
        db.session.flush()
        db.session.add(Review(owner_id=host, film_id=film.id, title="Warm and sad", body="x"))
        db.session.commit()
        film_id = film.id
    party_id = make_party(app, host)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    chosen = re.search(r'<option selected value="(\d+)">Her: Warm and sad</option>', page)
    assert chosen, page[page.index('id="review_id"') :][:400]
    # The host can still choose "No review" and it sticks.
    post_form(
        client,
        f"/parties/{party_id}/screening",
        {
            "film_id": str(film_id),
            "review_id": "",
            "tea_service_minutes": "45",
            "discussion_minutes": "30",
        },
        token_from=f"/parties/{party_id}",
    )
    with app.app_context():
        assert db.session.get(Party, party_id).screening.review_id is None


def test_a_new_host_in_toronto_buys_in_canadian_dollars(app, client):
    from teahouse.models import User

    add_host(app, email="to@example.com", timezone="America/Toronto")
    add_host(app, email="utc@example.com")
    with app.app_context():
        currencies = dict(db.session.execute(select(User.email, User.currency)).all())
    assert currencies == {"to@example.com": "CAD", "utc@example.com": "EUR"}


def test_films_without_a_poster_get_a_drawn_one(app, client, host):
    from PIL import Image

    from tests.helpers.films import film_with_review, screened_party

    film_id, review_id = film_with_review(app, host)
    detail = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert f'src="/films/{film_id}/drawn-poster.png" alt="Poster of Her, drawn' in detail
    assert f"/films/{film_id}/drawn-poster.png?size=small" in client.get("/films/").get_data(
        as_text=True
    )
    image = client.get(f"/films/{film_id}/drawn-poster.png")
    assert image.mimetype == "image/png"
    assert Image.open(__import__("io").BytesIO(image.data)).size == (600, 900)
    assert client.get(f"/films/{film_id}/drawn-poster.png?size=huge").status_code == 404
    party_id = screened_party(
        app, host, start_hours_from_now=24, review_id=review_id, film_id=film_id
    )
    _, token = invite(app, party_id, make_guest(app, host))
    guest = app.test_client()
    page = guest.get(f"/i/{token}").get_data(as_text=True)
    assert f'src="/i/{token}/drawn-poster.png"' in page
    assert guest.get(f"/i/{token}/drawn-poster.png").mimetype == "image/png"
    assert guest.get(f"/films/{film_id}/drawn-poster.png").status_code in (302, 401)
    assert guest.get("/i/not-a-token/drawn-poster.png").status_code == 404
