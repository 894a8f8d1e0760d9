"""Benchmark: guests' RSVP pages under concurrent load, served by gunicorn as `make run` does.

wrk (Debian package `wrk`) sends GET requests over 200 different invitation links from a second
process on loopback. Reports throughput, p50/p95/p99 latency and errors (which must be 0).
Run with `make bench` (or `.venv/bin/python bench/rsvp_load.py`).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_user, fresh_app  # noqa: E402
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    app = fresh_app()
    user_id = add_user(app)
    paths = populate(app, user_id)
    port = free_port()
    env = dict(
        os.environ,
        TEAHOUSE_INSTANCE_PATH=os.environ["TEAHOUSE_INSTANCE_PATH"],
        TEAHOUSE_SECRET_KEY="bench",
    )
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--log-level",
            "warning",
            "teahouse:create_app()",
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        page = urllib.request.urlopen(base + paths[1], timeout=5).read().decode()
        assert "Benchmark tea party" in page
        print("| connections | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for connections in CONNECTIONS:
            result = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{connections}",
                    f"-d{DURATION}",
                    "--timeout",
                    "10s",
                    "-s",
                    str(ROOT / "bench" / "rsvp_report.lua"),
                    base,
                    "--",
                    *paths,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = dict(re.findall(r"(\w+)=([\d.]+)", result.stdout.split("RESULT", 1)[1]))
            print(
                f"| {connections} | {int(figures['requests']):,} | {float(figures['rps']):.0f} | "
                f"{figures['p50_ms']} | {figures['p95_ms']} | {figures['p99_ms']} | "
                f"{figures['errors']} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
