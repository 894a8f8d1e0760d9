"""The data generation on PostgreSQL: moved in the writer's own transaction, never lost."""

import threading

from sqlalchemy import create_engine, select, text

from teahouse.extensions import db
from teahouse.models import DataGeneration, Tea
from tests.helpers.client import add_host, answer, login
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def _generation(app) -> int:
    with app.app_context():
        number = db.session.scalar(select(DataGeneration.value))
        db.session.remove()
        return number


def test_the_new_number_and_the_new_rows_become_visible_together(app):
    host = add_host(app)
    tea_id = make_tea(app, host, grams=50, name="Bai Hao")
    before = _generation(app)
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
    other = create_engine(url)
    try:
        with app.app_context():
            db.session.get(Tea, tea_id).name = "Bai Hao Yin Zhen"
            db.session.flush()
            with other.connect() as reader:  # another worker, while the write is open
                assert reader.scalar(text("SELECT value FROM data_generation")) == before
                assert reader.scalar(text(f"SELECT name FROM teas WHERE id = {tea_id}")) == (
                    "Bai Hao"
                )
            db.session.commit()
            with other.connect() as reader:
                assert reader.scalar(text("SELECT value FROM data_generation")) == before + 1
                assert reader.scalar(text(f"SELECT name FROM teas WHERE id = {tea_id}")) == (
                    "Bai Hao Yin Zhen"
                )
            db.session.get(Tea, tea_id).name = "Never saved"
            db.session.flush()
            db.session.rollback()
    finally:
        other.dispose()
    assert _generation(app) == before + 1


def test_writers_at_the_same_moment_each_move_it_on(app):
    host = add_host(app)
    tea_ids = [make_tea(app, host, grams=10, name=f"Tea {n}") for n in range(6)]
    before = _generation(app)
    start = threading.Barrier(len(tea_ids))
    failures = []

    def rename(tea_id):
        try:
            with app.app_context():
                db.session.get(Tea, tea_id).notes = "tasted"
                start.wait()
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=rename, args=(tea_id,)) for tea_id in tea_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert _generation(app) == before + len(tea_ids)


def test_the_hosts_cached_party_page_shows_a_new_answer(app):
    host = add_host(app)
    client = app.test_client()
    assert login(client).status_code == 302
    party_id = make_party(app, host, title="Pu-erh night")
    add_menu(app, party_id, make_tea(app, host, grams=100, name="Menghai 7542"))
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    url = f"/parties/{party_id}"
    client.get("/dashboard")  # the session gets its CSRF token
    first = client.get(url).get_data(as_text=True)
    assert client.get(url).get_data(as_text=True) == first
    assert answer(app.test_client(), token, "yes", message="Bringing cups").status_code == 302
    assert "Bringing cups" in client.get(url).get_data(as_text=True)
