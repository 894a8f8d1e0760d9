"""The same Teahouse on PostgreSQL: fixtures for the tests in this folder.

They run against the server named by TEAHOUSE_TEST_POSTGRES_URL (.ci/run starts one; locally
`export TEAHOUSE_TEST_POSTGRES_URL=$(bash .ci/start-postgres | head -n 1)`). Without it the
tests are skipped with that reason, except under CI=true, where that is an error.
"""

import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from teahouse import create_app
from teahouse.extensions import db
from teahouse.stock import ledger, rollups
from tests.helpers.client import FAST_PASSWORD_HASH

BASE_URL = os.environ.get("TEAHOUSE_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(config, items):
    if BASE_URL:
        return
    ours = [item for item in items if str(item.path).startswith(HERE + os.sep)]
    if ours and IN_CI:
        raise pytest.UsageError("CI=true needs TEAHOUSE_TEST_POSTGRES_URL for the PostgreSQL tests")
    skip = pytest.mark.skip(
        reason="PostgreSQL tests need TEAHOUSE_TEST_POSTGRES_URL (bash .ci/start-postgres)"
    )
    for item in ours:
        item.add_marker(skip)


def _url(database: str) -> str:
    return BASE_URL.rsplit("/", 1)[0] + "/" + database


def _app(database: str):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "pg",
            "SQLALCHEMY_DATABASE_URI": None,
            "DATABASE_URL": _url(database),
            "PASSWORD_HASH_METHOD": FAST_PASSWORD_HASH,
        }
    )


@pytest.fixture(scope="session")
def template_database():
    """Migrate one database, then copy it for each test (CREATE DATABASE ... TEMPLATE)."""
    name = f"teahouse_template_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        BASE_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = _app(name)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield name, admin
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app(template_database, tmp_path, monkeypatch):
    """An app of its own on a fresh copy of the template database (it replaces the SQLite one)."""
    template, admin = template_database
    name = f"teahouse_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    application = _app(name)
    assert application.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    yield application
    with application.app_context():
        assert ledger.mismatches() == []  # every running total still equals its ledger
        assert rollups.mismatches() == []  # and so do the dashboard's rollups
        db.session.remove()
        db.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
