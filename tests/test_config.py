"""Configuration: defaults, instance/config.py, TEAHOUSE_* variables, the secret key, SQLite."""

import os
import stat

from sqlalchemy import text

from teahouse import create_app, normalise_database_url
from teahouse.extensions import db


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TEAHOUSE_SECRET_KEY", raising=False)
    first = create_app()
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_environment_overrides_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("ALLOW_SIGNUP = False\nTEAS_PER_PAGE = 10\n")
    monkeypatch.setenv("TEAHOUSE_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("TEAHOUSE_ALLOW_SIGNUP", "true")
    monkeypatch.setenv("TEAHOUSE_DATABASE_URL", f"sqlite:///{tmp_path}/elsewhere.db")
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["ALLOW_SIGNUP"] is True
    assert app.config["TEAS_PER_PAGE"] == 10  # from instance/config.py
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/elsewhere.db"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TEAHOUSE_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/teahouse.sqlite3"


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_factory_touches_no_database(tmp_path, monkeypatch):
    monkeypatch.setenv("TEAHOUSE_INSTANCE_PATH", str(tmp_path))
    create_app({"SECRET_KEY": "x"})
    assert not (tmp_path / "teahouse.sqlite3").exists()


def test_sqlite_connections_are_configured_for_safety(app):
    with app.app_context():
        pragmas = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
        }
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "busy_timeout": 15000,
        "synchronous": 1,
    }
