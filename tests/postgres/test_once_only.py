"""Creation forms on PostgreSQL: pressed four times at once, or sent again, they create once.

Found over HTTP: on PostgreSQL every press of a double click created its own guest, tea,
party, vessel, purchase or brew. Here the second press's claim of the same token waits for the
first transaction and finds it, instead of a duplicate or a broken unique key (a 500)."""

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Guest, Invitation
from tests.discovery import data_generation
from tests.helpers.client import add_host
from tests.helpers.once import creation_forms, once_tokens
from tests.served import HttpSession, gunicorn


def test_each_creation_form_pressed_four_times_at_once_creates_one_row_on_postgres(
    app, live_server
):
    host = add_host(app)
    tab = HttpSession(live_server).login()
    for form in creation_forms(app, host):
        data = form.filled(tab.get(form.page)[1])
        before, generation = form.count(app), data_generation(app)
        assert tab.post_at_once(form.action, data) == [302] * 4, form.action
        assert form.count(app) == before + 1, form.action
        assert data_generation(app) == generation + 1, form.action
        assert tab.post(form.action, data)[0] == 302  # Back, then sent again
        assert form.count(app) == before + 1, form.action


def test_a_double_press_across_gunicorn_workers_creates_one_row_on_postgres(app, tmp_path):
    """The presses land on different worker processes, as a deployment serves them."""
    host = add_host(app)
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    with gunicorn(tmp_path, workers=2, DATABASE_URL=database) as server:
        tab = HttpSession(server.base_url).login()
        for form in creation_forms(app, host)[:2]:  # a new guest, a new tea
            for _ in range(3):
                data = form.filled(tab.get(form.page)[1])
                before = form.count(app)
                assert tab.post_at_once(form.action, data) == [302] * 4, form.action
                assert form.count(app) == before + 1, form.action


def test_a_strangers_open_rsvp_pressed_four_times_at_once_joins_once_on_postgres(
    app, client, host, live_server
):
    """The stranger's form too: a double press made two guests, each holding a place."""
    from tests.helpers.public_page import settings, shared_party

    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    stranger = HttpSession(live_server)
    url = path + "/rsvp"
    data = {"name": "Visitor", "email": "v@example.net", "response": "yes"}
    data.update(csrf_token=stranger.token(url), once_token=once_tokens(stranger.get(url)[1])[0])
    assert stranger.post_at_once(url, data) == [302] * 4
    assert stranger.post(url, data)[0] == 302  # Back, then sent again
    with app.app_context():
        assert db.session.scalars(select(Guest.email)).all() == ["v@example.net"]
        assert len(db.session.scalars(select(Invitation)).all()) == 1
