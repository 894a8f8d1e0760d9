"""Where a flashed message is shown: at the top of the page, or in the section the host acted in.

A form far down a page (the stock of a tea, a party's menu) sends the host back to its own
section (`/teas/7#stock`), so the page opens scrolled there, and a message at the top of the
page, "Only 0 g … nothing was changed" or "Added 50 g", would be out of sight. When a redirect
carrying messages points at one of the sections below, they are shown in that section instead.
"""

from urllib.parse import urlsplit

from flask import Flask, g, get_flashed_messages, session

# The sections whose templates show their own messages (they include _flash.html with `here`).
SECTIONS_WITH_MESSAGES = frozenset(
    {"stock", "tasting", "guests", "menu", "share", "screening", "calendar-feed"}
)
_SECTION_KEY = "_flashes_at"
_REDIRECTS = (301, 302, 303, 307, 308)


def remember_section(response):
    """A redirect to a section, with messages waiting: they belong to that section."""
    if response.status_code in _REDIRECTS and "_flashes" in session:
        section = urlsplit(response.location or "").fragment
        if section in SECTIONS_WITH_MESSAGES:
            session[_SECTION_KEY] = section
        elif _SECTION_KEY in session:
            del session[_SECTION_KEY]
    return response


def flashed_here(here: str | None = None) -> list[tuple[str, str]]:
    """The messages (category, text) this place of the page shows: the top (None) or a section."""
    messages = get_flashed_messages(with_categories=True)
    if "flashes_at" not in g:
        # Read once per request; touching the session only when it holds the key keeps a
        # page without messages from sending a cookie.
        g.flashes_at = session.pop(_SECTION_KEY) if _SECTION_KEY in session else None
    return messages if g.flashes_at == here else []


def init_app(app: Flask) -> None:
    app.after_request(remember_section)
    app.add_template_global(flashed_here)
