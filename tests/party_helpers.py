"""Builders for parties, guests and invitations in tests."""

from datetime import UTC, datetime, timedelta

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyTea


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
