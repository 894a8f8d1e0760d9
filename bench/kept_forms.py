"""Benchmark: pages with once-only forms served from the page store, as a browser asks for them.

Two gunicorn servers with the settings of `make run` (one worker per core, 8 threads): the bare
Flask page of bench/bare and Teahouse with the sample collection and a 40-guest party, the page
cache on. Every creation form carries a once-only token that must be new on every serving
(teahouse.submissions), so these pages cannot be kept compressed whole; the dashboard, which has
none, is the row to compare with. wrk loads each page from loopback with 8 connections two
ways, in alternating turns with the bare page: without Accept-Encoding (what
bench/pages_load.py measures), and with a browser's `gzip, deflate, br, zstd`. Each row divides
by the bare page measured in the same turns. Only ratios from one run mean anything on a shared
machine.

Run: `.venv/bin/python bench/kept_forms.py` (rewrites its section of BENCHMARKS.md; BENCH_WRITE=0
prints only). Ports: two from BENCH_PORT_BASE (default 5130). BENCH_DURATION: time per page (6s).
"""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402
from bench.common import (  # noqa: E402
    add_user,
    fresh_app,
    ports,
    run_and_record,
    serve,
    server_env,
    sign_in,
    stop,
    wrk,
)
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Tea, User  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "6s")
ROUNDS = 3
CONNECTIONS = 8
WORKERS = os.cpu_count() or 2
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
SECTION = "## Pages with once-only forms, as a browser asks for them"


def build():
    app = fresh_app()
    user_id = add_user(app)
    with app.app_context():
        data.sample_host(db.session.get(User, user_id))
        tea = db.session.scalar(db.select(Tea.id).where(Tea.owner_id == user_id).order_by(Tea.id))
    pages = {
        "tea page (4 once-only forms)": f"/teas/{tea}",
        "new tea form": "/teas/new",
        "new guest form": "/guests/new",
        "dashboard (no once-only form)": "/dashboard",
    }
    return app, pages


def turns(*sides: tuple[str, dict]) -> list[float]:
    """Requests per second of each (url, headers), in ROUNDS alternating turns."""
    turn = f"{max(1, int(DURATION.rstrip('s')) // ROUNDS)}s"
    totals = [[0, 0.0] for _ in sides]
    for _ in range(ROUNDS):
        for total, (url, headers) in zip(totals, sides, strict=True):
            figures = wrk(url, CONNECTIONS, turn, headers)
            if figures["errors"]:
                raise RuntimeError(f"{url} answered {figures['errors']} errors under load")
            total[0] += figures["requests"]
            total[1] += figures["seconds"]
    return [requests / seconds for requests, seconds in totals]


def fetched(url: str, headers: dict) -> tuple[int, str]:
    """Bytes over the wire and their encoding; a redirect (to sign-in) fails the run."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        if response.geturl() != url:
            raise RuntimeError(f"{url} went to {response.geturl()}")
        return len(response.read()), response.headers.get("Content-Encoding", "none")


def main():
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    code = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"Load before the run: `{load}`. Code: {code or 'unknown'}.\n")
    app, pages = build()
    port = ports(2)
    bare_port, teahouse_port = next(port), next(port)
    servers = [
        serve("app:app", dict(os.environ), bare_port, WORKERS, chdir=ROOT / "bench" / "bare")
    ]
    try:
        servers.append(serve("teahouse:create_app()", server_env(app), teahouse_port, WORKERS))
        base = f"http://127.0.0.1:{teahouse_port}"
        cookie = {"Cookie": f"session={sign_in(base)}"}
        for path in pages.values():  # rendered once and kept, for each way of asking
            fetched(base + path, cookie)
            fetched(base + path, cookie | BROWSER)
        print(
            "| page | bare: req/s | plain ÷ bare | as a browser asks ÷ bare "
            "| browser ÷ plain | bytes plain | bytes to the browser |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, path in pages.items():
            url = base + path
            bare, plain, browser = turns(
                (f"http://127.0.0.1:{bare_port}/", {}), (url, cookie), (url, cookie | BROWSER)
            )
            plain_bytes, _ = fetched(url, cookie)
            browser_bytes, encoding = fetched(url, cookie | BROWSER)
            print(
                f"| {name} | {bare:,.0f} | {plain / bare:.2f} | {browser / bare:.2f} "
                f"| {browser / plain:.2f} | {plain_bytes:,} | {browser_bytes:,} ({encoding}) |"
            )
    finally:
        for server in servers:
            stop(server)


if __name__ == "__main__":
    run_and_record(main, SECTION, "bench/kept_forms.py", __doc__)
