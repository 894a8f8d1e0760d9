"""Creation forms on PostgreSQL: pressed four times at once, or sent again, they create once.

Found over HTTP: on PostgreSQL every press of a double click created its own guest, tea,
party, vessel, purchase or brew. Here the second press's claim of the same token waits for the
first transaction and finds it, instead of a duplicate or a broken unique key (a 500)."""

from tests.discovery import data_generation
from tests.helpers.client import add_host
from tests.helpers.once import creation_forms, press_open_rsvp_four_times
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
    press_open_rsvp_four_times(app, client, host, live_server)
