"""Friendly error pages: what went wrong in words, never a traceback."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Nothing was changed."),
    403: ("Not allowed", "You may not do that. Nothing was changed."),
    404: ("Not found", "There is nothing here. The link may be wrong or the page removed."),
    405: ("Not allowed", "That page cannot be used this way."),
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


def render_error(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template(
            "errors/error.html", code=code, title=title, message=message or default_message
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

    # Unhandled exceptions arrive here as a 500 (Flask has logged them already); the
    # session's transaction is rolled back at teardown, so nothing half-done is kept.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        body, code = render_error(error.code)
        # Keep what the exception says about retrying (429, 503) or allowed methods (405).
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, code, headers
