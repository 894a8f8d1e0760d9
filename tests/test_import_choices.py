"""Re-importing teas one already has (skip or update), reports in numbers with proper plurals,
spreadsheet-safe CSV, the import help page and limits stated once in the schemas."""

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Guest, StockMovement, Tea, User
from teahouse.portability.csv_import import import_csv
from teahouse.portability.csvfile import defuse, restore, teas_to_csv
from teahouse.portability.importing import import_text
from teahouse.schemas.fields import limit
from teahouse.schemas.parties import GuestRecord
from teahouse.schemas.teas import MovementRecord, TeaRecord
from teahouse.templating import plural
from tests.helpers.client import add_host, post_import


def _count(model, owner_id):
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.owner_id == owner_id)
    )


def _stock(owner_id):
    return db.session.scalar(
        select(func.sum(StockMovement.milligrams)).where(StockMovement.owner_id == owner_id)
    )


def test_csv_reimport_skips_or_updates_the_teas_already_there(app, client, sample_host):
    text = client.get("/data/teas.csv").get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, sample_host)
        before = (_count(Tea, user.id), _count(StockMovement, user.id), _stock(user.id))
        refused = import_csv(user, text)
        assert len(refused.problems) == 40
        skipped = import_csv(user, text, on_existing="skip")
        assert skipped.summary() == "Skipped 40 teas you already have."
        assert (_count(Tea, user.id), _count(StockMovement, user.id), _stock(user.id)) == before

        lines = text.splitlines()
        dhp = next(i for i, line in enumerate(lines) if line.startswith("Da Hong Pao,"))
        cells = lines[dhp].split(",")
        cells[-1] = "60"  # grams in stock: 75 in Teahouse, 60 counted
        lines[dhp] = ",".join(cells).replace("roasted; rock oolong", "roasted")
        columns = len(lines[0].split(","))
        lines.append("Brand new tea,white" + "," * (columns - 3) + ",12.5")
        updated = import_csv(user, "\r\n".join(lines) + "\r\n", on_existing="update")
        assert updated.ok, updated.problems[:3]
        assert updated.summary() == (
            "Imported 1 tea and 1 stock movement; updated 40 teas from the file."
        )
        tea = db.session.scalar(select(Tea).where(Tea.name == "Da Hong Pao"))
        assert tea.tags == ["roasted"] and tea.version == 2
        assert tea.milligrams_on_hand == 60_000
        assert _count(Tea, user.id) == 41
        assert _stock(user.id) == before[2] - 15_000 + 12_500


def test_json_reimport_with_skip_does_not_count_stock_twice(app, client, sample_host):
    text = client.get("/data/export.json").get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, sample_host)
        before = (_count(Tea, user.id), _count(StockMovement, user.id), _stock(user.id))
        guests = _count(Guest, user.id)
        report = import_text(user, text, on_existing="skip")
        assert report.ok, report.problems[:3]
        assert "skipped 40 teas you already have" in report.summary()
        assert (_count(Tea, user.id), _count(StockMovement, user.id), _stock(user.id)) == before
        assert _count(Guest, user.id) == 2 * guests  # the rest of the file is new


def test_upload_page_offers_the_choice_and_says_what_it_did(app, client, sample_host):
    page = client.get("/data/").get_data(as_text=True)
    assert "Skip them: keep yours as they are" in page and "Update them from the file" in page
    assert "README" not in page
    body = client.get("/data/teas.csv").data
    response = post_import(client, body, "teas.csv", on_existing="skip")
    assert "Skipped 40 teas you already have." in response.get_data(as_text=True)


def test_csv_export_defuses_formulas_and_the_round_trip_is_lossless(app, host):
    # Text is stored trimmed, so a leading tab or CR reaches the export only through defuse().
    assert defuse("\tx") == "'\tx" and defuse("\rx") == "'\rx" and restore("'\tx") == "\tx"
    payloads = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")', "'quoted", "plain"]
    add_host(app, email="copy@example.com", name="Copy")
    with app.app_context():
        user = db.session.get(User, host)
        for number, payload in enumerate(payloads):
            db.session.add(
                Tea(
                    owner_id=user.id,
                    name=f"{payload} {number}",
                    type="green",
                    vendor=payload,
                    notes=payload,
                    brew_temp_c=80,
                    grams_per_100ml=1,
                    steep_seconds=[60],
                )
            )
        db.session.commit()
        text = teas_to_csv(user)
        cells = [c for line in text.splitlines()[1:] for c in line.split(",")]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        copy = db.session.scalar(select(User).where(User.email == "copy@example.com"))
        assert import_csv(copy, text).ok
        assert teas_to_csv(copy) == text


def test_plural_agrees_with_its_number(app):
    assert plural(1, "tea") == "1 tea"
    assert plural(2, "tea") == "2 teas"
    assert plural(0, "party") == "0 parties"
    assert plural(1_000, "stock movement") == "1,000 stock movements"
    assert plural(3, "piece of teaware", "pieces of teaware") == "3 pieces of teaware"
    with app.test_request_context():
        template = app.jinja_env.from_string("{{ 1|plural('guest') }}, {{ plural(5, 'box') }}")
        assert template.render() == "1 guest, 5 boxes"


def test_import_help_page_lists_columns_with_the_schema_limits(client, host):
    page = client.get("/data/").get_data(as_text=True)
    assert 'href="/data/help"' in page
    help_page = client.get("/data/help").get_data(as_text=True)
    assert "<code>grams_in_stock</code>" in help_page
    assert "at most 120 characters" in help_page and "40 to 100" in help_page
    from teahouse.portability.help import csv_columns

    assert [c.name for c in csv_columns() if not c.meaning] == []  # every column explained
    assert "at most 150 characters" in help_page  # the photo's description


def test_the_help_page_states_the_harvest_year_the_import_takes(app, client, host):
    """It said "Limit: 1,900 to 9,999", a year written as a number with a separator, while
    the import refuses any harvest after next year."""
    from datetime import date

    next_year = date.today().year + 1
    help_page = client.get("/data/help").get_data(as_text=True)
    assert f"1900 to {next_year}" in help_page
    assert "9,999" not in help_page and "1,900" not in help_page
    with app.app_context():
        user = db.session.get(User, host)
        header = "name,type,harvest_year\n"
        refused = import_csv(user, header + f"Later,green,{next_year + 1}\n")
        taken = import_csv(user, header + f"Spring,green,{next_year}\n")
    assert not refused.ok and taken.ok


@pytest.mark.parametrize(
    "schema, field, model, column",
    [
        (TeaRecord, "name", Tea, "name"),
        (TeaRecord, "vendor_url", Tea, "vendor_url"),
        (TeaRecord, "origin_country", Tea, "origin_country"),
        (TeaRecord, "photo_description", Tea, "photo_description"),
        (MovementRecord, "note", StockMovement, "note"),
        (GuestRecord, "email", Guest, "email"),
    ],
)
def test_the_schema_states_each_limit_and_the_table_fits_it(schema, field, model, column):
    assert limit(schema, field) == model.__table__.c[column].type.length


def test_the_signed_out_cannot_see_the_help_page(client):
    assert client.get("/data/help").status_code == 302


def _staged_import(app, host, monkeypatch, fail_on_step=None):
    from teahouse.portability import csv_import

    monkeypatch.setattr(csv_import, "STEP", 2)
    monkeypatch.setattr(csv_import, "PAUSE", 0)
    calls = []
    real = csv_import.add_csv_teas

    def step(owner_id, rows):
        calls.append(owner_id)
        if len(calls) == fail_on_step:
            raise OSError("disk full")
        return real(owner_id, rows)

    monkeypatch.setattr(csv_import, "add_csv_teas", step)
    text = "name,type,grams_in_stock\n" + "".join(f"Tea {n},green,{n + 1}\n" for n in range(5))
    with app.app_context():
        return csv_import.import_csv(db.session.get(User, host), text), calls


def test_a_large_import_is_written_in_steps_and_handed_over_whole(app, host, monkeypatch):
    report, calls = _staged_import(app, host, monkeypatch)
    assert report.ok and report.counts == {"teas": 5} and len(calls) == 3
    assert host not in calls  # written under the staging account, handed over at the end
    with app.app_context():
        assert _count(Tea, host) == 5 and _stock(host) == 15_000
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert all(t.milligrams_on_hand for t in db.session.scalars(select(Tea)))


def test_a_large_import_that_fails_midway_leaves_nothing(app, host, monkeypatch):
    with pytest.raises(OSError):
        _staged_import(app, host, monkeypatch, fail_on_step=3)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
        assert db.session.scalar(select(func.count()).select_from(StockMovement)) == 0
        assert db.session.scalar(select(func.count()).select_from(User)) == 1  # no staging left


@pytest.mark.parametrize(
    "field",
    ["name", "origin_country", "origin_region", "cultivar", "vendor", "vendor_url", "notes"],
)
def test_the_tea_form_allows_what_the_tea_schema_allows(field):
    from wtforms.validators import Length

    from teahouse.teas.forms import TeaForm

    validators = getattr(TeaForm, field).kwargs["validators"]
    longest = next(v.max for v in validators if isinstance(v, Length))
    assert longest == limit(TeaRecord, field)
