"""A page's query count does not grow with the collection."""

import pytest

from teahouse.extensions import db
from teahouse.models import MovementKind, Tea
from teahouse.stock import ledger
from tests.conftest import count_queries


def _grow_collection(app, owner_id, total):
    """Add copies of a tea with tags and two movements each until the host has `total` teas."""
    with app.app_context():
        have = db.session.query(Tea).filter_by(owner_id=owner_id).count()
        for n in range(have, total):
            tea = Tea(
                owner_id=owner_id,
                name=f"Test tea {n:04d}",
                type="green",
                brew_temp_c=80,
                grams_per_100ml=0.5,
                steep_seconds=[60],
                vessel_ml=300,
            )
            tea.tags = ["bulk", f"batch {n % 7}"]
            db.session.add(tea)
            ledger.add_movement(tea, MovementKind.PURCHASE, 100_000)
            ledger.add_movement(tea, MovementKind.BREWED, -5_000)
        db.session.commit()
        return db.session.query(Tea.id).filter_by(owner_id=owner_id).order_by(Tea.id).first()[0]


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
    first_id = _grow_collection(app, host, 40)
    small = _queries_for(app, client, url.format(id=first_id))
    _grow_collection(app, host, 400)
    large = _queries_for(app, client, url.format(id=first_id))
    assert small == large
    assert large <= 16  # the export reads each of its tables once
