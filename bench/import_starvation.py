"""Benchmark: guests answer and the host restocks while a 100,000-row CSV import runs.

gunicorn serves Teahouse as `make run` does; `flask import` imports 100,000 teas from a second
process into the same SQLite database; meanwhile six guests keep changing their answers and the
host keeps restocking, over HTTP. Every request must succeed: an answer or restock that fails
("database is locked") is lost. Run with `make bench` (or
`.venv/bin/python bench/import_starvation.py`).
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import BIN, add_user, free_port, fresh_app, serve, server_env, stop  # noqa: E402
from bench.import_export import make_csv  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import Guest, Invitation, Party, Tea  # noqa: E402

ROWS = 100_000
GUESTS = 6
EMAIL, PASSWORD = "bench@example.com", "benchmark password"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _Browser:
    """One person's HTTP client with cookies; redirects are answers, not followed."""

    class _Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._Stay()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, page: str, path: str, data: dict) -> int:
        status, html = self.request(page)
        token = _CSRF.search(html) if status == 200 else None
        if token is None:
            return status if status >= 400 else 599
        return self.request(path, data | {"csrf_token": token.group(1)})[0]


def populate(app, user_id: int) -> tuple[list[str], int]:
    """A party with six invited guests, and a tea to restock: (invitation tokens, tea id)."""
    with app.app_context():
        start = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=14)
        party = Party(
            owner_id=user_id,
            title="Import day",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            timezone="UTC",
            status="published",
        )
        for n in range(GUESTS):
            party.invitations.append(
                Invitation(owner_id=user_id, guest=Guest(owner_id=user_id, name=f"Guest {n}"))
            )
        tea = Tea(
            owner_id=user_id,
            name="Restocked oolong",
            type="oolong",
            brew_temp_c=95,
            grams_per_100ml=5,
            steep_seconds=[20],
            vessel_ml=100,
        )
        db.session.add_all([party, tea])
        db.session.commit()
        return [i.token for i in party.invitations], tea.id


def signed_in_host(base: str) -> _Browser:
    browser = _Browser(base)
    status = browser.post_form("/login", "/login", {"email": EMAIL, "password": PASSWORD})
    assert status == 302, status
    return browser


def hammer(base: str, tokens: list[str], tea_id: int, host_browser: _Browser, running) -> dict:
    """Guests answer and the host restocks until `running()` is false; counts what failed."""
    tally = {"answers": 0, "answers_lost": 0, "restocks": 0, "restocks_lost": 0, "slowest": 0.0}
    lock = threading.Lock()

    def record(kind: str, status: int, seconds: float):
        with lock:
            tally[kind] += 1
            tally[f"{kind}_lost"] += status != 302
            tally["slowest"] = max(tally["slowest"], seconds)

    def guest(token: str):
        browser, answers = _Browser(base), ("yes", "maybe", "no")
        n = 0
        while running():
            start = time.perf_counter()
            data = {"response": answers[n % 3], "plus_ones": "0"}
            status = browser.post_form(f"/i/{token}", f"/i/{token}", data)
            record("answers", status, time.perf_counter() - start)
            n += 1

    def host():
        browser = host_browser
        while running():
            start = time.perf_counter()
            status = browser.post_form(
                f"/teas/{tea_id}",
                f"/teas/{tea_id}/restock",
                {"restock-grams": "1", "restock-currency": "EUR"},
            )
            record("restocks", status, time.perf_counter() - start)

    threads = [threading.Thread(target=guest, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=host))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def main():
    app = fresh_app()
    add_user(app, EMAIL, PASSWORD)
    with app.app_context():
        user_id = db.session.scalar(db.select(db.text("id")).select_from(db.text("users")))
    tokens, tea_id = populate(app, user_id)
    folder = os.environ["TEAHOUSE_INSTANCE_PATH"]
    env = server_env(app, TEAHOUSE_RATELIMIT_ENABLED="false")
    port = free_port()
    server = serve("teahouse:create_app()", env, port)
    csv_path = Path(tempfile.mkdtemp()) / "teas.csv"
    csv_path.write_text(make_csv(ROWS), encoding="utf-8")
    try:
        base = f"http://127.0.0.1:{port}"
        host = signed_in_host(base)
        started = time.perf_counter()
        importer = subprocess.Popen(
            [str(BIN / "flask"), "--app", "teahouse", "import", "--user", EMAIL, str(csv_path)],
            env=env,
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        tally = hammer(base, tokens, tea_id, host, lambda: importer.poll() is None)
        seconds = time.perf_counter() - started
        said = importer.stdout.read().strip()
        locked = float(re.search(r"at most ([\d.]+) s", said).group(1))
        assert importer.returncode == 0, said
    finally:
        stop(server)
    with app.app_context():
        teas = db.session.scalar(db.select(db.func.count()).select_from(Tea))
    print(f"Import: {said} ({seconds:.1f} s while the guests and the host kept at it)\n")
    print("| during a 100,000-row CSV import | sent | failed (lost) |")
    print("|---|---:|---:|")
    print(f"| guests' answers | {tally['answers']:,} | {tally['answers_lost']} |")
    print(f"| host's restocks | {tally['restocks']:,} | {tally['restocks_lost']} |")
    print(
        f"\nThe import held the write lock for {locked:.1f} s of {seconds:.1f} s (rows are "
        f"checked before it is taken); slowest answer or restock: {tally['slowest']:.1f} s; "
        f"teas afterwards: {teas:,}."
    )


if __name__ == "__main__":
    main()
