"""A film with a review, a party that screens it, and the film form's fields for Her."""

from datetime import UTC, datetime, timedelta

from teahouse.extensions import db
from teahouse.models import (
    Film,
    Party,
    Review,
    Screening,
)
from tests.helpers.parties import make_party

HER = {
    "title": "Her",
    "year": "2013",
    "directors": "Spike Jonze",
    "cast": "Joaquin Phoenix, Scarlett Johansson, Amy Adams, Rooney Mara",
    "runtime_minutes": "126",
    "genres": "drama, romance, science fiction",
    "synopsis": "A lonely writer falls for an operating system.",
    "country": "United States",
    "language": "English",
}


def film_with_review(app, host):
    with app.app_context():
        film = Film(
            owner_id=host,
            title="Her",
            year=2013,
            runtime_minutes=126,
            directors=["Spike Jonze"],
            cast=[],
            genres=["drama"],
        )
        db.session.add(film)
        db.session.flush()
        review = Review(
            owner_id=host,
            film_id=film.id,
            rating=4.5,
            title="Warm and sad",
            teaser="A gentle, funny film about connection.",
            body="**Spoiler:** Samantha leaves with the other OSes.",
            contains_spoilers=True,
        )
        db.session.add(review)
        db.session.commit()
        return film.id, review.id


def screened_party(
    app,
    host,
    *,
    start_hours_from_now,
    review_id,
    film_id,
    status="published",
    show_rating_early=False,
):
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(
        hours=start_hours_from_now
    )
    party_id = make_party(app, host, title="Film night", status=status)
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.starts_at, party.ends_at = start, start + timedelta(hours=4)
        db.session.add(
            Screening(
                party_id=party_id,
                film_id=film_id,
                review_id=review_id,
                tea_service_minutes=30,
                discussion_minutes=30,
                show_rating_early=show_rating_early,
            )
        )
        db.session.commit()
    return party_id
