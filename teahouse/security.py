"""Response headers required by OWASP ASVS 3.4 on every response."""

from flask import Flask, abort, request
from flask_login import current_user
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter

from teahouse.ownership import ROW_ID_MAX

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


class RowId(IntegerConverter):
    """`<int:…>` in a URL names a row: a number beyond the ids' integers names none, so it
    answers 404 like any missing row, instead of overflowing the query (PostgreSQL refuses
    one past 32 bits, SQLite past 64)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(url_map, *args, **kwargs)


class _BodyReadErrorsAreBadRequests:
    """A request body the server cannot read (a malformed chunk of a chunked body, a client
    gone mid-body) is the sender's fault: a 400 that changes nothing, not a 500.

    Each server raises its own errors from `wsgi.input` (gunicorn: a plain Exception for a bad
    chunk size, an IOError for a body cut short), so any error from reading it counts."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if "wsgi.input" in environ:
            environ["wsgi.input"] = _UnreadableIsBadRequest(environ["wsgi.input"])
        return self.wsgi_app(environ, start_response)


class _UnreadableIsBadRequest:
    def __init__(self, stream):
        self._stream = stream

    def read(self, *args):
        return self._guarded(self._stream.read, *args)

    def readline(self, *args):
        return self._guarded(self._stream.readline, *args)

    def readlines(self, *args):
        return self._guarded(self._stream.readlines, *args)

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, name):  # anything else a server's stream offers (close, …)
        return getattr(self._stream, name)

    def _guarded(self, read, *args):
        try:
            return read(*args)
        except HTTPException:
            raise
        except Exception as error:
            raise BadRequest("The request's body could not be read.") from error


def init_app(app: Flask) -> None:
    # Before any blueprint adds its routes: each rule takes its converter from the map.
    app.url_map.converters["int"] = RowId
    app.wsgi_app = _BodyReadErrorsAreBadRequests(app.wsgi_app)

    @app.before_request
    def bound_the_request():
        # A query string of raw bytes that are not UTF-8 (a browser percent-encodes them;
        # gunicorn refuses them, other servers pass them on) cannot be read as text at all.
        if not _readable(request.query_string):
            abort(400)
        # Runs before CSRFProtect reads the form. The body's size is checked against the
        # Content-Length header before a byte is read (werkzeug), so the larger cap is set
        # here, for the upload routes only, and only for a body that carries files: a form of
        # plain fields sent to an upload route keeps the small cap.
        if (
            request.endpoint in app.config["LARGE_UPLOAD_ENDPOINTS"]
            and request.mimetype == "multipart/form-data"
            and current_user.is_authenticated  # a stranger never gets the larger cap
        ):
            request.max_content_length = app.config["LARGE_UPLOAD_MAX_LENGTH"]
        request.max_form_parts = app.config["MAX_FORM_VALUES"]
        if request.method == "POST" and _form_values(request) > app.config["MAX_FORM_VALUES"]:
            abort(400)
        # NUL is never text: PostgreSQL refuses it, so it must not reach a query. A GET's
        # body is never read as a form, so only other methods pay for parsing one here.
        has_body = request.method not in ("GET", "HEAD")
        if (
            "\x00" in request.path
            or _has_nul(request.args)
            or (has_body and _has_nul(request.form))
        ):
            abort(400)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("HTTPS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def _readable(query: bytes) -> bool:
    try:
        query.decode()
    except UnicodeDecodeError:
        return False
    return True


def _form_values(req) -> int:
    return sum(len(values) for _, values in req.form.lists())


def _has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))
