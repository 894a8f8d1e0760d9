"""Host accounts: first-run setup, sign-up, login, logout, password, profile."""

import re

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import StockMovement, Tea, User, UserSession
from tests.helpers.client import PASSWORD, add_host, csrf_token, login, post_form

SETUP = {
    "email": "Owner@Example.com",
    "display_name": "Ana",
    "password": "a pot of oolong at dusk",
    "confirm": "a pot of oolong at dusk",
    "timezone": "Europe/Lisbon",
    "load_sample": "y",
}


def _count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.scalar(query)


def test_empty_instance_sends_visitors_to_setup(client):
    assert client.get("/").headers["Location"] == "/setup"
    assert client.get("/login").headers["Location"] == "/setup"
    page = client.get("/setup").get_data(as_text=True)
    assert "Welcome to Teahouse" in page
    assert re.search(r'<input checked id="load_sample" name="load_sample" type="checkbox"', page)


@pytest.mark.production_password_hash
def test_setup_creates_owner_with_sample_collection(app, client):
    response = post_form(client, "/setup", SETUP)
    assert response.status_code == 302
    assert response.headers["Location"] == "/teas/"
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "owner@example.com"
        assert user.timezone == "Europe/Lisbon"
        assert user.password_hash.startswith("scrypt:32768:8:3$")
        assert user.sample_loaded_at is not None
    assert _count(app, Tea) == 40
    assert _count(app, StockMovement, kind="purchase") == 40
    page = client.get("/teas/").get_data(as_text=True)
    assert "40 teas" in page and "Welcome to Teahouse, Ana" in page


def test_setup_without_sample_gives_empty_collection(app, client):
    data = {k: v for k, v in SETUP.items() if k != "load_sample"}
    assert post_form(client, "/setup", data).status_code == 302
    assert _count(app, Tea) == 0
    page = client.get("/teas/").get_data(as_text=True)
    assert "Your collection is empty" in page
    assert "Load the sample collection" in page


def test_setup_is_gone_once_a_host_exists(app, client):
    add_host(app)
    assert client.get("/setup").status_code == 404
    # With a valid CSRF token, so that the 404 is the setup page's own answer.
    data = dict(SETUP, csrf_token=csrf_token(client, "/login"))
    assert client.post("/setup", data=data).status_code == 404
    assert _count(app, User) == 1


def test_setup_rejects_bad_input_and_writes_nothing(app, client):
    bad = dict(
        SETUP,
        email="not-an-email",
        password="password1",
        confirm="password2",
        timezone="Mars/Olympus",
    )
    response = post_form(client, "/setup", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter an email address, such as name@example.com." in page
    assert "one of the most common" in page
    assert "Choose one of the options shown." in page
    assert _count(app, User) == 0


def test_password_rules(app, client):
    for password, message in [
        ("short", "at least 8 characters"),
        ("iloveyou1", "most common"),
        ("x" * 257, "at most 256"),
    ]:
        data = dict(SETUP, password=password, confirm=password)
        page = post_form(client, "/setup", data).get_data(as_text=True)
        assert message in page, password
    long_password = "tea " * 32  # 128 characters are accepted
    data = dict(SETUP, password=long_password, confirm=long_password)
    assert post_form(client, "/setup", data).status_code == 302


def test_login_with_email_and_password_fields(app, client):
    add_host(app)
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    response = login(client, email="HOST@example.com ")
    assert response.status_code == 302 and response.headers["Location"] == "/teas/"
    assert client.get("/teas/").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part(app, client):
    add_host(app)
    for email in ("host@example.com", "nobody@example.com"):
        response = login(client, email=email, password="wrong password!")
        assert response.status_code == 200
        assert "The email or the password is wrong." in response.get_data(as_text=True)
    assert client.get("/teas/").status_code == 302


def test_login_is_throttled_with_a_friendly_429(app, client):
    add_host(app)
    for _ in range(5):
        assert login(client, password="not it at all").status_code == 200
    response = login(client, password=PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page and "Traceback" not in page


def test_successful_logins_do_not_count_against_the_limit(app, client):
    add_host(app)
    for _ in range(7):
        assert login(client).status_code == 302
        post_form(client, "/logout", token_from="/teas/")


def test_login_starts_a_new_session(app, client):
    add_host(app)
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"]


def test_logout_ends_the_session_for_a_replayed_cookie(app, client):
    add_host(app)
    login(client)
    with client.session_transaction() as session:
        stolen = dict(session)
    response = post_form(client, "/logout", token_from="/teas/")
    assert response.headers["Location"] == "/login"
    assert _count(app, UserSession) == 0
    with client.session_transaction() as session:
        session.update(stolen)  # replay the cookie from before logout
    response = client.get("/teas/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_needs_post(app, client, host):
    assert client.get("/logout").status_code == 405
    assert client.get("/teas/").status_code == 200


def test_password_change_ends_other_sessions(app, client, host):
    other_browser = app.test_client()
    assert login(other_browser).status_code == 302
    new = "green tea and biscuits"
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert client.get("/teas/").status_code == 200  # this browser stays signed in
    assert other_browser.get("/teas/").status_code == 302  # the other one is out
    fresh = app.test_client()
    assert login(fresh, password=PASSWORD).status_code == 200
    assert login(fresh, password=new).status_code == 302


def test_password_change_needs_the_current_password(app, client, host):
    new = "green tea and biscuits"
    response = post_form(
        client,
        "/account/password",
        {"current_password": "nope nope", "password": new, "confirm": new},
    )
    assert "That is not your current password." in response.get_data(as_text=True)
    assert login(app.test_client()).status_code == 302


def test_next_only_follows_local_paths(app, client):
    add_host(app)
    for target, expected in [
        ("/teas/new", "/teas/new"),
        ("https://evil.example/", "/teas/"),
        ("//evil.example/", "/teas/"),
        ("/\\evil.example", "/teas/"),
    ]:
        fresh = app.test_client()
        token = csrf_token(fresh, "/login")
        response = fresh.post(
            "/login",
            query_string={"next": target},
            data={"email": "host@example.com", "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == expected, target


def test_pages_need_login(client, app):
    add_host(app)
    response = client.get("/teas/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_signup_is_closed_by_default(app, client):
    add_host(app)
    assert client.get("/signup").status_code == 404


def test_signup_when_allowed(app_with, monkeypatch):
    app = app_with(ALLOW_SIGNUP=True)
    add_host(app)
    client = app.test_client()
    assert "Create a host account" in client.get("/login").get_data(as_text=True)
    data = dict(SETUP, email="second@example.com")
    data.pop("load_sample")
    fresh = post_form(client, "/signup", data)
    assert fresh.status_code == 302 and fresh.headers["Location"] == "/login"
    assert _count(app, User) == 2
    # A taken email gets the very same answer: sign-up does not tell who has an account here.
    taken_client = app.test_client()
    taken = post_form(taken_client, "/signup", dict(data, email="host@example.com"))
    assert (taken.status_code, taken.headers["Location"]) == (302, "/login")
    assert _count(app, User) == 2
    pages = [c.get("/login").get_data(as_text=True) for c in (client, taken_client)]
    assert "If no account used that email yet, it is ready" in pages[0]
    assert _flash(pages[0]) == _flash(pages[1])
    assert login(client, email="second@example.com", password=data["password"]).status_code == 302
    assert login(taken_client, password=data["password"]).status_code == 200  # not the owner's


def _flash(page):
    return re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)


def test_profile_changes_name_timezone_and_unit(app, client, host):
    response = post_form(
        client,
        "/account",
        {
            "display_name": "Mei Lin",
            "timezone": "America/New_York",
            "temperature_unit": "F",
            "low_stock_grams": "40",
            "currency": "usd",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, host)
        assert (user.display_name, user.timezone, user.temperature_unit) == (
            "Mei Lin",
            "America/New_York",
            "F",
        )
    bad = post_form(
        client,
        "/account",
        {
            "display_name": "",
            "timezone": "Nowhere/City",
            "temperature_unit": "K",
            "low_stock_grams": "-3",
            "currency": "€",
        },
    )
    page = bad.get_data(as_text=True)
    assert "Fill this in." in page
    assert "Choose one of the options shown." in page
    assert "A tea runs low at 0 to 100,000 grams." in page and "three-letter code" in page
    with app.app_context():
        assert db.session.get(User, host).display_name == "Mei Lin"
