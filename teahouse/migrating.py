"""Schema migrations (Alembic through Flask-Migrate), loaded by the first thing that uses them.

A web worker never migrates: `make run` runs `flask db upgrade` before gunicorn starts, and the
app touches no database when it is built. Yet Flask-Migrate imports Alembic when it is
imported, and Alembic imports Mako and Pygments: about 11 MiB and 150 modules that every
gunicorn worker would carry for nothing. Here the `flask db` commands, and flask_migrate's
functions (upgrade(), downgrade(): the tests and benchmarks call them), load it when they are
first used, and then work exactly as with Flask-Migrate set up in the factory.
"""

from pathlib import Path

from flask import Flask
from flask.cli import AppGroup

DIRECTORY = Path(__file__).resolve().parent / "migrations"


def init_app(app: Flask) -> None:
    """Call before anything adds commands to app.cli (it replaces the group, keeping them)."""
    commands = _Commands(app)
    commands.name = app.cli.name
    commands.commands.update(app.cli.commands)
    app.cli = commands
    app.extensions["migrate"] = _NotLoaded(app)


def load(app: Flask):
    """Set Flask-Migrate up on the app (once); its app.extensions["migrate"]."""
    if isinstance(app.extensions.get("migrate"), _NotLoaded):
        from flask_migrate import Migrate

        from teahouse.extensions import db

        # Sets app.extensions["migrate"] and adds the `db` group to app.cli.
        Migrate(app, db, directory=str(DIRECTORY), render_as_batch=True)
    return app.extensions["migrate"]


class _NotLoaded:
    """Stands in app.extensions["migrate"] until flask_migrate's functions read it."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str):
        return getattr(load(self._app), name)


class _Commands(AppGroup):
    """The app's commands; Flask-Migrate's `db` group is set up when the CLI asks for it."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self._app = app

    def get_command(self, ctx, cmd_name):
        if cmd_name == "db":
            load(self._app)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), "db"})
