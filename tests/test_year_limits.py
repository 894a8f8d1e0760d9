"""Year limits move on at New Year, in a worker that was started the year before.

A film may be announced up to five years ahead, a tea harvested next year may be sold ahead.
Both bounds are read when a value is checked, by the forms and by the import schemas alike: a
bound fixed when the app loads would refuse next year's new films after New Year.
"""

from datetime import date

import pytest
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Film, Tea, User
from teahouse.portability.csv_import import import_csv
from tests.helpers.client import post_form, upload
from tests.helpers.films import HER

THIS_YEAR = date.today().year
SHINCHA = {"name": "Shincha", "type": "green", "caffeine": "medium", "brew_style": "western"}


@pytest.fixture
def next_new_year(monkeypatch):
    """The calendar moves on a year after the app (and every form class) has loaded."""

    class NextYear(date):
        @classmethod
        def today(cls):
            real = date.today()
            return date(real.year + 1, 1, 1)

    monkeypatch.setattr("teahouse.films.years.date", NextYear)
    monkeypatch.setattr("teahouse.models.tea.date", NextYear)


def _film_years(app):
    with app.app_context():
        return db.session.scalars(select(Film.year).order_by(Film.year)).all()


def test_film_years_up_to_five_ahead_and_no_further(app, client, host):
    page = upload(client, "/films/new", dict(HER, year=str(THIS_YEAR + 6))).get_data(as_text=True)
    assert f"That is more than five years ahead: {THIS_YEAR + 5} at most." in page
    assert _film_years(app) == []
    upload(client, "/films/new", dict(HER, year=str(THIS_YEAR + 5)))
    assert _film_years(app) == [THIS_YEAR + 5]


def test_after_new_year_a_film_of_the_new_last_year_is_taken(app, client, host, next_new_year):
    upload(client, "/films/new", dict(HER, year=str(THIS_YEAR + 6)))
    assert _film_years(app) == [THIS_YEAR + 6]
    page = upload(client, "/films/new", dict(HER, title="Later", year=str(THIS_YEAR + 7)))
    assert f"{THIS_YEAR + 6} at most." in page.get_data(as_text=True)
    assert _film_years(app) == [THIS_YEAR + 6]


def test_after_new_year_a_tea_of_the_next_harvest_is_taken(app, client, host, next_new_year):
    post_form(client, "/teas/new", dict(SHINCHA, harvest_year=str(THIS_YEAR + 2)))
    with app.app_context():
        assert db.session.scalars(select(Tea.harvest_year)).all() == [THIS_YEAR + 2]


def _imported_harvests(app, host, year):
    text = f"name,type,harvest_year\nShincha,green,{year}\n"
    with app.app_context():
        report = import_csv(db.session.get(User, host), text)
        problems = [(p.where, p.field, p.message) for p in report.problems]
        return problems, db.session.scalars(select(Tea.harvest_year)).all()


def test_import_refuses_a_harvest_after_next_year(app, host):
    problems, stored = _imported_harvests(app, host, THIS_YEAR + 2)
    assert problems == [("row 2", "harvest_year", f"must be at most {THIS_YEAR + 1}")]
    assert stored == []


def test_import_after_new_year_takes_the_next_harvest(app, host, next_new_year):
    problems, stored = _imported_harvests(app, host, THIS_YEAR + 2)
    assert problems == [] and stored == [THIS_YEAR + 2]


def test_film_import_schema_reads_its_bound_at_each_check(next_new_year):
    from teahouse.schemas.films import FilmRecord

    assert FilmRecord.model_validate({"title": "Later", "year": THIS_YEAR + 6}).year == (
        THIS_YEAR + 6
    )
    with pytest.raises(ValueError, match=f"must be at most {THIS_YEAR + 6}"):
        FilmRecord.model_validate({"title": "Later", "year": THIS_YEAR + 7})
