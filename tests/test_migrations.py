"""Migrations: they build the schema the models describe, and keep foreign keys safe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from PIL import Image
from sqlalchemy import inspect, text

from teahouse.extensions import db
from tests.helpers.client import add_host, make_app
from tests.helpers.images import image_bytes


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


def test_upgrading_a_populated_database_keeps_every_row(tmp_path):
    """Batch migrations copy tables on SQLite; with foreign keys off no child row is lost."""
    app = make_app(tmp_path)
    with app.app_context():
        upgrade(revision="041627eec093")
        statements = [
            "INSERT INTO users (id, email, display_name, password_hash, timezone,"
            " temperature_unit, created_at) VALUES (1, 'a@example.com', 'A', 'x', 'UTC', 'C',"
            " '2026-01-01')",
            "INSERT INTO teas (id, owner_id, name, type, origin_country, origin_region, cultivar,"
            " vendor, vendor_url, harvest_season, leaf_form, caffeine, favourite, notes,"
            " brew_style, brew_temp_c, grams_per_100ml, steep_seconds, rinse, vessel_ml,"
            " created_at, updated_at, version) VALUES (1, 1, 'Longjing', 'green', '', '', '',"
            " '', '', '', '', 'medium', 0, '', 'western', 80, 0.5, '[120]', 0, 300,"
            " '2026-01-01', '2026-01-01', 1)",
            "INSERT INTO tea_tags (tea_id, name) VALUES (1, 'spring')",
            "INSERT INTO stock_movements (owner_id, tea_id, kind, milligrams, currency, vendor,"
            " note, occurred_on, created_at) VALUES (1, 1, 'purchase', 50000, '', '', '',"
            " '2026-01-01', '2026-01-01')",
            "INSERT INTO stock_movements (owner_id, tea_id, kind, milligrams, currency, vendor,"
            " note, occurred_on, created_at) VALUES (1, 1, 'brewed', -3000, '', '', '',"
            " '2026-01-02', '2026-01-02')",
        ]
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
        tables = ("users", "teas", "tea_tags", "stock_movements")
        before = {t: db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
        db.session.remove()
        upgrade()
        after = {t: db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
        assert before == after == {"users": 1, "teas": 1, "tea_tags": 1, "stock_movements": 2}
        assert db.session.execute(text("SELECT low_stock_grams FROM users")).scalar() == 25


def test_upgrading_makes_the_middle_size_of_every_stored_tea_photo(tmp_path):
    """Photos stored before the tea page's middle size existed get it from their large file;
    a photo whose file is gone or damaged does not stop the upgrade."""
    app = make_app(tmp_path)
    app.instance_path = str(tmp_path)
    folder = tmp_path / "tea-photos"
    folder.mkdir()
    (folder / "landscape.jpg").write_bytes(image_bytes("JPEG", (1200, 900)))
    (folder / "portrait.jpg").write_bytes(image_bytes("JPEG", (800, 1200)))
    (folder / "small.jpg").write_bytes(image_bytes("JPEG", (300, 200)))
    (folder / "damaged.jpg").write_bytes(image_bytes("JPEG", (1200, 900))[:300])
    with app.app_context():
        upgrade(revision="a9d4e7b2c381")
        db.session.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, timezone,"
                " temperature_unit, created_at) VALUES (1, 'a@example.com', 'A', 'x', 'UTC',"
                " 'C', '2026-01-01')"
            )
        )
        for tea_id, stem in enumerate(["landscape", "portrait", "small", "damaged", "gone"]):
            db.session.execute(
                text(
                    "INSERT INTO teas (owner_id, name, type, origin_country, origin_region,"
                    " cultivar, vendor, vendor_url, harvest_season, leaf_form, caffeine,"
                    " favourite, notes, brew_style, brew_temp_c, grams_per_100ml, steep_seconds,"
                    " rinse, vessel_ml, created_at, updated_at, version, photo) VALUES (1, :name,"
                    " 'green', '', '', '', '', '', '', '', 'medium', 0, '', 'western', 80, 0.5,"
                    " '[120]', 0, 300, '2026-01-01', '2026-01-01', 1, :stem)"
                ),
                {"name": f"Tea {tea_id}", "stem": stem},
            )
        db.session.commit()
        db.session.remove()
        upgrade()
    made = {
        stem: Image.open(folder / f"{stem}-middle.jpg").size
        for stem in ("landscape", "portrait", "small")
    }
    assert made == {"landscape": (640, 480), "portrait": (320, 480), "small": (300, 200)}
    assert sorted(p.name for p in folder.iterdir() if "damaged" in p.name or "gone" in p.name) == [
        "damaged.jpg"
    ]
    with app.app_context():
        downgrade(revision="a9d4e7b2c381")
    assert not list(folder.glob("*-middle.jpg")) and (folder / "landscape.jpg").exists()
