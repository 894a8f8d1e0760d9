"""What goes over the wire: compressed text, static files cached for a year, no idle cookie.

Static URLs carry a fingerprint of the file's content (?v=<hash>), so a browser may keep the
file for a year without asking again: a changed file gets a new URL. Responses are compressed
with Flask-Compress (brotli when the client asks for it, else gzip).
"""

import hashlib
import os
from functools import cache

from flask import Flask, request
from flask_compress import Compress

compress = Compress()

A_YEAR = 31_536_000


@cache
def _fingerprint(path: str, mtime_ns: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


def fingerprint(static_folder: str, filename: str) -> str | None:
    """A short hash of a static file's content (recomputed only when the file changes)."""
    path = os.path.join(static_folder, filename)
    try:
        return _fingerprint(path, os.stat(path).st_mtime_ns)
    except OSError:
        return None


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)  # fast enough per request, near gzip -9 size
    compress.init_app(app)

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = fingerprint(app.static_folder, values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def cache_fingerprinted_files(response):
        if request.endpoint == "static" and response.status_code == 200:
            version = request.args.get("v")
            filename = (request.view_args or {}).get("filename", "")
            if version and version == fingerprint(app.static_folder, filename):
                response.cache_control.max_age = A_YEAR
                response.cache_control.public = True
                response.cache_control.immutable = True
                response.cache_control.no_cache = None
        return response
