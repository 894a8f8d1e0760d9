"""The app and its client: a test app, forms posted with their CSRF token, a signed-in host,
statements counted, an invitation answered, a file uploaded, a file imported."""

import io
import json
import re
from contextlib import contextmanager

from sqlalchemy import event

from teahouse import create_app
from teahouse.auth import services as accounts
from teahouse.extensions import db
from teahouse.sample import load_sample

PASSWORD = "steeped in patience"


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# scrypt at OWASP strength takes about 0.3 s per hash and per login; the suite hashes with one
# round of PBKDF2 instead. Tests marked production_password_hash keep the real method.
FAST_PASSWORD_HASH = "pbkdf2:sha256:1"


def make_app(instance_path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "tests-only-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path}/teahouse.sqlite3",
        "PASSWORD_HASH_METHOD": FAST_PASSWORD_HASH,
    }
    settings.update(config)
    return create_app(settings)


def csrf_token(client, url):
    """The CSRF token of the form on the page at `url`, as a browser would have it."""
    response = client.get(url)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({response.status_code})"
    return match.group(1)


def post_form(client, url, data=None, *, token_from=None, **kwargs):
    """POST a form with the CSRF token taken from the page that shows it."""
    payload = dict(data or {})
    payload["csrf_token"] = csrf_token(client, token_from or url)
    return client.post(url, data=payload, **kwargs)


def add_host(app, email="host@example.com", name="Mei", sample=False, **fields):
    with app.app_context():
        user = accounts.create_user(email, name, PASSWORD, **fields)
        db.session.flush()
        if sample:
            load_sample(user)
        db.session.commit()
        return user.id


def login(client, email="host@example.com", password=PASSWORD):
    return post_form(client, "/login", {"email": email, "password": password})


def field_value(html, name):
    """The value attribute of the input named `name` on a page, as the browser would show it."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block."""
    statements = []

    def _record(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _record)


def answer(client, token, response="yes", plus_ones=0, people=(), token_from=None, **fields):
    data = {
        "response": response,
        "plus_ones": str(plus_ones),
        "csrf_token": csrf_token(client, token_from or f"/i/{token}"),
    }
    for index, person in enumerate(people):
        data[f"people-{index}-name"] = person.get("name", "")
        data[f"people-{index}-dietary_notes"] = person.get("dietary_notes", "")
        if person.get("dietary_tags"):
            data[f"people-{index}-dietary_tags"] = person["dietary_tags"]
    data.update(fields)
    return client.post(f"/i/{token}", data=data)


def upload(client, url, data, poster=None, filename="poster.png"):
    payload = dict(data, csrf_token=csrf_token(client, url))
    if poster is not None:
        payload["poster"] = (io.BytesIO(poster), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


def post_import(client, content, filename="export.json", **fields):
    """Send a file from the import page (/data/) as the host's browser does; `content` is a
    document (sent as JSON), text or bytes, `fields` the page's other choices."""
    if isinstance(content, dict | list):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode()
    data = dict(fields, file=(io.BytesIO(content), filename))
    data["csrf_token"] = csrf_token(client, "/data/")
    return client.post("/data/", data=data, content_type="multipart/form-data")
