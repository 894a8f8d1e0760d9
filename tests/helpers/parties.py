"""Guests, parties, invitations and menus built directly in the database, and the party page's
sums checked against the same sums over the whole list."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import (
    Guest,
    Invitation,
    Party,
    PartyTea,
)


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


def assert_sums_match_the_list(app, party_id):
    """What the database sums for the party page equals the same sums over every invitation
    loaded and counted in Python (the way the page worked before it summed in SQL)."""
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
            for answered in (True, False):
                wanted = [
                    (i.id, i.guest.name)
                    for i in invitations
                    if i.guest.caffeine == preference
                    and (i.response in ("yes", "maybe") if answered else i.response == "pending")
                ]
                assert clashes.get((preference, answered), ([], 0)) == (
                    (wanted[:shown], len(wanted)) if wanted else ([], 0)
                )
        return expected


def people_coming(app, party_id):
    """Two guests say yes to the party, one with two named plus-ones and their dietary needs;
    returns the invitations' tokens (secrets that must never be printed)."""
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.plus_ones_allowed, party.plus_one_cap = True, 2
        owner = party.owner_id
        db.session.commit()
    tokens = []
    for name, details, tags, notes in (
        (
            "Noor Haddad",
            [
                {"name": "Kit Brand", "dietary_tags": ["vegan"], "dietary_notes": "no sesame"},
                {"name": "Lou Brand", "dietary_tags": [], "dietary_notes": ""},
            ],
            ["gluten-free"],
            "",
        ),
        ("Sami Okafor", [], [], "no dairy after six"),
    ):
        guest_id = make_guest(app, owner, name=name, dietary_tags=tags, caffeine="low")
        _, token = invite(
            app,
            party_id,
            guest_id,
            response="yes",
            responded_at=datetime.now(UTC).replace(tzinfo=None),
            plus_ones=len(details),
            plus_one_details=details,
            dietary_notes=notes,
        )
        tokens.append(token)
    return tokens
