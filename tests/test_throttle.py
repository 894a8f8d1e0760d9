"""Throttling of sign-in (ASVS V2.2): per account-and-address and per address, in a shared store."""

import subprocess
import time

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import ThrottleCounter
from teahouse.throttle import DatabaseStorage
from tests.helpers.client import PASSWORD, add_host, csrf_token
from tests.helpers.sign_in_attempts import ATTACKER, OWNER, attempt_login, client_at
from tests.served import gunicorn


def test_attacker_elsewhere_cannot_lock_the_owner_out(app):
    add_host(app)
    attacker = client_at(app, ATTACKER)
    statuses = [attempt_login(attacker).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = attempt_login(attacker, password=PASSWORD)  # even the right password, from there
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many attempts" in refused.get_data(as_text=True)

    owner = client_at(app, OWNER)
    assert attempt_login(owner, password=PASSWORD).status_code == 302


def test_the_owners_typos_are_forgotten_after_a_good_sign_in(app):
    add_host(app)
    owner = client_at(app, OWNER)
    for _ in range(4):
        assert attempt_login(owner).status_code == 200
    assert attempt_login(owner, password=PASSWORD).status_code == 302
    owner.post("/logout", data={"csrf_token": csrf_token(owner, "/teas/")})
    for _ in range(4):
        assert attempt_login(owner).status_code == 200  # a fresh count, not 4 + 4


def test_one_address_cannot_try_many_accounts(app_with):
    app = app_with(LOGIN_ADDRESS_LIMIT="8 per 15 minutes")
    add_host(app)
    attacker = client_at(app, ATTACKER)
    statuses = [
        attempt_login(attacker, email=f"guess{n}@example.com").status_code for n in range(10)
    ]
    assert statuses == [200] * 8 + [429] * 2
    assert attempt_login(client_at(app, OWNER), password=PASSWORD).status_code == 302


def test_counts_live_in_the_database_that_every_process_shares(app_with):
    app = app_with()
    add_host(app)
    attempt_login(client_at(app, ATTACKER))
    with app.app_context():
        rows = db.session.scalars(select(ThrottleCounter)).all()
        assert sorted(row.hits for row in rows) == [1, 1]  # the address, the account there
        assert not any("host@example.com" in row.key for row in rows)  # a digest, no address book
    # A second app on the same database file stands for a second worker process.
    other_process = app_with()
    for _ in range(4):
        assert attempt_login(client_at(other_process, ATTACKER)).status_code == 200
    assert attempt_login(client_at(app, ATTACKER)).status_code == 429


def test_database_storage_windows_expire(app, monkeypatch):
    storage = DatabaseStorage("database://")
    now = [1_000_000.0]
    monkeypatch.setattr("teahouse.throttle.time.time", lambda: now[0])
    with app.app_context():
        assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.get("k") == 3 and storage.get_expiry("k") == now[0] + 60
        now[0] += 61
        assert storage.get("k") == 0
        assert storage.incr("k", 60) == 1  # a fresh window
        storage.incr("other", 60)
        storage.clear("k")
        assert storage.get("k") == 0 and storage.get("other") == 1
        assert storage.reset() == 1 and storage.check()
        assert db.session.scalar(select(func.count()).select_from(ThrottleCounter)) == 0


def test_forwarded_for_is_ignored_without_proxy_hops(app):
    add_host(app)
    for n in range(5):
        spoofed = {"X-Forwarded-For": f"192.0.2.{n}"}
        assert attempt_login(client_at(app, ATTACKER), headers=spoofed).status_code == 200
    spoofed = {"X-Forwarded-For": "192.0.2.99"}
    assert attempt_login(client_at(app, ATTACKER), headers=spoofed).status_code == 429


def test_proxy_hops_take_the_client_address_from_the_proxy(app_with):
    app = app_with(PROXY_HOPS=1)
    add_host(app)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    https = {"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"}
    attacker = {"X-Forwarded-For": "203.0.113.9", **https}
    for _ in range(5):
        assert attempt_login(client_at(app, proxy), headers=attacker).status_code == 200
    assert attempt_login(client_at(app, proxy), headers=attacker).status_code == 429
    owner = {"X-Forwarded-For": "198.51.100.7", **https}
    client = client_at(app, proxy)
    response = attempt_login(client, password=PASSWORD, headers=owner)
    assert response.status_code == 302


def test_password_change_is_throttled_per_account(app, client, host):
    token = csrf_token(client, "/account/password")
    data = {
        "csrf_token": token,
        "current_password": "a wrong guess here",
        "password": "another long passphrase",
        "confirm": "another long passphrase",
    }
    statuses = [client.post("/account/password", data=data).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_guesses_in_one_browser_leave_the_owner_free_to_change_the_password_in_another(
    app, client, host
):
    wrong = {"current_password": "a wrong guess here", "password": "x" * 20, "confirm": "x" * 20}
    token = csrf_token(client, "/account/password")
    statuses = [
        client.post("/account/password", data={**wrong, "csrf_token": token}).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429
    owner = app.test_client()
    attempt_login(owner, password=PASSWORD)
    token = csrf_token(owner, "/account/password")
    change = {
        "current_password": PASSWORD,
        "password": "a brand new passphrase",
        "csrf_token": token,
    }
    response = owner.post("/account/password", data={**change, "confirm": change["password"]})
    assert response.status_code == 302
    assert "Password changed" in owner.get(response.location).get_data(as_text=True)
    assert client.get("/account/password").status_code == 302  # the guessing browser is out


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on a free loopback port (Debian package redis-server)."""
    from tests.served import free_port

    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def test_redis_store_when_one_is_named(app_with, redis_url):
    app = app_with(RATELIMIT_STORAGE_URI=redis_url)
    add_host(app)
    statuses = [attempt_login(client_at(app, ATTACKER)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    with app.app_context():  # nothing went to the database
        assert db.session.scalar(select(func.count()).select_from(ThrottleCounter)) == 0
    assert attempt_login(client_at(app, OWNER), password=PASSWORD).status_code == 302


def test_an_unreachable_store_answers_503_not_500(app_with):
    from tests.served import free_port

    app = app_with(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}")
    add_host(app)
    response = attempt_login(app.test_client())
    assert response.status_code == 503 and "Retry-After" in response.headers


def test_limits_are_exact_across_four_gunicorn_workers(app_with, tmp_path):
    """The issue's measure: 4 worker processes, attempts sent at once, the count stays exact."""
    add_host(app_with())
    # Each counted attempt checks a password with scrypt: smaller limits keep the test short.
    settings = {"PROXY_HOPS": "1", "LOGIN_ADDRESS_LIMIT": "10 per 15 minutes"}
    with gunicorn(tmp_path, workers=4, **settings) as server:
        attempts = [("203.0.113.9", "host@example.com", "wrong")] * 16
        statuses = server.attempt_at_once(attempts)
        assert sorted(statuses) == [200] * 5 + [429] * 11

        sprayed = [("192.0.2.1", f"guess{n}@example.com", "wrong") for n in range(16)]
        statuses = server.attempt_at_once(sprayed)
        assert sorted(statuses) == [200] * 10 + [429] * 6

        assert server.attempt_at_once([("198.51.100.7", "host@example.com", PASSWORD)]) == [302]
        assert len(server.worker_pids()) >= 2  # the attempts really went to several processes
    print("\nthrottle across 4 workers: 16 attempts at once -> 5 let through; 16 sprayed -> 10")
