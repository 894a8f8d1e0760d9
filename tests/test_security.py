"""Security requirements: headers, CSRF, cookies, size cap, error pages."""

import re

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.client import PASSWORD, add_host, csrf_token, make_app, post_form


@pytest.mark.parametrize("url", ["/login", "/healthz", "/static/css/teahouse.css", "/nowhere"])
def test_security_headers_on_every_response(app, client, url):
    add_host(app)
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_templates_have_no_inline_script_or_style(app, sample_host, client):
    tea_id = 1
    for url in ("/teas/", f"/teas/{tea_id}", "/teas/new", f"/teas/{tea_id}/edit", "/account"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\s(style|on[a-z]+)=", page), url
        assert "<style" not in page, url


def test_post_without_csrf_token_is_refused_and_changes_nothing(app, client, host):
    response = client.post("/teas/new", data={"name": "Sneaky", "type": "green"})
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)
    response = client.post(
        "/teas/new", data={"name": "Sneaky", "type": "green", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0


def test_login_form_needs_csrf_too(app, client):
    add_host(app)
    response = client.post("/login", data={"email": "host@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_session_cookie_flags(app, client):
    add_host(app)
    post_form(client, "/login", {"email": "host@example.com", "password": PASSWORD})
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure


def test_https_setting_makes_cookies_secure_and_sends_hsts(tmp_path):
    app = make_app(tmp_path, HTTPS=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.test_request_context():
        response = app.test_client().get("/static/css/teahouse.css", base_url="https://localhost")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_request_size_is_capped(app, client, host):
    token = csrf_token(client, "/teas/new")
    response = client.post(
        "/teas/new", data={"csrf_token": token, "name": "x", "notes": "n" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "larger than Teahouse accepts" in response.get_data(as_text=True)


def test_error_pages_are_friendly_and_hide_tracebacks(app_with):
    app = app_with(TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "There is nothing here" in missing.get_data(as_text=True)
    assert client.post("/healthz").status_code == 405


def test_healthz_checks_the_database(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "error"


@pytest.mark.production_password_hash
def test_password_hash_is_owasp_strength(app):
    add_host(app)
    from teahouse.models import User

    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("scrypt:32768:8:3$")
    assert PASSWORD not in stored
