"""The exported records of film nights: films, the host's reviews, and guests' afterglow."""

from typing import Annotated, ClassVar

from pydantic import AfterValidator

from teahouse.films.letterboxd import LETTERBOXD_URI
from teahouse.films.years import FIRST_FILM_YEAR, last_film_year
from teahouse.schemas.fields import (
    Day,
    Invalid,
    Rating,
    Record,
    Stamp,
    StarRating,
    YesNo,
    line,
    names,
    paragraphs,
    whole,
)
from teahouse.schemas.fields import (
    tags as tag_list,
)
from teahouse.schemas.years import whole_up_to


def _letterboxd_address(value: str) -> str | None:
    if value and not LETTERBOXD_URI.match(value):
        raise Invalid("is not a Letterboxd address (https://letterboxd.com/… or https://boxd.it/…)")
    return value or None


# Where the film or viewing lives on Letterboxd; blank is None (no link).
LetterboxdAddress = Annotated[line(200), AfterValidator(_letterboxd_address)]


class FilmRecord(Record):
    """A film; its poster travels inside the document as base64 JPEG."""

    label: ClassVar = "title"
    export_only: ClassVar = ("id", "created_at", "poster_jpeg_base64")

    id: int | None = None
    title: line(200, required=True)
    original_title: line(200) = ""
    year: whole_up_to(FIRST_FILM_YEAR, last_film_year, optional=True) = None
    directors: names(30, 120) = []
    cast: names(30, 120) = []
    runtime_minutes: whole(1, 1000, optional=True) = None
    genres: names(30, 120) = []
    synopsis: paragraphs(5000) = ""
    country: line(80) = ""
    language: line(80) = ""
    letterboxd_uri: LetterboxdAddress = None
    seen: YesNo = False
    rating: Rating = None
    liked: YesNo = False
    to_watch: YesNo = False
    to_watch_since: Day = None
    poster_jpeg_base64: str | None = None
    created_at: Stamp = None


class ReviewRecord(Record):
    references: ClassVar = {"film_id": "films"}

    id: int | None = None
    film_id: int
    rating: Rating = None
    liked: YesNo = False
    title: line(200) = ""
    teaser: line(500) = ""
    body: paragraphs(100_000) = ""
    contains_spoilers: YesNo = False
    watched_on: Day = None
    rewatch: YesNo = False
    tags: tag_list(20, 40) = []
    letterboxd_uri: LetterboxdAddress = None
    created_at: Stamp = None
    updated_at: Stamp = None


class AfterglowRecord(Record):
    """A guest's rating of the film after the party."""

    references: ClassVar = {"invitation_id": "invitations", "film_id": "films"}
    unique: ClassVar = (("invitation_id",),)

    invitation_id: int
    film_id: int
    film_rating: StarRating
    comment: line(200) = ""
    updated_at: Stamp = None


class AfterglowTeaRecord(Record):
    """A guest's rating of one tea poured at the party."""

    references: ClassVar = {"invitation_id": "invitations", "tea_id": "teas"}
    unique: ClassVar = (("invitation_id", "tea_id"),)

    invitation_id: int
    tea_id: int
    rating: StarRating
