"""The teas blueprint, shared by the modules that add its routes (views, stock_views)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("teas", __name__, url_prefix="/teas")


@bp.before_request
@login_required
def require_login():
    """Every page of the collection belongs to a signed-in host."""
