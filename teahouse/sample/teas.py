"""The sample collection: 40 real teas shipped as data, loaded at most once per host."""

import json
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources

from teahouse.extensions import db
from teahouse.models import MovementKind, Tea, User
from teahouse.models.base import utcnow
from teahouse.models.tea import TEA_RECORD_FIELDS
from teahouse.stock import ledger

# Dates in the sample are relative to the day it is loaded, so it never looks stale.
RELATIVE_FIELDS = ("opened_on", "best_by")


@cache
def sample_teas() -> tuple[dict, ...]:
    text = resources.files("teahouse.data").joinpath("sample_collection.json").read_text("utf-8")
    return tuple(json.loads(text)["teas"])


def load_sample_collection(user: User) -> list[Tea]:
    """Add the sample teas and their opening purchases to a host (not committed).

    Returns the teas added: none when this host already has the sample.
    """
    if user.sample_loaded_at is not None:
        return []
    today = date.today()
    teas = []
    for record in sample_teas():
        columns = {c: record[c] for c in TEA_RECORD_FIELDS if c not in RELATIVE_FIELDS}
        tea = Tea(owner_id=user.id, **columns)
        tea.tags = record["tags"]
        if record["opened_days_ago"] is not None:
            tea.opened_on = today - timedelta(days=record["opened_days_ago"])
        if record["best_by_in_days"] is not None:
            tea.best_by = today + timedelta(days=record["best_by_in_days"])
        db.session.add(tea)
        teas.append(tea)
    db.session.flush()  # the movements below need the teas' ids
    movements = []
    for tea, record in zip(teas, sample_teas(), strict=True):
        # Bought on the day it was opened (or today), then brewed now and then since.
        movements.append(
            {
                "owner_id": user.id,
                "tea_id": tea.id,
                "kind": MovementKind.PURCHASE,
                "milligrams": ledger.to_milligrams(record["grams_bought"]),
                "cost_minor": int(Decimal(str(record["cost"])) * 100),
                "currency": record["currency"],
                "vendor": record["vendor"],
                "occurred_on": tea.opened_on or today,
                "note": "Opening stock (sample collection)",
            }
        )
        movements += [
            {
                "owner_id": user.id,
                "tea_id": tea.id,
                "kind": MovementKind.BREWED,
                "milligrams": -ledger.to_milligrams(brew["grams"]),
                "occurred_on": today - timedelta(days=brew["days_ago"]),
                "note": "Sample brewing history",
            }
            for brew in record["brews"]
        ]
    ledger.add_movements(movements)
    user.sample_loaded_at = utcnow()
    return teas
