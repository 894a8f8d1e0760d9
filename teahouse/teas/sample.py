"""The sample collection: 40 real teas shipped as data, loaded at most once per host."""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from teahouse.extensions import db
from teahouse.models import MovementKind, StockMovement, Tea, User
from teahouse.models.base import utcnow
from teahouse.models.stock import MG_PER_GRAM
from teahouse.models.tea import TEA_RECORD_FIELDS


@cache
def sample_teas() -> tuple[dict, ...]:
    text = resources.files("teahouse.data").joinpath("sample_collection.json").read_text("utf-8")
    return tuple(json.loads(text)["teas"])


def load_sample_collection(user: User) -> int:
    """Add the sample teas and their opening purchases to a host (not committed).

    Returns how many teas were added: 0 when this host already has the sample.
    """
    if user.sample_loaded_at is not None:
        return 0
    today = date.today()
    for record in sample_teas():
        tea = Tea(owner_id=user.id, **{column: record[column] for column in TEA_RECORD_FIELDS})
        tea.tags = record["tags"]
        db.session.add(tea)
        db.session.add(
            StockMovement(
                owner_id=user.id,
                tea=tea,
                kind=MovementKind.PURCHASE.value,
                milligrams=int(Decimal(str(record["grams_bought"])) * MG_PER_GRAM),
                cost_minor=int(Decimal(str(record["cost"])) * 100),
                currency=record["currency"],
                vendor=record["vendor"],
                occurred_on=today,
                note="Opening stock (sample collection)",
            )
        )
    user.sample_loaded_at = utcnow()
    return len(sample_teas())
