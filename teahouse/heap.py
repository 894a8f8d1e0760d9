"""Hand the memory a worker has freed back to the operating system, now and then.

glibc's malloc keeps freed memory inside the process for reuse: after a large page (the party
page with a thousand guests, an export) the heap holds megabytes of free chunks between live
ones, and it only gives back what sits at the very top of the heap. malloc_trim(0) returns every
free page of every arena (madvise), whatever lies around it. Measured at 10,000 teas under the
mixed load of bench/worker_memory.py, a worker held 4–9 MiB of such free memory at any time.

The trim runs after the response has been sent and its body closed (so the body's own memory
is already free), once every HEAP_TRIM_EVERY requests of the process. It took 0.2–2 ms at this
heap size (a few microseconds a request), on the request's thread after the client has its
answer. Where the C library has no malloc_trim (musl, macOS), nothing is done.
"""

import ctypes
import ctypes.util
import threading

from flask import Flask
from werkzeug.wsgi import ClosingIterator


def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


class TrimEvery:
    """WSGI middleware: malloc_trim(0) after every `every`-th response of this process."""

    def __init__(self, wsgi_app, every: int, trim=None):
        self.wsgi_app = wsgi_app
        self.every = every
        self.trim = trim or _malloc_trim()
        self._served = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        return ClosingIterator(self.wsgi_app(environ, start_response), self._after)

    def _after(self) -> None:
        with self._lock:
            self._served += 1
            due = self._served % self.every == 0
        if due:
            self.trim(0)


def init_app(app: Flask) -> None:
    every = int(app.config["HEAP_TRIM_EVERY"])
    trim = _malloc_trim()
    if every > 0 and trim is not None:
        app.wsgi_app = TrimEvery(app.wsgi_app, every, trim)
