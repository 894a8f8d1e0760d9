"""Teas updated from an import: the sample's Da Hong Pao as stored, an older export of it, and
a file sent from the import page with "update them from the file" chosen."""

import json

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.client import post_import

DESCRIPTION = "Twisted dark leaves beside a clay pot"
# The keys an older Teahouse did not write yet (here: any the tests take out).
NEWER_KEYS = ("photo_description", "notes", "tags", "favourite", "brew_temp_c")


def da_hong_pao(app) -> dict:
    """The sample's Da Hong Pao, the fields an update may change, as the database holds them."""
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.name == "Da Hong Pao"))
        return {
            "photo_description": tea.photo_description,
            "notes": tea.notes,
            "tags": tea.tags,
            "favourite": tea.favourite,
            "brew_temp_c": tea.brew_temp_c,
            "rating": tea.rating,
            "version": tea.version,
        }


def describe_da_hong_pao(app) -> dict:
    """Give Da Hong Pao a photo description and a water temperature of its own (not the
    type's default, which a file without the field would otherwise bring); returns it."""
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.name == "Da Hong Pao"))
        tea.photo_description, tea.brew_temp_c = DESCRIPTION, 93
        db.session.commit()
    return da_hong_pao(app)


def older_export(client, **changes) -> dict:
    """The host's export with Da Hong Pao alone, as an older Teahouse wrote it: without
    NEWER_KEYS (then `changes` applied)."""
    document = json.loads(client.get("/data/export.json").data)
    tea = next(t for t in document["teas"] if t["name"] == "Da Hong Pao")
    for key in NEWER_KEYS:
        del tea[key]
    tea |= changes
    return {"format": document["format"], "version": document["version"], "teas": [tea]}


def update_from(client, content, filename):
    """Import `content` from the import page, updating the teas one has; it must succeed."""
    response = post_import(client, content, filename, on_existing="update")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Import finished" in page, page[-2000:]
