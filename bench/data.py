"""A host at the size of the sample, or at 10,000 teas, 1,000 guests, 1,000 parties and 10,000
movements, written with Core inserts in seconds (the benchmarks and the query-count tests use it).
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyTea, RsvpEvent, Tea, TeaTag, User
from teahouse.models.party import new_token
from teahouse.sample import load_sample
from teahouse.stock import ledger

LARGE = {"teas": 10_000, "guests": 1_000, "parties": 1_000, "movements": 10_000}
TYPES = ("white", "green", "oolong", "black", "puerh_raw", "herbal")
DIETS = ([], [], ["vegetarian"], [], ["vegan", "gluten-free"], [], [], ["nut allergy"], [], [])
CAFFEINE = ("any", "any", "any", "low", "any", "none", "any")
# Out of every 20 invited: 12 say yes, 2 maybe, 3 no, and 3 have not answered yet.
ANSWERS = ("yes",) * 12 + ("maybe",) * 2 + ("no",) * 3 + ("pending",) * 3


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
            "dietary_tags": DIETS[n % len(DIETS)],
            "dietary_notes": "No nuts, please." if n % 17 == 0 else "",
            "caffeine": CAFFEINE[n % len(CAFFEINE)],
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
            "plus_ones_allowed": True,
            "plus_one_cap": 2,
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
    _answer(party, guest_ids, now)
    for position, tea_id in enumerate(tea_ids[:3]):
        party.menu.append(PartyTea(tea_id=tea_id, position=position))
    db.session.commit()
    return party.id


def _answer(party: Party, guest_ids: list[int], now: datetime) -> None:
    """Invite the guests as a real party's list looks a week before: most have answered, a
    quarter of the yeses bring one or two plus-ones (some with needs of their own), some left a
    message; each answer is in the party's feed."""
    rows = []
    for n, guest_id in enumerate(guest_ids):
        response = ANSWERS[n % len(ANSWERS)]
        plus_ones = (1 if n % 4 == 0 else 2 if n % 10 == 1 else 0) if response == "yes" else 0
        rows.append(
            {
                "owner_id": party.owner_id,
                "party_id": party.id,
                "guest_id": guest_id,
                "token": new_token(),
                "response": response,
                "plus_ones": plus_ones,
                "plus_one_details": [
                    {
                        "name": f"Friend {k} of guest {n}" if k == 1 else "",
                        "dietary_tags": ["vegan"] if (n + k) % 3 == 0 else [],
                        "dietary_notes": "Lactose-free milk." if n % 8 == 0 else "",
                    }
                    for k in range(1, plus_ones + 1)
                ],
                "dietary_tags": [],
                "dietary_notes": "",
                "message": "Looking forward to it!" if n % 9 == 0 and response != "pending" else "",
                "responded_at": None if response == "pending" else now - timedelta(minutes=n),
            }
        )
    for chunk in _chunks(rows):
        db.session.execute(insert(Invitation), chunk)
    answered = db.session.execute(
        select(Invitation.id, Invitation.response, Invitation.plus_ones, Invitation.message)
        .where(Invitation.party_id == party.id, Invitation.responded_at.isnot(None))
        .order_by(Invitation.id)
    ).all()
    events = [
        {
            "party_id": party.id,
            "invitation_id": invitation_id,
            "kind": "answered",
            "response": response,
            "plus_ones": plus_ones,
            "message": message,
            "created_at": now - timedelta(minutes=len(answered) - n),
        }
        for n, (invitation_id, response, plus_ones, message) in enumerate(answered)
    ]
    for chunk in _chunks(events):
        db.session.execute(insert(RsvpEvent), chunk)


def sample_host(user: User, party_guests=40) -> int:
    """The sample collection plus one party of `party_guests` guests; returns its id."""
    load_sample(user)
    db.session.commit()
    return grow_host(user.id, guests=party_guests, parties=1, party_guests=party_guests)
