"""A rich account and the export's comparable form, for the portability and PostgreSQL round
trips: an account holding every kind of record, and a document with ids and timestamps left out."""

import base64
import io

from PIL import Image
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import (
    Afterglow,
    AfterglowTea,
    Film,
    Guest,
    Invitation,
    Party,
    PartyTea,
    Review,
    Screening,
    StockMovement,
    Tea,
    Teaware,
)
from tests.helpers.client import answer, login, post_form, upload
from tests.helpers.films import HER
from tests.helpers.images import image_bytes
from tests.helpers.parties import add_menu, invite, make_guest, make_party

# Ids and timestamps are new in the other account; "host" describes the account itself (its
# name and preferences), which an import leaves as they are.
VOLATILE = {"id", "exported_at", "created_at", "updated_at", "host"}


REFERENCES = {
    "tea_id": "teas",
    "teaware_id": "teaware",
    "reverses_id": "stock_movements",
    "brew_session_id": "brew_sessions",
    "party_id": "parties",
    "guest_id": "guests",
    "film_id": "films",
    "review_id": "reviews",
    "invitation_id": "invitations",
}


LISTS = (
    "teas",
    "teaware",
    "stock_movements",
    "brew_sessions",
    "guests",
    "parties",
    "films",
    "reviews",
    "invitations",
)


def normalise(document):
    """The document without ids and timestamps; references become positions in their list."""
    positions = {
        key: {record["id"]: index for index, record in enumerate(document[key])} for key in LISTS
    }

    def clean(record):
        out = {}
        for field, item in record.items():
            if field in VOLATILE:
                continue
            if field in REFERENCES and item is not None:
                item = ("#", positions[REFERENCES[field]][item])
            elif field == "favourite_tea_ids":
                item = sorted(positions["teas"][t] for t in item)
            elif field == "menu":
                item = [clean(entry) for entry in item]
            elif field == "screening" and item is not None:
                item = clean(item)
            elif field == "poster_jpeg_base64" and item is not None:
                # Posters are re-encoded on import: compare what they show, not their bytes.
                item = Image.open(io.BytesIO(base64.b64decode(item))).size
            out[field] = item
        return out

    return {
        key: [clean(record) for record in value] if isinstance(value, list) else value
        for key, value in document.items()
        if key not in VOLATILE
    }


def rich_account(app, client, host_id):
    """The sample plus teaware, a brew, an undo, a stock-take: every kind of record."""
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.name == "Da Hong Pao"))
        tea.photo_description = "Long twisted dark leaves in a white gaiwan"
        db.session.commit()
        tea_id = tea.id
    post_form(client, "/teaware", {"name": "Gaiwan", "volume_ml": "100"})
    with app.app_context():
        ware_id = db.session.scalar(select(Teaware.id))
    post_form(
        client,
        f"/teas/{tea_id}/brew",
        {
            "brewed_on": "2026-11-20",
            "style": "gongfu",
            "teaware_id": str(ware_id),
            "vessel_ml": "100",
            "grams_used": "4.5",
            "steeps-0-temperature": "99",
            "steeps-0-seconds": "20",
            "steeps-0-note": "roasty",
            "rating": "5",
            "notes": "Lovely",
        },
    )
    post_form(
        client,
        f"/teas/{tea_id}/consume",
        {"consume-grams": "3", "consume-kind": "gift"},
        token_from=f"/teas/{tea_id}",
    )
    with app.app_context():
        gift = db.session.scalar(select(StockMovement.id).where(StockMovement.kind == "gift"))
    post_form(client, f"/movements/{gift}/undo", token_from=f"/teas/{tea_id}")
    post_form(
        client,
        f"/teas/{tea_id}/stocktake",
        {"stocktake-counted": "90"},
        token_from=f"/teas/{tea_id}",
    )
    _parties_and_guests(app, host_id, tea_id)


def _parties_and_guests(app, host_id, tea_id):
    """Guests with favourites, a full party with a waitlist, and a held one with teas served."""

    ana = make_guest(app, host_id, "Ana Lima", email="ana@example.com", dietary_tags=["vegan"])
    bo = make_guest(app, host_id, "Bo Chen", caffeine="low")
    with app.app_context():
        db.session.get(Guest, ana).favourite_teas = [db.session.get(Tea, tea_id)]
        db.session.commit()
    full = make_party(app, host_id, capacity=1, plus_ones_allowed=True, plus_one_cap=1)
    add_menu(app, full, tea_id, cups_each=3, vessel_ml=120)
    guest = app.test_client()
    answer(guest, invite(app, full, ana)[1], "yes", message="Can't wait")
    answer(guest, invite(app, full, bo)[1], "yes")
    held = make_party(app, host_id, title="Held one", days_ahead=-3)
    add_menu(app, held, tea_id)
    invite(app, held, ana)
    with app.app_context():
        item = db.session.scalar(select(PartyTea).where(PartyTea.party_id == held))
        item.served_milligrams = 4000
        db.session.get(Party, held).status = "held"
        db.session.commit()
    _films_for(app, full, held, tea_id)


def _films_for(app, full, held, tea_id):
    """A film with a poster and a review, screened at both parties, with afterglow."""

    client = app.test_client()
    login(client)
    upload(client, "/films/new", HER, image_bytes())
    with app.app_context():
        film = db.session.scalar(select(Film))
        review = Review(
            owner_id=film.owner_id,
            film_id=film.id,
            rating=4.5,
            liked=True,
            title="Warm",
            teaser="No spoilers",
            body="*Lovely* — “yes”.",
            tags=["sci-fi"],
        )
        db.session.add(review)
        db.session.flush()
        db.session.add(
            Screening(
                party_id=full,
                film_id=film.id,
                review_id=review.id,
                tea_service_minutes=40,
                show_rating_early=True,
            )
        )
        db.session.add(Screening(party_id=held, film_id=film.id))
        invitation = db.session.scalar(select(Invitation).where(Invitation.party_id == held))
        invitation.seen_film = True
        db.session.add(
            Afterglow(invitation_id=invitation.id, film_id=film.id, film_rating=4, comment="Cried")
        )
        db.session.add(AfterglowTea(invitation_id=invitation.id, tea_id=tea_id, rating=3.5))
        db.session.commit()
