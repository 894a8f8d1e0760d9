"""What the tests share, in one module: a test module imports from here (or from the data and
server modules beside it), never from another test module or a conftest.

In order: the app and its client; rows built directly in the database; the ledger read back;
a party's public page; the browser; a rich account and the export's comparable form (the
portability and PostgreSQL round trips); sign-in attempts from an address (throttling); one
instant stored three ways (UTC).
"""

import base64
import io
import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image
from sqlalchemy import event, func, select, text

from teahouse import create_app
from teahouse.auth import services as accounts
from teahouse.extensions import db
from teahouse.models import (
    Afterglow,
    AfterglowTea,
    Film,
    Guest,
    Invitation,
    MovementKind,
    Party,
    PartyTea,
    Review,
    Screening,
    StockMovement,
    Tea,
    Teaware,
    User,
)
from teahouse.sample import load_sample
from teahouse.stock import ledger

# ------------------------------------------------------------------ the app and its client

PASSWORD = "steeped in patience"


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# scrypt at OWASP strength takes about 0.3 s per hash and per login; the suite hashes with one
# round of PBKDF2 instead. Tests marked production_password_hash keep the real method.
FAST_PASSWORD_HASH = "pbkdf2:sha256:1"


def make_app(instance_path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "tests-only-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path}/teahouse.sqlite3",
        "PASSWORD_HASH_METHOD": FAST_PASSWORD_HASH,
    }
    settings.update(config)
    return create_app(settings)


def csrf_token(client, url):
    """The CSRF token of the form on the page at `url`, as a browser would have it."""
    response = client.get(url)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({response.status_code})"
    return match.group(1)


def post_form(client, url, data=None, *, token_from=None, **kwargs):
    """POST a form with the CSRF token taken from the page that shows it."""
    payload = dict(data or {})
    payload["csrf_token"] = csrf_token(client, token_from or url)
    return client.post(url, data=payload, **kwargs)


def add_host(app, email="host@example.com", name="Mei", sample=False, **fields):
    with app.app_context():
        user = accounts.create_user(email, name, PASSWORD, **fields)
        db.session.flush()
        if sample:
            load_sample(user)
        db.session.commit()
        return user.id


def login(client, email="host@example.com", password=PASSWORD):
    return post_form(client, "/login", {"email": email, "password": password})


def field_value(html, name):
    """The value attribute of the input named `name` on a page, as the browser would show it."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block."""
    statements = []

    def _record(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _record)


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


def upload(client, url, data, poster=None, filename="poster.png"):
    payload = dict(data, csrf_token=csrf_token(client, url))
    if poster is not None:
        payload["poster"] = (io.BytesIO(poster), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


# ------------------------------------------------------------------ rows built directly


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


def make_guest(app, owner_id, name="Ana Lima", **fields):
    with app.app_context():
        guest = Guest(owner_id=owner_id, name=name, **fields)
        db.session.add(guest)
        db.session.commit()
        return guest.id


def make_party(app, owner_id, *, days_ahead=10, hours=3, status="published", **fields):
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=days_ahead)
    values = dict(
        owner_id=owner_id,
        title="Autumn oolongs",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        timezone="Europe/Berlin",
        location="Lindenstraße 5, Berlin",
        status=status,
    )
    values.update(fields)
    with app.app_context():
        party = Party(**values)
        db.session.add(party)
        db.session.commit()
        return party.id


def invite(app, party_id, guest_id, **fields):
    with app.app_context():
        party = db.session.get(Party, party_id)
        invitation = Invitation(
            owner_id=party.owner_id, party_id=party_id, guest_id=guest_id, **fields
        )
        db.session.add(invitation)
        db.session.commit()
        return invitation.id, invitation.token


def add_menu(app, party_id, tea_id, position=0, cups_each=2, vessel_ml=None):
    with app.app_context():
        db.session.add(
            PartyTea(
                party_id=party_id,
                tea_id=tea_id,
                position=position,
                cups_each=cups_each,
                vessel_ml=vessel_ml,
            )
        )
        db.session.commit()


def assert_sums_match_the_list(app, party_id):
    """What the database sums for the party page equals the same sums over every invitation
    loaded and counted in Python (the way the page worked before it summed in SQL)."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from teahouse.parties import counts, services

    with app.app_context():
        invitations = db.session.scalars(
            select(Invitation)
            .where(Invitation.party_id == party_id)
            .options(joinedload(Invitation.guest))
            .order_by(Invitation.id)
        ).all()
        expected = services.tally(invitations)
        expected.confirmed_answers = sum(1 for i in invitations if i.confirmed)
        assert counts.party_tally(party_id) == expected
        assert counts.dietary_tally(party_id) == services.dietary_tally(invitations)
        notes = services.dietary_notes(invitations)
        shown = counts.NAMES_SHOWN
        assert counts.dietary_notes(party_id) == (notes[:shown], len(notes) > shown)
        clashes = counts.caffeine_clashes(party_id)
        for preference in ("none", "low"):
            for answered in (True, False):
                wanted = [
                    (i.id, i.guest.name)
                    for i in invitations
                    if i.guest.caffeine == preference
                    and (i.response in ("yes", "maybe") if answered else i.response == "pending")
                ]
                assert clashes.get((preference, answered), ([], 0)) == (
                    (wanted[:shown], len(wanted)) if wanted else ([], 0)
                )
        return expected


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


# ------------------------------------------------------------------ the ledger read back


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


# ------------------------------------------------------------------ a party's public page

# A party's public page, as the host turns it on and reads its link.
LINK = re.compile(r'id="public-link"[^>]*value="([^"]+)"')


def share(client, party_id, action=""):
    suffix = f"/{action}" if action else ""
    return post_form(
        client, f"/parties/{party_id}/share{suffix}", token_from=f"/parties/{party_id}"
    )


def public_path(client, party_id):
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    match = LINK.search(page)
    assert match, "no public link on the party page"
    return "/" + match.group(1).split("/", 3)[3]


def settings(client, party_id, **choices):
    data = {"guest_list": "count"}
    data.update({k: ("y" if v is True else v) for k, v in choices.items() if v is not False})
    return post_form(
        client, f"/parties/{party_id}/share/settings", data, token_from=f"/parties/{party_id}"
    )


def shared_party(app, client, host, **fields):
    party_id = make_party(app, host, **fields)
    assert share(client, party_id).status_code == 302
    return party_id, public_path(client, party_id)


def people_coming(app, party_id):
    """Two guests say yes to the party, one with two named plus-ones and their dietary needs;
    returns the invitations' tokens (secrets that must never be printed)."""
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.plus_ones_allowed, party.plus_one_cap = True, 2
        owner = party.owner_id
        db.session.commit()
    tokens = []
    for name, details, tags, notes in (
        (
            "Noor Haddad",
            [
                {"name": "Kit Brand", "dietary_tags": ["vegan"], "dietary_notes": "no sesame"},
                {"name": "Lou Brand", "dietary_tags": [], "dietary_notes": ""},
            ],
            ["gluten-free"],
            "",
        ),
        ("Sami Okafor", [], [], "no dairy after six"),
    ):
        guest_id = make_guest(app, owner, name=name, dietary_tags=tags, caffeine="low")
        _, token = invite(
            app,
            party_id,
            guest_id,
            response="yes",
            responded_at=datetime.now(UTC).replace(tzinfo=None),
            plus_ones=len(details),
            plus_one_details=details,
            dietary_notes=notes,
        )
        tokens.append(token)
    return tokens


# ------------------------------------------------------------------ the browser


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


# ------------------------------------------------------------------ a rich account, exported

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


# ------------------------------------------------------------------ sign-in attempts

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}


OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def client_at(app, environ=None):
    client = app.test_client()
    client.environ_base.update(environ or {})
    return client


def attempt_login(client, email="host@example.com", password="not the password", **kwargs):
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs
    )


# ------------------------------------------------------------------ one instant, three ways

NOON_UTC = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


SAME_INSTANTS = [
    NOON_UTC,
    NOON_UTC.replace(tzinfo=None),  # naive: taken as UTC
    datetime(2027, 1, 15, 13, 0, tzinfo=timezone(timedelta(hours=1))),  # 13:00 in Berlin
]


def store_and_read(app):
    """Write the same instant three ways; return what the database holds and what Python reads."""
    ids = [add_host(app, email=f"h{n}@example.com") for n in range(len(SAME_INSTANTS))]
    with app.app_context():
        for user_id, value in zip(ids, SAME_INSTANTS, strict=True):
            db.session.get(User, user_id).sample_loaded_at = value
        db.session.commit()
        stored = db.session.execute(
            text("SELECT sample_loaded_at, created_at FROM users ORDER BY id")
        ).all()
        db.session.expire_all()
        read = [db.session.get(User, user_id) for user_id in ids]
        return stored, [(u.sample_loaded_at, u.created_at) for u in read]
