"""The database the migrations build holds the same CHECK constraints as the models.

The tea type, caffeine and brew-style constraints are written from their enums: a new enum
member without a migration would otherwise fail only when a row with it is inserted.
"""

import re

from sqlalchemy import CheckConstraint, text

from teahouse.extensions import db


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).replace("( ", "(").replace(" )", ")").strip().lower()


def _migrated_table_sql(app) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
        ).all()
    return {name: _normalised(sql) for name, sql in rows}


def _drifted(app) -> list[str]:
    tables = _migrated_table_sql(app)
    drifted = []
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            wanted = _normalised(str(constraint.sqltext))
            if wanted not in tables.get(table.name, ""):
                drifted.append(f"{table.name}: CHECK ({constraint.sqltext})")
    return drifted


def test_every_check_constraint_of_the_models_is_in_the_migrated_database(app):
    assert _drifted(app) == []


def test_a_new_enum_member_without_a_migration_is_caught(app, monkeypatch):
    tea = db.metadata.tables["teas"]
    known = next(c for c in tea.constraints if c.name and str(c.name).endswith("type_known"))
    monkeypatch.setattr(known, "sqltext", text(str(known.sqltext).replace(")", ", 'mate')")))
    assert _drifted(app) == [f"teas: CHECK ({known.sqltext})"]
