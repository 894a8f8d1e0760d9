"""Check a whole export document before anything is written: records, links and uniqueness.

Every record goes through its schema; the links between records (a movement's tea, an
invitation's party) must name records of the same file; the schemas' `unique` groups may not
repeat. All of it runs before the import takes the database's write lock.
"""

import base64
import binascii
import io
from collections import Counter
from dataclasses import dataclass, field

from teahouse.films.posters import PosterError, prepare_poster
from teahouse.images import ImageRefused, PreparedImage
from teahouse.models.stock import MG_PER_GRAM
from teahouse.portability.modes import ON_EXISTING, REFUSE, SKIP, UPDATE  # noqa: F401
from teahouse.portability.report import ImportReport, check_record, describe
from teahouse.schemas.fields import Record
from teahouse.schemas.films import AfterglowRecord, AfterglowTeaRecord, FilmRecord, ReviewRecord
from teahouse.schemas.parties import GuestRecord, InvitationRecord, PartyRecord
from teahouse.schemas.quoting import quoted
from teahouse.schemas.teas import BrewRecord, MovementRecord, TeaRecord, TeawareRecord
from teahouse.teas.photos import prepare_photo

# In the order they are checked and written: a record links only to lists above it.
SECTIONS: tuple[tuple[str, type[Record]], ...] = (
    ("teas", TeaRecord),
    ("teaware", TeawareRecord),
    ("brew_sessions", BrewRecord),
    ("stock_movements", MovementRecord),
    ("films", FilmRecord),
    ("reviews", ReviewRecord),
    ("guests", GuestRecord),
    ("parties", PartyRecord),
    ("invitations", InvitationRecord),
    ("afterglow", AfterglowRecord),
    ("afterglow_teas", AfterglowTeaRecord),
)
NOUN = {"teas": "a tea", "teaware": "teaware", "brew_sessions": "a brew session"}


@dataclass
class Checked:
    """The clean records of a file, by list, each with where it stands in the file."""

    records: dict[str, list[tuple[str, Record]]] = field(default_factory=dict)
    # Images are decoded and resized while the file is checked, outside any transaction.
    posters: dict[int, PreparedImage] = field(default_factory=dict)  # film id in the file →
    photos: dict[int, PreparedImage] = field(default_factory=dict)  # tea id in the file →


def unique_key(record: Record, fields: tuple[str, ...]) -> tuple | None:
    values = tuple(getattr(record, name) for name in fields)
    if all(v is None or v == "" for v in values):
        return None
    return tuple(v.casefold() if isinstance(v, str) else v for v in values)


def check_unique(kind: str, records: list[tuple[str, Record]], report: ImportReport) -> None:
    """The schema's `unique` groups, within one list of the file."""
    if not records:
        return
    for group in type(records[0][1]).unique:
        seen: dict[tuple, str] = {}
        for where, record in records:
            key = unique_key(record, group)
            if key is None:
                continue
            if key in seen:
                what = "the same tea as" if kind == "teas" else f"repeats {' and '.join(group)} of"
                report.problem(
                    where, group[-1] if kind != "teas" else "name", f"{what} {seen[key]}"
                )
            else:
                seen[key] = where


def check_document(lists: dict[str, list], report: ImportReport) -> Checked:
    """Every record of every list, checked; problems go into the report."""
    checked = Checked()
    ids: dict[str, set] = {}
    for kind, schema in SECTIONS:
        ids[kind] = set()
        clean: list[tuple[str, Record]] = []
        for index, raw in enumerate(lists.get(kind, [])):
            where = describe(kind, index, raw, schema)
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(raw_id, list | dict):
                raw_id = None  # no id (its schema reports it), nor a key of a set
            if raw_id is not None and raw_id in ids[kind]:
                report.problem(where, "id", "is given to two records of this list")
            ids[kind].add(raw_id)
            record = check_record(schema, raw, where, report)
            linked = isinstance(raw, dict) and _check_references(schema, raw, where, ids, report)
            if record is not None and linked:
                clean.append((where, record))
        check_unique(kind, clean, report)
        checked.records[kind] = clean
    _check_movements(checked.records["stock_movements"], report)
    _check_films(checked, report)
    _check_tea_photos(checked, report)
    _check_parties(lists.get("parties", []), checked, ids, report)
    return checked


def _known(value, known: set) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool) and value in known


def _check_references(schema, raw: dict, where: str, ids: dict, report: ImportReport) -> bool:
    """Each link of the record names a record of the file (optional links may be left out)."""
    ok = True
    for name, target in schema.references.items():
        if target == "stock_movements":
            continue  # an undo's target is checked with the movements
        value = raw.get(name)
        noun = NOUN.get(target, f"a {target.rstrip('s').replace('_', ' ')}")
        optional = schema.model_fields[name].default is None
        if isinstance(schema.model_fields[name].default, list):
            if value is None:
                continue
            if not isinstance(value, list) or not all(_known(v, ids[target]) for v in value):
                report.problem(where, name, f"names {noun} that is not in this file")
                ok = False
        elif value is None:
            ok = ok and optional  # a required link left out: its schema reported it
        elif not _known(value, ids[target]):
            report.problem(where, name, f"does not name {noun} in this file")
            ok = False
    return ok


def _check_movements(movements, report: ImportReport) -> None:
    """An undo names an earlier movement of the same tea; no tea's stock falls below 0 g."""
    tea_of: dict = {}
    balance: Counter = Counter()
    for where, movement in movements:
        if movement.reverses_id is not None and tea_of.get(movement.reverses_id) != movement.tea_id:
            report.problem(
                where, "reverses_id", "does not name an earlier movement of the same tea"
            )
        tea_of[movement.id] = movement.tea_id
        balance[movement.tea_id] += round(movement.grams * MG_PER_GRAM)
    for tea_id, milligrams in balance.items():
        if milligrams < 0:
            report.problem(
                f"tea id {tea_id}", "stock_movements", "its movements add up to less than 0 g"
            )


def _check_films(checked: Checked, report: ImportReport) -> None:
    """Posters are decoded and resized before anything is written."""
    for where, film in checked.records["films"]:
        if not film.poster_jpeg_base64:
            continue
        try:
            poster = prepare_poster(
                io.BytesIO(base64.b64decode(film.poster_jpeg_base64, validate=True))
            )
        except PosterError as error:  # a ValueError too: caught first, for its reason
            report.problem(where, "poster_jpeg_base64", str(error))
        except (binascii.Error, ValueError, TypeError):
            report.problem(where, "poster_jpeg_base64", "is not base64 data")
        else:
            checked.posters[film.id] = poster


def _check_tea_photos(checked: Checked, report: ImportReport) -> None:
    """Tea photos, like posters, are decoded and resized before anything is written."""
    for where, tea in checked.records["teas"]:
        if not tea.photo_jpeg_base64:
            continue
        try:
            photo = prepare_photo(base64.b64decode(tea.photo_jpeg_base64, validate=True))
        except ImageRefused as error:
            report.problem(where, "photo_jpeg_base64", str(error))
        except (binascii.Error, ValueError, TypeError):
            report.problem(where, "photo_jpeg_base64", "is not base64 data")
        else:
            checked.photos[tea.id] = photo


def _check_parties(raw_parties: list, checked: Checked, ids: dict, report: ImportReport) -> None:
    """A party's menu names teas of the file once each; its screening, a film and its review.

    Read from the file as given, so a party with other problems still has its links checked.
    """
    review_film = {r.id: r.film_id for _, r in checked.records["reviews"]}
    for index, party in enumerate(raw_parties):
        if not isinstance(party, dict):
            continue
        where = describe("parties", index, party, PartyRecord)
        menu = party.get("menu") if isinstance(party.get("menu"), list) else []
        on_menu = set()
        for number, item in enumerate(menu):
            place = f"{where} menu[{number}]"
            tea_id = item.get("tea_id") if isinstance(item, dict) else None
            if not _known(tea_id, ids["teas"]):
                report.problem(place, "tea_id", "does not name a tea in this file")
            elif tea_id in on_menu:
                report.problem(place, "tea_id", "is on the menu twice")
            else:
                on_menu.add(tea_id)
        screening = party.get("screening")
        if not isinstance(screening, dict):
            continue
        film_id, review_id = screening.get("film_id"), screening.get("review_id")
        if not _known(film_id, ids["films"]):
            report.problem(f"{where} screening", "film_id", "does not name a film in this file")
        if review_id is not None and (
            not _known(review_id, ids["reviews"]) or review_film.get(review_id) != film_id
        ):
            report.problem(
                f"{where} screening",
                "review_id",
                "does not name a review of that film in this file",
            )


# What to do with a tea of the file that the host already has.


def sort_existing(existing: dict[tuple, int], teas, on_existing: str, report: ImportReport):
    """Split the file's teas into new ones and (existing id, record) pairs.

    `existing` maps the host's tea identities to ids (writing.existing_teas). With REFUSE,
    each tea already there is a problem; SKIP and UPDATE return them matched.
    """
    new, matched = [], []
    for where, record in teas:
        tea_id = existing.get(unique_key(record, TeaRecord.unique[0]))
        if tea_id is None:
            new.append((where, record))
        elif on_existing == REFUSE:
            report.problem(where, "name", f"{quoted(record.name)} is already in your collection")
        else:
            matched.append((tea_id, where, record))
    return new, matched
