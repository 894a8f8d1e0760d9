"""Run every benchmark and write BENCHMARKS.md with the figures and the command that made them.

Usage: make bench   (runs `.venv/bin/python bench/report.py`)
"""

import contextlib
import io
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    import_export,
    import_starvation,
    kept_forms,
    letterboxd_import,
    pages_load,
    public_page,
    rsvp_load,
    stock_page,
    worker_memory,
)

SECTIONS = [
    (
        "Import and export of 10,000 teas",
        "A generated CSV of 10,000 teas (each with tags, notes and an opening stock) is imported "
        "into a fresh account on a file-backed SQLite database, each run in a fresh process with "
        "the app loaded. The baseline inserts the same rows with sqlite3's executemany and no "
        "checks at all; Teahouse checks every row against the tea schema, then writes in bulk "
        "through the ledger, all or nothing. Then everything is exported, streamed.",
        "bench/import_export.py",
        import_export.main,
    ),
    (
        letterboxd_import.TITLE,
        letterboxd_import.ABOUT,
        "bench/letterboxd_import.py",
        letterboxd_import.main,
    ),
    (
        "Guests during a 100,000-row import",
        "gunicorn serves Teahouse as `make run` does; `flask import` imports a 100,000-tea CSV "
        "from a second process into the same SQLite database while six guests keep changing "
        "their answers and the host keeps restocking, over HTTP. A failed answer or restock is "
        "a lost one.",
        "bench/import_starvation.py",
        import_starvation.main,
    ),
    (
        "A tea with 10,000 stock movements",
        "The tea page shows the stock (a sum over the ledger), the cost per gram, the latest "
        "movements and the tasting history; the history page shows 50 movements a page. The "
        "number of SQL statements per page is the same for 10 and for 10,000 movements.",
        "bench/stock_page.py",
        stock_page.main,
    ),
    (
        "Guests' RSVP pages under load",
        "gunicorn serves Teahouse as `make run` does (one process, 8 threads) on a file-backed "
        "SQLite database; wrk, from a second process on loopback, requests the RSVP pages of a "
        "party with 200 invitations and a 5-tea menu for 15 s each run, spread over all 200 "
        "links. Each page renders the party, the menu and the answer form with its CSRF token.",
        "bench/rsvp_load.py",
        rsvp_load.main,
    ),
    (
        "The public event page against a bare Flask page",
        "One gunicorn (one process, 8 threads, as `make run`) serves Teahouse and, mounted at "
        "/bare, a bare Flask app rendering a ~5 KB Jinja template with no database; wrk requests "
        "each for 10 s at 16 connections in the same run. The public page is that of a party "
        "with 200 confirmed guests (first names shown), a 5-tea menu and a film; it is rendered "
        "once per content and then served from the per-process page cache. The SQL statements "
        "per public page are counted for 2 and for 200 guests.",
        "bench/public_page.py",
        public_page.main,
    ),
    (
        pages_load.SECTION.removeprefix("## "),
        pages_load.__doc__.split("\n\n")[1],
        "bench/pages_load.py",
        pages_load.main,
    ),
    (
        kept_forms.SECTION.removeprefix("## "),
        kept_forms.__doc__.split("\n\n")[1],
        "bench/kept_forms.py",
        kept_forms.main,
    ),
    (
        worker_memory.SECTION.removeprefix("## "),
        worker_memory.__doc__.split("\n\n")[1],
        "bench/worker_memory.py",
        worker_memory.main,
    ),
]


def main():
    parts = [
        "# Benchmarks\n",
        f"Made by `make bench` on {datetime.now(UTC):%Y-%m-%d} — "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}, SQLite on "
        "local disk. Figures are wall-clock; rerun the command to compare.\n",
    ]
    for title, about, script, run in SECTIONS:
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            run()
        parts.append(
            f"## {title}\n\n{about}\n\nCommand: `.venv/bin/python {script}`\n\n"
            f"{captured.getvalue()}"
        )
        print(f"{title}: done", file=sys.stderr)
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")
    print("Wrote BENCHMARKS.md", file=sys.stderr)


if __name__ == "__main__":
    main()
