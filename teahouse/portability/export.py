"""One JSON document with everything a host has; and the teas alone as CSV.

Later capabilities (guests, parties, films) add their own keys to the same document.
"""

import base64
import os
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
    PartyTea,
    Review,
    StockMovement,
    Tea,
    Teaware,
    User,
)
from teahouse.models.tea import TEA_RECORD_FIELDS
from teahouse.utc import as_utc

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


def export_guest(guest: Guest) -> dict:
    return {
        "id": guest.id,
        "name": guest.name,
        "email": guest.email,
        "phone": guest.phone,
        "dietary_tags": guest.dietary_tags,
        "dietary_notes": guest.dietary_notes,
        "caffeine": guest.caffeine,
        "notes": guest.notes,
        "favourite_tea_ids": sorted(t.id for t in guest.favourite_teas),
        "created_at": _iso(guest.created_at),
    }


def _utc_iso(value) -> str | None:
    """A stored UTC time → ISO 8601 with its Z, so no reader mistakes it for local time."""
    return as_utc(value).isoformat().replace("+00:00", "Z") if value is not None else None


def export_party(party: Party) -> dict:
    return {
        "id": party.id,
        "title": party.title,
        "description": party.description,
        "starts_at": _utc_iso(party.starts_at),
        "ends_at": _utc_iso(party.ends_at),
        "timezone": party.timezone,
        "location": party.location,
        "location_confirmed_only": party.location_confirmed_only,
        "capacity": party.capacity,
        "rsvp_deadline": _utc_iso(party.rsvp_deadline),
        "plus_ones_allowed": party.plus_ones_allowed,
        "plus_one_cap": party.plus_one_cap,
        "maybe_allowed": party.maybe_allowed,
        "status": party.status,
        "held_at": _utc_iso(party.held_at),
        "end_is_computed": party.end_is_computed,
        "menu": [export_menu_item(item) for item in party.menu],
        "screening": export_screening(party.screening) if party.screening else None,
        "created_at": _iso(party.created_at),
        "updated_at": _iso(party.updated_at),
    }


def export_menu_item(item: PartyTea) -> dict:
    return {
        "tea_id": item.tea_id,
        "position": item.position,
        "cups_each": item.cups_each,
        "vessel_ml": item.vessel_ml,
        "served_grams": item.served_milligrams / 1000
        if item.served_milligrams is not None
        else None,
    }


def export_invitation(invitation: Invitation) -> dict:
    """An invitation and its answer. The secret link is left out: an import makes new ones."""
    return {
        "id": invitation.id,
        "party_id": invitation.party_id,
        "guest_id": invitation.guest_id,
        "response": invitation.response,
        "waitlisted_at": _utc_iso(invitation.waitlisted_at),
        "promoted_at": _utc_iso(invitation.promoted_at),
        "plus_ones": invitation.plus_ones,
        "plus_one_details": invitation.plus_one_details,
        "dietary_tags": invitation.dietary_tags,
        "dietary_notes": invitation.dietary_notes,
        "message": invitation.message,
        "responded_at": _utc_iso(invitation.responded_at),
        "emailed_at": _utc_iso(invitation.emailed_at),
        "seen_film": invitation.seen_film,
        "created_at": _iso(invitation.created_at),
    }


def export_screening(screening) -> dict:
    return {
        "film_id": screening.film_id,
        "review_id": screening.review_id,
        "tea_service_minutes": screening.tea_service_minutes,
        "discussion_minutes": screening.discussion_minutes,
        "show_rating_early": screening.show_rating_early,
    }


def export_film(film: Film) -> dict:
    """A film; its poster travels inside the document as base64 JPEG."""
    poster = None
    if film.poster:
        path = os.path.join(poster_folder(current_app.instance_path), f"{film.poster}.jpg")
        if os.path.exists(path):
            with open(path, "rb") as handle:
                poster = base64.b64encode(handle.read()).decode("ascii")
    return {
        "id": film.id,
        "title": film.title,
        "original_title": film.original_title,
        "year": film.year,
        "directors": film.directors,
        "cast": film.cast,
        "runtime_minutes": film.runtime_minutes,
        "genres": film.genres,
        "synopsis": film.synopsis,
        "country": film.country,
        "language": film.language,
        "letterboxd_uri": film.letterboxd_uri,
        "seen": film.seen,
        "rating": film.rating,
        "liked": film.liked,
        "to_watch": film.to_watch,
        "to_watch_since": _iso(film.to_watch_since),
        "poster_jpeg_base64": poster,
        "created_at": _iso(film.created_at),
    }


def export_review(review: Review) -> dict:
    return {
        "id": review.id,
        "film_id": review.film_id,
        "rating": review.rating,
        "liked": review.liked,
        "title": review.title,
        "teaser": review.teaser,
        "body": review.body,
        "contains_spoilers": review.contains_spoilers,
        "watched_on": _iso(review.watched_on),
        "rewatch": review.rewatch,
        "tags": review.tags,
        "letterboxd_uri": review.letterboxd_uri,
        "created_at": _iso(review.created_at),
        "updated_at": _iso(review.updated_at),
    }


def _owned(model, user: User, *options):
    return db.session.scalars(
        select(model).where(model.owner_id == user.id).options(*options).order_by(model.id)
    ).all()


def _afterglow(user: User):
    films = db.session.scalars(
        select(Afterglow)
        .join(Invitation)
        .where(Invitation.owner_id == user.id)
        .order_by(Afterglow.id)
    ).all()
    teas = db.session.scalars(
        select(AfterglowTea)
        .join(Invitation)
        .where(Invitation.owner_id == user.id)
        .order_by(AfterglowTea.id)
    ).all()
    return (
        [
            {
                "invitation_id": g.invitation_id,
                "film_id": g.film_id,
                "film_rating": g.film_rating,
                "comment": g.comment,
                "updated_at": _iso(g.updated_at),
            }
            for g in films
        ],
        [{"invitation_id": t.invitation_id, "tea_id": t.tea_id, "rating": t.rating} for t in teas],
    )


def export_host(user: User) -> dict:
    """Everything of one host, in a fixed number of queries."""
    film_glow, tea_glow = _afterglow(user)
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
        "guests": [
            export_guest(g) for g in _owned(Guest, user, selectinload(Guest.favourite_teas))
        ],
        "parties": [
            export_party(p)
            for p in _owned(Party, user, selectinload(Party.menu), selectinload(Party.screening))
        ],
        "invitations": [export_invitation(i) for i in _owned(Invitation, user)],
        "films": [export_film(f) for f in _owned(Film, user)],
        "reviews": [export_review(r) for r in _owned(Review, user)],
        "afterglow": film_glow,
        "afterglow_teas": tea_glow,
    }


def export_filename(extension: str = "json") -> str:
    return f"teahouse-export-{datetime.now(UTC):%Y-%m-%d}.{extension}"
