"""Writing Letterboxd entries into a host's films: matched, merged, never duplicated.

A film is found by its Letterboxd URI, then by title and year (among the host's films and those
the file has already added). A viewing (diary entry or review) is found by its own URI, then by
film and watched date. What the file adds fills what Teahouse lacks; what the host has is kept,
so importing the same file again changes nothing. All rows are checked before anything is
written, and everything is written in one transaction.
"""

from collections import defaultdict

from sqlalchemy import select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Film, Review, User
from teahouse.portability.importing import ImportResult, Problem
from teahouse.portability.letterboxd.reading import (
    FILE_ORDER,
    LIKE,
    RATING,
    WATCHED,
    WATCHLIST,
    Entry,
    kind_from_name,
    read_csv,
    read_zip,
)


def import_letterboxd_zip(user: User, data: bytes) -> ImportResult:
    """Import Letterboxd's "Export your data" ZIP, all of it or nothing."""
    entries, problems = read_zip(data)
    return _import(user, entries, problems)


def import_letterboxd_csv(user: User, filename: str, text: str) -> ImportResult:
    """Import one Letterboxd CSV (an export file or the importer's format), all or nothing."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "file"
    entries, problems = read_csv(name, text, kind_from_name(name))
    return _import(user, entries, problems)


def _title_key(title: str, year: int | None) -> tuple[str, int | None]:
    return (title.casefold(), year)


class _Films:
    """The host's films by URI and by title and year, growing as the file adds films."""

    def __init__(self, user: User):
        self.user = user
        self.films = list(db.session.scalars(select(Film).where(Film.owner_id == user.id)))
        self.by_uri = {f.letterboxd_uri: f for f in self.films if f.letterboxd_uri}
        self.by_title: dict[tuple, Film] = {}
        for film in self.films:
            self.by_title.setdefault(_title_key(film.title, film.year), film)
        self.added: set[int] = set()  # id() of films new in this import

    def find_or_add(self, entry: Entry) -> Film:
        film = self.by_uri.get(entry.film_uri) if entry.film_uri else None
        if film is None:
            film = self.by_title.get(_title_key(entry.title, entry.year))
        if film is None:
            film = Film(
                owner_id=self.user.id,
                title=entry.title,
                year=entry.year,
                directors=[],
                cast=[],
                genres=[],
                reviews=[],
            )
            db.session.add(film)
            self.films.append(film)
            self.added.add(id(film))
            self.by_title[_title_key(film.title, film.year)] = film
        if entry.film_uri and not film.letterboxd_uri:
            film.letterboxd_uri = entry.film_uri
        if film.letterboxd_uri:
            self.by_uri.setdefault(film.letterboxd_uri, film)
        if entry.directors and not film.directors:
            film.directors = entry.directors
        return film


def _film_key(film: Film):
    """A film's id, or (for a film this import adds, still without one) the object itself."""
    return film.id if film.id is not None else ("new", id(film))


class _Viewings:
    """The host's reviews, by URI and by film and watched date."""

    def __init__(self, user: User):
        reviews = db.session.scalars(select(Review).where(Review.owner_id == user.id))
        self.by_uri: dict[str, Review] = {}
        self.by_day: dict[tuple, list[Review]] = defaultdict(list)
        for review in reviews:
            if review.letterboxd_uri:
                self.by_uri[review.letterboxd_uri] = review
            self.by_day[(review.film_id, review.watched_on)].append(review)
        self.claimed: dict[int, Review] = {}  # by id(): the reviews rows of this file found
        self.added: set[int] = set()

    def find_or_add(self, film: Film, entry: Entry) -> Review:
        review = self.by_uri.get(entry.entry_uri) if entry.entry_uri else None
        if review is None:
            # Same film, same day: the first such viewing no row of this file has claimed yet,
            # unless both carry Letterboxd URIs (two different diary entries of one day).
            key = (_film_key(film), entry.watched_on)
            for candidate in self.by_day[key]:
                if id(candidate) in self.claimed:
                    continue
                if entry.entry_uri and candidate.letterboxd_uri:
                    continue
                review = candidate
                break
        if review is None:
            review = Review(
                owner_id=film.owner_id,
                film=film,
                watched_on=entry.watched_on,
                tags=[],
                body="",
                title="",
                teaser="",
            )
            db.session.add(review)
            self.added.add(id(review))
            self.by_day[(_film_key(film), entry.watched_on)].append(review)
        self.claimed[id(review)] = review
        if entry.entry_uri:
            review.letterboxd_uri = review.letterboxd_uri or entry.entry_uri
            self.by_uri.setdefault(entry.entry_uri, review)
        return review


def _fill(record, name: str, value) -> bool:
    """Set a field the record lacks; True if that changed it."""
    if value in (None, "", [], False) or getattr(record, name) not in (None, "", [], False):
        return False
    setattr(record, name, value)
    return True


def _apply_to_film(film: Film, entry: Entry) -> None:
    if entry.kind == WATCHED:
        _fill(film, "seen", True)
    elif entry.kind == RATING:
        _fill(film, "seen", True)
        _fill(film, "rating", entry.rating)
    elif entry.kind == LIKE:
        _fill(film, "liked", True)
    elif entry.kind == WATCHLIST:
        _fill(film, "to_watch", True)
        _fill(film, "to_watch_since", entry.added_on)
    else:  # a row of the import CSV that only says "seen", perhaps with a rating
        _fill(film, "seen", True)
        _fill(film, "rating", entry.rating)


def _apply_to_viewing(review: Review, entry: Entry) -> None:
    _fill(review, "watched_on", entry.watched_on)
    _fill(review, "rating", entry.rating)
    _fill(review, "rewatch", entry.rewatch)
    _fill(review, "body", entry.review)
    merged = list(dict.fromkeys([*(review.tags or []), *entry.tags]))[:20]
    if merged != list(review.tags or []):
        review.tags = merged


def _snapshot(record, names: tuple[str, ...]) -> tuple:
    return tuple(
        tuple(value) if isinstance(value := getattr(record, n), list) else value for n in names
    )


_FILM_FIELDS = ("letterboxd_uri", "directors", "seen", "rating", "liked", "to_watch")
_REVIEW_FIELDS = ("letterboxd_uri", "watched_on", "rating", "rewatch", "body", "tags")


def _import(user: User, entries: list[Entry], problems: list[Problem]) -> ImportResult:
    result = ImportResult(problems=list(problems))
    if not result.ok:
        return result
    if not entries:
        result.problems.append(Problem("file", "", "has no rows of films below the header"))
        return result
    order = {kind: position for position, kind in enumerate(FILE_ORDER)}
    entries = sorted(entries, key=lambda e: order[e.kind])  # stable: rows keep their order
    with write_transaction(), db.session.no_autoflush:
        films = _Films(user)
        viewings = _Viewings(user)
        before_films = {id(f): _snapshot(f, _FILM_FIELDS) for f in films.films}
        before_reviews = {}
        for entry in entries:
            film = films.find_or_add(entry)
            if entry.is_viewing:
                review = viewings.find_or_add(film, entry)
                if id(review) not in viewings.added and id(review) not in before_reviews:
                    before_reviews[id(review)] = _snapshot(review, _REVIEW_FIELDS)
                _apply_to_viewing(review, entry)
            else:
                _apply_to_film(film, entry)
        films_changed = sum(
            1
            for f in films.films
            if id(f) not in films.added and before_films[id(f)] != _snapshot(f, _FILM_FIELDS)
        )
        reviews_changed = sum(
            1
            for review in viewings.claimed.values()
            if id(review) in before_reviews
            and before_reviews[id(review)] != _snapshot(review, _REVIEW_FIELDS)
        )
    result.counts = {
        "films": len(films.added),
        "films_updated": films_changed,
        "viewings": len(viewings.added),
        "viewings_updated": reviews_changed,
    }
    return result
