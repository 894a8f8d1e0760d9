"""The web layer's one ownership check: another host's row answers 404, like a missing one."""

from flask import abort
from flask_login import current_user

from teahouse.extensions import db


def owned_or_404(model, object_id: int, *, via: str | None = None):
    """Fetch one row of the signed-in host, or answer 404 — also for another host's row.

    `via` names the relationship whose row carries `owner_id`, for rows that have none of
    their own (a menu line belongs to the host through its party).
    """
    obj = db.session.get(model, object_id)
    owner = getattr(obj, via) if obj is not None and via else obj
    if obj is None or owner.owner_id != current_user.id:
        abort(404)
    return obj
