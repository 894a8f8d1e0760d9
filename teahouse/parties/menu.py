"""A party's tea menu: its order, the plan of grams against stock, and marking it held."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import (
    MovementKind,
    Party,
    PartyStatus,
    PartyTea,
    Tea,
)
from teahouse.models.stock import MG_PER_GRAM
from teahouse.parties import counts
from teahouse.parties.services import PartyError, lock_party, party_menu
from teahouse.stock import ledger
from teahouse.utc import utcnow

# Light to dark; caffeine-free teas go last whatever their type.
SERVING_ORDER = [
    "white",
    "green",
    "matcha",
    "yellow",
    "oolong",
    "black",
    "blend",
    "puerh_raw",
    "puerh_ripe",
    "dark",
    "herbal",
    "rooibos",
]


def suggested_order(teas: list[Tea]) -> list[Tea]:
    return sorted(
        teas,
        key=lambda tea: (tea.caffeine == "none", SERVING_ORDER.index(tea.type), tea.name.lower()),
    )


def add_to_menu(party: Party, tea: Tea) -> None:
    with write_transaction():
        party = lock_party(party.id)  # a second press at once finds the first's line
        position = db.session.scalar(
            select(func.coalesce(func.max(PartyTea.position), -1)).where(
                PartyTea.party_id == party.id
            )
        )
        exists = db.session.scalar(
            select(PartyTea.id).where(PartyTea.party_id == party.id, PartyTea.tea_id == tea.id)
        )
        if exists:
            raise PartyError(f"{tea.name} is already on the menu.")
        db.session.add(PartyTea(party_id=party.id, tea_id=tea.id, position=position + 1))


def move_in_menu(party: Party, item: PartyTea, step: int) -> None:
    with write_transaction():
        lock_party(party.id)  # pressed twice at once: the second moves what the first left
        items = party_menu(party)
        if item not in items:  # taken off the menu meanwhile
            return
        index = items.index(item)
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, entry in enumerate(items):
            entry.position = position


def update_item(item: PartyTea, cups_each: int, vessel_ml: int | None) -> None:
    """Cups per drinker and cup size of one tea of the plan."""
    item.cups_each = cups_each
    item.vessel_ml = vessel_ml
    db.session.commit()


def remove_item(item: PartyTea) -> None:
    db.session.delete(item)
    db.session.commit()


def apply_suggested_order(party: Party) -> None:
    with write_transaction():
        lock_party(party.id)  # pressed twice at once: the second waits its turn
        items = party_menu(party)
        ordered = suggested_order([item.tea for item in items])
        by_tea = {item.tea_id: item for item in items}
        for position, tea in enumerate(ordered):
            by_tea[tea.id].position = position


@dataclass
class PlanLine:
    item: PartyTea
    grams_needed: float
    grams_in_stock: float
    # Guests whose caffeine preference the tea goes against: those who said yes or maybe
    # (the first, in the order of the list, and how many besides), then those who have not
    # answered yet, apart, so the host is not told of a clash with someone who may not come.
    clashes: list[str] = field(default_factory=list)
    more_clashes: int = 0
    unanswered_clashes: list[str] = field(default_factory=list)
    more_unanswered_clashes: int = 0

    @property
    def shortage(self) -> float:
        return max(0.0, self.grams_needed - self.grams_in_stock)


CAFFEINE_CLASH = {"none": {"low", "medium", "high"}, "low": {"medium", "high"}}


def plan(party: Party, menu: list[PartyTea], drinkers: int) -> list[PlanLine]:
    """Grams needed per tea = drinkers × cups each × vessel ml × g/100 ml ÷ 100, against stock;
    the guests whose caffeine preference the tea goes against, those who said yes or maybe
    apart from those who have not answered."""
    found = counts.caffeine_clashes(party.id)
    lines = []
    for item in menu:
        tea = item.tea
        needed = drinkers * item.cups_each * item.serving_ml * tea.grams_per_100ml / 100
        coming, more_coming = _clashing(found, tea.caffeine, answered=True)
        unanswered, more_unanswered = _clashing(found, tea.caffeine, answered=False)
        lines.append(
            PlanLine(
                item,
                round(needed, 1),
                tea.milligrams_on_hand / MG_PER_GRAM,  # the ledger's running total
                coming,
                more_coming,
                unanswered,
                more_unanswered,
            )
        )
    return lines


def _clashing(found: dict, caffeine: str, *, answered: bool) -> tuple[list[str], int]:
    """The first names (in the order of the list) of one group whose preference this caffeine
    level goes against, and how many besides."""
    groups = [
        shown_and_total
        for (preference, group_answered), shown_and_total in found.items()
        if group_answered == answered and caffeine in CAFFEINE_CLASH.get(preference, ())
    ]
    names = sorted(name for shown, _ in groups for name in shown)[: counts.NAMES_SHOWN]
    return [name for _, name in names], sum(total for _, total in groups) - len(names)


def mark_held(party: Party, grams_by_item: dict[int, float]) -> bool:
    """Write one "served at a party" movement per tea, once. False if it was already done."""
    with write_transaction():
        party = lock_party(party.id)
        if party.status == PartyStatus.HELD.value:
            return False
        if party.status == PartyStatus.CANCELLED.value:
            raise PartyError("A cancelled party cannot be marked as held.")
        if not party.has_started:
            # Holding closes answers and opens the afterglow: never before the guests arrive.
            raise PartyError("This party has not started yet; mark it as held once it has begun.")
        for item in party_menu(party):
            grams = grams_by_item.get(item.id, 0)
            milligrams = round(grams * MG_PER_GRAM)
            item.served_milligrams = milligrams
            if milligrams <= 0:
                continue
            on_hand = ledger.locked_on_hand_mg(item.tea_id)
            if milligrams > on_hand:
                raise ledger.StockError(
                    f"Only {on_hand / MG_PER_GRAM:g} g of {item.tea.name} are in stock, not "
                    f"{grams:g} g. Nothing was written: correct the grams or the stock first."
                )
            ledger.add_movement(
                item.tea,
                MovementKind.SERVED,
                -milligrams,
                occurred_on=party.starts_local.date(),
                note=f"Served at {party.title}",
            )
        party.status = PartyStatus.HELD.value
        party.held_at = utcnow()
    return True


def menu_photo(party: Party, tea_id: int) -> str | None:
    """The photo of a tea on this party's menu (None for a tea not on it, or without one):
    a guest or a visitor may see a tea's photo only through a menu that lists the tea."""
    return db.session.scalar(
        select(Tea.photo)
        .join(PartyTea, PartyTea.tea_id == Tea.id)
        .where(PartyTea.party_id == party.id, Tea.id == tea_id)
    )
