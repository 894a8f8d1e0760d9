"""Teahouse: a self-hosted home for a tea collection and the parties it pours for."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from teahouse import config as default_config
from teahouse.secret import load_or_create_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> str:
    """templates/ and static/ sit inside the package in a wheel, beside it in a checkout."""
    inside = PACKAGE_DIR / name
    return str(inside if inside.is_dir() else PACKAGE_DIR.parent / name)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Teahouse application. Touches no database: migrations do that."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TEAHOUSE_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=resource_dir("templates"),
        static_folder=resource_dir("static"),
    )
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TEAHOUSE")
    if test_config:
        app.config.update(test_config)
    _finish_config(app)
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from teahouse import (
        cli,
        errors,
        generation,
        migrating,
        pagecache,
        security,
        throttle,
        transfer,
    )
    from teahouse.extensions import csrf, db, login_manager, mail

    migrating.init_app(app)  # before any command joins app.cli
    pagecache.init_app(app)  # first: its after_request hook runs last, on the finished page
    security.init_app(app)  # before CSRFProtect: its request hooks run first
    transfer.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    throttle.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)

    from teahouse.database import configure_postgresql, configure_sqlite

    with app.app_context():
        configure_sqlite(
            db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"], app.config["SQLITE_CACHE_KIB"]
        )
        configure_postgresql(db.engine)
        generation.track_writes(db.engine)

    from teahouse.auth.views import bp as auth_bp
    from teahouse.brewing.views import bp as brewing_bp
    from teahouse.core.views import bp as core_bp
    from teahouse.dashboard.views import bp as dashboard_bp
    from teahouse.films.views import bp as films_bp
    from teahouse.guests.views import bp as guests_bp
    from teahouse.parties.views import bp as parties_bp
    from teahouse.portability.views import bp as portability_bp
    from teahouse.public import hosting  # noqa: F401  the host's routes join the public bp
    from teahouse.public.views import bp as public_bp
    from teahouse.rsvp.views import bp as rsvp_bp
    from teahouse.stock.views import bp as stock_bp
    from teahouse.teas.views import bp as teas_bp

    for blueprint in (
        core_bp,
        auth_bp,
        dashboard_bp,
        teas_bp,
        stock_bp,
        brewing_bp,
        guests_bp,
        parties_bp,
        films_bp,
        rsvp_bp,
        public_bp,
        portability_bp,
    ):
        app.register_blueprint(blueprint)

    errors.init_app(app)
    cli.init_app(app)

    from teahouse import flashes, heap, template_urls, templating

    templating.init_app(app)
    flashes.init_app(app)
    template_urls.init_app(app)
    heap.init_app(app)  # last: the outermost WSGI layer, so it runs after the body is closed
    return app


def _finish_config(app: Flask) -> None:
    """Fill in the settings derived from others: database URL, secret key, cookie flags."""
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL") or (
            "sqlite:///" + os.path.join(app.instance_path, "teahouse.sqlite3")
        )
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A copy: the default options dict is shared by every app of the process.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect_args = dict(options.get("connect_args", {}))
        connect_args.setdefault("cached_statements", app.config["SQLITE_CACHED_STATEMENTS"])
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options | {"connect_args": connect_args}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// form many hosts hand out and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
