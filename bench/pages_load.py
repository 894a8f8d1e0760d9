"""Benchmark: every host page against a bare Flask page, at the sample's size and at 10,000 teas.

Starts five gunicorn servers with the settings of `make run` (one worker per core, 8 threads,
MALLOC_ARENA_MAX=2): a bare Flask app rendering a ~5 KB Jinja template (bench/bare), Teahouse
with the sample collection and a 40-guest party, and Teahouse with 10,000 teas, 1,000 guests,
1,000 parties, 10,000 movements and a 1,000-guest party; each Teahouse twice, as `make run`
serves it (the page cache on) and with the page cache off, so that every request renders its
page. Both parties' lists look like a real one a week before: of every 20 invited, 12 said yes
(a quarter of them with one or two plus-ones), 2 maybe, 3 no and 3 have not answered. wrk
(Debian's `wrk`) loads each page from loopback with 8 connections, each page at both sizes and
both ways and the bare page in three alternating turns: on a shared machine the load changes
from one second to the next, and each row's ratios divide by a bare figure taken in the same
turns. All of it runs once on SQLite files and once on PostgreSQL (its tables analysed,
as autovacuum does soon after a load). Only ratios from one run mean anything on a shared
machine.

Run: `.venv/bin/python bench/pages_load.py` (rewrites its section of BENCHMARKS.md). PostgreSQL:
the server named by BENCH_DATABASE_URL, else a throwaway one from .ci/start-postgres. Ports:
ten from BENCH_PORT_BASE (default 5130-5139). BENCH_DURATION: the time per page and size (6s).
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402
from bench.common import (  # noqa: E402
    DATABASE_URL_VARIABLE,
    PASSWORD,
    add_user,
    crashes,
    fresh_app,
    ports,
    run_and_record,
    serve,
    server_env,
    sign_in,
    stop,
    throwaway_postgres,
    wrk,
)
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Film, Invitation, Tea, User  # noqa: E402
from teahouse.parties.counts import party_tally  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "6s")
ROUNDS = 3  # turns per page and size, taken in alternation
CONNECTIONS = 8
WORKERS = os.cpu_count() or 2
PORTS = ports(10)
SECTION = "## Pages against a bare Flask page"
LOGINS = 8


def build(large: bool, database_url: str | None):
    """A fresh instance with a populated database; returns its app and the pages to load."""
    app = fresh_app(database_url)
    user_id = add_user(app)
    with app.app_context():
        user = db.session.get(User, user_id)
        if large:
            data.load_sample(user)
            db.session.commit()
            party_id = data.grow_host(user_id, **data.LARGE, party_guests=1000)
        else:
            party_id = data.sample_host(user)
        tea = db.session.scalar(db.select(Tea.id).where(Tea.owner_id == user_id).order_by(Tea.id))
        film = db.session.scalar(db.select(Film.id).where(Film.owner_id == user_id))
        token = db.session.scalar(
            db.select(Invitation.token).where(Invitation.party_id == party_id)
        )
        tally = party_tally(party_id)
        if db.engine.dialect.name == "postgresql":
            # Fresh tables have no statistics yet; autovacuum gathers them within its first
            # minute on a real server, so the measurement starts from there.
            db.session.commit()
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    for n in range(LOGINS):  # different people signing in at the same moment
        add_user(app, email=f"login{n}@example.com", password=PASSWORD)
    pages = {
        "dashboard": "/dashboard",
        "tea list": "/teas/",
        "tea list, page 3 by rating": "/teas/?page=3&sort=rating",
        "tea page": f"/teas/{tea}",
        "tea stock history": f"/teas/{tea}/stock",
        "new tea form": "/teas/new",
        "guests": "/guests/",
        "new guest form": "/guests/new",
        "parties": "/parties/",
        "party page": f"/parties/{party_id}",
        "films": "/films/",
        "film page": f"/films/{film}",
    }
    return app, {"pages": pages, "rsvp": f"/i/{token}", "tally": tally}


def _load(url: str, cookie: str | None, duration: str, warm: bool) -> tuple[int, float]:
    """wrk on one page for `duration`: (requests, seconds). An error, or a redirect (to
    sign-in) while warming up, fails the run."""
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    for _ in range(2 * WORKERS if warm else 0):  # every worker has compiled the templates
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200 or response.geturl() != url:
                raise RuntimeError(f"{url} answered {response.status} at {response.geturl()}")
            response.read()
    figures = wrk(url, CONNECTIONS, duration, headers)
    if figures["errors"]:
        raise RuntimeError(f"{url} answered {figures['errors']} errors under load")
    return figures["requests"], figures["seconds"]


def rps_turns(*sides: tuple[str, str | None]) -> list[float]:
    """Requests per second of each (url, cookie), measured in ROUNDS turns taken in
    alternation (DURATION in all for each), so that a change in the machine's load during the
    run weighs on every side alike."""
    seconds = int(DURATION.rstrip("s"))
    turn = f"{max(1, seconds // ROUNDS)}s"
    totals = [[0, 0.0] for _ in sides]
    for number in range(ROUNDS):
        for total, (url, cookie) in zip(totals, sides, strict=True):
            requests, spent = _load(url, cookie, turn, warm=number == 0)
            total[0] += requests
            total[1] += spent
    return [requests / spent for requests, spent in totals]


def returning_guest(url: str) -> str:
    """A guest's cookie after their first visit (it holds their CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(url).read()
    return next(cookie.value for cookie in jar if cookie.name == "session")


def size(url: str, cookie: str, encoding: str = "identity") -> int:
    request = urllib.request.Request(
        url, headers={"Cookie": f"session={cookie}", "Accept-Encoding": encoding}
    )
    return len(urllib.request.urlopen(request).read())


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1))


def simultaneous_logins(base: str, server: subprocess.Popen, count=LOGINS) -> tuple[int, float]:
    """`count` sign-ins at the same moment: the errors, and the workers' peak RSS (MiB)."""
    forms = []
    for _ in range(count):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        forms.append((opener, token))
    start = threading.Barrier(count)
    errors = []

    def sign_in_now(n, opener, token):
        email = f"login{n}@example.com"
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
        start.wait()
        try:
            response = opener.open(base + "/login", form.encode())
            if "/login" in response.geturl():
                errors.append(response.status)
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=sign_in_now, args=(n, *f)) for n, f in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    peak = max(memory_kib(pid, "VmHWM") for pid in worker_pids(server)) / 1024
    return len(errors), peak


def run_on(database_url: str | None) -> str:
    """The whole measurement on one database (an SQLite file each, or PostgreSQL); its text."""
    small_app, small = build(large=False, database_url=database_url)
    large_app, large = build(large=True, database_url=database_url)
    logs = Path(tempfile.mkdtemp(prefix="teahouse-bench-logs-"))
    bare_port, small_port, large_port = next(PORTS), next(PORTS), next(PORTS)
    servers = []
    try:
        servers.append(
            serve("app:app", dict(os.environ), bare_port, WORKERS, chdir=ROOT / "bench" / "bare")
        )
        small_server = serve(
            "teahouse:create_app()", server_env(small_app), small_port, WORKERS, log=logs / "small"
        )
        servers.append(small_server)
        large_server = serve(
            "teahouse:create_app()", server_env(large_app), large_port, WORKERS, log=logs / "large"
        )
        servers.append(large_server)
        # The same instances again with the page cache off: every request renders its page,
        # as the first view after any change does.
        rendered_ports = {}
        for side, app in (("small", small_app), ("large", large_app)):
            rendered_ports[side] = next(PORTS)
            env = server_env(app, TEAHOUSE_PAGE_CACHE_BYTES="0")
            log = logs / f"{side}-rendered"
            servers.append(
                serve("teahouse:create_app()", env, rendered_ports[side], WORKERS, log=log)
            )
        small_base, large_base = f"http://127.0.0.1:{small_port}", f"http://127.0.0.1:{large_port}"
        rendered = {side: f"http://127.0.0.1:{port}" for side, port in rendered_ports.items()}
        small_cookie, large_cookie = sign_in(small_base), sign_in(large_base)
        bare_url = f"http://127.0.0.1:{bare_port}/"
        # Each side: (as served, rendered every time), as (url, cookie). The cookies are good on
        # both servers of an instance: they share its database and secret key.
        pairs = [
            (
                name,
                (small_base + path, rendered["small"] + path, small_cookie),
                (
                    large_base + large["pages"][name],
                    rendered["large"] + large["pages"][name],
                    large_cookie,
                ),
            )
            for name, path in small["pages"].items()
        ]
        pairs.append(
            (
                "login page",
                (small_base + "/login", rendered["small"] + "/login", None),
                (large_base + "/login", rendered["large"] + "/login", None),
            )
        )
        pairs.append(
            (
                "guest RSVP page, without a cookie",
                (small_base + small["rsvp"], rendered["small"] + small["rsvp"], None),
                (large_base + large["rsvp"], rendered["large"] + large["rsvp"], None),
            )
        )
        small_guest = returning_guest(small_base + small["rsvp"])
        large_guest = returning_guest(large_base + large["rsvp"])
        pairs.append(
            (
                "guest RSVP page, returning guest",
                (small_base + small["rsvp"], rendered["small"] + small["rsvp"], small_guest),
                (large_base + large["rsvp"], rendered["large"] + large["rsvp"], large_guest),
            )
        )
        # On a shared machine the load changes from second to second: each row's bare page
        # takes its turns among that row's pages, and the row divides by that measurement.
        rows = [
            (
                name,
                *rps_turns(
                    (bare_url, None),
                    (on_small[0], on_small[2]),
                    (on_large[0], on_large[2]),
                    (on_small[1], on_small[2]),
                    (on_large[1], on_large[2]),
                ),
            )
            for name, on_small, on_large in pairs
        ]
        party_small = size(small_base + small["pages"]["party page"], small_cookie)
        party_large = size(large_base + large["pages"]["party page"], large_cookie)
        dash_plain = size(small_base + "/dashboard", small_cookie)
        dash_br = size(small_base + "/dashboard", small_cookie, "br")
        dash_gzip = size(small_base + "/dashboard", small_cookie, "gzip")
        rss = max(memory_kib(pid, "VmRSS") for pid in worker_pids(large_server)) / 1024
        login_errors, login_peak = simultaneous_logins(large_base, large_server)
    finally:
        for server in servers:
            stop(server)
    died = [line for log in logs.iterdir() for line in crashes(log)]

    bare_figures = sorted(row[1] for row in rows)
    lowest, median, highest = bare_figures[0], bare_figures[len(rows) // 2], bare_figures[-1]
    lines = [
        f"Bare Flask page: {median:,.0f} requests/s (median of the {len(rows)} rows, "
        f"{lowest:,.0f} to {highest:,.0f}; "
        f"{WORKERS} workers × 8 threads, {CONNECTIONS} connections, {DURATION} per page and size "
        f"in {ROUNDS} alternating turns). The bare page takes its turns among each row's pages, "
        "and each row's ratios divide by that row's bare figure.\n",
        "As served (`make run`: the page cache on, so a page asked for again unchanged comes "
        "from the worker's store) and rendered every time (`TEAHOUSE_PAGE_CACHE_BYTES=0`: what "
        "the first view after any change costs). The login page and a guest's invitation "
        "opened without a cookie (every request of that row) are rendered once per minute (the "
        "invitation also once per data generation) and shared by every visitor without a "
        "cookie, each visitor's own new CSRF token written in; rendered every time, they cost "
        "what a guest's very first visit costs.\n",
        "| page | bare: req/s | as served: sample ÷ bare | large ÷ bare | large ÷ sample (time) "
        "| rendered: sample ÷ bare | large ÷ bare | large ÷ sample (time) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, bare_rps, small_rps, large_rps, small_drawn, large_drawn in rows:
        lines.append(
            f"| {name} | {bare_rps:,.0f} | {small_rps / bare_rps:.2f} | "
            f"{large_rps / bare_rps:.2f} | {small_rps / large_rps:.2f}× | "
            f"{small_drawn / bare_rps:.2f} | {large_drawn / bare_rps:.2f} | "
            f"{small_drawn / large_drawn:.2f}× |"
        )
    coming_small, coming_large = small["tally"], large["tally"]
    lines.append(
        f"\nParty page: {party_small / 1024:.0f} KB with 40 guests ({coming_small.yes} people "
        f"coming, {coming_small.pending} not answered), {party_large / 1024:.0f} KB with 1,000 "
        f"guests ({coming_large.yes} people coming, {coming_large.pending} not answered) "
        f"({party_large / party_small:.1f}×).  "
        f"\nDashboard over the wire: {dash_plain / 1024:.1f} KB plain, {dash_gzip / 1024:.1f} KB "
        f"gzip, {dash_br / 1024:.1f} KB brotli; CSS and images carry a content fingerprint and "
        "`Cache-Control: public, max-age=31536000, immutable`.  "
        f"\nLargest worker RSS after the load at the large size: {rss:.0f} MiB.  "
        f"\n8 simultaneous sign-ins at the large size: {login_errors} errors; peak worker RSS "
        f"{login_peak:.0f} MiB (at most 2 scrypt computations of 32 MiB at once per worker).  "
        f"\nWorkers that died during the run: {len(died) or 'none'}."
    )
    lines += [f"    {line}" for line in died]
    return "\n".join(lines)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"Load before the run: `{load}`.\n")
    print("### On SQLite (a file per instance, WAL)\n")
    print(run_on(None))
    print("\n### On PostgreSQL\n")
    given = os.environ.get(DATABASE_URL_VARIABLE)
    with contextlib.nullcontext(given) if given else throwaway_postgres() as url:
        if url is None:
            print("Not run: PostgreSQL is not installed and BENCH_DATABASE_URL is not set.")
        else:
            version = subprocess.run(
                ["psql", url, "-Atc", "show server_version"], capture_output=True, text=True
            ).stdout.strip()
            how = "named by BENCH_DATABASE_URL" if given else "from .ci/start-postgres, fsync off"
            print(f"PostgreSQL {version or '(version unknown)'} on loopback ({how}).\n")
            print(run_on(url))


if __name__ == "__main__":
    run_and_record(main, SECTION, "bench/pages_load.py", __doc__)
