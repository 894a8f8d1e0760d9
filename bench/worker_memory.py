"""Benchmark: what a gunicorn worker holds in memory after 5,000 mixed requests at 10,000 teas.

Starts two gunicorn servers with the settings of `make run` (one worker per core, 8 threads,
MALLOC_ARENA_MAX=2): the bare Flask app of bench/bare (a ~5 KB Jinja template), loaded with
5,000 requests, and Teahouse with 10,000 teas, 1,000 guests, 1,000 parties, 10,000 movements
and a 1,000-guest party (the data of bench/pages_load.py), loaded with 5,000 mixed requests
from 8 connections: every host page over many different teas, guests and parties, list pages
in every sort, searches, edit forms, the 1,000-guest party and its list of who is coming, the
exports, guests' invitation pages and calendar files, the sign-in page and the stylesheet.
Each worker's memory is read from /proc (VmRSS, and smaps_rollup's anonymous and file-backed
parts) once the workers have booted, and after 1,000, 2,500 and 5,000 requests: a worker whose
memory still climbs between the last two is growing, not warmed up. The bare app's worker is
the baseline from the same run. All of it runs once on SQLite files and once on PostgreSQL.

Run: `.venv/bin/python bench/worker_memory.py` (rewrites its section of BENCHMARKS.md).
PostgreSQL: the server named by BENCH_DATABASE_URL, else a throwaway one from
.ci/start-postgres. Ports: two from BENCH_PORT_BASE (default 5130-5131).
BENCH_REQUESTS: the mixed requests (5000).
"""

import contextlib
import http.client
import itertools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    DATABASE_URL_VARIABLE,
    crashes,
    ports,
    run_and_record,
    serve,
    server_env,
    sign_in,
    stop,
    throwaway_postgres,
)
from bench.pages_load import build, simultaneous_logins, worker_pids  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Film, Guest, Invitation, Party, Tea, User  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5000"))
CHECKPOINTS = (1000, 2500)  # and REQUESTS
CONNECTIONS = 8
WORKERS = os.cpu_count() or 2
SECTION = "## Worker memory after mixed requests"
SORTS = ("name", "rating", "type", "newest")
# Issue #9's goal for the worker after the load.
TARGET_MIB = 100


def mixed_paths(app, party_id: int) -> list[tuple[str, bool]]:
    """REQUESTS (path, as the host?) pairs, in a fixed interleaved order."""
    with app.app_context():
        host = db.session.scalar(db.select(User.id).where(User.email == "bench@example.com"))
        teas = db.session.scalars(
            db.select(Tea.id).where(Tea.owner_id == host).order_by(Tea.id)
        ).all()
        guests = db.session.scalars(db.select(Guest.id).where(Guest.owner_id == host)).all()
        parties = db.session.scalars(db.select(Party.id).where(Party.owner_id == host)).all()
        films = db.session.scalars(db.select(Film.id).where(Film.owner_id == host)).all()
        tokens = db.session.scalars(
            db.select(Invitation.token).where(Invitation.party_id == party_id)
        ).all()
    step = max(1, len(teas) // 1000)  # a thousand different teas over the run
    kinds = [
        ("/dashboard", lambda n: "/dashboard"),
        ("tea list", lambda n: f"/teas/?page={n % 400 + 1}&sort={SORTS[n % len(SORTS)]}"),
        ("search", lambda n: f"/teas/?q=tea+{n % 1000:03d}"),
        ("tea page", lambda n: f"/teas/{teas[(n * step) % len(teas)]}"),
        ("tea page", lambda n: f"/teas/{teas[(n * step + 7) % len(teas)]}"),
        ("stock", lambda n: f"/teas/{teas[(n * step + 3) % len(teas)]}/stock"),
        ("edit tea", lambda n: f"/teas/{teas[(n * step + 5) % len(teas)]}/edit"),
        ("new tea", lambda n: "/teas/new"),
        ("guests", lambda n: f"/guests/?page={n % 40 + 1}"),
        ("guest", lambda n: f"/guests/{guests[n % len(guests)]}"),
        ("new guest", lambda n: "/guests/new"),
        ("parties", lambda n: f"/parties/?page={n % 40 + 1}"),
        ("big party", lambda n: f"/parties/{party_id}"),
        ("party", lambda n: f"/parties/{parties[n % len(parties)]}"),
        ("coming", lambda n: f"/parties/{party_id}/coming"),
        ("films", lambda n: "/films/"),
        ("film", lambda n: f"/films/{films[n % len(films)]}"),
    ]
    visitor = [
        ("rsvp", lambda n: f"/i/{tokens[n % len(tokens)]}"),
        ("rsvp", lambda n: f"/i/{tokens[(n + 500) % len(tokens)]}"),
        ("calendar", lambda n: f"/i/{tokens[n % len(tokens)]}.ics"),
        ("login", lambda n: "/login"),
    ]
    rounds = itertools.count()
    paths: list[tuple[str, bool]] = []
    while len(paths) < REQUESTS:
        n = next(rounds)
        paths += [(make(n), True) for _, make in kinds]
        paths += [(make(n), False) for _, make in visitor]
        paths.append(("/static/css/teahouse.css", False))
        if n % 100 == 50:  # now and then the host takes a copy of everything
            paths += [("/data/teas.csv", True), ("/data/export.json", True)]
    return paths[:REQUESTS]


def drive(port: int, paths: list[tuple[str, bool]], cookie: str | None) -> list[str]:
    """GET every path from CONNECTIONS keep-alive connections at once; the failures."""
    queue = iter(paths)
    lock = threading.Lock()
    failures: list[str] = []

    def connection():
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            path, as_host = item
            headers = {"Cookie": f"session={cookie}"} if as_host and cookie else {}
            client.request("GET", path, headers=headers)
            response = client.getresponse()
            response.read()
            if response.status != 200:
                with lock:
                    failures.append(f"{path}: {response.status}")
        client.close()

    threads = [threading.Thread(target=connection) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def memory(pid: int) -> dict:
    """A process's resident memory in MiB: all of it, its anonymous part (the heap) and its
    file-backed part (code and data of the libraries), and its peak."""
    status = Path(f"/proc/{pid}/status").read_text()
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()

    def field(text, name):
        return int(re.search(rf"^{name}:\s+(\d+) kB", text, re.M).group(1)) / 1024

    return {
        "rss": field(status, "VmRSS"),
        "anon": field(rollup, "Anonymous"),
        "file": field(status, "RssFile"),
        "peak": field(status, "VmHWM"),
    }


def largest(server) -> dict:
    """The figures of the worker with the most resident memory."""
    return max((memory(pid) for pid in worker_pids(server)), key=lambda m: m["rss"])


def booted(server, port: int, path: str) -> None:
    """Wait until every worker has imported the app (its memory stops changing for a second),
    then let each answer a light request."""
    deadline, last = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        time.sleep(1)
        pids = worker_pids(server)
        now = [memory(pid)["rss"] for pid in pids]
        if len(pids) == WORKERS and now == last:
            drive(port, [(path, False)] * 4 * WORKERS, None)
            return
        last = now
    raise RuntimeError("workers did not start")


def loaded(server, port: int, paths, cookie) -> tuple[list[dict], list[str]]:
    """Drive the paths in stages; the largest worker's figures at each checkpoint."""
    figures, failures, done = [largest(server)], [], 0
    for mark in (*CHECKPOINTS, len(paths)):
        failures += drive(port, paths[done:mark], cookie)
        figures.append(largest(server))
        done = mark
    return figures, failures


def run_on(database_url: str | None, port_iter) -> dict:
    app, large = build(large=True, database_url=database_url)
    party_id = int(large["pages"]["party page"].rsplit("/", 1)[1])
    paths = mixed_paths(app, party_id)
    logs = Path(tempfile.mkdtemp(prefix="teahouse-bench-logs-"))
    bare_port, port = next(port_iter), next(port_iter)
    bare = serve("app:app", dict(os.environ), bare_port, WORKERS, chdir=ROOT / "bench" / "bare")
    try:
        booted(bare, bare_port, "/")
        bare_figures, bare_failures = loaded(bare, bare_port, [("/", False)] * REQUESTS, None)
    finally:
        stop(bare)
    server = serve("teahouse:create_app()", server_env(app), port, WORKERS, log=logs / "app")
    try:
        booted(server, port, "/healthz")
        cookie = sign_in(f"http://127.0.0.1:{port}")
        figures, failures = loaded(server, port, paths, cookie)
        login_errors, login_peak = simultaneous_logins(f"http://127.0.0.1:{port}", server)
    finally:
        stop(server)
    return {
        "bare": bare_figures,
        "app": figures,
        "failures": bare_failures + failures,
        "logins": (login_errors, login_peak),
        "died": crashes(logs / "app"),
    }


def report(result: dict) -> str:
    bare, app = result["bare"], result["app"]
    stages = ("booted", *(f"{n:,} requests" for n in CHECKPOINTS), f"{REQUESTS:,} requests")
    lines = [
        "| largest worker | " + " | ".join(stages) + " |",
        "|---|" + "---:|" * len(stages),
        "| bare Flask page: RSS | " + " | ".join(f"{m['rss']:.0f}" for m in bare) + " |",
        "| Teahouse: RSS | " + " | ".join(f"{m['rss']:.0f}" for m in app) + " |",
        "| Teahouse: anonymous (heap) | " + " | ".join(f"{m['anon']:.0f}" for m in app) + " |",
        "| Teahouse: file-backed (code) | " + " | ".join(f"{m['file']:.0f}" for m in app) + " |",
    ]
    final, base = app[-1], bare[-1]
    errors, peak = result["logins"]
    over = final["rss"] - TARGET_MIB
    goal = f"goal ≤ {TARGET_MIB} MiB: " + ("met" if over <= 0 else f"not met, {over:.0f} MiB over")
    lines.append(
        f"\nAfter {REQUESTS:,} mixed requests: {final['rss']:.0f} MiB ({goal}), "
        f"{final['rss'] - base['rss']:.0f} MiB more than the bare Flask app's worker "
        f"({base['rss']:.0f} MiB) and {final['rss'] / base['rss']:.1f}× it; "
        f"peak during the load {final['peak']:.0f} MiB.  "
        f"\nFailed requests: {len(result['failures']) or 'none'}"
        + (f" ({', '.join(result['failures'][:5])})" if result["failures"] else "")
        + ".  "
        f"\nThen 8 simultaneous sign-ins: {errors} errors; peak worker RSS {peak:.0f} MiB "
        "(scrypt takes 32 MiB per hash, at most 2 at once per worker).  "
        f"\nWorkers that died: {len(result['died']) or 'none'}."
    )
    return "\n".join(lines)


def main():
    port_iter = ports(2)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"Load before the run: `{load}`. MiB throughout.\n")
    print("### On SQLite (a file per instance, WAL)\n")
    print(report(run_on(None, port_iter)))
    print("\n### On PostgreSQL\n")
    port_iter = ports(2)
    given = os.environ.get(DATABASE_URL_VARIABLE)
    with contextlib.nullcontext(given) if given else throwaway_postgres() as url:
        if url is None:
            print("Not run: PostgreSQL is not installed and BENCH_DATABASE_URL is not set.")
        else:
            print(report(run_on(url, port_iter)))


if __name__ == "__main__":
    run_and_record(main, SECTION, "bench/worker_memory.py", __doc__)
