"""Everyone expected at a party, one line per person: guests and their plus-ones by name."""

from dataclasses import dataclass, field

from teahouse.models import Invitation

CAFFEINE_WORDS = {"any": "any caffeine", "low": "low caffeine only", "none": "no caffeine"}


@dataclass
class Person:
    name: str
    dietary: list[str] = field(default_factory=list)
    caffeine: str = "not asked"
    guest_of: str | None = None  # the inviting guest's name, for a plus-one


def people(invitations: list[Invitation], *, confirmed: bool = True) -> list[Person]:
    """The confirmed guests (or, with confirmed=False, those who said maybe) with their plus-ones.

    Uses only what the party page has loaded already: invitations with their guests.
    """
    found = []
    for invitation in invitations:
        wanted = invitation.confirmed if confirmed else invitation.response == "maybe"
        if not wanted:
            continue
        guest = invitation.guest
        found.append(
            Person(
                name=guest.name,
                dietary=_needs(
                    invitation.dietary_tags or guest.dietary_tags,
                    invitation.dietary_notes or guest.dietary_notes,
                ),
                caffeine=CAFFEINE_WORDS.get(guest.caffeine, "not asked"),
            )
        )
        for number, extra in enumerate(invitation.plus_one_details or [], start=1):
            found.append(
                Person(
                    name=extra.get("name") or f"{guest.first_name}'s guest {number}",
                    dietary=_needs(extra.get("dietary_tags"), extra.get("dietary_notes")),
                    guest_of=guest.name,
                )
            )
    return found


def _needs(tags, notes) -> list[str]:
    return [*(tags or []), *([notes] if notes else [])]
