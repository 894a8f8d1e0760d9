"""Migrations: they build the schema the models describe, and keep foreign keys safe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from teahouse.extensions import db
from tests.conftest import add_host, make_app


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_upgrade_from_empty_and_downgrade_to_empty(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "user_sessions", "teas", "tea_tags", "stock_movements"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()


def test_foreign_keys_are_on_again_after_migrating(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_deleting_a_host_cascades_to_their_data(app):
    user_id = add_host(app, sample=True)
    with app.app_context():
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
        db.session.commit()
        for table in ("teas", "tea_tags", "stock_movements"):
            assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
