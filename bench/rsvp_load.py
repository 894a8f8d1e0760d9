"""Benchmark: guests' RSVP pages under concurrent load, served by gunicorn as `make run` does.

wrk (Debian package `wrk`) sends GET requests over 200 different invitation links from a second
process on loopback. Reports throughput, p50/p95/p99 latency and errors (which must be 0).
Run with `make bench` (or `.venv/bin/python bench/rsvp_load.py`).
"""

import shutil
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_user, free_port, fresh_app, serve, server_env, stop, wrk  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Guest, Invitation, Party, PartyTea, Tea  # noqa: E402

INVITATIONS = 200
DURATION = "15s"
CONNECTIONS = (8, 32)


def populate(app, user_id) -> list[str]:
    with app.app_context():
        start = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=14)
        party = Party(
            owner_id=user_id,
            title="Benchmark tea party",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            timezone="Europe/Berlin",
            location="Somewhere 1",
            capacity=150,
            status="published",
            plus_ones_allowed=True,
            plus_one_cap=1,
        )
        db.session.add(party)
        for n in range(5):
            tea = Tea(
                owner_id=user_id,
                name=f"Tea {n}",
                type="oolong",
                brew_temp_c=95,
                grams_per_100ml=5,
                steep_seconds=[20, 25],
                vessel_ml=100,
            )
            party.menu.append(PartyTea(tea=tea, position=n))
        for n in range(INVITATIONS):
            guest = Guest(owner_id=user_id, name=f"Guest {n:03d}")
            party.invitations.append(
                Invitation(owner_id=user_id, guest=guest, response="yes" if n % 2 else "pending")
            )
        db.session.commit()
        return [f"/i/{i.token}" for i in party.invitations]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    app = fresh_app()
    user_id = add_user(app)
    paths = populate(app, user_id)
    port = free_port()
    server = serve("teahouse:create_app()", server_env(app), port)
    try:
        base = f"http://127.0.0.1:{port}"
        page = urllib.request.urlopen(base + paths[1], timeout=5).read().decode()
        assert "Benchmark tea party" in page
        print("| connections | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for connections in CONNECTIONS:
            figures = wrk(base, connections, DURATION, paths=paths)
            print(
                f"| {connections} | {figures['requests']:,} | {figures['rps']:.0f} | "
                f"{figures['p50_ms']:.2f} | {figures['p95_ms']:.2f} | {figures['p99_ms']:.2f} | "
                f"{figures['errors']} |"
            )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
