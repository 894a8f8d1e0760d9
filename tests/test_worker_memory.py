"""What a web worker holds in memory: tools it never uses while serving stay unloaded until
something uses them, and the settings that keep it small change nothing a visitor sees."""

import subprocess
import sys

from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from teahouse.extensions import db
from tests.helpers.client import make_app


def _modules_after_create_app(tmp_path, prefixes: tuple[str, ...]) -> list[str]:
    script = (
        "import sys; from teahouse import create_app; "
        "create_app({'SECRET_KEY': 'x'}); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r}))"
    )
    env = {"TEAHOUSE_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return eval(out.stdout)  # a list of module names printed by the script above


def test_a_web_worker_does_not_load_the_migration_tools(tmp_path):
    """Flask-Migrate, Alembic, Mako and Pygments weigh about 11 MiB in every worker; only the
    `flask db` commands and the tests use them. segno (QR codes) and the Markdown of reviews
    (3.3 MiB) are loaded by the first code drawn or review shown."""
    prefixes = ("flask_migrate", "alembic", "mako", "pygments", "segno", "markdown_it", "nh3")
    assert _modules_after_create_app(tmp_path, prefixes) == []


def test_a_sqlite_worker_does_not_load_postgresqls_dialect(tmp_path):
    """SQLAlchemy's PostgreSQL dialect (about 1.5 MiB) sat in every SQLite worker: the
    creation forms' once-only tokens imported it for their INSERT ... ON CONFLICT."""
    script = (
        "import sys; from teahouse import create_app; "
        "create_app({'SECRET_KEY': 'x'}); "
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')))"
    )
    env = {"TEAHOUSE_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def test_the_db_commands_migrate_a_new_database(tmp_path):
    app = make_app(tmp_path)
    runner = app.test_cli_runner()
    assert "db" in runner.invoke(args=["--help"]).output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert {"teas", "parties", "invitations"} <= set(inspect(db.engine).get_table_names())
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
        stands_at = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
        assert stands_at == heads and len(heads) == 1
    with app.app_context():
        db.engine.dispose()


def test_flask_migrates_functions_work_on_a_fresh_app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()  # as the tests and benchmarks call it
        assert "stock_movements" in inspect(db.engine).get_table_names()
        db.engine.dispose()
