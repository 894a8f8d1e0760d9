"""The CSV that Letterboxd's importer reads: one row per viewing, and one per film seen undated.

Columns: Title, Year, Directors, WatchedDate, Rating, Rewatch, Tags, Review, LetterboxdURI.
Films only on the watchlist are left out: Letterboxd would mark them watched.
"""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.models import Film, User
from teahouse.portability.letterboxd.markup import markdown_to_review
from teahouse.portability.letterboxd.reading import IMPORT_COLUMNS


def _stars(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def _viewing_order(review) -> tuple:
    """Undated viewings first, then by date, then as written."""
    return (review.watched_on is not None, review.watched_on, review.id)


def letterboxd_rows(user: User) -> Iterator[list[str]]:
    """The rows (header first) for a host's films, read in two queries."""
    yield list(IMPORT_COLUMNS)
    films = db.session.scalars(
        select(Film)
        .where(Film.owner_id == user.id)
        .options(selectinload(Film.reviews))
        .order_by(Film.title, Film.year, Film.id)
    )
    for film in films:
        film_cells = [film.title, str(film.year or ""), ", ".join(film.directors or [])]
        uri = film.letterboxd_uri or ""
        viewings = sorted(
            film.reviews, key=lambda r: (r.watched_on is not None, r.watched_on, r.id)
        )
        if not viewings:
            if film.seen or film.rating is not None:
                yield [*film_cells, "", _stars(film.rating), "", "", "", uri]
            continue
        for review in viewings:
            yield [
                *film_cells,
                review.watched_on.isoformat() if review.watched_on else "",
                _stars(review.rating),
                "true" if review.rewatch else "",
                ", ".join(review.tags or []),
                markdown_to_review(review.body),
                uri,
            ]


def iter_letterboxd_csv(user: User) -> Iterator[str]:
    """The CSV in pieces, for a streamed download or a file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for count, row in enumerate(letterboxd_rows(user), start=1):
        writer.writerow(row)
        if count % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def letterboxd_filename() -> str:
    from datetime import date

    return f"teahouse-letterboxd-{date.today().isoformat()}.csv"
