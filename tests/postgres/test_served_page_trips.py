"""A signed-in page served from the page store asks PostgreSQL one question, in one trip.

What goes over the wire is read from libpq's own protocol trace (PQtrace), so BEGIN and
ROLLBACK count even though the driver sends them without SQLAlchemy seeing a statement.
"""

import re
import tempfile
from contextlib import contextmanager

from sqlalchemy import event

from teahouse.extensions import db
from teahouse.models import User
from tests.helpers.client import add_host, login, post_form
from tests.helpers.parties import invite, make_guest, make_party
from tests.helpers.public_page import shared_party


@contextmanager
def wire_trace(app):
    """Yield a list that, once the block ends, holds each message the app sent PostgreSQL."""
    sent: list[str] = []
    with app.app_context():
        engine = db.engine
    with tempfile.TemporaryFile() as trace:

        def start(dbapi_connection, _record, _proxy):
            dbapi_connection.pgconn.trace(trace.fileno())

        def stop(dbapi_connection, _record):
            if dbapi_connection is not None:
                dbapi_connection.pgconn.untrace()

        event.listen(engine, "checkout", start)
        event.listen(engine, "checkin", stop)
        try:
            yield sent
        finally:
            event.remove(engine, "checkout", start)
            event.remove(engine, "checkin", stop)
            trace.seek(0)
            # Each line: time, F (from us) or B (from the server), length, message, arguments.
            for line in trace.read().decode().splitlines():
                fields = line.split("\t")
                if len(fields) > 3 and fields[1] == "F":
                    sent.append(" ".join(fields[3:]).strip())


def round_trips(sent: list[str]) -> int:
    # A simple Query, or an extended query's Parse/Bind/Execute closed by Sync, waits once.
    return sum(message.startswith(("Query", "Sync")) for message in sent)


def test_a_page_served_from_the_store_makes_one_round_trip(app):
    add_host(app, sample=True)
    client = app.test_client()
    login(client)
    client.get("/dashboard")  # the first page after signing in shows its flash message
    rendered = client.get("/dashboard")
    assert rendered.status_code == 200
    with wire_trace(app) as sent:
        served = client.get("/dashboard")
    assert served.status_code == 200 and served.data == rendered.data
    assert round_trips(sent) == 1, sent
    assert not any(re.match(r'Query\s+"(BEGIN|ROLLBACK)', message) for message in sent), sent


def test_a_guests_invitation_and_the_public_page_served_again_make_one_round_trip(app):
    host = add_host(app)
    client = app.test_client()
    login(client)
    _, token = invite(app, make_party(app, host), make_guest(app, host, "Ana Lima"))
    _, public = shared_party(app, client, host, title="Jasmine evening")
    guest = app.test_client()  # a returning guest: the first visit gave it a session
    stranger = app.test_client()
    for path, browser in ((f"/i/{token}", guest), (public, stranger)):
        browser.get(path)  # a first visit is given its session: rendered, not kept
        first = browser.get(path)
        assert first.status_code == 200, path
        with wire_trace(app) as sent:
            again = browser.get(path)
        assert again.status_code == 200 and again.data == first.data, path
        assert round_trips(sent) == 1, (path, sent)


def test_the_host_read_outside_a_transaction_still_saves_and_renders(app):
    """The signed-in host is read on an autocommit connection, then joins the request's
    session: a change to the host made by a form is still saved, and pages that follow the
    host's relationships still render."""
    host = add_host(app, sample=True)
    client = app.test_client()
    login(client)
    response = post_form(
        client,
        "/account",
        {
            "display_name": "Mei Lin",
            "timezone": "Europe/Berlin",
            "temperature_unit": "F",
            "currency": "EUR",
            "low_stock_grams": "30",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, host)
        assert (user.display_name, user.timezone, user.temperature_unit) == (
            "Mei Lin",
            "Europe/Berlin",
            "F",
        )
    for url in ("/dashboard", "/teas/", "/parties/", "/guests/", "/films/", "/account"):
        page = client.get(url)
        assert page.status_code == 200, url
    assert "Mei Lin" in client.get("/account").get_data(as_text=True)
