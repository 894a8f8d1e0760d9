"""Fixtures after flaskr's conftest: one app for the session, a fresh SQLite database per test."""

import shutil
import sqlite3
import threading
from contextlib import closing, contextmanager
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import inspect, select
from werkzeug.serving import make_server

from teahouse import config as default_config
from teahouse import pagecache, throttle
from teahouse.extensions import db
from teahouse.models import User
from teahouse.stock import ledger, rollups
from tests.helpers.client import add_host, login, make_app
from tests.served import free_port


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """One database built by the real migrations; each test starts from a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    app = make_app(folder)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return folder / "teahouse.sqlite3"


@pytest.fixture(scope="session")
def sampled_db(tmp_path_factory, migrated_db):
    """The migrated database with the default host and the sample, loaded once per run."""
    folder = tmp_path_factory.mktemp("sampled")
    shutil.copy(migrated_db, folder / "teahouse.sqlite3")
    app = make_app(folder)
    add_host(app, sample=True)
    with app.app_context():
        db.engine.dispose()
    return folder / "teahouse.sqlite3"


@pytest.fixture(scope="session")
def shared(tmp_path_factory, migrated_db):
    """The one app most tests share; its database file is restored from a template per test."""
    folder = tmp_path_factory.mktemp("shared")
    shutil.copy(migrated_db, folder / "teahouse.sqlite3")
    app = make_app(folder)
    return app


def _restore(template, database):
    """Make `database` a page-for-page copy of `template` through SQLite's backup API.

    The backup writes through SQLite's own locking and journal (WAL here), so it is safe even
    if a connection to `database` were still open; copying the file over it would not be.
    """
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(database)) as copy:
        source.backup(copy)


@contextmanager
def _borrowed(shared, tmp_path, template):
    """The shared app on a fresh copy of `template`, put back as it was when the test ends.

    At the end the app gets back
    its configuration, what it keeps in app.extensions (such as "a host exists"), any attribute
    a test set on it (say static_folder), whether templates reload, and its instance folder
    (each test has its own, for posters and cards).
    """
    app = shared
    with app.app_context():
        _restore(template, db.engine.url.database)
    attributes = dict(vars(app))
    config, extensions = dict(app.config), dict(app.extensions)
    auto_reload = app.jinja_env.auto_reload
    app.instance_path = str(tmp_path)
    try:
        yield app
    finally:
        for name, value in attributes.items():
            if getattr(app, name, None) is not value:
                setattr(app, name, value)
        app.config.clear()
        app.config.update(config)
        app.extensions.clear()
        app.extensions.update(extensions)
        app.jinja_env.auto_reload = auto_reload


@pytest.fixture
def app(request, shared, tmp_path, migrated_db, monkeypatch):
    """The session's shared app on a fresh database: the migrated one, or the sample for
    sample_host. (A test that needs an app of its own asks for app_with.)"""
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    # A test with the sample_host starts from a copy of the sample, not by loading it again.
    template = (
        request.getfixturevalue("sampled_db")
        if "sample_host" in request.fixturenames
        else migrated_db
    )
    with _borrowed(shared, tmp_path, template) as application:
        if request.node.get_closest_marker("production_password_hash"):
            application.config["PASSWORD_HASH_METHOD"] = default_config.PASSWORD_HASH_METHOD
        application.extensions[throttle.EXTENSION].reset()  # a memory:// store's counts
        application.extensions[pagecache.EXTENSION].clear()
        yield application
        with application.app_context():
            # Whatever the test did, every tea's running total still equals the sum of its ledger.
            try:
                if inspect(db.engine).has_table("teas"):
                    assert ledger.mismatches() == []
                if inspect(db.engine).has_table("tea_purchase_totals"):
                    assert rollups.mismatches() == []  # the dashboard's rollups too
            finally:
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def app_with(tmp_path, migrated_db):
    """Build an app of the test's own with more configuration (mail, throttling, proxies, error
    pages...) on a fresh migrated database in tmp_path; calling it again opens the same file,
    as a second worker would. Each ends, like `app`, with the stock totals checked."""
    built = []

    def build(**config):
        if not built:
            shutil.copy(migrated_db, tmp_path / "teahouse.sqlite3")
        built.append(make_app(tmp_path, **config))
        return built[-1]

    yield build
    for application in built:
        with application.app_context():
            try:
                assert ledger.mismatches() == []
                assert rollups.mismatches() == []
            finally:
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def host(app, client):
    """A signed-in host with an empty collection; returns the user id."""
    user_id = add_host(app)
    response = login(client)
    assert response.status_code == 302
    return user_id


@pytest.fixture
def sample_host(app, client):
    """A signed-in host with the 40-tea sample collection (the app starts from sampled_db)."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "host@example.com"))
    assert login(client).status_code == 302
    return user_id


@pytest.fixture
def live_server(app):
    """The test's app on a file-backed database, served by a threaded WSGI server on loopback."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


# Email through a real SMTP server on loopback (aiosmtpd).
class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default))
        )
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def mail_app(app_with, smtp):
    """An app of its own that sends mail to the smtp fixture's server."""
    port, _ = smtp
    return app_with(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_DEFAULT_SENDER="Teahouse <tea@example.com>",
    )
