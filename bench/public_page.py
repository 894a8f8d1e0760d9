"""Benchmark: the public event page under a shared link's burst, against a bare Flask page.

One gunicorn (as `make run`: one process, 8 threads) serves both: Teahouse, and mounted at
/bare a bare Flask app that renders a ~5 KB Jinja template with no database. wrk, from a second
process on loopback, requests each for 10 s at 16 connections. The public page belongs to a
party with 200 confirmed guests (first names shown), a 5-tea menu and a film. Also counts the
SQL statements per public page for a party of 2 and of 200 guests.
Run with `make bench` (or `.venv/bin/python bench/public_page.py`).
"""

import shutil
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, render_template_string
from sqlalchemy import event
from werkzeug.middleware.dispatcher import DispatcherMiddleware

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_user, free_port, fresh_app, serve, server_env, stop, wrk  # noqa: E402
from teahouse import create_app, pagecache  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Film, Guest, Invitation, Party, PartyTea, Screening, Tea  # noqa: E402
from teahouse.sharing import pages  # noqa: E402

DURATION = "10s"
CONNECTIONS = 16

# About 5 KB of HTML once rendered: a heading, a paragraph and a 50-row table from a loop.
BARE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/css/teahouse.css"></head>
<body><main><h1>{{ title }}</h1><p>{{ lead }}</p>
<table><thead><tr><th>#</th><th>Tea</th><th>Origin</th><th>Steeps</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ loop.index }}</td><td>{{ row.name }}</td><td>{{ row.origin }}</td>
<td>{{ row.steeps|join(", ") }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""


def bare_app() -> Flask:
    app = Flask("bare")
    rows = [
        {"name": f"Tea number {n}", "origin": "Wuyi Mountains, Fujian", "steeps": [20, 25, 30]}
        for n in range(50)
    ]

    @app.get("/")
    def page():
        return render_template_string(
            BARE_TEMPLATE, title="A bare page", lead="Nothing but a template.", rows=rows
        )

    return app


def served_app():
    """What gunicorn serves in this benchmark: Teahouse, with the bare page at /bare."""
    return DispatcherMiddleware(create_app(), {"/bare": bare_app()})


def make_party(app, user_id, guests: int) -> str:
    """A published party with a film, a 5-tea menu and `guests` confirmed guests; its token."""
    with app.app_context():
        start = datetime.now(UTC) + timedelta(days=14)
        party = Party(
            owner_id=user_id,
            title=f"Film night for {guests}",
            description="Oolongs, then the film. " * 5,
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            timezone="America/Toronto",
            location="Somewhere 1",
            status="published",
        )
        film = Film(
            owner_id=user_id, title="Her", year=2013, runtime_minutes=126, directors=["Spike Jonze"]
        )
        party.screening = Screening(film=film)
        for n in range(5):
            tea = Tea(
                owner_id=user_id,
                name=f"Tea {n} of {guests}",
                type="oolong",
                origin_country="Taiwan",
                brew_temp_c=95,
                grams_per_100ml=5,
                steep_seconds=[20, 25, 30],
                vessel_ml=100,
            )
            party.menu.append(PartyTea(tea=tea, position=n))
        for n in range(guests):
            guest = Guest(owner_id=user_id, name=f"Guest{n:03d} Surname")
            party.invitations.append(
                Invitation(
                    owner_id=user_id,
                    guest=guest,
                    response="yes",
                    responded_at=start - timedelta(days=1),
                )
            )
        db.session.add(party)
        db.session.flush()
        page = pages.open_page(party)
        page.guest_list = "first_names"
        db.session.commit()
        return f"/e/{pages.page_token(page)}"


def statements_per_page(app, path) -> tuple[int, int]:
    """SQL statements for a first (uncached) and a second (cached) request of the page."""
    counted = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK")):
            counted.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        app.extensions[pagecache.EXTENSION].clear()
        client = app.test_client()
        figures = []
        for _ in range(2):
            counted.clear()
            assert client.get(path).status_code == 200
            figures.append(len(counted))
        return figures[0], figures[1]
    finally:
        event.remove(engine, "before_cursor_execute", count)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    app = fresh_app()
    user_id = add_user(app)
    small = make_party(app, user_id, 2)
    path = make_party(app, user_id, 200)
    counts = {2: statements_per_page(app, small), 200: statements_per_page(app, path)}
    port = free_port()
    env = server_env(app, TEAHOUSE_RATELIMIT_ENABLED="false")
    server = serve("bench.public_page:served_app()", env, port, chdir=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        bare_size = len(urllib.request.urlopen(base + "/bare/", timeout=60).read())
        page = urllib.request.urlopen(base + path, timeout=5).read()
        assert b"Film night for 200" in page
        results = {
            "bare Flask page": wrk(base + "/bare/", CONNECTIONS, DURATION),
            "public event page": wrk(base + path, CONNECTIONS, DURATION),
        }
    finally:
        stop(server)
    print(f"Bare page: {bare_size:,} bytes of HTML; public page: {len(page):,} bytes.\n")
    print("| page | requests | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, figures in results.items():
        print(
            f"| {name} | {figures['requests']:,} | {figures['rps']:.0f} | "
            f"{figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} | {figures['errors']} |"
        )
    ratio = results["public event page"]["rps"] / results["bare Flask page"]["rps"]
    print(
        f"\n**Ratio: the public page serves {ratio:.2f}× the bare page's requests per second** "
        f"(goal ≥ 0.5×, zero errors).\n"
    )
    print("| guests | SQL statements, first request | SQL statements, cached |")
    print("|---:|---:|---:|")
    for guests, (first, cached) in counts.items():
        print(f"| {guests} | {first} | {cached} |")


if __name__ == "__main__":
    main()
