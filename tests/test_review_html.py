"""A review's cleaned HTML is made when its Markdown is written and stored beside it: every way
a review is written keeps the two in step, and a worker that only shows reviews never loads the
Markdown parser or the sanitizer."""

import json
import subprocess
import sys

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from teahouse.extensions import db
from teahouse.films.markdown import render_markdown
from teahouse.models import Film, Review
from tests.helpers.client import add_host, login, make_app, post_form, post_import, upload
from tests.helpers.films import HER, film_with_review, screened_party
from tests.helpers.parties import invite, make_guest

HOSTILE_BODY = "It is *tender*.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>"


def _stored(app) -> list[tuple[str, str]]:
    with app.app_context():
        return db.session.execute(select(Review.body, Review.body_html).order_by(Review.id)).all()


def test_a_review_saved_and_edited_in_the_form_keeps_its_cleaned_html(app, client, host):
    upload(client, "/films/new", HER)
    with app.app_context():
        film_id = db.session.scalar(select(Film.id))
    saved = post_form(client, f"/films/{film_id}/reviews/new", {"body": HOSTILE_BODY})
    [(body, html)] = _stored(app)
    assert body == HOSTILE_BODY
    assert "<em>tender</em>" in html and "script" not in html and "onerror" not in html
    review_page = saved.headers["Location"]
    assert "<em>tender</em>" in client.get(review_page).get_data(as_text=True)

    post_form(client, f"{review_page}/edit", {"body": "Now **strange**."})
    [(body, html)] = _stored(app)
    assert html == "<p>Now <strong>strange</strong>.</p>\n"
    for page in (review_page, f"/films/{film_id}"):
        shown = client.get(page).get_data(as_text=True)
        assert "<strong>strange</strong>" in shown and "tender" not in shown

    post_form(client, f"{review_page}/edit", {"body": ""})
    assert _stored(app) == [("", "")]


def test_reviews_imported_from_an_export_keep_their_cleaned_html(app, client, host):
    film_id, _ = film_with_review(app, host)
    post_form(client, f"/films/{film_id}/reviews/new", {"body": HOSTILE_BODY})
    document = json.loads(client.get("/data/export.json").data)
    assert all("body_html" not in r for r in document["reviews"])  # made again, never imported

    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    assert "Import finished" in post_import(fresh, document).get_data(as_text=True)
    with app.app_context():
        imported = db.session.execute(
            select(Review.body, Review.body_html).where(Review.owner_id != host).order_by(Review.id)
        ).all()
    assert [body for body, _ in imported] == [body for body, _ in _stored(app)[:2]]
    assert [html for _, html in imported] == [str(render_markdown(b)) for b, _ in imported]
    assert "<strong>Spoiler:</strong>" in imported[0][1] and "script" not in imported[1][1]


def test_upgrading_renders_the_html_of_the_reviews_already_written(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade(revision="f4d2b8a61c07")
        for statement in (
            "INSERT INTO users (id, email, display_name, password_hash, timezone,"
            " temperature_unit, created_at) VALUES (1, 'a@example.com', 'A', 'x', 'UTC', 'C',"
            " '2026-01-01')",
            'INSERT INTO films (id, owner_id, title, original_title, directors, "cast",'
            " genres, synopsis, country, language, created_at) VALUES"
            " (1, 1, 'Her', '', '[]', '[]', '[]', '', '', '', '2026-01-01')",
        ):
            db.session.execute(text(statement))
        for body in (HOSTILE_BODY, ""):
            db.session.execute(
                text(
                    "INSERT INTO reviews (owner_id, film_id, liked, title, body, teaser,"
                    " contains_spoilers, rewatch, tags, created_at, updated_at) VALUES"
                    " (1, 1, 0, '', :body, '', 0, 0, '[]', '2026-01-01', '2026-01-01')"
                ),
                {"body": body},
            )
        db.session.commit()
        db.session.remove()
        upgrade()
        stored = db.session.execute(text("SELECT body_html FROM reviews ORDER BY id")).all()
        db.engine.dispose()
    assert [html for (html,) in stored] == [str(render_markdown(HOSTILE_BODY)), ""]


# Run in a fresh interpreter: the test process itself has long since imported everything.
_SHOW_REVIEWS = """
import json, re, sys
from teahouse import create_app
from tests.helpers.client import login
app = create_app(json.loads(sys.argv[1]))
client = app.test_client()
login(client)
pages = [client.get(path).get_data(as_text=True) for path in json.loads(sys.argv[2])]
print(json.dumps({
    "loaded": sorted(m for m in sys.modules if m.split(".")[0] in ("markdown_it", "nh3")),
    "shown": [page.count("<strong>Spoiler:</strong> Samantha leaves") for page in pages],
}))
"""


def test_a_worker_showing_reviews_never_loads_the_markdown_tools(app, host, tmp_path):
    film_id, review_id = film_with_review(app, host)
    party = screened_party(app, host, start_hours_from_now=-3, review_id=review_id, film_id=film_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    config = {
        key: app.config[key]
        for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PASSWORD_HASH_METHOD")
    }
    pages = [f"/films/{film_id}", f"/reviews/{review_id}", f"/i/{token}"]
    with app.app_context():
        db.engine.dispose()
    out = subprocess.run(
        [sys.executable, "-c", _SHOW_REVIEWS, json.dumps(config), json.dumps(pages)],
        capture_output=True,
        text=True,
        env={"TEAHOUSE_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=app.root_path + "/..",
        check=True,
    )
    result = json.loads(out.stdout.splitlines()[-1])
    assert result == {"loaded": [], "shown": [1, 1, 1]}


def test_a_review_written_without_its_html_is_refused_not_stored_blank(tmp_path):
    """The migration that added body_html gave it a server default of '' (to fill the rows
    already written); left in place, an insert that forgot the column stored a review whose
    page showed nothing. Upgrading drops it, and keeps every review and the screenings that
    point at them."""
    import pytest
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from teahouse.models import Screening

    app = make_app(tmp_path)
    with app.app_context():
        # The sample is written by today's models, so into today's schema, then taken back
        # to the revision before the one under test (a later migration's column would be
        # missing from the older schema's tables).
        upgrade()
        add_host(app, sample=True)
        db.session.remove()
        downgrade(revision="c8e4b1d7f209")

        def kept():
            return (
                db.session.execute(select(Review.id, Review.body, Review.body_html)).all(),
                db.session.execute(select(Screening.id, Screening.review_id)).all(),
            )

        before = kept()
        assert before[0] and before[1][0].review_id is not None
        db.session.remove()
        upgrade()
        assert kept() == before
        film_id = db.session.scalar(select(Film.id))
        row = {"owner_id": 1, "film_id": film_id, "body": "*Lovely*"}
        with pytest.raises(IntegrityError):
            db.session.execute(insert(Review).values(**row))
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(
                text(
                    "INSERT INTO reviews (owner_id, film_id, liked, title, body, teaser,"
                    " contains_spoilers, rewatch, tags, created_at, updated_at) VALUES"
                    " (1, :film, 0, '', 'x', '', 0, 0, '[]', '2026-01-01', '2026-01-01')"
                ),
                {"film": film_id},
            )
        db.session.rollback()
        assert len(db.session.scalars(select(Review)).all()) == len(before[0])
        db.engine.dispose()
