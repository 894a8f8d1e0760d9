"""The same Teahouse on PostgreSQL: migrations, a host's whole data round trip, concurrency.

Runs against the server named by TEAHOUSE_TEST_POSTGRES_URL (.ci/run starts one). Without it the
tests are skipped with that reason, except under CI=true, where that is an error.
"""

import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from teahouse import create_app
from teahouse.extensions import db, limiter
from teahouse.models import Invitation, StockMovement, Tea
from teahouse.stock import ledger
from tests.conftest import HttpSession, add_host, login, post_form
from tests.helpers import make_tea
from tests.party_helpers import invite, make_guest, make_party
from tests.test_portability import _normalise, _rich_account

BASE_URL = os.environ.get("TEAHOUSE_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

if not BASE_URL:
    if IN_CI:
        raise RuntimeError("CI=true needs TEAHOUSE_TEST_POSTGRES_URL for the PostgreSQL tests")
    pytestmark = pytest.mark.skip(
        reason="PostgreSQL tests need TEAHOUSE_TEST_POSTGRES_URL (bash .ci/start-postgres)"
    )


def _url(database: str) -> str:
    return BASE_URL.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="module")
def template_database():
    """Migrate one database, then copy it for each test (CREATE DATABASE ... TEMPLATE)."""
    name = f"teahouse_template_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        BASE_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "pg",
            "SQLALCHEMY_DATABASE_URI": None,
            "DATABASE_URL": _url(name),
        }
    )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield name, admin
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app(template_database, tmp_path, monkeypatch):
    template, admin = template_database
    name = f"teahouse_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "pg",
            "DATABASE_URL": _url(name),
            "SQLALCHEMY_DATABASE_URI": None,
        }
    )
    limiter.reset()
    assert application.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    yield application
    with application.app_context():
        assert ledger.mismatches() == []  # every running total still equals its ledger
        db.session.remove()
        db.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
    _rich_account(app, client, host)
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
    import io

    from tests.conftest import csrf_token

    response = fresh.post(
        "/data/",
        data={
            "file": (io.BytesIO(json.dumps(first).encode()), "export.json"),
            "csrf_token": csrf_token(fresh, "/data/"),
        },
        content_type="multipart/form-data",
    )
    assert "Import finished" in response.get_data(as_text=True)
    second = json.loads(fresh.get("/data/export.json").data)
    assert _normalise(second) == _normalise(first)


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
    from tests.party_helpers import public_path, settings, share

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
