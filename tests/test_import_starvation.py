"""A long import never makes a guest's answer or the host's restock fail (SQLite's one writer)."""

import threading

from sqlalchemy import func, select

from bench.import_export import make_csv
from bench.import_starvation import _Browser, hammer, populate
from teahouse.extensions import db
from teahouse.models import Invitation, Tea, User
from teahouse.portability.csv_import import import_csv
from tests.helpers.client import PASSWORD, add_host

ROWS = 20_000


def test_answers_and_restocks_never_fail_while_a_large_import_runs(app, live_server):
    host_id = add_host(app)
    tokens, tea_id = populate(app, host_id)
    host = _Browser(live_server)
    assert (
        host.post_form("/login", "/login", {"email": "host@example.com", "password": PASSWORD})
        == 302
    )
    text = make_csv(ROWS)
    reports = []

    def run_import():
        with app.app_context():
            reports.append(import_csv(db.session.get(User, host_id), text))

    importer = threading.Thread(target=run_import)
    importer.start()
    tally = hammer(live_server, tokens, tea_id, host, importer.is_alive)
    importer.join()
    assert reports[0].ok and reports[0].counts == {"teas": ROWS}
    assert tally["answers"] >= len(tokens) and tally["restocks"] >= 1
    assert (tally["answers_lost"], tally["restocks_lost"]) == (0, 0), tally
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == ROWS + 1
        answered = db.session.scalar(
            select(func.count()).select_from(Invitation).where(Invitation.response != "pending")
        )
        assert answered == len(tokens)
