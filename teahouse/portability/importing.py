"""Import: all or nothing. Every record is checked first; any problem writes nothing."""

import base64
import binascii
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.films.posters import PosterError, delete_poster, load_poster_image, save_poster
from teahouse.models import (
    Afterglow,
    AfterglowTea,
    BrewSession,
    Film,
    Guest,
    Invitation,
    Party,
    PartyTea,
    Review,
    Screening,
    Tea,
    TeaTag,
    Teaware,
    User,
)
from teahouse.models.stock import MG_PER_GRAM
from teahouse.portability import records
from teahouse.portability.export import FORMAT, VERSION
from teahouse.stock import ledger

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}, {self.field}: {self.message}"
            if self.field
            else f"{self.where}: {self.message}"
        )


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Plan:
    """Clean records waiting to be written, with their ids from the file."""

    def __init__(self):
        self.teas: list[tuple[int | None, dict]] = []
        self.teaware: list[tuple[int | None, dict]] = []
        self.brews: list[tuple[int | None, int, int | None, dict]] = []
        self.movements: list[tuple[int | None, int, int | None, int | None, dict]] = []
        self.guests: list[tuple[int | None, list, dict]] = []
        self.parties: list[tuple[int | None, list, dict]] = []
        self.invitations: list[tuple[int | None, int, int, dict]] = []
        self.films: list[tuple[int | None, bytes | None, dict]] = []
        self.reviews: list[tuple[int | None, int, dict]] = []
        self.screenings: dict = {}  # party id in the file → (film id, review id, clean)
        self.afterglow: list[tuple[int, int, dict]] = []
        self.afterglow_teas: list[tuple[int, int, float]] = []


def _identity(record: dict) -> tuple:
    """Same name + vendor + harvest year = the same tea (DOMAIN.md §1)."""
    return (
        record["name"].casefold(),
        record.get("vendor", "").casefold(),
        record.get("harvest_year"),
    )


def _existing_identities(user: User) -> set[tuple]:
    rows = db.session.execute(
        select(Tea.name, Tea.vendor, Tea.harvest_year).where(Tea.owner_id == user.id)
    ).all()
    return {(n.casefold(), v.casefold(), y) for n, v, y in rows}


def check_tea_identities(user, named_records, result):
    """Report teas already in the account, and teas given twice in the file."""
    existing = _existing_identities(user)
    seen: dict[tuple, str] = {}
    for where, record in named_records:
        key = _identity(record)
        if key in existing:
            result.problems.append(
                Problem(where, "name", f"“{record['name']}” is already in your collection")
            )
        elif key in seen:
            result.problems.append(Problem(where, "name", f"the same tea as {seen[key]}"))
        else:
            seen[key] = where


# ---------------------------------------------------------------- JSON


def import_document(user: User, document, progress: Progress | None = None) -> ImportResult:
    """Import a teahouse-export document into a host's account, entirely or not at all."""
    result = ImportResult()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        result.problems.append(Problem("file", "format", f"this is not a {FORMAT} document"))
        return result
    if document.get("version") != VERSION:
        result.problems.append(
            Problem(
                "file",
                "version",
                f"version {document.get('version')!r} is not supported (expected {VERSION})",
            )
        )
        return result
    lists = {}
    for key in (
        "teas",
        "stock_movements",
        "brew_sessions",
        "teaware",
        "guests",
        "parties",
        "invitations",
        "films",
        "reviews",
        "afterglow",
        "afterglow_teas",
    ):
        value = document.get(key, [])
        if not isinstance(value, list):
            result.problems.append(Problem("file", key, "must be a list"))
        lists[key] = value if isinstance(value, list) else []
    if not result.ok:
        return result

    plan = _Plan()
    tea_ids, ware_ids, brew_ids = set(), set(), set()
    named = []
    for index, raw in enumerate(lists["teas"]):
        clean, problems = records.tea_record(raw)
        where = _where("teas", index, raw)
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if raw_id is not None:
            tea_ids.add(raw_id)
        if not problems:
            plan.teas.append((raw_id, clean))
            named.append((where, clean))
    check_tea_identities(user, named, result)

    for index, raw in enumerate(lists["teaware"]):
        clean, problems = records.teaware_record(raw if isinstance(raw, dict) else {})
        where = _where("teaware", index, raw)
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        ware_ids.add(raw_id)
        plan.teaware.append((raw_id, clean))

    for index, raw in enumerate(lists["brew_sessions"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.brew_record(raw)
        where = f"brew_sessions[{index}]"
        if raw.get("tea_id") not in tea_ids:
            problems["tea_id"] = "does not name a tea in this file"
        if raw.get("teaware_id") is not None and raw.get("teaware_id") not in ware_ids:
            problems["teaware_id"] = "does not name teaware in this file"
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        brew_ids.add(raw.get("id"))
        plan.brews.append((raw.get("id"), raw.get("tea_id"), raw.get("teaware_id"), clean))

    movement_tea: dict = {}
    reversed_ids: set = set()
    balance: Counter = Counter()
    for index, raw in enumerate(lists["stock_movements"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.movement_record(raw)
        where = f"stock_movements[{index}]"
        tea_id, reverses = raw.get("tea_id"), raw.get("reverses_id")
        if tea_id not in tea_ids:
            problems["tea_id"] = "does not name a tea in this file"
        if reverses is not None:
            if movement_tea.get(reverses) != tea_id:
                problems["reverses_id"] = "does not name an earlier movement of the same tea"
            elif reverses in reversed_ids:
                problems["reverses_id"] = "undoes a movement that is already undone"
            reversed_ids.add(reverses)
        if raw.get("brew_session_id") is not None and raw.get("brew_session_id") not in brew_ids:
            problems["brew_session_id"] = "does not name a brew session in this file"
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        movement_tea[raw.get("id")] = tea_id
        if "grams" in clean:
            balance[tea_id] += round(clean["grams"] * MG_PER_GRAM)
        plan.movements.append((raw.get("id"), tea_id, reverses, raw.get("brew_session_id"), clean))
    film_ids, review_films = _check_films(lists, plan, result)
    _check_guests_and_parties(lists, tea_ids, plan, result, film_ids, review_films)

    for tea_id, milligrams in balance.items():
        if milligrams < 0:
            result.problems.append(
                Problem(
                    f"tea id {tea_id}", "stock_movements", "its movements add up to less than 0 g"
                )
            )

    if result.ok:
        _write(user, plan, progress)
        result.counts = {
            "teas": len(plan.teas),
            "stock_movements": len(plan.movements),
            "brew_sessions": len(plan.brews),
            "teaware": len(plan.teaware),
        }
    return result


def _check_films(lists, plan: _Plan, result: ImportResult):
    """Films (with their embedded posters, decoded to check them) and reviews."""
    film_ids, review_films = set(), {}
    for index, raw in enumerate(lists["films"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.film_record(raw)
        poster = None
        if raw.get("poster_jpeg_base64"):
            try:
                poster = base64.b64decode(raw["poster_jpeg_base64"], validate=True)
                load_poster_image(poster)
            except (binascii.Error, ValueError, TypeError):
                problems["poster_jpeg_base64"] = "is not base64 data"
            except PosterError as error:
                problems["poster_jpeg_base64"] = str(error)
        where = f"films[{index}]" + (
            f" “{raw['title']}”" if isinstance(raw.get("title"), str) else ""
        )
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        film_ids.add(raw.get("id"))
        plan.films.append((raw.get("id"), poster, clean))
    for index, raw in enumerate(lists["reviews"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.review_record(raw)
        if raw.get("film_id") not in film_ids:
            problems["film_id"] = "does not name a film in this file"
        result.problems += [Problem(f"reviews[{index}]", f, m) for f, m in problems.items()]
        review_films[raw.get("id")] = raw.get("film_id")
        plan.reviews.append((raw.get("id"), raw.get("film_id"), clean))
    return film_ids, review_films


def _check_guests_and_parties(
    lists, tea_ids, plan: _Plan, result: ImportResult, film_ids, review_films
) -> None:
    guest_ids, party_ids, pairs, invitation_ids = set(), set(), set(), set()
    for index, raw in enumerate(lists["guests"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.guest_record(raw)
        favourites = raw.get("favourite_tea_ids") or []
        if not isinstance(favourites, list) or any(t not in tea_ids for t in favourites):
            problems["favourite_tea_ids"] = "names a tea that is not in this file"
        result.problems += [
            Problem(_where("guests", index, raw), f, m) for f, m in problems.items()
        ]
        guest_ids.add(raw.get("id"))
        plan.guests.append(
            (raw.get("id"), favourites if isinstance(favourites, list) else [], clean)
        )
    for index, raw in enumerate(lists["parties"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.party_record(raw)
        where = f"parties[{index}]" + (
            f" “{raw['title']}”" if isinstance(raw.get("title"), str) else ""
        )
        menu = []
        items = raw.get("menu") or []
        if not isinstance(items, list):
            problems["menu"] = "must be a list"
            items = []
        seen_teas = set()
        for number, item in enumerate(items):
            item = item if isinstance(item, dict) else {}
            item_clean, item_problems = records.menu_item_record(item)
            if item.get("tea_id") not in tea_ids:
                item_problems["tea_id"] = "does not name a tea in this file"
            elif item.get("tea_id") in seen_teas:
                item_problems["tea_id"] = "is on the menu twice"
            seen_teas.add(item.get("tea_id"))
            result.problems += [
                Problem(f"{where} menu[{number}]", f, m) for f, m in item_problems.items()
            ]
            menu.append((item.get("tea_id"), item_clean))
        screening = raw.get("screening")
        if screening is not None:
            screening = screening if isinstance(screening, dict) else {}
            s_clean, s_problems = records.screening_record(screening)
            if screening.get("film_id") not in film_ids:
                s_problems["film_id"] = "does not name a film in this file"
            review_id = screening.get("review_id")
            if review_id is not None and review_films.get(review_id, object()) != screening.get(
                "film_id"
            ):
                s_problems["review_id"] = "does not name a review of that film in this file"
            result.problems += [Problem(f"{where} screening", f, m) for f, m in s_problems.items()]
            plan.screenings[raw.get("id")] = (screening.get("film_id"), review_id, s_clean)
        try:
            clean["end_is_computed"] = records.boolean(raw.get("end_is_computed") or False)
        except records.Invalid as problem:
            problems["end_is_computed"] = str(problem)
        result.problems += [Problem(where, f, m) for f, m in problems.items()]
        party_ids.add(raw.get("id"))
        plan.parties.append((raw.get("id"), menu, clean))
    for index, raw in enumerate(lists["invitations"]):
        raw = raw if isinstance(raw, dict) else {}
        clean, problems = records.invitation_record(raw)
        if raw.get("party_id") not in party_ids:
            problems["party_id"] = "does not name a party in this file"
        if raw.get("guest_id") not in guest_ids:
            problems["guest_id"] = "does not name a guest in this file"
        pair = (raw.get("party_id"), raw.get("guest_id"))
        if pair in pairs:
            problems["guest_id"] = "is invited to the same party twice"
        pairs.add(pair)
        try:
            clean["seen_film"] = records.boolean(raw.get("seen_film") or False)
        except records.Invalid as problem:
            problems["seen_film"] = str(problem)
        result.problems += [Problem(f"invitations[{index}]", f, m) for f, m in problems.items()]
        invitation_ids.add(raw.get("id"))
        plan.invitations.append((raw.get("id"), raw.get("party_id"), raw.get("guest_id"), clean))
    for index, raw in enumerate(lists["afterglow"]):
        raw = raw if isinstance(raw, dict) else {}
        problems = {}
        try:
            film_rating = records.star_rating(raw.get("film_rating"))
        except records.Invalid as problem:
            problems["film_rating"] = str(problem)
        try:
            comment = records.text(raw.get("comment"), 200)
        except records.Invalid as problem:
            problems["comment"] = str(problem)
        if raw.get("invitation_id") not in invitation_ids:
            problems["invitation_id"] = "does not name an invitation in this file"
        if raw.get("film_id") not in film_ids:
            problems["film_id"] = "does not name a film in this file"
        result.problems += [Problem(f"afterglow[{index}]", f, m) for f, m in problems.items()]
        if not problems:
            plan.afterglow.append(
                (
                    raw["invitation_id"],
                    raw["film_id"],
                    {"film_rating": film_rating, "comment": comment},
                )
            )
    for index, raw in enumerate(lists["afterglow_teas"]):
        raw = raw if isinstance(raw, dict) else {}
        problems = {}
        try:
            value = records.star_rating(raw.get("rating"))
        except records.Invalid as problem:
            problems["rating"] = str(problem)
        if raw.get("invitation_id") not in invitation_ids:
            problems["invitation_id"] = "does not name an invitation in this file"
        if raw.get("tea_id") not in tea_ids:
            problems["tea_id"] = "does not name a tea in this file"
        result.problems += [Problem(f"afterglow_teas[{index}]", f, m) for f, m in problems.items()]
        if not problems:
            plan.afterglow_teas.append((raw["invitation_id"], raw["tea_id"], value))


def _write_films(user: User, plan: _Plan, stems: list[str]) -> tuple[dict, dict]:
    film_map, review_map = {}, {}
    for raw_id, poster, clean in plan.films:
        film = Film(owner_id=user.id, **clean)
        if poster:
            film.poster = save_poster(io.BytesIO(poster), current_app.instance_path)
            stems.append(film.poster)
        db.session.add(film)
        film_map[raw_id] = film
    for raw_id, film_id, clean in plan.reviews:
        review = Review(owner_id=user.id, film=film_map[film_id], **clean)
        db.session.add(review)
        review_map[raw_id] = review
    return film_map, review_map


def _write_guests_and_parties(
    user: User, plan: _Plan, tea_map: dict, film_map: dict, review_map: dict
) -> None:
    guest_map, party_map = {}, {}
    for raw_id, favourites, clean in plan.guests:
        guest = Guest(owner_id=user.id, **clean)
        guest.favourite_teas = [tea_map[t] for t in favourites]
        db.session.add(guest)
        guest_map[raw_id] = guest
    for raw_id, menu, clean in plan.parties:
        party = Party(owner_id=user.id, **clean)
        for tea_id, item in menu:
            served = item.pop("served_grams")
            party.menu.append(
                PartyTea(
                    tea=tea_map[tea_id],
                    **item,
                    served_milligrams=round(served * MG_PER_GRAM) if served is not None else None,
                )
            )
        if raw_id in plan.screenings:
            film_id, review_id, screening = plan.screenings[raw_id]
            party.screening = Screening(
                film=film_map[film_id],
                review=review_map[review_id] if review_id is not None else None,
                **screening,
            )
        db.session.add(party)
        party_map[raw_id] = party
    db.session.flush()
    invitation_map = {}
    for raw_id, party_id, guest_id, clean in plan.invitations:
        invitation = Invitation(
            owner_id=user.id,
            party_id=party_map[party_id].id,
            guest_id=guest_map[guest_id].id,
            **clean,
        )
        db.session.add(invitation)
        invitation_map[raw_id] = invitation
    db.session.flush()
    for invitation_id, film_id, clean in plan.afterglow:
        db.session.add(
            Afterglow(
                invitation_id=invitation_map[invitation_id].id,
                film_id=film_map[film_id].id,
                **clean,
            )
        )
    for invitation_id, tea_id, value in plan.afterglow_teas:
        db.session.add(
            AfterglowTea(
                invitation_id=invitation_map[invitation_id].id,
                tea_id=tea_map[tea_id].id,
                rating=value,
            )
        )


def _where(key: str, index: int, raw) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"{key}[{index}]" + (f" “{name}”" if isinstance(name, str) and name.strip() else "")


def new_tea(user: User, clean: dict) -> Tea:
    values = {k: v for k, v in clean.items() if k != "tags"}
    tea = Tea(owner_id=user.id, **values)
    tea.tag_rows = [TeaTag(name=t) for t in clean.get("tags", [])]
    return tea


def _write(user: User, plan: _Plan, progress: Progress | None) -> None:
    """Insert the plan in one transaction, mapping the file's ids to new ones."""
    step = progress or (lambda n: None)
    stems: list[str] = []  # posters written, removed again if the transaction fails
    try:
        _write_all(user, plan, step, stems)
    except BaseException:
        for stem in stems:
            delete_poster(stem, current_app.instance_path)
        raise


def _write_all(user: User, plan: _Plan, step, stems: list[str]) -> None:
    with write_transaction():
        ware_map, tea_map, brew_map = {}, {}, {}
        for raw_id, clean in plan.teaware:
            ware = Teaware(owner_id=user.id, **clean)
            db.session.add(ware)
            ware_map[raw_id] = ware
        for raw_id, clean in plan.teas:
            tea = new_tea(user, clean)
            db.session.add(tea)
            tea_map[raw_id] = tea
            step(1)
        db.session.flush()
        for raw_id, tea_id, ware_id, clean in plan.brews:
            brew = BrewSession(
                owner_id=user.id,
                tea_id=tea_map[tea_id].id,
                teaware_id=ware_map[ware_id].id if ware_id is not None else None,
                brewed_on=clean["brewed_on"],
                style=clean["style"],
                vessel_ml=clean["vessel_ml"],
                milligrams_used=round(clean["grams_used"] * MG_PER_GRAM),
                steeps=clean["steeps"],
                rating=clean["rating"],
                notes=clean["notes"],
            )
            db.session.add(brew)
            brew_map[raw_id] = brew
        db.session.flush()
        _write_movements(user, plan, tea_map, brew_map)
        film_map, review_map = _write_films(user, plan, stems)
        _write_guests_and_parties(user, plan, tea_map, film_map, review_map)


def _write_movements(user: User, plan: _Plan, tea_map: dict, brew_map: dict) -> None:
    """The stock movements, through the ledger in bulk; an undo's target is written before it."""
    movement_ids: dict = {}
    pending: list[dict] = []
    pending_raw_ids: list = []

    def write_pending():
        ids = ledger.add_movements(pending, returning_ids=True)
        movement_ids.update(zip(pending_raw_ids, ids, strict=True))
        pending.clear()
        pending_raw_ids.clear()

    for raw_id, tea_id, reverses, brew_id, clean in plan.movements:
        if reverses is not None and reverses not in movement_ids:
            write_pending()
        pending.append(
            {
                "owner_id": user.id,
                "tea_id": tea_map[tea_id].id,
                "kind": clean["kind"],
                "milligrams": round(clean["grams"] * MG_PER_GRAM),
                "cost_minor": round(clean["cost"] * 100) if clean["cost"] is not None else None,
                "currency": clean["currency"],
                "vendor": clean["vendor"],
                "note": clean["note"],
                "occurred_on": clean["occurred_on"],
                "reverses_id": movement_ids[reverses] if reverses is not None else None,
                "brew_session_id": brew_map[brew_id].id if brew_id is not None else None,
            }
        )
        pending_raw_ids.append(raw_id)
    write_pending()
