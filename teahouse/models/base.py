"""Small pieces every model module shares."""

from flask import abort
from flask_login import current_user

from teahouse.extensions import db
from teahouse.utc import utcnow

__all__ = ["owned_or_404", "utcnow"]


def owned_or_404(model, object_id: int):
    """Fetch one row of the signed-in host, or answer 404 — also for another host's row."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.owner_id != current_user.id:
        abort(404)
    return obj
