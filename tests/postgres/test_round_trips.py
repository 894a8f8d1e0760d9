"""The same Teahouse on PostgreSQL: migrations, a host's whole data round trip, concurrency."""

import json
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select, text

from teahouse.extensions import db
from teahouse.models import Invitation, StockMovement, Tea
from tests.helpers.client import add_host, login, post_form, post_import
from tests.helpers.export_round_trip import normalise, rich_account
from tests.helpers.parties import invite, make_guest, make_party
from tests.helpers.tea_updates import da_hong_pao, describe_da_hong_pao, older_export, update_from
from tests.helpers.teas import make_tea
from tests.served import HttpSession


def test_migrations_match_the_models_on_postgres(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        assert connection.dialect.name == "postgresql"
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []


def test_a_hosts_whole_data_round_trips_on_postgres(app):
    host = add_host(app, sample=True)
    client = app.test_client()
    login(client)
    rich_account(app, client, host)
    for url in (
        "/teas/?q=wuyi&sort=rating",
        "/dashboard",
        "/parties/",
        "/guests/",
        "/films/",
        "/films/?genre=drama&reviewed=yes",
    ):
        assert client.get(url).status_code == 200, url
    first = json.loads(client.get("/data/export.json").data)
    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    response = post_import(fresh, first)
    assert "Import finished" in response.get_data(as_text=True)
    second = json.loads(fresh.get("/data/export.json").data)
    assert normalise(second) == normalise(first)


def test_no_overbooking_and_no_lost_movement_on_postgres(app, live_server):
    host = add_host(app)
    party_id = make_party(app, host, capacity=10)
    tokens = [invite(app, party_id, make_guest(app, host, f"Guest {n:02d}"))[1] for n in range(40)]
    sessions = [HttpSession(live_server) for _ in tokens]
    forms = [s.token(f"/i/{t}") for s, t in zip(sessions, tokens, strict=True)]
    tea_id = make_tea(app, host, grams=30)
    tabs = [HttpSession(live_server).login() for _ in range(2)]
    tab_tokens = [tab.token(f"/teas/{tea_id}") for tab in tabs]

    def say_yes(n):
        return sessions[n].post(
            f"/i/{tokens[n]}", {"response": "yes", "plus_ones": "0", "csrf_token": forms[n]}
        )[0]

    def take_one_gram(n):
        return tabs[n % 2].post(
            f"/teas/{tea_id}/consume",
            {"consume-grams": "1", "consume-kind": "brewed", "csrf_token": tab_tokens[n % 2]},
        )[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(say_yes, range(40)))
        takes = list(pool.map(take_one_gram, range(40)))
    assert answers == [302] * 40 and takes == [302] * 40
    with app.app_context():
        invitations = db.session.scalars(
            select(Invitation).where(Invitation.party_id == party_id)
        ).all()
        assert sum(i.waitlisted_at is None for i in invitations) == 10
        assert sum(i.waitlisted_at is not None for i in invitations) == 30
        milligrams = db.session.scalars(
            select(StockMovement.milligrams).where(StockMovement.tea_id == tea_id)
        ).all()
        assert sum(milligrams) == 0 and milligrams.count(-1000) == 30
        assert db.session.get(Tea, tea_id).milligrams_on_hand == 0


def test_public_page_calendar_and_open_rsvp_on_postgres(app):
    """The public page's one-statement lookup, its .ics and open RSVP on PostgreSQL."""
    from tests.helpers.public_page import public_path, settings, share

    host = add_host(app, sample=True)
    client = app.test_client()
    login(client)
    with app.app_context():
        party_id = db.session.scalar(text("SELECT id FROM parties"))
    path = public_path(client, party_id)  # the sample's page is on
    stranger = app.test_client()
    assert "Her" in stranger.get(path).get_data(as_text=True)
    assert stranger.get(path + ".ics").status_code == 200
    assert stranger.get(path + "/card.png").status_code == 200
    share(client, party_id, "new")
    assert stranger.get(path).status_code == 404
    path = public_path(client, party_id)
    settings(client, party_id, open_rsvp=True, guest_list="first_names")
    response = post_form(
        stranger,
        path + "/rsvp",
        {"name": "Kai Tanaka", "email": "kai@example.net", "response": "yes"},
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/i/")
    assert "Kai" in stranger.get(path).get_data(as_text=True)
    assert host


def test_an_update_from_an_older_file_keeps_what_it_lacks_on_postgres(app):
    """The UPDATE per set of fields named, as on SQLite (tests/test_import_update.py)."""
    add_host(app, sample=True)
    client = app.test_client()
    login(client)
    stored = describe_da_hong_pao(app)
    update_from(client, older_export(client, rating=4), "export.json")
    stored |= {"rating": 4, "version": stored["version"] + 1}
    assert da_hong_pao(app) == stored
    update_from(
        client,
        "name,type,vendor,harvest_year,photo_description\r\n"
        "Da Hong Pao,oolong,Seven Cups,2024,\r\n",
        "teas.csv",
    )
    assert da_hong_pao(app) == stored | {"photo_description": "", "version": stored["version"] + 1}
