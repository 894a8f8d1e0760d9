"""Absolute links for emails and shared pages (PUBLIC_URL when set, else the request's host)."""

from urllib.parse import quote

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address)}?subject={quote(subject)}&body={quote(body)}"
