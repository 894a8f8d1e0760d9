"""Installed Teahouse serves its templates and static files, editable or from a wheel,
and the production server (gunicorn) serves it as `make run` does."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import teahouse
from bench.common import GUNICORN_CONFIG
from tests.served import free_port

REPO = Path(__file__).resolve().parent.parent

RENDER_PAGES = """
import sys, tempfile, teahouse
app = teahouse.create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
client = app.test_client()
page = client.get("/no-such-page")
css = client.get("/static/css/teahouse.css")
assert page.status_code == 404 and "There is nothing here" in page.get_data(as_text=True)
assert css.status_code == 200 and b"--leaf" in css.data
print(teahouse.__file__)
"""


def _render_pages(env: dict, folder) -> str:
    """Run RENDER_PAGES in a fresh interpreter; returns the teahouse it imported."""
    result = subprocess.run(
        [sys.executable, "-c", RENDER_PAGES],
        env=env,
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_editable_install_serves_templates_and_static(tmp_path):
    env = dict(os.environ, TEAHOUSE_INSTANCE_PATH=str(tmp_path))
    assert _render_pages(env, tmp_path) == str(REPO / "teahouse" / "__init__.py")


@pytest.mark.slow
def test_wheel_install_serves_templates_and_static(tmp_path):
    """Build the wheel, install it into a folder of its own, and render from there."""
    wheel_dir = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:  # hatchling missing from the venv: build in isolation instead
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheel_dir), str(REPO)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert build.returncode == 0, build.stderr
    [wheel] = wheel_dir.glob("teahouse-*.whl")
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert (target / "teahouse" / "templates" / "base.html").is_file()
    assert (target / "teahouse" / "static" / "css" / "teahouse.css").is_file()
    assert (target / "teahouse" / "migrations" / "env.py").is_file()
    assert (target / "teahouse" / "data" / "sample_collection.json").is_file()
    env = dict(os.environ, PYTHONPATH=str(target), TEAHOUSE_INSTANCE_PATH=str(tmp_path / "inst"))
    assert _render_pages(env, tmp_path) == str(target / "teahouse" / "__init__.py")


def test_make_run_and_the_benchmarks_start_gunicorn_with_its_settings():
    run_recipe = (REPO / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert " ".join(GUNICORN_CONFIG) in run_recipe


def test_gunicorn_serves_a_migrated_instance(tmp_path):
    """What `make run` does: migrate, then serve with the production WSGI server."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, TEAHOUSE_INSTANCE_PATH=str(tmp_path))
    env.pop("TEAHOUSE_DATABASE_URL", None)
    subprocess.run(
        [str(bin_dir / "flask"), "--app", "teahouse", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            *GUNICORN_CONFIG,
            "--log-level",
            "info",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "teahouse:create_app()",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
                    server_header = r.headers["Server"]
                break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status":"ok"}\n'
        assert server_header.startswith("gunicorn")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            assert response.url.endswith("/setup")
            assert "Welcome to Teahouse" in response.read().decode()
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0].decode()
    assert (tmp_path / "teahouse.sqlite3").is_file()
    # The worker froze the loaded app (teahouse/serving.py): tens of thousands of objects.
    frozen = re.search(r"Froze (\d+) objects of the loaded app", log)
    assert frozen and int(frozen.group(1)) > 20_000, log
    assert teahouse.__file__  # the package under test is the repository's
