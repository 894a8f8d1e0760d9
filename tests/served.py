"""Teahouse over real HTTP: a free port on loopback, a cookie-keeping client for a live server,
and gunicorn with several worker processes, as a deployment runs it."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tests.helpers.client import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


class HttpSession:
    """A real HTTP client with cookies, for concurrent requests against the live server."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_at_once(self, path, data, times=4) -> list[int]:
        """The same form sent `times` times at the same moment (a double click, a resent
        request): each sender waits at a barrier, then all post. Their statuses, in order."""
        together = threading.Barrier(times)

        def press(_):
            together.wait()
            return self.post(path, data)[0]

        with ThreadPoolExecutor(max_workers=times) as pool:
            return list(pool.map(press, range(times)))

    def token(self, path):
        return _CSRF.search(self.get(path)[1]).group(1)

    def login(self, email="host@example.com", password=PASSWORD):
        status, _ = self.post(
            "/login", {"email": email, "password": password, "csrf_token": self.token("/login")}
        )
        assert status == 302
        return self


class Served:
    def __init__(self, base_url: str, access_log: Path):
        self.base_url = base_url
        self.access_log = access_log

    def attempt_login(self, address: str, email: str, password: str) -> int:
        """One visitor at `address` (as the proxy reports it) loads /login and signs in."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        headers = {"X-Forwarded-For": address}
        page = opener.open(urllib.request.Request(self.base_url + "/login", headers=headers))
        token = _CSRF.search(page.read().decode()).group(1)
        body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        request = urllib.request.Request(
            self.base_url + "/login", data=body.encode(), headers=headers
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def attempt_at_once(self, attempts) -> list[int]:
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda a: self.attempt_login(*a), attempts))

    def worker_pids(self) -> set[str]:
        lines = self.access_log.read_text().splitlines()
        return {line.split()[0] for line in lines if "POST /login" in line}


@contextmanager
def gunicorn(instance_path: Path, workers: int, **settings: str):
    """Serve the instance at `instance_path` (already migrated) until the block ends."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, TEAHOUSE_INSTANCE_PATH=str(instance_path), TEAHOUSE_SECRET_KEY="t")
    env.pop("TEAHOUSE_DATABASE_URL", None)
    env.update({f"TEAHOUSE_{key}": value for key, value in settings.items()})
    port = free_port()
    access_log = instance_path / "access.log"
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "2",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(r)s %(s)s",
            "teahouse:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield Served(base_url, access_log)
    finally:
        server.terminate()
        server.wait(timeout=20)
