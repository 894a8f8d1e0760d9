"""One JSON document with everything a host has; and the teas alone as CSV.

Later capabilities (guests, parties, films) add their own keys to the same document.
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teahouse.extensions import db
from teahouse.models import BrewSession, StockMovement, Tea, Teaware, User
from teahouse.models.tea import TEA_RECORD_FIELDS

FORMAT = "teahouse-export"
VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_tea(tea: Tea) -> dict:
    record = {"id": tea.id}
    for field in TEA_RECORD_FIELDS:
        value = getattr(tea, field)
        record[field] = _iso(value) if field in ("opened_on", "best_by") else value
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
        "reverses_id": movement.reverses_id,
        "brew_session_id": movement.brew_session_id,
        "created_at": _iso(movement.created_at),
    }


def export_brew(brew: BrewSession) -> dict:
    return {
        "id": brew.id,
        "tea_id": brew.tea_id,
        "teaware_id": brew.teaware_id,
        "brewed_on": _iso(brew.brewed_on),
        "style": brew.style,
        "vessel_ml": brew.vessel_ml,
        "grams_used": brew.milligrams_used / 1000,
        "steeps": brew.steeps,
        "rating": brew.rating,
        "notes": brew.notes,
        "created_at": _iso(brew.created_at),
    }


def export_teaware(ware: Teaware) -> dict:
    return {
        "id": ware.id,
        "name": ware.name,
        "volume_ml": ware.volume_ml,
        "created_at": _iso(ware.created_at),
    }


def _owned(model, user: User, *options):
    return db.session.scalars(
        select(model).where(model.owner_id == user.id).options(*options).order_by(model.id)
    ).all()


def export_host(user: User) -> dict:
    """Everything of one host, in a fixed number of queries."""
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
        "teas": [export_tea(t) for t in _owned(Tea, user, selectinload(Tea.tag_rows))],
        "stock_movements": [export_movement(m) for m in _owned(StockMovement, user)],
        "brew_sessions": [export_brew(b) for b in _owned(BrewSession, user)],
        "teaware": [export_teaware(w) for w in _owned(Teaware, user)],
    }


def export_filename(extension: str = "json") -> str:
    return f"teahouse-export-{datetime.now(UTC):%Y-%m-%d}.{extension}"
