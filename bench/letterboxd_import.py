"""Benchmark: import a Letterboxd export of 5,000 films, against a raw insert of the same rows.

The export holds watched.csv, ratings.csv, diary.csv (with rewatches), reviews.csv (reviews of
several paragraphs with markup), likes/films.csv and watchlist.csv, as Letterboxd writes them.
The baseline inserts the very rows the import ends with (films and viewings, already parsed) with
one executemany per table in one transaction: the floor any importer stands on. The ratio says
what reading, checking, matching, converting markup and the ORM cost on top.

Run: `.venv/bin/python bench/letterboxd_import.py` (prints the table);
`--write` also puts the table into BENCHMARKS.md in place of its earlier one.
"""

import csv
import io
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bench.common import add_user, fresh_app  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Film, Review, User  # noqa: E402
from teahouse.portability.letterboxd import (  # noqa: E402
    import_letterboxd_zip,
    iter_letterboxd_csv,
)
from tests.letterboxd_files import export_zip  # noqa: E402

FILMS = 5_000
TITLE = "Letterboxd export of 5,000 films"
ABOUT = (
    "A generated Letterboxd export ZIP (5,000 films in watched.csv and ratings.csv, a diary entry "
    "for each and 500 rewatches, 1,000 reviews of three paragraphs with markup, 1,000 likes, "
    "500 films on the watchlist) is imported into a fresh account on a file-backed SQLite "
    "database, all or nothing in one transaction. The baseline inserts the same film and "
    "viewing rows, already parsed, with one executemany per table in one transaction."
)
REVIEW = (
    'Paragraph one, with <i>emphasis</i>, a comma, and "quotes".\n'
    "A second line.\n\n<blockquote>A line worth quoting.</blockquote>\n\n"
    'See <a href="https://letterboxd.com/film/x/">this</a> & <b>that</b>.'
)


def make_export(count: int) -> bytes:
    rng = random.Random(20261127)
    head = ["Date", "Name", "Year", "Letterboxd URI"]
    watched, ratings, likes, watchlist = [head], [head + ["Rating"]], [head], [head]
    diary = [head + ["Rating", "Rewatch", "Tags", "Watched Date"]]
    reviews = [head + ["Rating", "Rewatch", "Review", "Tags", "Watched Date"]]
    start = date(2015, 1, 1)
    for n in range(count):
        title = f"Bench film {n:05d}, the “sequel”" if n % 7 == 0 else f"Bench film {n:05d}"
        year = str(1930 + n % 90)
        uri = f"https://boxd.it/f{n:05d}"
        rating = str(rng.randint(1, 10) / 2)
        day = (start + timedelta(days=n % 3000)).isoformat()
        watched.append([day, title, year, uri])
        ratings.append([day, title, year, uri, rating])
        diary.append([day, title, year, f"https://boxd.it/d{n:05d}", rating, "", "bench", day])
        if n % 10 == 0:
            later = (start + timedelta(days=n % 3000 + 30)).isoformat()
            diary.append([later, title, year, f"https://boxd.it/r{n:05d}", "5", "Yes", "", later])
        if n % 5 == 0:
            reviews.append(
                [day, title, year, f"https://boxd.it/d{n:05d}", rating, "", REVIEW, "bench", day]
            )
        if n % 5 == 1:
            likes.append([day, title, year, uri])
    for n in range(count, count + 500):
        watchlist.append(
            ["2024-01-01", f"Bench film to watch {n}", "2020", f"https://boxd.it/w{n}"]
        )
    files = {
        "watched.csv": watched,
        "ratings.csv": ratings,
        "diary.csv": diary,
        "reviews.csv": reviews,
        "likes/films.csv": likes,
        "watchlist.csv": watchlist,
    }
    return export_zip(files, folder="letterboxd-bench-2026-11-27-06-00-utc/")


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def _raw_insert(app, user_id: int, films: list[dict], reviews: list[dict]) -> float:
    """Insert the rows as they are, without the ORM: one executemany per table."""
    with app.app_context():
        start = time.perf_counter()
        with db.engine.begin() as connection:
            connection.execute(insert(Film.__table__), films)
            first = connection.execute(
                select(func.min(Film.id)).where(Film.owner_id == user_id)
            ).scalar()
            for review in reviews:
                review["film_id"] += first
            connection.execute(insert(Review.__table__), reviews)
        return time.perf_counter() - start


def main():
    app = fresh_app()
    user_id = add_user(app)
    data = make_export(FILMS)
    with app.app_context():
        user = db.session.get(User, user_id)
        result, import_seconds = timed(lambda: import_letterboxd_zip(user, data))
        assert result.ok, result.problems[:5]
        again, reimport_seconds = timed(lambda: import_letterboxd_zip(user, data))
        assert again.ok and again.counts["films"] == 0 and again.counts["viewings"] == 0
        exported, export_seconds = timed(lambda: "".join(iter_letterboxd_csv(user)))
        films = db.session.scalars(select(Film).order_by(Film.id)).all()
        index = {film.id: position for position, film in enumerate(films)}
        columns = [c.key for c in Film.__table__.columns if c.key != "id"]
        film_rows = [{c: getattr(f, c) for c in columns} for f in films]
        review_columns = [c.key for c in Review.__table__.columns if c.key != "id"]
        review_rows = []
        for review in db.session.scalars(select(Review).order_by(Review.id)):
            row = {c: getattr(review, c) for c in review_columns}
            row["film_id"] = index[review.film_id]
            review_rows.append(row)
    other = add_user(app, email="baseline@example.com")
    for row in film_rows:
        row["owner_id"] = other
    for row in review_rows:
        row["owner_id"] = other
    raw_seconds = _raw_insert(app, other, film_rows, review_rows)
    exported_rows = list(csv.reader(io.StringIO(exported)))
    size = len(data) / 2**20
    print(f"{len(film_rows):,} films and {len(review_rows):,} viewings from a {size:.1f} MiB ZIP.")
    print()
    print("| step | seconds | × raw insert |")
    print("|---|---:|---:|")
    for label, seconds in (
        ("raw insert of the same rows (baseline)", raw_seconds),
        ("import the export ZIP", import_seconds),
        ("import it again (everything matched, nothing written)", reimport_seconds),
        (f"export for Letterboxd ({len(exported_rows) - 1:,} rows)", export_seconds),
    ):
        print(f"| {label} | {seconds:.2f} | {seconds / raw_seconds:.1f} |")


def write_section() -> None:
    """Replace this benchmark's section of BENCHMARKS.md (or add it) with a fresh run."""
    import contextlib

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        main()
    section = (
        f"## {TITLE}\n\n{ABOUT}\n\nCommand: `.venv/bin/python bench/letterboxd_import.py`\n\n"
        f"{captured.getvalue()}"
    )
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"## {re.escape(TITLE)}\n.*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(lambda _: section.rstrip("\n"), text)
        if pattern.search(text)
        else (text.rstrip("\n") + "\n\n" + section)
    )
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(captured.getvalue())


if __name__ == "__main__":
    write_section() if "--write" in sys.argv else main()
