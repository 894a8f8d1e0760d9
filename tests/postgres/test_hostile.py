"""Hostile input and honest failure on PostgreSQL: shared throttle counts, one UTC."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import ThrottleCounter
from teahouse.throttle import DatabaseStorage
from tests.helpers.client import PASSWORD, add_host
from tests.helpers.sign_in_attempts import ATTACKER, OWNER, attempt_login, client_at


def test_throttle_counts_in_postgres(app):
    add_host(app)
    statuses = [attempt_login(client_at(app, ATTACKER)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert attempt_login(client_at(app, OWNER), password=PASSWORD).status_code == 302
    storage = DatabaseStorage("database://")

    def hit(_):
        with app.app_context():
            return storage.incr("race", 60)

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = sorted(pool.map(hit, range(40)))
    assert counts == list(range(1, 41))  # every concurrent increment counted once
    with app.app_context():
        assert (
            db.session.scalar(select(ThrottleCounter.hits).where(ThrottleCounter.key == "race"))
            == 40
        )


def test_utc_whatever_the_servers_timezone(app, template_database):
    """The issue's case: with TimeZone=Europe/Berlin an aware 12:00 UTC was stored as 13:00."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tests.helpers.instants import NOON_UTC, store_and_read

    _, admin = template_database
    name = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    with admin.connect() as connection:
        connection.execute(text(f"ALTER DATABASE \"{name}\" SET TimeZone = 'Europe/Berlin'"))
    with app.app_context():
        db.engine.dispose()
        assert db.session.scalar(text("SHOW TimeZone")) == "Europe/Berlin"
        db.session.remove()
    stored, read = store_and_read(app)
    assert {str(row[0]) for row in stored} == {"2027-01-15 12:00:00"}
    assert all(loaded == NOON_UTC and str(loaded.tzinfo) == "UTC" for loaded, _ in read)
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    assert all(timedelta(0) <= now - created < timedelta(minutes=5) for _, created in read)


def test_control_characters_never_reach_postgres(app):
    """The issue's case: NUL in a guest's message made PostgreSQL fail, then the error page."""
    from tests.helpers.client import csrf_token
    from tests.helpers.parties import invite, make_guest, make_party

    host = add_host(app)
    token = invite(app, make_party(app, host), make_guest(app, host))[1]
    guest = app.test_client()
    answer = {"csrf_token": csrf_token(guest, f"/i/{token}"), "response": "yes"}
    refused = guest.post(f"/i/{token}", data=dict(answer, message="hello\x00there"))
    assert refused.status_code == 400
    assert "Nothing was changed" in refused.get_data(as_text=True)
    saved = guest.post(f"/i/{token}", data=dict(answer, message="line\r\none\x1b\x85 two"))
    assert saved.status_code == 302
    from teahouse.models import Invitation

    with app.app_context():
        assert db.session.scalar(select(Invitation.message)) == "line\none two"


def test_a_double_click_on_a_partys_buttons_adds_one_row_on_postgres(app, live_server):
    """Found over HTTP: the same form sent several times at once (a double click, a resent
    request) made all but one answer 500 on PostgreSQL — a second invitation, menu line,
    screening, public page or calendar feed broke a unique key, a second status change found
    the party's version moved.
    Each press is sent 4 times at once, for 3 parties: a race lost once fails the test."""

    from teahouse.models import CalendarFeed, Invitation, Party, PartyTea, PublicPage, Screening
    from tests.helpers.films import film_with_review
    from tests.helpers.parties import make_guest, make_party
    from tests.helpers.teas import make_tea
    from tests.served import HttpSession

    host = add_host(app)
    guest_id, tea_id = make_guest(app, host), make_tea(app, host)
    film_id, review_id = film_with_review(app, host)
    screening = {"film_id": film_id, "review_id": review_id}
    tab = HttpSession(live_server).login()
    for _ in range(3):
        party_id = make_party(app, host, status="draft")
        token = tab.token(f"/parties/{party_id}")
        presses = {
            f"/parties/{party_id}/invite": {"guests": guest_id},
            f"/parties/{party_id}/menu": {"tea_id": tea_id},
            f"/parties/{party_id}/share": {},
            f"/parties/{party_id}/status": {"status": "published"},
            f"/parties/{party_id}/screening": screening
            | {"tea_service_minutes": "45", "discussion_minutes": "30"},
            "/account/calendar-feed": {},
        }
        for url, fields in presses.items():
            assert tab.post_at_once(url, dict(fields, csrf_token=token)) == [302] * 4, url
        with app.app_context():
            for model in (Invitation, PartyTea, PublicPage, Screening):
                rows = db.session.scalars(select(model).where(model.party_id == party_id)).all()
                assert len(rows) == 1, model
            assert db.session.get(Party, party_id).status == "published"
            assert len(db.session.scalars(select(CalendarFeed)).all()) == 1


def test_a_double_click_on_delete_answers_409_not_500_on_postgres(app, live_server):
    """Found over HTTP: Delete (a party, a tea) or Remove (a guest of the list) sent several
    times at once answered 500 to the presses that found the row already gone."""

    from teahouse.models import Invitation, Party, Tea
    from tests.helpers.parties import invite, make_guest, make_party
    from tests.helpers.teas import make_tea
    from tests.served import HttpSession

    host = add_host(app)
    tab = HttpSession(live_server).login()
    for _ in range(3):
        party_id = make_party(app, host)
        invitation_id, _ = invite(app, party_id, make_guest(app, host))
        tea_id = make_tea(app, host)
        token = tab.token(f"/parties/{party_id}")
        for url in (
            f"/invitations/{invitation_id}/remove",
            f"/parties/{party_id}/delete",
            f"/teas/{tea_id}/delete",
        ):
            statuses = tab.post_at_once(url, {"csrf_token": token})
            assert 302 in statuses and set(statuses) <= {302, 404, 409}, (url, statuses)
        with app.app_context():
            assert db.session.get(Invitation, invitation_id) is None
            assert db.session.get(Party, party_id) is None
            assert db.session.get(Tea, tea_id) is None


def test_a_double_click_on_undo_or_on_removing_a_brew_gives_back_once_on_postgres(app, tmp_path):
    """Found over HTTP: Undo on a stock movement, or Remove on a brew, sent several times at
    once to gunicorn's worker processes answered 500 to all but the first (a second undo
    broke the unique key on reverses_id; a second delete found the brew gone)."""

    from teahouse.models import BrewSession, StockMovement, Tea
    from tests.helpers.teas import BREW, make_tea
    from tests.served import HttpSession, gunicorn

    host = add_host(app)
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    with gunicorn(tmp_path, workers=2, DATABASE_URL=database) as server:
        tab = HttpSession(server.base_url).login()
        for _ in range(3):
            tea_id = make_tea(app, host, grams=50)
            token = tab.token(f"/teas/{tea_id}")
            assert tab.post(f"/teas/{tea_id}/brew", dict(BREW, csrf_token=token))[0] == 302
            consume = {"consume-grams": "5", "consume-kind": "gift", "csrf_token": token}
            assert tab.post(f"/teas/{tea_id}/consume", consume)[0] == 302
            with app.app_context():
                gift_id = db.session.scalar(
                    select(StockMovement.id).where(
                        StockMovement.tea_id == tea_id, StockMovement.kind == "gift"
                    )
                )
                brew_id = db.session.scalar(
                    select(BrewSession.id).where(BrewSession.tea_id == tea_id)
                )
            for url in (f"/brews/{brew_id}/delete", f"/movements/{gift_id}/undo"):
                statuses = tab.post_at_once(url, {"csrf_token": token})
                assert 302 in statuses and set(statuses) <= {302, 404, 409}, (url, statuses)
            with app.app_context():
                undos = db.session.scalars(
                    select(StockMovement.milligrams).where(
                        StockMovement.tea_id == tea_id, StockMovement.kind == "undo"
                    )
                ).all()
                assert undos == [5_000, 5_000]  # the brew's leaf and the gift, once each
                assert db.session.get(Tea, tea_id).milligrams_on_hand == 50_000


def test_an_id_past_postgresqls_integer_names_no_row(app, client):
    """Found on PostgreSQL: ids are INTEGER there (32 bits), and an id of 2**31 in a route,
    in ?film= or among a guest's ticked favourite teas failed the query ('integer out of
    range', a 500) where SQLite, with 64 bits, found no row."""
    from werkzeug.routing import IntegerConverter

    from tests.discovery import build_url, db_digest, ids_of, routes
    from tests.helpers.client import csrf_token, login

    host = add_host(app, sample=True)
    login(client)
    token = csrf_token(client, "/teas/new")
    before = db_digest(app)
    tried = 0
    for rule, methods in routes(app):
        numbers = {
            name: 2**31
            for name, converter in rule._converters.items()
            if isinstance(converter, IntegerConverter)
        }
        if not numbers:
            continue
        url = build_url(app, rule, ids_of(app, host) | numbers)
        for method in methods:
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            assert response.status_code == 404, (method, url, response.status_code)
            tried += 1
    assert tried >= 50
    assert client.get(f"/parties/new?film={2**31}").status_code == 404
    assert db_digest(app) == before

    guest_id = ids_of(app, host)["guest_id"]
    url = f"/guests/{guest_id}/edit"
    data = {"name": "Ana Lima", "caffeine": "any", "favourite_teas": str(2**31)}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 200
    assert 'id="favourite_teas-error"' in response.get_data(as_text=True)
    assert db_digest(app) == before  # the guest keeps their name and favourites
