"""Films, posters, reviews, screenings, sealed reviews and afterglow over HTTP."""

import io
import os
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Afterglow, AfterglowTea, Film, Party, Review, Screening
from tests.helpers.client import add_host, count_queries, post_form, upload
from tests.helpers.failures import flush_fails_for
from tests.helpers.films import HER, film_with_review, screened_party
from tests.helpers.images import REFUSED_UPLOADS, image_bytes, refused_upload
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def _posters(app):
    folder = os.path.join(app.instance_path, "posters")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_add_a_film_with_a_poster(app, client, host):
    response = upload(client, "/films/new", HER, image_bytes("JPEG"), "her.jpg")
    assert response.status_code == 302
    with app.app_context():
        film = db.session.scalar(select(Film))
        assert film.directors == ["Spike Jonze"] and film.runtime_minutes == 126
        assert film.cast[1] == "Scarlett Johansson" and film.genres[2] == "science fiction"
        stem = film.poster
    assert _posters(app) == sorted([f"{stem}.jpg", f"{stem}-small.jpg"])
    served = client.get(f"/posters/{stem}.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert image.format == "JPEG" and image.size == (600, 900)
    assert "SecretCam" not in str(dict(image.getexif())) and not image.info.get("exif")
    small = Image.open(io.BytesIO(client.get(f"/posters/{stem}-small.jpg").data))
    assert small.size == (200, 300)
    page = client.get(f"/films/{film.id}").get_data(as_text=True)
    assert "Spike Jonze" in page and "126 minutes" in page and f"/posters/{stem}.jpg" in page


@pytest.mark.parametrize("kind, extension, message", REFUSED_UPLOADS)
def test_bad_posters_are_refused_and_nothing_is_stored(app, client, host, kind, extension, message):
    response = upload(client, "/films/new", HER, refused_upload(kind), f"poster.{extension}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Film)) == 0
    assert _posters(app) == []


def test_replacing_and_removing_a_poster(app, client, host):
    upload(client, "/films/new", HER, image_bytes())
    with app.app_context():
        film_id, first = db.session.scalar(select(Film.id)), db.session.scalar(select(Film.poster))
    upload(client, f"/films/{film_id}/edit", HER, image_bytes("WEBP"), "new.webp")
    with app.app_context():
        second = db.session.scalar(select(Film.poster))
    assert second != first and _posters(app) == sorted([f"{second}.jpg", f"{second}-small.jpg"])
    upload(client, f"/films/{film_id}/edit", dict(HER, remove_poster="y"))
    assert _posters(app) == []
    assert client.get(f"/posters/{second}.jpg").status_code == 404
    assert client.get("/posters/../secret_key").status_code == 404


def test_film_list_search_and_filters(app, client, host):
    upload(client, "/films/new", HER)
    upload(
        client,
        "/films/new",
        dict(
            HER,
            title="Lost in Translation",
            year="2003",
            directors="Sofia Coppola",
            genres="comedy, drama",
        ),
    )
    with app.app_context():
        film_id = db.session.scalar(select(Film.id).where(Film.title == "Her"))
    post_form(client, f"/films/{film_id}/reviews/new", {"body": "Lovely.", "rating": "4.5"})

    def titles(**query):
        page = client.get("/films/", query_string=query).get_data(as_text=True)
        return [t for t in ("Her", "Lost in Translation") if f'class="film-title">{t}<' in page]

    assert titles() == ["Her", "Lost in Translation"]
    assert titles(q="coppola") == ["Lost in Translation"]
    assert titles(year="2013") == ["Her"]
    assert titles(genre="romance") == ["Her"]
    assert titles(genre="drama") == ["Her", "Lost in Translation"]
    assert titles(reviewed="yes") == ["Her"]
    assert titles(reviewed="no") == ["Lost in Translation"]


def test_film_form_errors(app, client, host):
    page = upload(
        client, "/films/new", dict(HER, title="", year="1700", runtime_minutes="-5")
    ).get_data(as_text=True)
    for message in (
        "Fill this in.",
        "A film’s year is 1874 or later.",
        "A film runs 1 to 1000 minutes.",
    ):
        assert message in page


def test_review_in_markdown(app, client, host):
    upload(client, "/films/new", HER)
    with app.app_context():
        film_id = db.session.scalar(select(Film.id))
    body = (
        "It is *tender* and **strange**.\n\n> “The past is just a story we tell ourselves.”"
        "\n\n<script>alert(1)</script>\n\n[more](https://example.org)"
    )
    response = post_form(
        client,
        f"/films/{film_id}/reviews/new",
        {
            "rating": "4.5",
            "liked": "y",
            "title": "A love letter to loneliness",
            "teaser": "Warm, sad and funny.",
            "body": body,
            "contains_spoilers": "y",
            "watched_on": "2026-11-01",
            "rewatch": "y",
            "tags": "favourites, sci-fi",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<em>tender</em>" in page and "<blockquote>" in page
    assert "“The past is just a story we tell ourselves.”" in page
    assert "<script>alert(1)</script>" not in page
    assert 'rel="noopener nofollow"' in page
    assert "4.5 of 5" in page and "contains spoilers" in page
    with app.app_context():
        review = db.session.scalar(select(Review))
        assert (review.rating, review.liked, review.rewatch, review.tags) == (
            4.5,
            True,
            True,
            ["favourites", "sci-fi"],
        )
    bad = post_form(
        client,
        f"/films/{film_id}/reviews/new",
        {"rating": "6", "watched_on": "2999-01-01", "teaser": "x" * 600},
    )
    text = bad.get_data(as_text=True)
    assert (
        "Choose one of the options shown." in text
        and "in the future" in text
        and "Use at most 500 characters" in text
    )


def test_another_hosts_films_answer_404(app, client, host):
    other = add_host(app, email="other@example.com", name="Other")
    with app.app_context():
        film = Film(owner_id=other, title="Secret", directors=[], cast=[], genres=[])
        db.session.add(film)
        db.session.flush()
        review = Review(owner_id=other, film_id=film.id, body="hidden")
        db.session.add(review)
        db.session.commit()
        film_id, review_id = film.id, review.id
    for url in (
        f"/films/{film_id}",
        f"/films/{film_id}/edit",
        f"/films/{film_id}/delete",
        f"/films/{film_id}/reviews/new",
        f"/reviews/{review_id}",
        f"/reviews/{review_id}/edit",
    ):
        assert client.get(url).status_code == 404, url
    assert "Secret" not in client.get("/films/").get_data(as_text=True)
    party = make_party(app, host)
    response = post_form(
        client,
        f"/parties/{party}/screening",
        {"film_id": str(film_id)},
        token_from=f"/parties/{party}",
        follow_redirects=True,
    )
    assert "Choose one of the options shown." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Screening)) == 0


# ------------------------------------------------------------------ screenings


def test_screening_sets_the_running_order_and_a_computed_end(app, client, host):
    film_id, review_id = film_with_review(app, host)
    response = post_form(
        client,
        "/parties/new",
        {
            "title": "Film night",
            "starts_at": "2030-02-01T18:00",
            "ends_at": "",
            "timezone": "Europe/Berlin",
            "maybe_allowed": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        party = db.session.scalar(select(Party))
        # +3 h
        assert party.end_is_computed and party.ends_at == datetime(2030, 2, 1, 20, 0, tzinfo=UTC)
        party_id = party.id
    post_form(
        client,
        f"/parties/{party_id}/screening",
        {
            "film_id": str(film_id),
            "review_id": str(review_id),
            "tea_service_minutes": "40",
            "discussion_minutes": "20",
        },
        token_from=f"/parties/{party_id}",
    )
    with app.app_context():
        party = db.session.get(Party, party_id)
        # 17:00 UTC + 40 min tea + 126 min film + 20 min talk = 20:06 UTC
        assert party.ends_at == datetime(2030, 2, 1, 20, 6, tzinfo=UTC)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "18:00 — tea service (40 min)" in page
    assert "18:40 — the film, until 20:46" in page and "until 21:06" in page
    assert "18:00–21:06 (Europe/Berlin)" in page


def test_a_review_of_another_film_cannot_be_shared(app, client, host):
    film_id, _ = film_with_review(app, host)
    other_film, other_review = film_with_review(app, host)
    party = make_party(app, host)
    page = post_form(
        client,
        f"/parties/{party}/screening",
        {
            "film_id": str(film_id),
            "review_id": str(other_review),
            "tea_service_minutes": "30",
            "discussion_minutes": "30",
        },
        token_from=f"/parties/{party}",
        follow_redirects=True,
    )
    assert "That review is of another film" in page.get_data(as_text=True)
    assert other_film != film_id


def test_the_review_is_sealed_until_the_film_has_been_shown(app, client, host):
    film_id, review_id = film_with_review(app, host)
    party = screened_party(
        app,
        host,
        start_hours_from_now=24,
        review_id=review_id,
        film_id=film_id,
        show_rating_early=True,
    )
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "The film: Her (2013)" in page and "Directed by Spike Jonze" in page
    assert "A gentle, funny film about connection." in page
    assert 'Rating: <span class="stars stars-9" aria-hidden="true"></span>' in page
    assert "4.5 of 5 stars" in page
    assert "Samantha leaves" not in page and "sealed until the film has been shown" in page
    # A guest who has seen the film may open it at once.
    # Without the tick, nothing opens.
    post_form(client, f"/i/{token}/seen", token_from=f"/i/{token}")
    assert "Samantha leaves" not in client.get(f"/i/{token}").get_data(as_text=True)
    post_form(client, f"/i/{token}/seen", {"seen": "y"}, token_from=f"/i/{token}")
    opened = client.get(f"/i/{token}").get_data(as_text=True)
    assert "<strong>Spoiler:</strong> Samantha leaves" in opened
    _, other = invite(app, party, make_guest(app, host, "Bo Chen"))
    assert "Samantha leaves" not in client.get(f"/i/{other}").get_data(as_text=True)


def test_the_review_opens_after_the_screening(app, client, host):
    film_id, review_id = film_with_review(app, host)
    # Started 3 h ago: 30 min of tea and 126 min of film are over.
    party = screened_party(app, host, start_hours_from_now=-3, review_id=review_id, film_id=film_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "Samantha leaves" in page and "sealed" not in page


def test_afterglow_after_the_party_once_per_guest_and_changeable(app, client, host):
    film_id, review_id = film_with_review(app, host)
    tea_id = make_tea(app, host, grams=50, name="Da Hong Pao")
    before = screened_party(
        app, host, start_hours_from_now=24, review_id=review_id, film_id=film_id
    )
    _, early_token = invite(app, before, make_guest(app, host, "Early Eve"))
    assert "Afterglow" not in client.get(f"/i/{early_token}").get_data(as_text=True)
    assert (
        post_form(
            client,
            f"/i/{early_token}/afterglow",
            {"film_rating": "4"},
            token_from=f"/i/{early_token}",
        ).status_code
        == 404
    )

    party = screened_party(
        app, host, start_hours_from_now=-6, review_id=review_id, film_id=film_id, status="held"
    )
    add_menu(app, party, tea_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"), response="yes")
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "Afterglow: how was it?" in page and "Da Hong Pao" in page
    data = {
        "film_rating": "4.5",
        "comment": "Cried twice.",
        "teas-0-tea_id": str(tea_id),
        "teas-0-rating": "5",
    }
    assert post_form(client, f"/i/{token}/afterglow", data).status_code == 302
    post_form(client, f"/i/{token}/afterglow", dict(data, film_rating="4", comment="Cried once."))
    with app.app_context():
        [glow] = db.session.scalars(select(Afterglow)).all()
        assert (glow.film_rating, glow.comment) == (4.0, "Cried once.")
        [tea_rating] = db.session.scalars(select(AfterglowTea)).all()
        assert tea_rating.rating == 5.0
    film_page = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert "Ana Lima</strong> (Film night):" in film_page
    assert "4 of 5 stars</span> — “Cried once.”" in film_page
    assert (
        "Average: <strong>" in film_page
        and "4 of 5 stars</span></strong> from 1 guest" in film_page
    )
    review_page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Cried once." in review_page
    tea_page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "Ana Lima (Film night):" in tea_page and "5 of 5 stars" in tea_page
    bad = post_form(client, f"/i/{token}/afterglow", {"film_rating": "7", "comment": "x" * 300})
    assert "Choose one of the options shown." in bad.get_data(as_text=True)


def test_only_guests_who_came_see_the_afterglow(app, client, host):
    film_id, review_id = film_with_review(app, host)
    over_not_held = screened_party(
        app, host, start_hours_from_now=-6, review_id=review_id, film_id=film_id
    )
    _, came_but_not_held = invite(app, over_not_held, make_guest(app, host, "Ana"), response="yes")
    held = screened_party(
        app, host, start_hours_from_now=-6, review_id=review_id, film_id=film_id, status="held"
    )
    _, said_no = invite(app, held, make_guest(app, host, "Bo"), response="no")
    _, never_answered = invite(app, held, make_guest(app, host, "Cy"))
    _, waitlisted = invite(
        app, held, make_guest(app, host, "Di"), response="yes", waitlisted_at=datetime.now(UTC)
    )
    for token in (came_but_not_held, said_no, never_answered, waitlisted):
        assert "Afterglow" not in client.get(f"/i/{token}").get_data(as_text=True)
        # The page has no form for them, so no token: the token comes from the host's page.
        response = post_form(
            client, f"/i/{token}/afterglow", {"film_rating": "4"}, token_from="/dashboard"
        )
        assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Afterglow)).all() == []


def test_rating_only_a_tea_leaves_the_film_not_rated(app, client, host):
    film_id, review_id = film_with_review(app, host)
    tea_id = make_tea(app, host, grams=50, name="Da Hong Pao")
    party = screened_party(
        app, host, start_hours_from_now=-6, review_id=review_id, film_id=film_id, status="held"
    )
    add_menu(app, party, tea_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"), response="yes")
    page = client.get(f"/i/{token}").get_data(as_text=True)
    # No half star is checked for the guest: only "Not rated" stands.
    assert 'value="0.5" checked' not in page and "checked" in page
    data = {"teas-0-tea_id": str(tea_id), "teas-0-rating": "4"}
    assert post_form(client, f"/i/{token}/afterglow", data).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Afterglow)).all() == []
        assert [r.rating for r in db.session.scalars(select(AfterglowTea))] == [4.0]
    film_page = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert "No guest ratings yet" in film_page
    # A line about the film needs a rating of the film.
    refused = post_form(client, f"/i/{token}/afterglow", dict(data, comment="Lovely"))
    assert "Rate the film to leave a line about it." in refused.get_data(as_text=True)


def test_film_and_review_pages_run_a_fixed_number_of_queries(app, client, host):
    film_id, review_id = film_with_review(app, host)
    tea_id = make_tea(app, host, grams=50)
    counts = []
    made = 0
    for total in (5, 40):
        for n in range(made, total):
            party = screened_party(
                app,
                host,
                start_hours_from_now=-10 - n,
                review_id=review_id,
                film_id=film_id,
                status="held",
            )
            invitation_id, _ = invite(app, party, make_guest(app, host, f"Guest {n}"))
            with app.app_context():
                db.session.add(
                    Afterglow(
                        invitation_id=invitation_id, film_id=film_id, film_rating=4, comment="Nice"
                    )
                )
                db.session.add(AfterglowTea(invitation_id=invitation_id, tea_id=tea_id, rating=3))
                db.session.commit()
        made = total
        for url in (f"/films/{film_id}", f"/reviews/{review_id}", "/films/", f"/teas/{tea_id}"):
            with count_queries(app) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
    assert counts[:4] == counts[4:], counts


def test_a_new_films_poster_goes_when_the_once_only_write_fails_after_the_film(app, client, host):
    """A new film is written in its form's once-only transaction: when that failed after the
    poster was stored (the film's INSERT, the token's row, the commit), the poster's files
    stayed behind with no film to show them."""
    from tests.helpers.client import csrf_token
    from tests.helpers.once import once_tokens

    page = client.get("/films/new").get_data(as_text=True)
    data = dict(HER, csrf_token=csrf_token(client, "/films/new"), once_token=once_tokens(page)[0])
    data["poster"] = (io.BytesIO(image_bytes("JPEG")), "her.jpg")
    with flush_fails_for(Film):
        response = client.post("/films/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 500  # a disk error: not "busy, try again"
    assert _posters(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Film)) == 0


def test_a_film_whose_changed_poster_fails_to_save_keeps_showing_its_old_poster(app, client, host):
    """The old poster was deleted before the film was saved: a save that then failed left the
    film pointing at files that were gone."""
    upload(client, "/films/new", HER, image_bytes("JPEG"), "her.jpg")
    with app.app_context():
        film_id, old = db.session.execute(select(Film.id, Film.poster)).one()
    before = _posters(app)

    with flush_fails_for(Film, "dirty"):
        response = upload(client, f"/films/{film_id}/edit", HER, image_bytes("PNG"), "new.png")
    assert response.status_code == 500  # a disk error: not "busy, try again"
    assert _posters(app) == before  # the old poster's files, and not the new one's
    with app.app_context():
        assert db.session.get(Film, film_id).poster == old
    assert client.get(f"/posters/{old}.jpg").status_code == 200

    replaced = upload(client, f"/films/{film_id}/edit", HER, image_bytes("PNG"), "new.png")
    assert replaced.status_code == 302
    with app.app_context():
        new = db.session.get(Film, film_id).poster
    assert new != old and _posters(app) == sorted([f"{new}.jpg", f"{new}-small.jpg"])
