"""Paths no other test walked: the waitlist after a guest is taken off the list, the hour that
happens twice in autumn, and the review while its film is still running."""

from datetime import UTC, datetime

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party, RsvpEvent
from tests.helpers.client import answer, post_form
from tests.helpers.films import film_with_review, screened_party
from tests.helpers.parties import invite, make_guest, make_party


def test_taking_a_guest_off_the_list_gives_their_place_to_the_waitlist(app, client, host):
    party_id = make_party(app, host, capacity=1)
    ana_id, ana_token = invite(app, party_id, make_guest(app, host, "Ana"))
    bo_id, bo_token = invite(app, party_id, make_guest(app, host, "Bo"))
    guest = client.application.test_client()
    answer(guest, ana_token, "yes")
    answer(guest, bo_token, "yes")
    assert "on the waitlist" in guest.get(f"/i/{bo_token}").get_data(as_text=True)

    post_form(client, f"/invitations/{ana_id}/remove", token_from=f"/parties/{party_id}")

    assert guest.get(f"/i/{ana_token}").status_code == 404
    assert "you moved from the waitlist" in guest.get(f"/i/{bo_token}").get_data(as_text=True)
    with app.app_context():
        bo = db.session.get(Invitation, bo_id)
        assert bo.waitlisted_at is None and bo.promoted_at is not None
        kinds = db.session.scalars(
            select(RsvpEvent.kind).where(RsvpEvent.invitation_id == bo_id)
        ).all()
        assert kinds[-1] == "promoted"


def test_the_repeated_autumn_hour_means_its_first_occurrence(app, client, host):
    # In Berlin the clocks go back from 03:00 CEST to 02:00 CET on 31 October 2027, so 02:30
    # happens twice: first at 00:30 UTC (CEST, +2), then at 01:30 UTC (CET, +1).
    response = post_form(
        client,
        "/parties/new",
        {
            "title": "Clocks go back",
            "starts_at": "2027-10-31T02:30",
            "ends_at": "2027-10-31T05:00",
            "timezone": "Europe/Berlin",
            "capacity": "8",
        },
        token_from="/parties/new",
    )
    assert response.status_code == 302
    with app.app_context():
        party = db.session.scalar(select(Party).where(Party.title == "Clocks go back"))
        assert party.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
        assert party.ends_at == datetime(2027, 10, 31, 4, 0, tzinfo=UTC)
        assert (party.ends_at - party.starts_at).total_seconds() == 3.5 * 3600
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "02:30" in page


def test_the_review_stays_sealed_while_the_film_is_running(app, client, host):
    film_id, review_id = film_with_review(app, host)
    # Started an hour ago: 30 min of tea, then the 126-minute film is half-way through.
    party = screened_party(app, host, start_hours_from_now=-1, review_id=review_id, film_id=film_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "The film: Her (2013)" in page
    assert "Samantha leaves" not in page and "sealed until the film has been shown" in page
