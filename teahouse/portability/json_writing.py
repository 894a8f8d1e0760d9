"""Writing a checked export document: bulk INSERTs, the file's ids mapped to new ones.

Called inside the import's write transaction, after every record was checked.
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, update

from teahouse.extensions import db
from teahouse.films.markdown import review_html
from teahouse.films.posters import delete_poster, poster_folder
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
    Teaware,
    User,
)
from teahouse.models.guest import guest_favourite_teas
from teahouse.portability.checking import UPDATE, Checked
from teahouse.portability.report import ImportReport
from teahouse.portability.writing import (
    Progress,
    add_teas,
    chunks,
    insert_rows,
    tea_columns,
    update_teas,
)
from teahouse.stock import ledger
from teahouse.teas.photos import delete_photo, store_photo


@dataclass
class WrittenFiles:
    """The file's images, stored before the import's transaction opens, and the photos the
    import replaces. Storing them first keeps the transaction (on SQLite, the one write lock)
    free of image work; what the transaction did not use, or all of it if it failed, goes."""

    posters: dict[int, str] = field(default_factory=dict)  # film id in the file → stem
    photos: dict[int, str] = field(default_factory=dict)  # tea id in the file → stem
    used_photos: set[str] = field(default_factory=set)
    replaced_photos: list[str] = field(default_factory=list)

    def store(self, checked: Checked) -> None:
        """Write the checked images' files (prepared in memory while the file was checked)."""
        folder = poster_folder(current_app.instance_path)
        for film_id, poster in checked.posters.items():
            self.posters[film_id] = poster.store(folder)
        for tea_id, photo in checked.photos.items():
            self.photos[tea_id] = store_photo(photo)

    def undo(self) -> None:
        """The transaction failed: the files written for it go."""
        for stem in self.posters.values():
            delete_poster(stem, current_app.instance_path)
        for stem in self.photos.values():
            delete_photo(stem)

    def finish(self) -> None:
        """The transaction committed: the photos the file replaced go, and those of teas the
        import skipped."""
        for stem in self.replaced_photos:
            delete_photo(stem)
        for stem in set(self.photos.values()) - self.used_photos:
            delete_photo(stem)

    def photo(self, file_id) -> str | None:
        stem = self.photos.get(file_id)
        if stem is not None:
            self.used_photos.add(stem)
        return stem


def _insert_mapped(model, rows: list[tuple[object, dict]]) -> dict:
    """INSERT (file id, row) pairs; file id → new id."""
    new_ids = []
    for batch in chunks(rows):
        new_ids += insert_rows(model.__table__, [row for _, row in batch], returning=True)
    return {file_id: new_id for (file_id, _), new_id in zip(rows, new_ids, strict=True)}


def write_document(
    user: User,
    checked: Checked,
    new: list,
    matched: list,
    on_existing: str,
    report: ImportReport,
    files: WrittenFiles,
    progress: Progress | None,
) -> None:
    records = checked.records
    owner = {"owner_id": user.id}
    step = progress or (lambda n: None)

    tea_map = {}
    for batch in chunks(new):
        columns = [tea_columns(r) | {"photo": files.photo(r.id)} for _, r in batch]
        ids = add_teas(user.id, [record for _, record in batch], columns)
        tea_map |= {record.id: tea_id for (_, record), tea_id in zip(batch, ids, strict=True)}
        step(len(batch))
    kept = {record.id: tea_id for tea_id, _, record in matched}
    if on_existing == UPDATE:
        update_teas([(tea_id, record) for tea_id, _, record in matched])
        _replace_photos(checked, kept, files)
    tea_map |= kept
    report.count("teas", added=len(new))

    ware_map = _insert_mapped(Teaware, [(r.id, r.values() | owner) for _, r in records["teaware"]])
    # The history of a tea the host already has stays the host's: the file's is left out.
    brews = [r for _, r in records["brew_sessions"] if r.tea_id not in kept]
    brew_map = _insert_mapped(
        BrewSession,
        [
            (
                r.id,
                r.stored()
                | owner
                | {"tea_id": tea_map[r.tea_id], "teaware_id": ware_map.get(r.teaware_id)},
            )
            for r in brews
        ],
    )
    movements = [r for _, r in records["stock_movements"] if r.tea_id not in kept]
    _write_movements(user, movements, tea_map, brew_map)
    film_map, review_map = _write_films(user, checked, files)
    _write_hosting(user, checked, tea_map, film_map, review_map, report)
    for kind, written in (
        ("teaware", records["teaware"]),
        ("brew_sessions", brews),
        ("stock_movements", movements),
        ("films", records["films"]),
        ("reviews", records["reviews"]),
    ):
        if written:
            report.count(kind, added=len(written))


def _write_movements(user: User, movements: list, tea_map: dict, brew_map: dict) -> None:
    """Through the ledger, in file order; an undo waits until the movement it undoes has an id."""
    movement_map: dict = {}
    pending: list = []

    def flush():
        rows = [
            r.stored()
            | {
                "owner_id": user.id,
                "tea_id": tea_map[r.tea_id],
                "reverses_id": movement_map.get(r.reverses_id),
                "brew_session_id": brew_map.get(r.brew_session_id),
            }
            for r in pending
        ]
        ids = ledger.add_movements(rows, returning_ids=True)
        movement_map.update({r.id: new_id for r, new_id in zip(pending, ids, strict=True)})
        pending.clear()

    waiting = set()
    for movement in movements:
        if movement.reverses_id in waiting or len(pending) >= 1000:
            flush()
            waiting.clear()
        pending.append(movement)
        waiting.add(movement.id)
    if pending:
        flush()


def _replace_photos(checked: Checked, kept: dict, files: WrittenFiles) -> None:
    """Teas updated from the file take its photo where it has one; the host's own stays
    where the file has none."""
    replacing = {kept[file_id]: file_id for file_id in checked.photos if file_id in kept}
    if not replacing:
        return
    old = db.session.execute(select(Tea.id, Tea.photo).where(Tea.id.in_(replacing))).all()
    for tea_id, stem in old:
        db.session.execute(
            update(Tea).where(Tea.id == tea_id).values(photo=files.photo(replacing[tea_id]))
        )
        if stem:
            files.replaced_photos.append(stem)


def _write_films(user: User, checked: Checked, files: WrittenFiles) -> tuple[dict, dict]:
    rows = []
    for _, film in checked.records["films"]:
        values = film.values() | {"owner_id": user.id}
        if film.id in files.posters:
            values["poster"] = files.posters[film.id]
        rows.append((film.id, values))
    film_map = _insert_mapped(Film, rows)
    review_map = _insert_mapped(
        Review,
        [
            (
                r.id,
                r.values()
                | {
                    "owner_id": user.id,
                    "film_id": film_map[r.film_id],
                    "body_html": review_html(r.body),
                },
            )
            for _, r in checked.records["reviews"]
        ],
    )
    return film_map, review_map


def _write_hosting(user, checked: Checked, tea_map, film_map, review_map, report) -> None:
    """Guests, parties with menus and screenings, invitations and the afterglow."""
    records = checked.records
    owner = {"owner_id": user.id}
    guest_map = _insert_mapped(Guest, [(r.id, r.values() | owner) for _, r in records["guests"]])
    insert_rows(
        guest_favourite_teas,
        [
            {"guest_id": guest_map[r.id], "tea_id": tea_map[t]}
            for _, r in records["guests"]
            for t in dict.fromkeys(r.favourite_tea_ids)
        ],
    )
    party_map = _insert_mapped(Party, [(r.id, r.values() | owner) for _, r in records["parties"]])
    insert_rows(
        PartyTea.__table__,
        [
            item.stored() | {"party_id": party_map[party.id], "tea_id": tea_map[item.tea_id]}
            for _, party in records["parties"]
            for item in party.menu
        ],
    )
    insert_rows(
        Screening.__table__,
        [
            party.screening.model_dump(exclude={"film_id", "review_id"})
            | {
                "party_id": party_map[party.id],
                "film_id": film_map[party.screening.film_id],
                "review_id": review_map.get(party.screening.review_id),
            }
            for _, party in records["parties"]
            if party.screening is not None
        ],
    )
    invitation_map = _insert_mapped(
        Invitation,
        [
            (
                r.id,
                r.values()
                | owner
                | {"party_id": party_map[r.party_id], "guest_id": guest_map[r.guest_id]},
            )
            for _, r in records["invitations"]
        ],
    )
    glows = records["afterglow"]
    insert_rows(
        Afterglow.__table__,
        [
            r.values()
            | {"invitation_id": invitation_map[r.invitation_id], "film_id": film_map[r.film_id]}
            for _, r in glows
        ],
    )
    tea_glows = records["afterglow_teas"]
    insert_rows(
        AfterglowTea.__table__,
        [
            r.values()
            | {"invitation_id": invitation_map[r.invitation_id], "tea_id": tea_map[r.tea_id]}
            for _, r in tea_glows
        ],
    )
    for kind, written in (
        ("guests", records["guests"]),
        ("parties", records["parties"]),
        ("invitations", records["invitations"]),
        ("afterglow", glows),
        ("afterglow_teas", tea_glows),
    ):
        if written:
            report.count(kind, added=len(written))
