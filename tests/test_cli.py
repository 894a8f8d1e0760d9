"""The flask commands: create-user, seed-sample, export."""

import json

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Tea, User
from tests.helpers.client import add_host


def _teas_of(app, email):
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Tea).join(User).where(User.email == email)
        )


@pytest.mark.production_password_hash
def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "cli@example.com",
            "--name",
            "Kai",
            "--password-stdin",
            "--timezone",
            "Asia/Tokyo",
        ],
        input="matcha before noon\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created host cli@example.com." in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.display_name, user.timezone) == ("Kai", "Asia/Tokyo")
        assert user.password_hash.startswith("scrypt:32768:8:3$")
    assert _teas_of(app, "cli@example.com") == 0


def test_create_user_with_sample(app, runner):
    result = runner.invoke(
        args=["create-user", "cli@example.com", "--name", "Kai", "--password-stdin", "--sample"],
        input="matcha before noon\n",
    )
    assert "with 40 sample teas" in result.output
    assert _teas_of(app, "cli@example.com") == 40


def test_create_user_refuses_weak_password_duplicate_email_and_bad_zone(app, runner):
    args = ["create-user", "cli@example.com", "--name", "Kai", "--password-stdin"]
    weak = runner.invoke(args=args, input="password\n")
    assert weak.exit_code != 0 and "most common" in weak.output
    zone = runner.invoke(args=args + ["--timezone", "Moon/Base"], input="matcha before noon\n")
    assert zone.exit_code != 0 and "IANA" in zone.output
    assert runner.invoke(args=args, input="matcha before noon\n").exit_code == 0
    again = runner.invoke(args=args, input="matcha before noon\n")
    assert again.exit_code != 0 and "already exists" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_seed_sample_only_once(app, runner):
    add_host(app)
    first = runner.invoke(args=["seed-sample", "--user", "host@example.com"])
    assert first.exit_code == 0 and "Loaded 40 sample teas" in first.output
    second = runner.invoke(args=["seed-sample", "--user", "host@example.com"])
    assert second.exit_code != 0 and "already has the sample" in second.output
    assert _teas_of(app, "host@example.com") == 40
    unknown = runner.invoke(args=["seed-sample", "--user", "nobody@example.com"])
    assert unknown.exit_code != 0 and "No host" in unknown.output


def test_export_to_file_and_stdout(app, runner, tmp_path):
    add_host(app, sample=True)
    target = tmp_path / "out.json"
    result = runner.invoke(args=["export", "--user", "host@example.com", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text("utf-8"))
    assert document["format"] == "teahouse-export" and len(document["teas"]) == 40
    assert {"name", "type", "steep_seconds", "tags", "rating"} <= set(document["teas"][0])
    stdout = runner.invoke(args=["export", "--user", "host@example.com"])
    assert json.loads(stdout.stdout)["teas"] == document["teas"]
