"""The parties blueprint, shared by the modules that add its routes (views, screening_views)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("parties", __name__)


@bp.before_request
@login_required
def require_login():
    """Parties are managed by their signed-in host."""
