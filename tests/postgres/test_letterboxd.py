"""Letterboxd import and export on PostgreSQL: bulk-written films get their ids back in order,
re-import changes nothing, and the CSV round-trips."""

import csv
import io

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Film, Review, User
from teahouse.portability.letterboxd import (
    import_letterboxd_csv,
    import_letterboxd_zip,
    iter_letterboxd_csv,
)
from tests import letterboxd_files as files
from tests.helpers.client import add_host


def test_letterboxd_export_imports_once_and_round_trips_on_postgres(app):
    host = add_host(app)
    with app.app_context():
        user = db.session.get(User, host)
        assert import_letterboxd_zip(user, files.export_zip(bom=True, crlf=True)).ok
        again = import_letterboxd_zip(user, files.export_zip())
        assert again.ok and again.counts["films"] == 0 and again.counts["viewings"] == 0
        assert db.session.scalar(select(func.count(Film.id))) == 5
        her = db.session.scalars(select(Film).where(Film.title == "Her")).one()
        assert her.letterboxd_uri == files.HER
        assert sorted(str(r.watched_on) for r in her.reviews) == ["2024-01-01", "2024-06-01"]
        for review in db.session.scalars(select(Review)):
            assert review.film.owner_id == host

        other = db.session.get(User, add_host(app, email="other@example.com"))
        text = files.csv_text(files.IMPORT_ROWS, crlf=True)
        assert import_letterboxd_csv(other, "letterboxd.csv", text).ok
        rows = list(csv.reader(io.StringIO("".join(iter_letterboxd_csv(other)))))
        assert sorted(rows[1:]) == sorted(files.IMPORT_ROWS[1:])
