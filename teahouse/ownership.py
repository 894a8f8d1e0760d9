"""The web layer's one ownership check: another host's row answers 404, like a missing one."""

from flask import abort
from flask_login import current_user

from teahouse.extensions import db

# The largest row id: ids are INTEGER columns, 64 bits in SQLite but 32 in PostgreSQL, which
# refuses a larger number even in a comparison (`id = 2147483648` is "integer out of range").
ROW_ID_MAX = 2**31 - 1


def owned_or_404(model, object_id: int, *, via: str | None = None):
    """Fetch one row of the signed-in host, or answer 404 — also for another host's row.

    `via` names the relationship whose row carries `owner_id`, for rows that have none of
    their own (a menu line belongs to the host through its party).
    """
    if not -ROW_ID_MAX <= object_id <= ROW_ID_MAX:
        abort(404)  # names no row, and the database could not even compare it (an overflow)
    obj = db.session.get(model, object_id)
    owner = getattr(obj, via) if obj is not None and via else obj
    if obj is None or owner.owner_id != current_user.id:
        abort(404)
    return obj
