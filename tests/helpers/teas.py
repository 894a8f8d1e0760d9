"""Teas built directly in the database, the tea form and a brew as a browser sends them, and the
ledger read back."""

import io

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import (
    MovementKind,
    StockMovement,
    Tea,
)
from teahouse.stock import ledger
from tests.helpers.client import csrf_token, field_value


def make_tea(app, owner_id, grams=None, name="Keemun"):
    with app.app_context():
        tea = Tea(
            owner_id=owner_id,
            name=name,
            type="black",
            brew_temp_c=90,
            grams_per_100ml=0.75,
            steep_seconds=[180],
            vessel_ml=300,
            vendor="Seven Cups",
        )
        db.session.add(tea)
        db.session.flush()
        if grams:
            ledger.add_movement(
                tea, MovementKind.PURCHASE, grams * 1000, cost_minor=2000, currency="EUR"
            )
        db.session.commit()
        return tea.id


def grow_collection(app, owner_id, total):
    """Add copies of a tea with tags and two movements each until the host has `total` teas."""
    with app.app_context():
        have = db.session.query(Tea).filter_by(owner_id=owner_id).count()
        for n in range(have, total):
            tea = Tea(
                owner_id=owner_id,
                name=f"Test tea {n:04d}",
                type="green",
                brew_temp_c=80,
                grams_per_100ml=0.5,
                steep_seconds=[60],
                vessel_ml=300,
            )
            tea.tags = ["bulk", f"batch {n % 7}"]
            db.session.add(tea)
            ledger.add_movement(tea, MovementKind.PURCHASE, 100_000)
            ledger.add_movement(tea, MovementKind.BREWED, -5_000)
        db.session.commit()
        return db.session.query(Tea.id).filter_by(owner_id=owner_id).order_by(Tea.id).first()[0]


def post_tea_form(client, url, data, photo=None, filename="leaf.png"):
    """Post the tea form as a browser does, with the version of the page it was read from."""
    page = client.get(url).get_data(as_text=True)
    payload = dict(data, csrf_token=csrf_token(client, url))
    if 'name="version"' in page:
        payload["version"] = field_value(page, "version")
    if photo is not None:
        payload["photo"] = (io.BytesIO(photo), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


BREW = {
    "brewed_on": "2026-11-20",
    "style": "gongfu",
    "teaware_id": "",
    "vessel_ml": "100",
    "grams_used": "5",
    "steeps-0-temperature": "95",
    "steeps-0-seconds": "15",
    "steeps-0-note": "honey",
    "steeps-1-temperature": "",
    "steeps-1-seconds": "25",
    "steeps-1-note": "",
    "steeps-2-temperature": "",
    "steeps-2-seconds": "",
    "steeps-2-note": "",
    "rating": "4.5",
    "notes": "Sweet and long.",
}


def ledger_rows(app, tea_id):
    with app.app_context():
        return [
            (m.kind, m.milligrams, m.reverses_id)
            for m in db.session.scalars(
                select(StockMovement)
                .where(StockMovement.tea_id == tea_id)
                .order_by(StockMovement.id)
            )
        ]


def grams_on_hand(app, tea_id):
    with app.app_context():
        return (
            db.session.scalar(
                select(func.coalesce(func.sum(StockMovement.milligrams), 0)).where(
                    StockMovement.tea_id == tea_id
                )
            )
            / 1000
        )
