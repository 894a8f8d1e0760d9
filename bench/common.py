"""What the benchmarks share: a fresh instance and database, gunicorn serving as `make run`
does, a signed-in host's cookie, and wrk's figures read from its output."""

import contextlib
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from teahouse import create_app, normalise_database_url
from teahouse.auth.services import create_user
from teahouse.extensions import db

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The first of the ports the benchmarks that serve on fixed ports use, so that runs side by
# side (several checkouts on one machine) do not collide.
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "5130"))
# A PostgreSQL server (postgresql://user@host:port/db) to run on instead of an SQLite file:
# each fresh instance gets a new database of its own on that server.
DATABASE_URL_VARIABLE = "BENCH_DATABASE_URL"
EMAIL, PASSWORD = "bench@example.com", "benchmark password"
# glibc's malloc arenas per process, as `make run` sets them (see the Makefile).
MALLOC_ARENA_MAX = "2"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def ports(count: int = 10):
    return iter(range(PORT_BASE, PORT_BASE + count))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_database(server_url: str) -> str:
    """A new, empty database on the PostgreSQL server at `server_url`; its URL."""
    url = make_url(normalise_database_url(server_url))
    name = f"teahouse_bench_{secrets.token_hex(4)}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def fresh_app(database_url: str | None = None):
    """A new instance folder, migrated: an SQLite file in it, or with `database_url` (a
    PostgreSQL server) a new database there. The folder is left in TEAHOUSE_INSTANCE_PATH."""
    folder = tempfile.mkdtemp(prefix="teahouse-bench-")
    os.environ["TEAHOUSE_INSTANCE_PATH"] = folder
    config = {"SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
    if database_url:
        config["DATABASE_URL"] = new_database(database_url)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def server_env(app, **extra) -> dict:
    """The environment a gunicorn serving `app`'s instance and database needs. A worker that
    crashes in C code (a segfault) writes its Python stack to the server's stderr."""
    env = dict(
        os.environ,
        TEAHOUSE_INSTANCE_PATH=app.instance_path,
        TEAHOUSE_SECRET_KEY="bench",
        PYTHONFAULTHANDLER="1",
    )
    if app.config.get("DATABASE_URL"):
        env["TEAHOUSE_DATABASE_URL"] = app.config["DATABASE_URL"]
    return env | extra


def add_user(app, email=EMAIL, password=PASSWORD):
    with app.app_context():
        user = create_user(email, "Bench", password)
        db.session.commit()
        return user.id


def login(client, email=EMAIL, password=PASSWORD):
    """Sign in through a Flask test client."""
    page = client.get("/login").get_data(as_text=True)
    token = _CSRF.search(page).group(1)
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code


def sign_in(base: str, email=EMAIL, password=PASSWORD) -> str:
    """Sign in over HTTP like a browser; returns the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = _CSRF.search(page).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    opener.open(base + "/login", form.encode())
    return next(c.value for c in jar if c.name == "session")


# As `make run`: the worker freezes what the loaded app holds (teahouse/serving.py).
GUNICORN_CONFIG = ("--config", "python:teahouse.serving")


def serve(
    target: str,
    env: dict,
    port: int,
    workers: int = 1,
    threads: int = 8,
    chdir: Path | None = None,
    log: Path | None = None,
) -> subprocess.Popen:
    """gunicorn serving `target` (module:app) on loopback as `make run` does; returns once the
    port accepts connections. With `log`, its stderr (warnings, a worker's crash) goes there."""
    command = [str(BIN / "gunicorn"), *GUNICORN_CONFIG, "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers)]
    command += ["--threads", str(threads), "--log-level", "warning"]
    if chdir:
        command += ["--chdir", str(chdir)]
    stderr = open(log, "w") if log else None  # noqa: SIM115 (closed with the process)
    env = {"MALLOC_ARENA_MAX": MALLOC_ARENA_MAX} | env  # as the Makefile's `make run`
    server = subprocess.Popen([*command, target], env=env, stderr=stderr)
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("server did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def wrk(
    url: str,
    connections: int,
    duration: str,
    headers: dict | None = None,
    paths: list[str] | None = None,
) -> dict:
    """Load `url` with wrk from loopback; its figures (requests, rps, p50_ms, p95_ms, p99_ms,
    errors: failed connections and non-2xx/3xx answers). With `paths`, the requests go round
    those paths of `url`'s server."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(ROOT / "bench" / "rsvp_report.lua"), url]
    if paths:
        command += ["--", *paths]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = dict(re.findall(r"(\w+)=([\d.]+)", out.split("RESULT", 1)[1]))
    return {
        name: int(float(value)) if name in ("requests", "errors") else float(value)
        for name, value in figures.items()
    }


def crashes(log: Path) -> list[str]:
    """Lines of a server's log that tell of a worker that died (a signal, a fatal error)."""
    if not log.exists():
        return []
    words = ("SIGSEGV", "SIGABRT", "SIGKILL", "Fatal Python error", "Segmentation fault", "exited")
    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if any(word in line for word in words)]


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL server for the run, from .ci/start-postgres, stopped and removed at the
    end; its URL. None where PostgreSQL is not installed."""
    started = subprocess.run(
        ["bash", str(ROOT / ".ci" / "start-postgres")], capture_output=True, text=True
    )
    if started.returncode != 0:
        yield None
        return
    url, data_dir = started.stdout.split()[:2]
    try:
        yield url
    finally:
        pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
        command = f"{pg_ctl} -D {data_dir} -m fast stop >/dev/null"
        if os.geteuid() == 0:
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=False)
        else:
            subprocess.run(["sh", "-c", command], check=False)
        shutil.rmtree(Path(data_dir).parent, ignore_errors=True)


def write_section(heading: str, body: str) -> None:
    """Put `body` under `heading` in BENCHMARKS.md: in place of that section, or at the end."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"{heading}\n\n{body.strip()}\n"
    pattern = re.compile(re.escape(heading) + r"\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _: section, current)
    else:
        current = current.rstrip("\n") + "\n\n" + section
    path.write_text(current, encoding="utf-8")


def run_and_record(main, heading: str, script: str, doc: str) -> None:
    """Run a benchmark's `main`, print what it prints, and put it in its section of
    BENCHMARKS.md after the script's description (the second paragraph of `doc`) and its
    command. BENCH_WRITE=0 prints only."""
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        main()
    print(captured.getvalue())
    if os.environ.get("BENCH_WRITE", "1") == "1":
        description = doc.split("\n\n")[1]
        write_section(
            heading,
            f"{description}\n\nCommand: `.venv/bin/python {script}`\n\n{captured.getvalue()}",
        )
