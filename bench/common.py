"""Shared set-up for the benchmarks: a fresh instance on a file-backed SQLite database."""

import os
import tempfile

from flask_migrate import upgrade

from teahouse import create_app
from teahouse.auth.services import create_user
from teahouse.extensions import db


def fresh_app():
    folder = tempfile.mkdtemp(prefix="teahouse-bench-")
    os.environ["TEAHOUSE_INSTANCE_PATH"] = folder
    app = create_app({"SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def add_user(app, email="bench@example.com", password="benchmark password"):
    with app.app_context():
        user = create_user(email, "Bench", password)
        db.session.commit()
        return user.id


def login(client, email="bench@example.com", password="benchmark password"):
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
