"""One JSON document with everything a host has, written record by record.

`iter_export_json` streams the document a hundred records at a time, so an export of any
size takes little memory; `export_host` builds the same document as a dict.
"""

import base64
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.films.posters import poster_folder
from teahouse.models import (
    Afterglow,
    AfterglowTea,
    BrewSession,
    Film,
    Guest,
    Invitation,
    Party,
    Review,
    StockMovement,
    Tea,
    Teaware,
    User,
)
from teahouse.portability import records
from teahouse.portability.records import plain_row
from teahouse.teas.photos import photo_base64

FORMAT = "teahouse-export"
VERSION = 1
# Records read and written per step. Each step's ORM objects take about 10 KiB a tea, and the
# heap they grow is kept by the worker after the export: 500 left a worker about 3 MiB larger,
# while 100 took the same time within the noise (10,000 teas: 0.6 s for the CSV, 0.7–1.1 s
# for the JSON, either way).
BATCH = 100


def _poster_base64(film: Film) -> str | None:
    if not film.poster:
        return None
    path = os.path.join(poster_folder(current_app.instance_path), f"{film.poster}.jpg")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return base64.b64encode(handle.read()).decode("ascii")


def _owned(model, user: User, *options):
    return db.session.scalars(
        select(model)
        .where(model.owner_id == user.id)
        .options(*options)
        .order_by(model.id)
        .execution_options(yield_per=BATCH)
    )


def _rated(model, user: User):
    """Afterglow rows belong to a host through their invitation."""
    return db.session.scalars(
        select(model)
        .join(Invitation)
        .where(Invitation.owner_id == user.id)
        .order_by(model.id)
        .execution_options(yield_per=BATCH)
    )


def sections(user: User) -> Iterator[tuple[str, Iterator[dict]]]:
    """(list name, its records) in the document's order, each record with its schema's fields
    (teahouse.portability.records)."""
    teas = _owned(Tea, user, selectinload(Tea.tag_rows))
    yield "teas", (records.tea_record(t, photo_base64(t.photo)) for t in teas)
    movements = _owned(StockMovement, user)
    yield "stock_movements", (records.movement_record(m) for m in movements)
    yield "brew_sessions", (records.brew_record(b) for b in _owned(BrewSession, user))
    yield "teaware", (plain_row(records.TEAWARE, w) for w in _owned(Teaware, user))
    guests = _owned(Guest, user, selectinload(Guest.favourite_teas))
    yield "guests", (records.guest_record(g) for g in guests)
    parties = _owned(Party, user, selectinload(Party.menu), selectinload(Party.screening))
    yield "parties", (records.party_record(p) for p in parties)
    invitations = _owned(Invitation, user)
    yield "invitations", (records.invitation_record(i) for i in invitations)
    films = _owned(Film, user)
    yield "films", (records.film_record(f, _poster_base64(f)) for f in films)
    yield "reviews", (plain_row(records.REVIEW, r) for r in _owned(Review, user))
    yield "afterglow", (plain_row(records.AFTERGLOW, g) for g in _rated(Afterglow, user))
    afterglow_teas = _rated(AfterglowTea, user)
    yield "afterglow_teas", (plain_row(records.AFTERGLOW_TEA, t) for t in afterglow_teas)


def header(user: User) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {
            "display_name": user.display_name,
            "timezone": user.timezone,
            "temperature_unit": user.temperature_unit,
            "low_stock_grams": user.low_stock_grams,
            "currency": user.currency,
        },
    }


def export_host(user: User) -> dict:
    """Everything of one host, as one dict."""
    document = header(user)
    for name, rows in sections(user):
        document[name] = list(rows)
    return document


def iter_export_json(user: User) -> Iterator[str]:
    """The same document as text, one record per line, written as it is read."""
    opening = json.dumps(header(user), ensure_ascii=False, indent=1)
    yield opening[:-2]  # the header's fields, without its closing brace
    for name, rows in sections(user):
        yield f",\n {json.dumps(name)}: ["
        pieces = []
        for number, record in enumerate(rows):
            pieces.append(
                ("\n  " if number == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False)
            )
            if len(pieces) == BATCH:
                yield "".join(pieces)
                pieces.clear()
        yield "".join(pieces) + "\n ]"
    yield "\n}\n"


def export_filename(extension: str = "json") -> str:
    return f"teahouse-export-{datetime.now(UTC):%Y-%m-%d}.{extension}"
