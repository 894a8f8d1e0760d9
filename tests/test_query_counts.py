"""A page's query count does not grow with the collection."""

import pytest

from tests.conftest import count_queries
from tests.helpers import grow_collection


def _queries_for(app, client, url):
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "url",
    [
        "/teas/",
        "/teas/?q=tea&sort=rating",
        "/teas/?tag=bulk&page=2",
        "/teas/{id}",
        "/teas/{id}/edit",
        "/data/export.json",
    ],
)
def test_query_count_is_the_same_for_40_and_400_teas(app, client, host, url):
    first_id = grow_collection(app, host, 40)
    small = _queries_for(app, client, url.format(id=first_id))
    grow_collection(app, host, 400)
    large = _queries_for(app, client, url.format(id=first_id))
    assert small == large
    assert large <= 16  # the export reads each of its tables once
