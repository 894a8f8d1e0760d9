"""The benchmark scripts stay in step with the code they measure (they are not run here)."""

import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "bench.import_export",
        "bench.import_starvation",
        "bench.stock_page",
        "bench.rsvp_load",
        "bench.public_page",
        "bench.pages_load",
        "bench.kept_forms",
        "bench.worker_memory",
        "bench.report",
    ],
)
def test_benchmark_scripts_import(module):
    assert callable(importlib.import_module(module).main)


def test_the_generated_csv_imports_cleanly(app):
    from bench.import_export import make_csv
    from teahouse.extensions import db
    from teahouse.models import Tea, User
    from teahouse.portability.csv_import import import_csv
    from teahouse.portability.writing import CHUNK
    from tests.helpers.client import add_host

    host = add_host(app)
    rows = CHUNK * 2 + 7  # crosses the batch boundary twice
    with app.app_context():
        result = import_csv(db.session.get(User, host), make_csv(rows))
        assert result.ok and result.counts == {"teas": rows}
        assert db.session.query(Tea).count() == rows
        assert all(len(t.tags) == 2 for t in db.session.query(Tea).limit(5))


def test_the_bare_baseline_page_is_about_five_kilobytes():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench" / "bare"))
    try:
        from app import app as bare
    finally:
        sys.path.pop(0)
    response = bare.test_client().get("/")
    assert response.status_code == 200
    assert 4_000 <= len(response.data) <= 6_000
