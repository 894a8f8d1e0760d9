"""The web layer's one ownership check: another host's row answers 404, like a missing one."""

from flask import abort
from flask_login import current_user

from teahouse.extensions import db

# A row id is a signed 64-bit integer in SQLite and PostgreSQL alike.
_ROW_ID_MIN, _ROW_ID_MAX = -(2**63), 2**63 - 1


def owned_or_404(model, object_id: int, *, via: str | None = None):
    """Fetch one row of the signed-in host, or answer 404 — also for another host's row.

    `via` names the relationship whose row carries `owner_id`, for rows that have none of
    their own (a menu line belongs to the host through its party).
    """
    if not _ROW_ID_MIN <= object_id <= _ROW_ID_MAX:
        abort(404)  # names no row, and the database could not even compare it (an overflow)
    obj = db.session.get(model, object_id)
    owner = getattr(obj, via) if obj is not None and via else obj
    if obj is None or owner.owner_id != current_user.id:
        abort(404)
    return obj
