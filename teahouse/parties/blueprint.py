"""The parties blueprint, shared by the modules that add its routes (views, guest_list_views,
menu_views, screening_views, day_views)."""

from flask import Blueprint, redirect, url_for
from flask_login import login_required

bp = Blueprint("parties", __name__)


@bp.before_request
@login_required
def require_login():
    """Parties are managed by their signed-in host."""


def back_to_party(party, anchor: str | None = None):
    """Redirect to the host's page of `party`, at the section `anchor` when given."""
    return redirect(url_for("parties.detail", party_id=party.id, _anchor=anchor))
