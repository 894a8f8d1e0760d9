"""Friendly error pages: what went wrong in words, never a traceback."""

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException, NotFound

from teahouse.extensions import db

# PostgreSQL's "try again" conditions: serialization failure, deadlock, lock not available,
# statement timeout. SQLite says SQLITE_BUSY or SQLITE_LOCKED.
_BUSY_SQLSTATES = {"40001", "40P01", "55P03", "57014"}
RETRY_AFTER_BUSY = 5

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Nothing was changed."),
    403: ("Not allowed", "You may not do that. Nothing was changed."),
    404: ("Not found", "There is nothing here. The link may be wrong or the page removed."),
    405: ("Not allowed", "That page cannot be used this way."),
    409: (
        "Changed at the same moment",
        "This was changed elsewhere at the same moment (a second click, or another tab). "
        "Nothing was changed by this request: reload the page to see it as it is now.",
    ),
    413: ("Too large", "What you sent is larger than Teahouse accepts. Nothing was changed."),
    429: (
        "Too many attempts",
        "That was tried too often in a short time. Please wait a minute and try again.",
    ),
    500: ("Something went wrong", "Teahouse could not finish this. Nothing was changed."),
    503: (
        "Busy",
        "Teahouse is busy for a moment. Nothing was changed; please try again shortly.",
    ),
}


class LinkNotFound(NotFound):
    """A guest's or a visitor's link that finds nothing. They have no account here: the page
    says what to do, in the public pages' frame, with no way to the host's sign-in. Every
    unknown link reads the same, so a stranger learns nothing from it."""

    description = (
        "This link does not work: it may be mistyped, or the host may have sent a newer one "
        "or taken the page down. Please ask your host for the current link."
    )


def render_error(code: int, message: str | None = None, for_guest: bool = False):
    # First end whatever transaction failed: the page itself may query (the signed-in host),
    # and a session that awaits a rollback would fail again (PendingRollbackError).
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection itself is gone: the page needs no query of it
        db.session.remove()
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=message or default_message,
            for_guest=for_guest,
        ),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            "The form was out of date or not sent from Teahouse. Nothing was changed; "
            "please go back, reload the page and try again.",
        )

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        if not database_busy(error):
            current_app.log_exception(error)
            return render_error(500)
        current_app.logger.warning("Database busy, answered 503: %s", error.orig)
        body, code = render_error(503)
        return body, code, {"Retry-After": str(RETRY_AFTER_BUSY)}

    # A row this request read was deleted, or its version moved on, by a request that
    # committed in between (a double click, a second tab): only a concurrent change raises
    # these, so the answer is "reload", and the rollback keeps nothing of this request.
    @app.errorhandler(ObjectDeletedError)
    @app.errorhandler(StaleDataError)
    def changed_meanwhile(error):
        current_app.logger.warning("Changed by a concurrent request, answered 409: %s", error)
        return render_error(409)

    # Other unhandled exceptions arrive here as a 500 (Flask has logged them already);
    # render_error rolls the session back first, so nothing half-done is kept.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if isinstance(error, LinkNotFound):
            body, code = render_error(404, error.description, for_guest=True)
        else:
            body, code = render_error(error.code)
        # Keep what the exception says about retrying (429, 503) or allowed methods (405).
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, code, headers


def database_busy(error: OperationalError) -> bool:
    """Whether the database refused only for now (locked, busy, a conflict): worth a retry."""
    original = error.orig
    name = getattr(original, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    return getattr(original, "sqlstate", None) in _BUSY_SQLSTATES
