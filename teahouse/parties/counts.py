"""What the party page sums over a party's whole list, summed by the database: a party of a
thousand guests costs the page a few grouped queries, not a thousand rows.

Dietary tags live in JSON arrays (on the invitation, the guest and each plus-one); the two
databases spell "one row per array element" differently (SQLite's json_each, PostgreSQL's
json_array_elements), so those two queries take the dialect's form.
"""

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    true,
    union_all,
)

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Response
from teahouse.parties.services import Tally

YES = Response.YES.value
# How many names a caffeine warning or the dietary notes show before "and N more".
NAMES_SHOWN = 10


def _confirmed():
    return and_(Invitation.response == YES, Invitation.waitlisted_at.is_(None))


def party_tally(party_id: int) -> Tally:
    """The answers of a party's list, yes and waitlist counting plus-ones, in one query."""
    state = case(
        (_confirmed(), "yes"),
        (Invitation.response == YES, "waitlist"),
        (Invitation.response.in_([Response.MAYBE.value, Response.NO.value]), Invitation.response),
        else_="pending",
    ).label("state")
    rows = db.session.execute(
        select(state, func.count(), func.sum(1 + Invitation.plus_ones))
        .where(Invitation.party_id == party_id)
        .group_by(state)
    ).all()
    result = Tally()
    for name, count, seats in rows:
        setattr(result, name, seats if name in ("yes", "waitlist") else count)
        result.invited += count
        if name == "yes":
            result.confirmed_answers = count
    return result


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def _array(value):
    """A JSON value as an array: anything else (null, a missing key) as an empty one."""
    if _postgresql():
        return case((func.json_typeof(value) == "array", value), else_=literal_column("'[]'::json"))
    return value


def _array_elements(array, *, objects: bool = False):
    """One row per element of a JSON array: its value and its position (_position)."""
    if _postgresql():
        name = "json_array_elements" if objects else "json_array_elements_text"
        elements = getattr(func, name)(_array(array))
        return elements.table_valued("value", with_ordinality="position").render_derived()
    return func.json_each(array).table_valued("value", "key")


def _position(elements):
    return elements.c.position if _postgresql() else elements.c.key


def _field(element, key: str, *, as_text: bool = False):
    """A key of a JSON object that came out of _array_elements(objects=True)."""
    if _postgresql():
        return element.c.value.op("->>" if as_text else "->")(key)
    return func.json_extract(element.c.value, f"$.{key}")


def _own_tags():
    """The tags a confirmed guest eats by: the answer's, or else the address book's."""
    return case(
        (func.json_array_length(_array(Invitation.dietary_tags)) > 0, Invitation.dietary_tags),
        else_=Guest.dietary_tags,
    )


def dietary_tally(party_id: int) -> list[tuple[str, int]]:
    """Each dietary tag with the number of people coming who have it (plus-ones included),
    most common first."""
    own = _array_elements(_own_tags())
    guests = (
        select(own.c.value.label("tag"), cast(Invitation.id, String).label("person"))
        .select_from(Invitation)
        .join(Guest, Guest.id == Invitation.guest_id)
        .join(own, true())
        .where(Invitation.party_id == party_id, _confirmed())
    )
    extra = _array_elements(Invitation.plus_one_details, objects=True)
    extra_tags = _array_elements(_field(extra, "dietary_tags"))
    plus_ones = (
        select(
            extra_tags.c.value.label("tag"),
            (cast(Invitation.id, String) + "." + cast(_position(extra), String)).label("person"),
        )
        .select_from(Invitation)
        .join(extra, true())
        .join(extra_tags, true())
        .where(Invitation.party_id == party_id, _confirmed())
    )
    people = union_all(guests, plus_ones).subquery()
    rows = db.session.execute(
        select(people.c.tag, func.count(people.c.person.distinct())).group_by(people.c.tag)
    ).all()
    return sorted(((str(tag), count) for tag, count in rows), key=lambda row: (-row[1], row[0]))


def dietary_notes(party_id: int) -> tuple[list[tuple[str, str]], bool]:
    """The first NAMES_SHOWN notes of people coming, in the order of the list, and whether
    there are more (the list of who is coming shows every one)."""
    own_note = func.coalesce(func.nullif(Invitation.dietary_notes, ""), Guest.dietary_notes)
    own = db.session.execute(
        select(Invitation.id, literal(0), Guest.name, own_note)
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(Invitation.party_id == party_id, _confirmed(), own_note != "")
        .order_by(Invitation.id)
        .limit(NAMES_SHOWN + 1)
    ).all()
    extra = _array_elements(Invitation.plus_one_details, objects=True)
    note = _field(extra, "dietary_notes", as_text=True)
    name = _field(extra, "name", as_text=True)
    plus_ones = db.session.execute(
        select(Invitation.id, _position(extra), Guest.name, note, name)
        .select_from(Invitation)
        .join(Guest, Guest.id == Invitation.guest_id)
        .join(extra, true())
        .where(Invitation.party_id == party_id, _confirmed(), func.coalesce(note, "") != "")
        .order_by(Invitation.id, _position(extra))
        .limit(NAMES_SHOWN + 1)
    ).all()
    notes = sorted(
        [(invitation_id, 0, guest, text) for invitation_id, _, guest, text in own]
        + [
            (invitation_id, int(position) + 1, label or f"{_first(guest)}'s guest", text)
            for invitation_id, position, guest, text, label in plus_ones
        ]
    )
    return [(who, text) for *_, who, text in notes[:NAMES_SHOWN]], len(notes) > NAMES_SHOWN


def _first(name: str) -> str:
    """A guest's first name, as Guest.first_name gives it."""
    return (name.split() or [name])[0]


def caffeine_clashes(party_id: int) -> dict[tuple[str, bool], tuple[list[tuple[int, str]], int]]:
    """Per caffeine preference that can clash with a tea ("none", "low") and whether the guests
    answered yes or maybe (True) or have not answered yet (False): the first NAMES_SHOWN of
    them, as (invitation id, name) in the order of the list, and how many there are in all.
    Guests who said no drink nothing and are left out."""
    answered = Invitation.response.in_([YES, Response.MAYBE.value])
    groups = (Guest.caffeine, answered)
    ranked = (
        select(
            Invitation.id,
            Guest.name,
            Guest.caffeine,
            answered.label("answered"),
            func.row_number().over(partition_by=groups, order_by=Invitation.id).label("rank"),
            func.count().over(partition_by=groups).label("total"),
        )
        .join(Guest, Guest.id == Invitation.guest_id)
        .where(
            Invitation.party_id == party_id,
            Invitation.response != Response.NO.value,
            Guest.caffeine.in_(["none", "low"]),
        )
        .subquery()
    )
    found: dict[tuple[str, bool], tuple[list[tuple[int, str]], int]] = {}
    rows = db.session.execute(
        select(ranked.c.id, ranked.c.name, ranked.c.caffeine, ranked.c.answered, ranked.c.total)
        .where(ranked.c.rank <= NAMES_SHOWN)
        .order_by(ranked.c.caffeine, ranked.c.answered, ranked.c.rank)
    ).all()
    for invitation_id, name, preference, did_answer, total in rows:
        found.setdefault((preference, bool(did_answer)), ([], total))[0].append(
            (invitation_id, name)
        )
    return found
