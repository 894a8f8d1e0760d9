"""Conditional answers (ETag / Last-Modified → 304) with caching a reverse proxy may share."""

from datetime import datetime

from flask import Response, request


def cacheable(
    body: bytes,
    mimetype: str,
    *,
    etag: str,
    last_modified: datetime | None,
    max_age: int,
    indexable: bool = False,
    filename: str | None = None,
) -> Response:
    """A public response that answers 304 when the client's copy is current."""

    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    # Browsers revalidate every time (a cheap 304), so a revoked link stops at once for them;
    # a reverse proxy may serve its copy for `max_age` seconds.
    response.cache_control.public = True
    response.cache_control.max_age = 0
    response.cache_control.s_maxage = max_age
    if not indexable:
        response.headers["X-Robots-Tag"] = "noindex"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response.make_conditional(request)
