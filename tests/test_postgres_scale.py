"""The party page's sums on PostgreSQL, where JSON arrays are taken apart differently.

Uses the PostgreSQL fixtures of test_postgres (skipped there without TEAHOUSE_TEST_POSTGRES_URL,
an error under CI=true).
"""

import pytest

from tests.conftest import add_host, login
from tests.party_helpers import assert_sums_match_the_list
from tests.test_postgres import BASE_URL, app, template_database  # noqa: F401

if not BASE_URL:  # under CI=true, importing test_postgres has already refused to go on
    pytestmark = pytest.mark.skip(reason="PostgreSQL tests need TEAHOUSE_TEST_POSTGRES_URL")


def test_party_sums_on_postgres_equal_the_sums_over_the_list(app):  # noqa: F811
    from bench.data import grow_host

    host = add_host(app)
    with app.app_context():
        party_id = grow_host(host, guests=120, parties=1, party_guests=120)
    tally = assert_sums_match_the_list(app, party_id)
    assert (tally.yes, tally.maybe, tally.no, tally.pending) == (114, 12, 18, 18)
    client = app.test_client()
    login(client)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "114 people coming." in page and "vegan: 20" in page
    printed = client.get(f"/parties/{party_id}/coming").get_data(as_text=True)
    assert printed.count("<tr>") == 1 + 114  # the heading row and every person coming
