"""Rendered pages kept per worker while nothing they show can have changed.

A heavy page (the party, the tea list, the dashboard) costs milliseconds to render, yet is
asked for again and again unchanged: a reload, the back button, a second tab. A view marked
with `@cached_page` keeps its finished response (compressed as that browser asked) under a key
made of:

- the data generation (teahouse.generation): every committed write moves it on, so a page
  is never served after any change to anything, by anyone;
- the minute: pages also show the clock (deadlines, "opened 3 days ago", a review unsealed
  when the party starts), so a copy is kept for the rest of its minute at most;
- the whole URL and the browser's Accept-Encoding;
- the signed session's content: who is signed in, which server-side session, and the CSRF
  token the page's forms carry. A page is only ever served back to the session it was made
  for, with that session's own token.

A value that must differ on every serving (a creation form's once-only token,
teahouse.submissions) is marked with `fresh_value`: such a page is kept as rendered, before
compression, with a slot where each such value was, and every serving from the store writes a
new value into each slot. For a browser that takes gzip, the text between the slots is kept
compressed too, each part ending on a deflate full flush so that it stands alone: a serving
then writes the new values between the parts, instead of compressing the whole page again
(about 0.3 ms for a 30 KB page, as much again as the rest of a serving).

A request that carries a flash message, or changes the session while rendering (a first
visit gets its CSRF token), is rendered and not kept; `@page_for_new_visitors` keeps such
a first visit's page once for every visitor without a cookie, each one's token written in.
Only 200 HTML responses are kept. Entries are dropped least recently used first past
PAGE_CACHE_BYTES per worker; 0 turns the cache off.
"""

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from teahouse import generation, spliced_gzip

EXTENSION = "teahouse.pagecache"
_KEEP_HEADERS = ("Content-Type", "Content-Encoding", "Vary")


class Kept(NamedTuple):
    body: bytes
    headers: tuple[tuple[str, str], ...]
    # For a page with fresh values: what makes the value of each slot, by the slot's number.
    fresh: tuple[Callable[[], str], ...] = ()
    # For such a page kept for a browser that takes gzip: the text between the slots, each
    # part raw deflate ending on a full flush (teahouse.spliced_gzip).
    deflated: tuple[bytes, ...] = ()

    @property
    def size(self) -> int:
        return len(self.body) + sum(map(len, self.deflated))


class PageStore:
    """A byte-bounded, least-recently-used store shared by one worker's threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, Kept] = OrderedDict()
        self._bytes = 0
        self._minute = minute()
        self._lock = threading.Lock()

    def _forget_past_minutes(self) -> None:
        # Every key holds the minute it was made in, so once the clock has moved on, no entry
        # can be asked for again: they go at once instead of holding up to PAGE_CACHE_BYTES
        # until newer pages push them out. Called with the lock held.
        now = minute()
        if now != self._minute:
            self._entries.clear()
            self._bytes = 0
            self._minute = now

    def get(self, key: tuple) -> Kept | None:
        with self._lock:
            self._forget_past_minutes()
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
            return kept

    def put(self, key: tuple, kept: Kept) -> None:
        size = kept.size
        if size > self.max_bytes // 4:  # one huge page must not empty the store
            return
        with self._lock:
            self._forget_past_minutes()
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = kept
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def init_app(app: Flask) -> None:
    """Register before every other after_request hook, so that ours runs last and keeps the
    response as it leaves: compressed, with every header the other hooks set."""
    # 2 MiB: over bench/worker_memory.py's 5,000 mixed requests at 10,000 teas, all within one
    # minute, 4, 2 and 1 MiB served the very same 1,357 of 3,863 pages from the store (a page
    # is only ever asked for again within its minute); 2 keeps room for the 1,000-guest party
    # page uncompressed (an entry may take a quarter of the store).
    app.config.setdefault("PAGE_CACHE_BYTES", 2 * 1024 * 1024)
    app.extensions[EXTENSION] = PageStore(int(app.config["PAGE_CACHE_BYTES"]))
    app.after_request(_keep)


def store() -> PageStore:
    return current_app.extensions[EXTENSION]


def clear() -> None:
    store().clear()


def cached_page(view):
    """Serve this GET view's page from the worker's store while its key holds."""

    @wraps(view)
    def serve_or_render(*args, **kwargs):
        key = _key()
        if key is not None:
            kept = store().get(key)
            if kept is not None:
                return _served(kept)
            g.page_cache_key = key
        response = current_app.make_response(view(*args, **kwargs))
        fresh = g.get(_FRESH_VALUES)
        if key is not None and fresh and not response.is_streamed:
            # Slotted now, before the after_request hooks compress the body.
            g.page_cache_slotted = _slotted(response.get_data(), fresh)
        return response

    return serve_or_render


# Stands for the value of fresh value number N in a kept page. NUL never occurs in our HTML.
_FRESH_SLOT = re.compile(rb"\x00fresh-(\d+)\x00")
_FRESH_VALUES = "page_fresh_values"


def fresh_value(value: str, make: Callable[[], str]) -> None:
    """Mark `value`, written into the page being rendered, as one that a kept copy of the page
    must never repeat: each serving from the store gets a new one from `make` in its place."""
    g.setdefault(_FRESH_VALUES, []).append((value, make))


def _slotted(body: bytes, fresh: list) -> Kept | None:
    """The page with a slot for each fresh value, or None when one cannot be found in it."""
    if _FRESH_SLOT.search(body):
        return None
    for number, (value, _) in enumerate(fresh):
        if value.encode() not in body:
            return None
        body = body.replace(value.encode(), b"\x00fresh-%d\x00" % number)
    return Kept(body, (), tuple(make for _, make in fresh))


def _served(kept: Kept) -> Response:
    if not kept.fresh:
        return current_app.response_class(kept.body, headers=list(kept.headers))
    parts = _FRESH_SLOT.split(kept.body)  # text, slot number, text, … text
    values = [kept.fresh[int(number)]().encode() for number in parts[1::2]]
    if not kept.deflated:
        body = b"".join(spliced_gzip.interleaved(parts[::2], values))
        return current_app.response_class(body, headers=list(kept.headers))
    headers = [*kept.headers, ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
    body = spliced_gzip.member(kept.deflated, values, parts[::2])
    return current_app.response_class(body, headers=headers)


def _takes_gzip() -> bool:
    """Whether this response would be gzipped by Flask-Compress (teahouse.transfer) anyway."""
    algorithms = current_app.config.get("COMPRESS_ALGORITHM") or ()
    return "gzip" in algorithms and request.accept_encodings["gzip"] > 0


def minute() -> int:
    return int(time.time() // 60)


# Stands for the CSRF token in a page kept for new visitors. NUL never occurs in HTML we send.
_TOKEN_SLOT = b"\x00csrf-token\x00"


def page_for_new_visitors(view=None, *, shows_data: bool = False):
    """Keep this GET view's page once for every visitor who has no CSRF token yet, and write
    each one's own token into it.

    For a page that is the same for every such visitor but for the token its forms carry:

    - the sign-in page, which every new browser (and every bot) asks for first;
    - with `shows_data`, a page that shows the database, kept under its data generation as
      `@cached_page` keeps pages: a guest's invitation, which is opened without a cookie
      again and again by the guest's other devices and in-app browsers that keep no cookies,
      and by the link previews of chat apps and the link scanners of mail services.

    Kept per minute, URL and Accept-Encoding; a visitor who already has a session, or a
    request that is not a GET, is rendered as usual.
    """
    if view is None:
        return lambda view: page_for_new_visitors(view, shows_data=shows_data)

    @wraps(view)
    def serve_or_render(*args, **kwargs):
        if request.method != "GET" or store().max_bytes <= 0 or session:
            return view(*args, **kwargs)
        key = _new_visitor_key(shows_data)
        if key is None:
            return view(*args, **kwargs)
        kept = store().get(key)
        if kept is not None:
            body = kept.body.replace(_TOKEN_SLOT, generate_csrf().encode())
            return current_app.response_class(body, headers=list(kept.headers))
        response = current_app.make_response(view(*args, **kwargs))
        token = g.get(_csrf_session_key())
        if (
            token
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not response.is_streamed
            and "Set-Cookie" not in response.headers
            and set(session) == {_csrf_session_key()}  # the token is all the page put there
            and not g.get(_FRESH_VALUES)  # a page with once-only tokens is not shared
        ):
            body = response.get_data()
            if token.encode() in body and _TOKEN_SLOT not in body:
                headers = (("Content-Type", response.headers["Content-Type"]),)
                store().put(key, Kept(body.replace(token.encode(), _TOKEN_SLOT), headers))
        return response

    return serve_or_render


def _new_visitor_key(shows_data: bool) -> tuple | None:
    number = generation.current() if shows_data else "no data"
    if number is None:
        return None
    return (
        "new visitor",
        number,
        minute(),
        request.url,
        request.headers.get("Accept-Encoding", ""),
    )


def _csrf_session_key() -> str:
    """Where Flask-WTF keeps a visitor's raw token, in the session and in `g` alike."""
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def _key() -> tuple | None:
    if request.method != "GET" or store().max_bytes <= 0 or "_flashes" in session:
        return None
    number = generation.current()
    if number is None:
        return None
    return (
        number,
        minute(),
        request.url,
        request.headers.get("Accept-Encoding", ""),
        json.dumps(dict(session), sort_keys=True, default=str),
    )


def _keep(response: Response) -> Response:
    key = g.pop("page_cache_key", None)
    slotted = g.pop("page_cache_slotted", None)
    if (
        key is not None
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and not session.modified
        and "Set-Cookie" not in response.headers
    ):
        if g.get(_FRESH_VALUES):
            if slotted is not None:  # kept with slots, each serving filled (see _served)
                content_type = (("Content-Type", response.headers["Content-Type"]),)
                slotted = slotted._replace(headers=content_type)
                if _takes_gzip() and len(slotted.body) >= current_app.config["COMPRESS_MIN_SIZE"]:
                    texts = _FRESH_SLOT.split(slotted.body)[::2]
                    slotted = slotted._replace(deflated=tuple(map(spliced_gzip.deflated, texts)))
                store().put(key, slotted)
            return response
        headers = tuple(
            (name, response.headers[name]) for name in _KEEP_HEADERS if name in response.headers
        )
        store().put(key, Kept(response.get_data(), headers))
    return response
