"""Benchmark: every host page against a bare Flask page, at the sample's size and at 10,000 teas.

Starts three gunicorn servers with the settings of `make run` (one worker per core, 8 threads):
a bare Flask app rendering a ~5 KB Jinja template (bench/bare), Teahouse with the sample
collection and a 40-guest party, and Teahouse with 10,000 teas, 1,000 guests, 1,000 parties,
10,000 movements and a 1,000-guest party. wrk (Debian's `wrk`) loads each page from loopback
with 8 connections. Only ratios from one run mean anything on a shared machine.

Run: `.venv/bin/python bench/pages_load.py` (rewrites its section of BENCHMARKS.md); BENCH_PORT_BASE
moves its ten ports (default 5130-5139), BENCH_DURATION the time per page (default 5s).
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402
from bench.common import add_user, fresh_app  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Film, Invitation, Tea, User  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = 8
WORKERS = os.cpu_count() or 2
# Ten ports from BENCH_PORT_BASE (default 5130), so that runs side by side do not collide.
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "5130"))
PORTS = iter(range(PORT_BASE, PORT_BASE + 10))
SECTION = "## Pages against a bare Flask page"
EMAIL, PASSWORD = "bench@example.com", "benchmark password"
LOGINS = 8


def build(large: bool) -> tuple[str, dict]:
    """A fresh instance folder with a populated database; returns it and the pages to load."""
    app = fresh_app()
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
    for n in range(LOGINS):  # different people signing in at the same moment
        add_user(app, email=f"login{n}@example.com", password=PASSWORD)
    folder = os.environ["TEAHOUSE_INSTANCE_PATH"]
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
    return folder, {"pages": pages, "rsvp": f"/i/{token}"}


def serve(command: list[str], env: dict, port: int) -> subprocess.Popen:
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            "8",
            "--log-level",
            "warning",
            *command,
        ],
        env=env,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def teahouse_server(folder: str) -> tuple[subprocess.Popen, str]:
    port = next(PORTS)
    env = dict(os.environ, TEAHOUSE_INSTANCE_PATH=folder, TEAHOUSE_SECRET_KEY="bench")
    return serve(["teahouse:create_app()"], env, port), f"http://127.0.0.1:{port}"


def sign_in(base: str) -> str:
    """Sign in like a browser; returns the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    opener.open(base + "/login", form.encode())
    return next(c.value for c in jar if c.name == "session")


def wrk(url: str, cookie: str | None = None) -> float:
    """Requests per second over DURATION; non-2xx answers make the run fail."""
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    for _ in range(2 * WORKERS):  # warm up: every worker has compiled the page's templates
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60).read()
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: session={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


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


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    small_folder, small = build(large=False)
    large_folder, large = build(large=True)
    bare_port = next(PORTS)
    bare = serve(["--chdir", str(ROOT / "bench" / "bare"), "app:app"], dict(os.environ), bare_port)
    servers = [bare]
    try:
        small_server, small_base = teahouse_server(small_folder)
        large_server, large_base = teahouse_server(large_folder)
        servers += [small_server, large_server]
        small_cookie, large_cookie = sign_in(small_base), sign_in(large_base)
        bare_rps = wrk(f"http://127.0.0.1:{bare_port}/")
        rows = []
        for name, path in small["pages"].items():
            small_rps = wrk(small_base + path, small_cookie)
            large_rps = wrk(large_base + large["pages"][name], large_cookie)
            rows.append((name, small_rps, large_rps))
        rows.append(("login page", wrk(small_base + "/login"), wrk(large_base + "/login")))
        rows.append(
            ("guest RSVP page", wrk(small_base + small["rsvp"]), wrk(large_base + large["rsvp"]))
        )
        party_small = size(small_base + small["pages"]["party page"], small_cookie)
        party_large = size(large_base + large["pages"]["party page"], large_cookie)
        dash_plain = size(small_base + "/dashboard", small_cookie)
        dash_br = size(small_base + "/dashboard", small_cookie, "br")
        dash_gzip = size(small_base + "/dashboard", small_cookie, "gzip")
        rss = max(memory_kib(pid, "VmRSS") for pid in worker_pids(large_server)) / 1024
        login_errors, login_peak = simultaneous_logins(large_base, large_server)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)

    print(
        f"Bare Flask page: {bare_rps:,.0f} requests/s ({WORKERS} workers × 8 threads, "
        f"{CONNECTIONS} connections, {DURATION} per page).\n"
    )
    print("| page | sample: req/s | ÷ bare | large: req/s | ÷ bare | large ÷ sample (time) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, small_rps, large_rps in rows:
        print(
            f"| {name} | {small_rps:,.0f} | {small_rps / bare_rps:.2f} | {large_rps:,.0f} | "
            f"{large_rps / bare_rps:.2f} | "
            + (f"{small_rps / large_rps:.2f}× |" if large_rps else "none done |")
        )
    print(
        f"\nParty page: {party_small / 1024:.0f} KB with 40 guests, {party_large / 1024:.0f} KB "
        f"with 1,000 guests ({party_large / party_small:.1f}×).  "
        f"\nDashboard over the wire: {dash_plain / 1024:.1f} KB plain, {dash_gzip / 1024:.1f} KB "
        f"gzip, {dash_br / 1024:.1f} KB brotli; CSS and images carry a content fingerprint and "
        "`Cache-Control: public, max-age=31536000, immutable`.  "
        f"\nLargest worker RSS after the load at the large size: {rss:.0f} MiB.  "
        f"\n8 simultaneous sign-ins at the large size: {login_errors} errors; peak worker RSS "
        f"{login_peak:.0f} MiB (at most 2 scrypt computations of 32 MiB at once per worker)."
    )


def write_section(text: str) -> None:
    """Replace this benchmark's section of BENCHMARKS.md (or add it at the end)."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    about = (
        f"{SECTION}\n\n{__doc__.split(chr(10) + chr(10))[1]}\n\n"
        f"Command: `.venv/bin/python bench/pages_load.py`\n\n{text}\n"
    )
    pattern = re.compile(re.escape(SECTION) + r".*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _: about.rstrip("\n") + "\n", current)
    else:
        current = current.rstrip("\n") + "\n\n" + about
    path.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    import contextlib
    import io

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        main()
    print(captured.getvalue())
    write_section(captured.getvalue())
