"""One JSON document with everything a host has. Later capabilities add their own keys."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.models import StockMovement, Tea, User
from teahouse.models.tea import TEA_RECORD_FIELDS

FORMAT = "teahouse-export"
VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_tea(tea: Tea) -> dict:
    record = {"id": tea.id}
    record.update({field: getattr(tea, field) for field in TEA_RECORD_FIELDS})
    record["tags"] = tea.tags
    record["created_at"] = _iso(tea.created_at)
    record["updated_at"] = _iso(tea.updated_at)
    return record


def export_movement(movement: StockMovement) -> dict:
    return {
        "id": movement.id,
        "tea_id": movement.tea_id,
        "kind": movement.kind,
        "grams": movement.milligrams / 1000,
        "cost": movement.cost_minor / 100 if movement.cost_minor is not None else None,
        "currency": movement.currency,
        "vendor": movement.vendor,
        "note": movement.note,
        "occurred_on": _iso(movement.occurred_on),
        "created_at": _iso(movement.created_at),
    }


def export_host(user: User) -> dict:
    """Everything of one host, in a fixed number of queries."""
    teas = db.session.scalars(
        select(Tea)
        .where(Tea.owner_id == user.id)
        .options(selectinload(Tea.tag_rows))
        .order_by(Tea.id)
    ).all()
    movements = db.session.scalars(
        select(StockMovement).where(StockMovement.owner_id == user.id).order_by(StockMovement.id)
    ).all()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {
            "display_name": user.display_name,
            "timezone": user.timezone,
            "temperature_unit": user.temperature_unit,
        },
        "teas": [export_tea(tea) for tea in teas],
        "stock_movements": [export_movement(m) for m in movements],
    }


def export_filename() -> str:
    return f"teahouse-export-{datetime.now(UTC):%Y-%m-%d}.json"
