"""Hostile and malformed import files: a report naming record and field, never a 500 or a
traceback, and nothing written."""

import json

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import AfterglowTea, Guest, Party, StockMovement, Tea, TeaTag, User
from teahouse.portability.csv_import import import_csv
from teahouse.portability.importing import import_text
from tests.helpers.client import add_host, post_import

TABLES = (Tea, TeaTag, StockMovement, Guest, Party, AfterglowTea)


def _document(**lists):
    return {"format": "teahouse-export", "version": 1, **lists}


def _afterglow_twice():
    return _document(
        teas=[{"id": 1, "name": "Sencha", "type": "green"}],
        guests=[{"id": 1, "name": "Ana"}],
        parties=[
            {
                "id": 1,
                "title": "Tea",
                "starts_at": "2026-01-01T15:00:00Z",
                "ends_at": "2026-01-01T17:00:00Z",
                "timezone": "UTC",
                "menu": [{"tea_id": 1}],
            }
        ],
        invitations=[{"id": 1, "party_id": 1, "guest_id": 1, "response": "yes"}],
        afterglow_teas=[
            {"invitation_id": 1, "tea_id": 1, "rating": 4},
            {"invitation_id": 1, "tea_id": 1, "rating": 2},
        ],
    )


def _party(starts_at, ends_at, timezone):
    party = {"id": 1, "title": "P", "starts_at": starts_at, "ends_at": ends_at}
    return _document(parties=[party | {"timezone": timezone}])


# (file name, content, where, field) — each must be reported at that place.
JSON_FILES = [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "file", ""),
    (
        "digits.json",
        '{"format": "teahouse-export", "version": 1, "teas": [{"name": "A", "type": "green",'
        ' "harvest_year": ' + "9" * 5000 + "}]}",
        "teas[0] “A”",
        "harvest_year",
    ),
    (
        "digits-in-text.json",
        json.dumps(_document(teas=[{"name": "A", "type": "green"}])).replace(
            '"A"', "1" + "0" * 4400
        ),
        "teas[0]",
        "name",
    ),
    (
        "nul.json",
        json.dumps(_document(teas=[{"name": "Bad\x00tea", "type": "green"}])),
        "teas[0] “Bad\x00tea”",
        "name",
    ),
    (
        "control-in-notes.json",
        json.dumps(_document(teas=[{"name": "A", "type": "green", "notes": "bell\x07\x9b"}])),
        "teas[0] “A”",
        "notes",
    ),
    (
        "guest-nul.json",
        json.dumps(_document(guests=[{"name": "Ana", "dietary_notes": "x\x00"}])),
        "guests[0] “Ana”",
        "dietary_notes",
    ),
    ("afterglow-twice.json", json.dumps(_afterglow_twice()), "afterglow_teas[1]", "tea_id"),
    (
        "nested-notes.json",
        json.dumps(_document(teas=[{"name": "A", "type": "green", "notes": [[[[{}]]]]}])),
        "teas[0] “A”",
        "notes",
    ),
    (
        "nan.json",
        '{"format": "teahouse-export", "version": 1, "teas": [{"name": "A", "type": "green",'
        ' "rating": NaN, "grams_per_100ml": 1e999}]}',
        "teas[0] “A”",
        "rating",
    ),
    ("not-utf8.json", b"\xff\xfe{}", "file", ""),
    # A 500 before: JSON's \ud800 escape gives half a character, which the database's driver
    # (and, quoted in the report, the page) cannot encode.
    (
        "surrogate.json",
        json.dumps(_document(teas=[{"name": "A", "type": "green", "vendor": "Shop\ud800"}])),
        "teas[0] “A”",
        "vendor",
    ),
    (
        "surrogate-in-label.json",
        json.dumps(_document(guests=[{"name": "Ana\udfff"}])),
        "guests[0] “Ana\ufffd”",
        "name",
    ),
    # A 500 before: a list as a record's id was looked up in the set of ids seen.
    (
        "list-id.json",
        json.dumps(_document(teas=[{"id": [], "name": "A", "type": "green"}])),
        "teas[0] “A”",
        "id",
    ),
    # A 500 before: moved to UTC, the first time overflowed Python's dates; the second was
    # imported, and every page showing it in its zone (14 hours ahead) answered 500 after.
    (
        "year-1.json",
        json.dumps(_party("0001-01-01T00:00+05:00", "2026-01-01T17:00Z", "UTC")),
        "parties[0] “P”",
        "starts_at",
    ),
    (
        "year-9999.json",
        json.dumps(_party("9999-12-31T22:00Z", "9999-12-31T23:00Z", "Pacific/Kiritimati")),
        "parties[0] “P”",
        "starts_at",
    ),
]

CSV_FILES = [
    ("bare-cr.csv", "name,type\rSencha,green\rGyokuro,green\x00\r", "row 3", "type"),
    ("huge-cell.csv", "name,type,notes\nSencha,green," + "x" * 140_000 + "\n", "row 2", "notes"),
    ("giant-cell.csv", "name,type,notes\nSencha,green," + "x" * 1_100_000 + "\n", "row 2", ""),
    ("digits.csv", "name,type,rating\nSencha,green," + "9" * 5000 + "\n", "row 2", "rating"),
    ("nul.csv", "name,type,vendor\nSencha,green,Bad\x00Shop\n", "row 2", "vendor"),
    ("control.csv", "name,type\nSen\x1bcha,green\n", "row 2", "name"),
    ("twice.csv", "name,type\nSencha,green\nsencha,Green\n", "row 3", "name"),
    ("quote.csv", 'name,type\n"Sencha,green\n', "row 2", "name"),  # quote never closed
]


def _nothing_written():
    return all(db.session.scalar(select(func.count()).select_from(model)) == 0 for model in TABLES)


@pytest.mark.parametrize("name, content, where, field", JSON_FILES + CSV_FILES)
def test_hostile_file_is_reported_by_record_and_field(app, host, name, content, where, field):
    with app.app_context():
        user = db.session.get(User, host)
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        importer = import_csv if name.endswith(".csv") else import_text
        report = importer(user, text)
        assert not report.ok
        places = {(p.where, p.field) for p in report.problems}
        assert (where, field) in places, report.problems[:3]
        assert _nothing_written()


@pytest.mark.parametrize("name, content, where, field", JSON_FILES + CSV_FILES)
def test_hostile_upload_answers_a_report_not_a_500(app, client, host, name, content, where, field):
    response = post_import(client, content, name)
    assert response.status_code == 200
    assert "Nothing was imported" in response.get_data(as_text=True)
    with app.app_context():
        assert _nothing_written()


@pytest.mark.parametrize("name, content, where, field", JSON_FILES + CSV_FILES)
def test_cli_import_of_a_hostile_file_exits_non_zero_with_the_report(
    app, runner, tmp_path, name, content, where, field
):
    add_host(app)
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = runner.invoke(args=["import", "--user", "host@example.com", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert "Nothing was" in result.output
    if field:
        assert f"{where}, {field}:" in result.output
    with app.app_context():
        assert _nothing_written()
