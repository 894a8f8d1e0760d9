"""A problem of an import quotes the file's value, shortened: a cell of 100,000 characters
makes one readable line of the report, not a page of one message (CSV, JSON, Letterboxd)."""

import re

from teahouse.extensions import db
from teahouse.models import User
from teahouse.portability.export import FORMAT, VERSION
from teahouse.portability.letterboxd import import_letterboxd_csv
from tests.helpers.client import add_host, post_import

WALL = "tieguanyin" * 10_000  # 100,000 characters
SHORTENED = "“" + WALL[:59] + "…”"


def _report_rows(page: str) -> list[str]:
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_a_csv_cell_is_quoted_shortened(client, host):
    page = post_import(client, f"name,type\nLongjing,{WALL}\n", "teas.csv").get_data(as_text=True)
    assert WALL[:200] not in page
    [row] = _report_rows(page)
    assert row.startswith(f"row 2 type {SHORTENED} is not a known tea type (")


def test_a_json_value_and_the_name_that_places_it_are_shortened(client, host):
    document = {
        "format": FORMAT,
        "version": VERSION,
        "teas": [{"name": "Longjing", "type": "green", "opened_on": WALL}],
        "guests": [{"name": WALL, "email": WALL[:200]}],
    }
    page = post_import(client, document).get_data(as_text=True)
    assert WALL[:200] not in page
    rows = _report_rows(page)
    assert f"teas[0] “Longjing” opened_on {SHORTENED} is not a date (YYYY-MM-DD)" in rows
    # The name that says which guest is too long itself, and shortened where it places him.
    assert f"guests[0] {SHORTENED} name is longer than 120 characters" in rows
    assert f"guests[0] {SHORTENED} email {SHORTENED} is not an email address" in rows


def test_a_letterboxd_cell_is_quoted_shortened(app):
    user_id = add_host(app)
    with app.app_context():
        result = import_letterboxd_csv(
            db.session.get(User, user_id), "watched.csv", f"Title,Year,Rating\nHer,2013,{WALL}\n"
        )
    assert [str(p) for p in result.problems] == [
        f"watched.csv row 2, Rating: {SHORTENED} is not a rating from 0.5 to 5"
    ]
