"""A host at the size of the sample, or at 10,000 teas, 1,000 guests, 1,000 parties and 10,000
movements, written with Core inserts in seconds (the benchmarks and the query-count tests use it).
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyTea, Tea, TeaTag, User
from teahouse.sample import load_sample
from teahouse.stock import ledger

LARGE = {"teas": 10_000, "guests": 1_000, "parties": 1_000, "movements": 10_000}
TYPES = ("white", "green", "oolong", "black", "puerh_raw", "herbal")


def _chunks(rows, size=1000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def grow_host(user_id: int, teas=0, guests=0, parties=0, movements=0, party_guests=0) -> int:
    """Add generated rows to a host (committed). Returns the id of the party with the most
    guests: the first generated party, with `party_guests` invitations and a 3-tea menu."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    tea_rows = [
        {
            "owner_id": user_id,
            "name": f"Generated tea {n:05d}",
            "type": TYPES[n % len(TYPES)],
            "vendor": f"Vendor {n % 50}",
            "origin_country": "China",
            "notes": "Honey, stone fruit and a long finish. " * 3,
            "caffeine": "medium",
            "brew_style": "western",
            "brew_temp_c": 90,
            "grams_per_100ml": 0.8,
            "steep_seconds": [120, 180],
            "vessel_ml": 300,
            "rating": (n % 10) / 2 + 0.5,
        }
        for n in range(teas)
    ]
    for chunk in _chunks(tea_rows):
        db.session.execute(insert(Tea), chunk)
    tea_ids = db.session.scalars(
        select(Tea.id).where(Tea.owner_id == user_id).order_by(Tea.id)
    ).all()
    new_ids = tea_ids[-teas:] if teas else []
    tag_rows = [{"tea_id": t, "name": f"batch {t % 7}"} for t in new_ids]
    for chunk in _chunks(tag_rows):
        db.session.execute(insert(TeaTag), chunk)
    if movements and tea_ids:
        purchases = [
            {
                "owner_id": user_id,
                "tea_id": tea_ids[n % len(tea_ids)],
                "kind": "purchase",
                "milligrams": 100_000,
                "cost_minor": 1500,
                "currency": "EUR",
                "occurred_on": date.today() - timedelta(days=n % 300),
            }
            for n in range(movements // 2)
        ]
        brews = [dict(row, kind="brewed", milligrams=-5_000, cost_minor=None) for row in purchases]
        ledger.add_movements(purchases + brews[: movements - len(purchases)])
    guest_rows = [
        {
            "owner_id": user_id,
            "name": f"Guest {n:04d} Example",
            "email": f"guest{n}@example.com",
            "dietary_tags": ["vegetarian"] if n % 5 == 0 else [],
        }
        for n in range(guests)
    ]
    for chunk in _chunks(guest_rows):
        db.session.execute(insert(Guest), chunk)
    party_rows = [
        {
            "owner_id": user_id,
            "title": f"Generated party {n:04d}",
            "starts_at": now + timedelta(days=n + 1),
            "ends_at": now + timedelta(days=n + 1, hours=3),
            "timezone": "Europe/Berlin",
            "location": "Lindenstraße 5, Berlin",
            "status": "published",
        }
        for n in range(parties)
    ]
    before = db.session.scalar(select(func.max(Party.id))) or 0
    for chunk in _chunks(party_rows):
        db.session.execute(insert(Party), chunk)
    db.session.commit()
    if not parties:
        return 0
    party = db.session.scalar(
        select(Party).where(Party.owner_id == user_id, Party.id > before).order_by(Party.id)
    )
    guest_ids = db.session.scalars(
        select(Guest.id)
        .where(Guest.owner_id == user_id)
        .order_by(Guest.id.desc())  # the guests added by this call
        .limit(party_guests)
    ).all()[::-1]
    for guest_id in guest_ids:
        party.invitations.append(
            Invitation(
                owner_id=user_id, guest_id=guest_id, response="yes" if guest_id % 3 else "pending"
            )
        )
    for position, tea_id in enumerate(tea_ids[:3]):
        party.menu.append(PartyTea(tea_id=tea_id, position=position))
    db.session.commit()
    return party.id


def sample_host(user: User, party_guests=40) -> int:
    """The sample collection plus one party of `party_guests` guests; returns its id."""
    load_sample(user)
    db.session.commit()
    return grow_host(user.id, guests=party_guests, parties=1, party_guests=party_guests)
