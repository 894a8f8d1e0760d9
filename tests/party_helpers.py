"""Builders for parties, guests and invitations in tests."""

import re
from datetime import UTC, datetime, timedelta

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyTea
from tests.conftest import post_form


def make_guest(app, owner_id, name="Ana Lima", **fields):
    with app.app_context():
        guest = Guest(owner_id=owner_id, name=name, **fields)
        db.session.add(guest)
        db.session.commit()
        return guest.id


def make_party(app, owner_id, *, days_ahead=10, hours=3, status="published", **fields):
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=days_ahead)
    values = dict(
        owner_id=owner_id,
        title="Autumn oolongs",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        timezone="Europe/Berlin",
        location="Lindenstraße 5, Berlin",
        status=status,
    )
    values.update(fields)
    with app.app_context():
        party = Party(**values)
        db.session.add(party)
        db.session.commit()
        return party.id


def invite(app, party_id, guest_id, **fields):
    with app.app_context():
        party = db.session.get(Party, party_id)
        invitation = Invitation(
            owner_id=party.owner_id, party_id=party_id, guest_id=guest_id, **fields
        )
        db.session.add(invitation)
        db.session.commit()
        return invitation.id, invitation.token


def add_menu(app, party_id, tea_id, position=0, cups_each=2, vessel_ml=None):
    with app.app_context():
        db.session.add(
            PartyTea(
                party_id=party_id,
                tea_id=tea_id,
                position=position,
                cups_each=cups_each,
                vessel_ml=vessel_ml,
            )
        )
        db.session.commit()


# A party's public page, as the host turns it on and reads its link.
LINK = re.compile(r'id="public-link"[^>]*value="([^"]+)"')


def share(client, party_id, action=""):
    suffix = f"/{action}" if action else ""
    return post_form(
        client, f"/parties/{party_id}/share{suffix}", token_from=f"/parties/{party_id}"
    )


def public_path(client, party_id):
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    match = LINK.search(page)
    assert match, "no public link on the party page"
    return "/" + match.group(1).split("/", 3)[3]


def settings(client, party_id, **choices):
    data = {"guest_list": "count"}
    data.update({k: ("y" if v is True else v) for k, v in choices.items() if v is not False})
    return post_form(
        client, f"/parties/{party_id}/share/settings", data, token_from=f"/parties/{party_id}"
    )


def shared_party(app, client, host, **fields):
    party_id = make_party(app, host, **fields)
    assert share(client, party_id).status_code == 302
    return party_id, public_path(client, party_id)


def assert_sums_match_the_list(app, party_id):
    """What the database sums for the party page equals the same sums over every invitation
    loaded and counted in Python (the way the page worked before it summed in SQL)."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from teahouse.parties import counts, services

    with app.app_context():
        invitations = db.session.scalars(
            select(Invitation)
            .where(Invitation.party_id == party_id)
            .options(joinedload(Invitation.guest))
            .order_by(Invitation.id)
        ).all()
        expected = services.tally(invitations)
        expected.confirmed_answers = sum(1 for i in invitations if i.confirmed)
        assert counts.party_tally(party_id) == expected
        assert counts.dietary_tally(party_id) == services.dietary_tally(invitations)
        notes = services.dietary_notes(invitations)
        shown = counts.NAMES_SHOWN
        assert counts.dietary_notes(party_id) == (notes[:shown], len(notes) > shown)
        clashes = counts.caffeine_clashes(party_id)
        for preference in ("none", "low"):
            wanted = [
                (i.id, i.guest.name)
                for i in invitations
                if i.response != "no" and i.guest.caffeine == preference
            ]
            assert clashes.get(preference, ([], 0)) == (
                (wanted[:shown], len(wanted)) if wanted else ([], 0)
            )
        return expected
