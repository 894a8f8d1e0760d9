"""Rendered public pages, kept per process and keyed by what they show.

The key is the page's fingerprint (the party's version, its menu, answers and film as one
query reads them) plus the host name the request came in on. A change to any of those makes a
new key, so a stale copy is never served for them; what the fingerprint does not cover (say, a
guest renamed in the address book) shows after at most TTL_SECONDS.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

TTL_SECONDS = 60
MAX_ENTRIES = 256


class Rendered(NamedTuple):
    body: bytes
    etag: str
    stored_at: float


_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()


def get(key) -> Rendered | None:
    with _lock:
        entry = _entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry.stored_at > TTL_SECONDS:
            del _entries[key]
            return None
        _entries.move_to_end(key)
        return entry


def put(key, body: bytes) -> Rendered:
    entry = Rendered(body, hashlib.sha256(body).hexdigest()[:32], time.monotonic())
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return entry


def clear() -> None:
    with _lock:
        _entries.clear()
