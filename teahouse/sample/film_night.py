"""The sample film night: *Her* (2013), a review written for Teahouse, two guests and a party."""

import json
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

from teahouse.extensions import db
from teahouse.models import Film, Guest, Invitation, Party, PartyTea, Review, Screening, Tea, User
from teahouse.parties.timing import local_to_utc


@cache
def sample_film_night() -> dict:
    text = resources.files("teahouse.data").joinpath("sample_film_night.json").read_text("utf-8")
    return json.loads(text)


def load_sample_film_night(user: User, teas_by_name: dict[str, Tea]) -> Party:
    """Add the film, its review, two guests and the party pairing them with sample teas."""
    data = sample_film_night()
    film = Film(owner_id=user.id, **data["film"])
    review_data = dict(data["review"])
    watched_days_ago = review_data.pop("watched_days_ago")
    review = Review(
        owner_id=user.id,
        film=film,
        watched_on=date.today() - timedelta(days=watched_days_ago),
        **review_data,
    )
    guests = []
    for record in data["guests"]:
        record = dict(record)
        favourites = [teas_by_name[name] for name in record.pop("favourite_teas")]
        guests.append(Guest(owner_id=user.id, favourite_teas=favourites, **record))
    spec = data["party"]
    hour, minute = (int(part) for part in spec["local_start"].split(":"))
    day = date.today() + timedelta(days=spec["days_ahead"])
    starts_at = local_to_utc(datetime(day.year, day.month, day.day, hour, minute), user.timezone)
    party = Party(
        owner_id=user.id,
        title=spec["title"],
        description=spec["description"],
        starts_at=starts_at,
        ends_at=starts_at,  # replaced by the running order's end just below
        end_is_computed=True,
        timezone=user.timezone,
        location=spec["location"],
        capacity=spec["capacity"],
        plus_ones_allowed=spec["plus_ones_allowed"],
        plus_one_cap=spec["plus_one_cap"],
        status="published",
    )
    party.screening = Screening(
        film=film,
        review=review,
        tea_service_minutes=spec["tea_service_minutes"],
        discussion_minutes=spec["discussion_minutes"],
    )
    party.ends_at = party.screening.ends_at(starts_at)
    party.menu = [
        PartyTea(tea=teas_by_name[name], position=n) for n, name in enumerate(spec["teas"])
    ]
    party.invitations = [Invitation(owner_id=user.id, guest=guest) for guest in guests]
    db.session.add_all([film, review, *guests, party])
    return party
