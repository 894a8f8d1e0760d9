"""Writing Letterboxd entries into a host's films: matched, merged, never duplicated.

A film is found by its Letterboxd URI, then by title and year (among the host's films and those
the file has already added). A viewing (diary entry or review) is found by its own URI, then by
film and watched date. What the file adds fills what Teahouse lacks; what the host has is kept,
so importing the same file again changes nothing. All rows are checked before anything is
written, and everything is written in one transaction.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, insert, select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.films.markdown import review_html
from teahouse.models import Film, Review, User
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
from teahouse.portability.report import ImportReport, Problem


def import_letterboxd_zip(user: User, data: bytes) -> ImportReport:
    """Import Letterboxd's "Export your data" ZIP, all of it or nothing."""
    entries, problems = read_zip(data)
    return _import(user, entries, problems)


def import_letterboxd_csv(user: User, filename: str, text: str) -> ImportReport:
    """Import one Letterboxd CSV (an export file or the importer's format), all or nothing."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "file"
    entries, problems = read_csv(name, text, kind_from_name(name))
    return _import(user, entries, problems)


def _title_key(title: str, year: int | None) -> tuple[str, int | None]:
    return (title.casefold(), year)


@dataclass(eq=False)
class _NewFilm:
    """A film this import adds: written with one bulk INSERT, not one ORM object each."""

    title: str
    year: int | None
    directors: list[str] = field(default_factory=list)
    letterboxd_uri: str | None = None
    seen: bool = False
    rating: float | None = None
    liked: bool = False
    to_watch: bool = False
    to_watch_since: date | None = None
    id: int | None = None


@dataclass(eq=False)
class _NewViewing:
    film: "Film | _NewFilm"
    watched_on: date | None
    rating: float | None = None
    rewatch: bool = False
    body: str = ""
    tags: list[str] = field(default_factory=list)
    letterboxd_uri: str | None = None


class _Films:
    """The host's films by URI and by title and year, growing as the file adds films."""

    def __init__(self, user: User):
        self.user = user
        self.films = list(db.session.scalars(select(Film).where(Film.owner_id == user.id)))
        self.by_uri = {f.letterboxd_uri: f for f in self.films if f.letterboxd_uri}
        self.by_title: dict[tuple, Film | _NewFilm] = {}
        for film in self.films:
            self.by_title.setdefault(_title_key(film.title, film.year), film)
        self.added: list[_NewFilm] = []
        self.found: list[Film] = []  # films already here that a row of the file found

    def find_or_add(self, entry: Entry) -> "Film | _NewFilm":
        film = self.by_uri.get(entry.film_uri) if entry.film_uri else None
        if film is None:
            film = self.by_title.get(_title_key(entry.title, entry.year))
        if isinstance(film, Film):
            self.found.append(film)
        if film is None:
            film = _NewFilm(title=entry.title, year=entry.year)
            self.added.append(film)
            self.by_title[_title_key(film.title, film.year)] = film
        if entry.film_uri and not film.letterboxd_uri:
            film.letterboxd_uri = entry.film_uri
        if film.letterboxd_uri:
            self.by_uri.setdefault(film.letterboxd_uri, film)
        if entry.directors and not film.directors:
            film.directors = entry.directors
        return film


def _film_key(film: "Film | _NewFilm"):
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
        self.claimed: dict[int, Review | _NewViewing] = {}  # by id(): what rows here found
        self.added: list[_NewViewing] = []

    def find_or_add(self, film: "Film | _NewFilm", entry: Entry) -> "Review | _NewViewing":
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
            review = _NewViewing(film=film, watched_on=entry.watched_on)
            self.added.append(review)
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


_FILM_FIELDS = (
    "letterboxd_uri",
    "directors",
    "seen",
    "rating",
    "liked",
    "to_watch",
    "to_watch_since",
)
_REVIEW_FIELDS = ("letterboxd_uri", "watched_on", "rating", "rewatch", "body", "tags")


def _import(user: User, entries: list[Entry], problems: list[Problem]) -> ImportReport:
    result = ImportReport(problems=list(problems))
    if not result.ok:
        return result
    if not entries:
        result.problems.append(Problem("file", "", "has no rows of films below the header"))
        return result
    order = {kind: position for position, kind in enumerate(FILE_ORDER)}
    entries = sorted(entries, key=lambda e: order[e.kind])  # stable: rows keep their order
    with write_transaction(), db.session.no_autoflush:
        if db.engine.dialect.name != "sqlite":
            # Two imports of one host's films wait for each other (SQLite's BEGIN IMMEDIATE
            # already makes every writer wait).
            db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
        films = _Films(user)
        viewings = _Viewings(user)
        before_films = {id(f): _snapshot(f, _FILM_FIELDS) for f in films.films}
        before_reviews = {}
        for entry in entries:
            film = films.find_or_add(entry)
            if entry.is_viewing:
                review = viewings.find_or_add(film, entry)
                if isinstance(review, Review) and id(review) not in before_reviews:
                    before_reviews[id(review)] = _snapshot(review, _REVIEW_FIELDS)
                _apply_to_viewing(review, entry)
            else:
                _apply_to_film(film, entry)
        films_found = {id(f) for f in films.found}
        films_changed = sum(
            1
            for f in films.films
            if id(f) in films_found and before_films[id(f)] != _snapshot(f, _FILM_FIELDS)
        )
        reviews_changed = sum(
            1
            for review in viewings.claimed.values()
            if id(review) in before_reviews
            and before_reviews[id(review)] != _snapshot(review, _REVIEW_FIELDS)
        )
        _insert_films(user, films.added)
        _insert_viewings(user, viewings.added)
    # Films and viewings the file found already here, and left as they were, are "skipped".
    result.count(
        "films",
        added=len(films.added),
        updated=films_changed,
        skipped=len(films_found) - films_changed,
    )
    result.count(
        "viewings",
        added=len(viewings.added),
        updated=reviews_changed,
        skipped=len(before_reviews) - reviews_changed,
    )
    return result


def _insert_films(user: User, added: list[_NewFilm]) -> None:
    """One executemany for the new films, then their ids read back in the order written.

    The ORM would insert them one by one here (it needs each id back, and SQLite does not
    promise RETURNING's order); the host's rows above the highest id before are the new ones,
    as no other import of this host can run meanwhile.
    """
    if not added:
        return
    highest = db.session.scalar(select(func.max(Film.id)).where(Film.owner_id == user.id)) or 0
    db.session.execute(
        insert(Film),
        [
            {
                "owner_id": user.id,
                "title": film.title,
                "original_title": "",
                "year": film.year,
                "directors": film.directors,
                "cast": [],
                "genres": [],
                "synopsis": "",
                "country": "",
                "language": "",
                "letterboxd_uri": film.letterboxd_uri,
                "seen": film.seen,
                "rating": film.rating,
                "liked": film.liked,
                "to_watch": film.to_watch,
                "to_watch_since": film.to_watch_since,
            }
            for film in added
        ],
    )
    written = db.session.execute(
        select(Film.id, Film.title, Film.year)
        .where(Film.owner_id == user.id, Film.id > highest)
        .order_by(Film.id)
    ).all()
    if [(t, y) for _, t, y in written] != [(f.title, f.year) for f in added]:
        raise RuntimeError("the new films did not come back in the order they were written")
    for film, (film_id, _, _) in zip(added, written, strict=True):
        film.id = film_id


def _insert_viewings(user: User, added: list[_NewViewing]) -> None:
    if not added:
        return
    db.session.execute(
        insert(Review),
        [
            {
                "owner_id": user.id,
                "film_id": viewing.film.id,
                "rating": viewing.rating,
                "liked": False,
                "title": "",
                "body": viewing.body,
                "body_html": review_html(viewing.body),
                "teaser": "",
                "contains_spoilers": False,
                "watched_on": viewing.watched_on,
                "rewatch": viewing.rewatch,
                "tags": viewing.tags,
                "letterboxd_uri": viewing.letterboxd_uri,
            }
            for viewing in added
        ],
    )
