"""An uploaded image is decoded and resized before the form's write transaction opens.

On SQLite a write transaction holds the one write lock: a photo decoded inside it would make
every guest's RSVP and every stock movement wait for the image. Each test decodes its upload
while asking SQLite, from a connection of its own, for the write lock without waiting.
"""

import json
import os
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import func, select

from teahouse import images
from teahouse.extensions import db
from teahouse.models import Film, Tea
from teahouse.portability import importing
from tests.helpers.client import add_host, login, post_import, upload
from tests.helpers.films import HER
from tests.helpers.images import image_bytes
from tests.helpers.teas import make_tea, post_tea_form

TEA = {"name": "Jade Oolong", "type": "oolong", "caffeine": "medium", "brew_style": "gongfu"}


@pytest.fixture
def lock_free_while_decoding(app, monkeypatch):
    """A list that gets, for each image decoded, whether another writer could write then."""
    answers: list[bool | str] = []
    with app.app_context():
        database = db.engine.url.database
    assert os.path.exists(database)

    def watched(decode):
        def decode_and_ask(*args, **kwargs):
            with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as other:
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("ROLLBACK")
                    answers.append(True)
                except sqlite3.OperationalError as error:
                    answers.append(str(error))
            return decode(*args, **kwargs)

        return decode_and_ask

    # Posters and tea photos alike are decoded by teahouse.images.
    monkeypatch.setattr(images, "decode_image", watched(images.decode_image))
    return answers


def test_a_new_teas_photo(app, client, host, lock_free_while_decoding):
    response = post_tea_form(client, "/teas/new", TEA, image_bytes("JPEG"), "leaf.jpg")
    assert response.status_code == 302
    assert lock_free_while_decoding == [True]
    with app.app_context():
        assert db.session.scalar(select(Tea.photo).where(Tea.name == "Jade Oolong"))


def test_a_teas_new_photo_on_edit(app, client, host, lock_free_while_decoding):
    tea_id = make_tea(app, host, name="Jade Oolong")
    response = post_tea_form(client, f"/teas/{tea_id}/edit", TEA, image_bytes("PNG"))
    assert response.status_code == 302
    assert lock_free_while_decoding == [True]
    with app.app_context():
        assert db.session.get(Tea, tea_id).photo


def test_a_new_films_poster_and_a_replaced_one(app, client, host, lock_free_while_decoding):
    assert upload(client, "/films/new", HER, image_bytes("JPEG"), "her.jpg").status_code == 302
    with app.app_context():
        film_id, first = db.session.execute(select(Film.id, Film.poster)).one()
    edited = upload(client, f"/films/{film_id}/edit", HER, image_bytes("PNG"), "her.png")
    assert edited.status_code == 302
    assert lock_free_while_decoding == [True, True]
    with app.app_context():
        assert db.session.get(Film, film_id).poster not in (None, first)


def _images_on_disk(app):
    found = []
    for folder in ("tea-photos", "posters"):
        path = os.path.join(app.instance_path, folder)
        found += sorted(os.listdir(path)) if os.path.isdir(path) else []
    return found


def _export_with_a_photo_and_a_poster(app, client):
    assert (
        post_tea_form(client, "/teas/new", TEA, image_bytes("JPEG"), "leaf.jpg").status_code == 302
    )
    assert upload(client, "/films/new", HER, image_bytes("JPEG"), "her.jpg").status_code == 302
    return json.loads(client.get("/data/export.json").data)


def test_an_imported_files_photos_and_posters(app, client, host, lock_free_while_decoding):
    document = _export_with_a_photo_and_a_poster(app, client)
    before = _images_on_disk(app)
    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    lock_free_while_decoding.clear()
    response = post_import(fresh, document)
    assert "Import finished" in response.get_data(as_text=True)
    assert lock_free_while_decoding == [True, True]  # each image decoded once, lock free
    assert len(_images_on_disk(app)) == 2 * len(before)


def test_a_skipped_teas_photo_leaves_no_file(app, client, host):
    document = _export_with_a_photo_and_a_poster(app, client)
    document["films"] = []
    before = _images_on_disk(app)
    response = post_import(client, document, on_existing="skip")
    assert "Import finished" in response.get_data(as_text=True)
    assert _images_on_disk(app) == before


def test_a_tea_added_meanwhile_leaves_no_file(app, client, host, monkeypatch):
    """The check under the lock finds a tea the first check did not: nothing is written, and
    the images stored before the transaction go again."""
    document = _export_with_a_photo_and_a_poster(app, client)
    before = _images_on_disk(app)
    answers = iter([{}])  # the first check sees none of the host's teas
    real = importing.existing_teas
    monkeypatch.setattr(
        importing, "existing_teas", lambda owner: next(answers, None) or real(owner)
    )
    response = post_import(client, document, on_existing="refuse")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Import finished" not in page and "Jade Oolong" in page
    assert _images_on_disk(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Film)) == 1
