"""Sign-in attempts from an address, for the throttling tests."""

from tests.helpers.client import csrf_token

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}


OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def client_at(app, environ=None):
    client = app.test_client()
    client.environ_base.update(environ or {})
    return client


def attempt_login(client, email="host@example.com", password="not the password", **kwargs):
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs
    )
