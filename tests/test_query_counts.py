"""A page's query count does not grow with the collection."""

import pytest
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.client import count_queries
from tests.helpers.teas import grow_collection


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


def test_every_page_runs_as_many_queries_at_10000_teas_as_at_the_samples_size(app, client, host):
    """The sample and a 40-guest party, then 10,000 teas, 1,000 guests, 1,000 parties, 10,000
    movements and a 1,000-guest party: every page the host or a guest opens keeps its count."""
    from bench.data import LARGE, grow_host
    from teahouse.models import Film, Guest, Invitation, Review, TeaTag, User
    from teahouse.sample import load_sample

    with app.app_context():
        load_sample(db.session.get(User, host))
        db.session.commit()
        small_party = grow_host(host, guests=40, parties=1, party_guests=40)
        tea = db.session.scalar(select(Tea.id).where(Tea.owner_id == host).order_by(Tea.id))
        guest = db.session.scalar(select(Guest.id).order_by(Guest.id))
        film = db.session.scalar(select(Film.id))
        review = db.session.scalar(select(Review.id))
        tag = db.session.scalar(select(TeaTag.name).order_by(TeaTag.id))
        token = db.session.scalar(
            select(Invitation.token).where(Invitation.party_id == small_party)
        )
    urls = [
        "/dashboard",
        "/account",
        "/teas/",
        "/teas/?q=tea&sort=rating&page=2",
        f"/teas/?tag={tag}&sort=newest",
        f"/teas/{tea}",
        f"/teas/{tea}/edit",
        f"/teas/{tea}/stock",
        f"/teas/{tea}/brew",
        f"/teas/{tea}/timer",
        f"/teas/{tea}/delete",
        "/teas/new",
        "/teaware",
        "/guests/",
        "/guests/?q=guest&page=2",
        f"/guests/{guest}",
        f"/guests/{guest}/edit",
        "/parties/",
        "/parties/new",
        f"/parties/{small_party}",
        f"/parties/{small_party}/edit",
        f"/parties/{small_party}/clone",
        "/films/",
        f"/films/{film}",
        f"/films/{film}/edit",
        f"/reviews/{review}",
        "/data/",
        f"/i/{token}",
    ]
    small = {url: _queries_for(app, client, url) for url in urls}
    with app.app_context():
        big_party = grow_host(host, **LARGE, party_guests=1000)
    large = {url: _queries_for(app, client, url) for url in urls}
    assert large == small
    assert _queries_for(app, client, f"/parties/{big_party}") == small[f"/parties/{small_party}"]
