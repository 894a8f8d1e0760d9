"""The front door and the health check."""

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from teahouse.auth.services import has_any_user
from teahouse.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    """Send each visitor where they belong: setup, login, or their collection."""
    if current_user.is_authenticated:
        return redirect(url_for("teas.index"))
    if not has_any_user():
        return redirect(url_for("auth.setup"))
    return redirect(url_for("auth.login"))


@bp.get("/healthz")
def healthz():
    """For monitors: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok")
