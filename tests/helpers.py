"""Helpers the test modules share; a test module imports helpers from here, never from
another test module."""

import io
import socket
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Film, MovementKind, Party, Review, Screening, StockMovement, Tea
from teahouse.stock import ledger
from tests.conftest import PASSWORD, csrf_token
from tests.party_helpers import make_party


def make_tea(app, owner_id, grams=None, name="Keemun"):
    with app.app_context():
        tea = Tea(
            owner_id=owner_id,
            name=name,
            type="black",
            brew_temp_c=90,
            grams_per_100ml=0.75,
            steep_seconds=[180],
            vessel_ml=300,
            vendor="Seven Cups",
        )
        db.session.add(tea)
        db.session.flush()
        if grams:
            ledger.add_movement(
                tea, MovementKind.PURCHASE, grams * 1000, cost_minor=2000, currency="EUR"
            )
        db.session.commit()
        return tea.id


def answer(client, token, response="yes", plus_ones=0, people=(), token_from=None, **fields):
    data = {
        "response": response,
        "plus_ones": str(plus_ones),
        "csrf_token": csrf_token(client, token_from or f"/i/{token}"),
    }
    for index, person in enumerate(people):
        data[f"people-{index}-name"] = person.get("name", "")
        data[f"people-{index}-dietary_notes"] = person.get("dietary_notes", "")
        if person.get("dietary_tags"):
            data[f"people-{index}-dietary_tags"] = person["dietary_tags"]
    data.update(fields)
    return client.post(f"/i/{token}", data=data)


def film_with_review(app, host):
    with app.app_context():
        film = Film(
            owner_id=host,
            title="Her",
            year=2013,
            runtime_minutes=126,
            directors=["Spike Jonze"],
            cast=[],
            genres=["drama"],
        )
        db.session.add(film)
        db.session.flush()
        review = Review(
            owner_id=host,
            film_id=film.id,
            rating=4.5,
            title="Warm and sad",
            teaser="A gentle, funny film about connection.",
            body="**Spoiler:** Samantha leaves with the other OSes.",
            contains_spoilers=True,
        )
        db.session.add(review)
        db.session.commit()
        return film.id, review.id


def screened_party(
    app,
    host,
    *,
    start_hours_from_now,
    review_id,
    film_id,
    status="published",
    show_rating_early=False,
):
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(
        hours=start_hours_from_now
    )
    party_id = make_party(app, host, title="Film night", status=status)
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.starts_at, party.ends_at = start, start + timedelta(hours=4)
        db.session.add(
            Screening(
                party_id=party_id,
                film_id=film_id,
                review_id=review_id,
                tea_service_minutes=30,
                discussion_minutes=30,
                show_rating_early=show_rating_early,
            )
        )
        db.session.commit()
    return party_id


def ledger_rows(app, tea_id):
    with app.app_context():
        return [
            (m.kind, m.milligrams, m.reverses_id)
            for m in db.session.scalars(
                select(StockMovement)
                .where(StockMovement.tea_id == tea_id)
                .order_by(StockMovement.id)
            )
        ]


def grams_on_hand(app, tea_id):
    with app.app_context():
        return (
            db.session.scalar(
                select(func.coalesce(func.sum(StockMovement.milligrams), 0)).where(
                    StockMovement.tea_id == tea_id
                )
            )
            / 1000
        )


def sign_in(page, email="host@example.com", password=PASSWORD):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe  # only the browser tests need it

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
    ]


def guest_page(browser, live_server, link):
    """A guest's own browser: a separate context with no cookies of the host."""
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(link)
    return context, page, errors


HER = {
    "title": "Her",
    "year": "2013",
    "directors": "Spike Jonze",
    "cast": "Joaquin Phoenix, Scarlett Johansson, Amy Adams, Rooney Mara",
    "runtime_minutes": "126",
    "genres": "drama, romance, science fiction",
    "synopsis": "A lonely writer falls for an operating system.",
    "country": "United States",
    "language": "English",
}


def image_bytes(fmt="PNG", size=(1200, 1800), exif=True):
    image = Image.new("RGB", size, (200, 60, 40))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(client, url, data, poster=None, filename="poster.png"):
    payload = dict(data, csrf_token=csrf_token(client, url))
    if poster is not None:
        payload["poster"] = (io.BytesIO(poster), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BREW = {
    "brewed_on": "2026-11-20",
    "style": "gongfu",
    "teaware_id": "",
    "vessel_ml": "100",
    "grams_used": "5",
    "steeps-0-temperature": "95",
    "steeps-0-seconds": "15",
    "steeps-0-note": "honey",
    "steeps-1-temperature": "",
    "steeps-1-seconds": "25",
    "steeps-1-note": "",
    "steeps-2-temperature": "",
    "steeps-2-seconds": "",
    "steeps-2-note": "",
    "rating": "4.5",
    "notes": "Sweet and long.",
}


def grow_collection(app, owner_id, total):
    """Add copies of a tea with tags and two movements each until the host has `total` teas."""
    with app.app_context():
        have = db.session.query(Tea).filter_by(owner_id=owner_id).count()
        for n in range(have, total):
            tea = Tea(
                owner_id=owner_id,
                name=f"Test tea {n:04d}",
                type="green",
                brew_temp_c=80,
                grams_per_100ml=0.5,
                steep_seconds=[60],
                vessel_ml=300,
            )
            tea.tags = ["bulk", f"batch {n % 7}"]
            db.session.add(tea)
            ledger.add_movement(tea, MovementKind.PURCHASE, 100_000)
            ledger.add_movement(tea, MovementKind.BREWED, -5_000)
        db.session.commit()
        return db.session.query(Tea.id).filter_by(owner_id=owner_id).order_by(Tea.id).first()[0]
