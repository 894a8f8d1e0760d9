"""Import, export and backup: the host owns the data, and an import is all or nothing."""

import json
import sqlite3
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import BrewSession, StockMovement, Tea, Teaware, User
from teahouse.portability.csv_import import import_csv
from teahouse.portability.csvfile import COLUMNS
from teahouse.portability.importing import import_document
from tests.helpers.client import add_host, csrf_token, login, post_import
from tests.helpers.export_round_trip import normalise, rich_account
from tests.helpers.teas import make_tea


def test_round_trip_gives_the_same_document(app, client, sample_host):
    rich_account(app, client, sample_host)
    first = json.loads(client.get("/data/export.json").data)
    keys = (
        "films",
        "reviews",
        "afterglow",
        "afterglow_teas",
        "teas",
        "stock_movements",
        "brew_sessions",
        "teaware",
        "guests",
        "parties",
        "invitations",
    )
    assert all(len(first[k]) > 0 for k in keys)
    assert any(i["waitlisted_at"] for i in first["invitations"])
    assert all("token" not in i for i in first["invitations"])
    assert any(m["reverses_id"] for m in first["stock_movements"])
    assert any(m["brew_session_id"] for m in first["stock_movements"])

    fresh_id = add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    response = post_import(fresh, first)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Import finished" in page
    assert "Imported 40 teas" in page

    second = json.loads(fresh.get("/data/export.json").data)
    assert normalise(second) == normalise(first)
    with app.app_context():
        assert db.session.get(User, fresh_id).sample_loaded_at is None


def test_a_bad_document_reports_every_problem_and_writes_nothing(app, host):
    document = {
        "format": "teahouse-export",
        "version": 1,
        "teas": [
            {"id": 1, "name": "Good", "type": "green"},
            {"id": 2, "name": "", "type": "espresso", "brew_temp_c": 500, "rating": 4.2},
            {
                "id": 3,
                "name": "Bad link",
                "type": "black",
                "vendor_url": "javascript:alert(1)",
                "steep_seconds": [20, -5],
                "tags": "a;" + "b" * 50,
            },
            {"id": 4, "name": "Good", "type": "green"},
        ],
        "stock_movements": [
            {"id": 1, "tea_id": 1, "kind": "purchase", "grams": 10, "occurred_on": "2026-01-01"},
            {"id": 2, "tea_id": 1, "kind": "brewed", "grams": -30, "occurred_on": "2026-01-02"},
            {
                "id": 3,
                "tea_id": 99,
                "kind": "teleported",
                "grams": 0,
                "occurred_on": "soon",
                "cost": 3,
            },
        ],
        "brew_sessions": [
            {
                "id": 1,
                "tea_id": 1,
                "brewed_on": "2026-01-02",
                "style": "french",
                "vessel_ml": 100,
                "grams_used": 3,
                "steeps": [],
            }
        ],
        "teaware": [{"id": 1, "name": "", "volume_ml": 10}],
    }
    with app.app_context():
        result = import_document(db.session.get(User, host), document)
        problems = {(p.where, p.field) for p in result.problems}
        assert not result.ok
        expected = {
            ("teas[1]", "name"),
            ("teas[1]", "type"),
            ("teas[1]", "rating"),
            ("teas[2] “Bad link”", "vendor_url"),
            ("teas[2] “Bad link”", "steep_seconds"),
            ("teas[2] “Bad link”", "tags"),
            ("teas[3] “Good”", "name"),
            ("stock_movements[2]", "tea_id"),
            ("stock_movements[2]", "kind"),
            ("stock_movements[2]", "grams"),
            ("stock_movements[2]", "occurred_on"),
            ("stock_movements[2]", "currency"),
            ("tea id 1", "stock_movements"),
            ("brew_sessions[0]", "style"),
            ("teaware[0]", "name"),
            ("teaware[0]", "volume_ml"),
        }
        assert expected <= problems, expected - problems
        for model in (Tea, StockMovement, BrewSession, Teaware):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0


@pytest.mark.parametrize(
    "document, message",
    [
        ([1, 2], "not a teahouse-export document"),
        ({"format": "other"}, "not a teahouse-export document"),
        ({"format": "teahouse-export", "version": 7}, "version 7 is not supported"),
        ({"format": "teahouse-export", "version": 1, "teas": {"a": 1}}, "must be a list"),
    ],
)
def test_documents_of_the_wrong_shape(app, host, document, message):
    with app.app_context():
        result = import_document(db.session.get(User, host), document)
    assert message in str(result.problems[0])


def test_import_refuses_teas_already_in_the_collection(app, client, sample_host):
    document = json.loads(client.get("/data/export.json").data)
    with app.app_context():
        result = import_document(db.session.get(User, sample_host), document)
        assert len(result.problems) == 40
        assert "already in your collection" in result.problems[0].message
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 40


def test_upload_page_reports_problems(app, client, host):
    bad = b'{"format": "teahouse-export", "version": 1, "teas": [{"id": 1, "type": "green"}]}'
    for name, body, message in [
        ("x.json", bad, "teas[0]"),
        ("x.json", b"{not json", "is not valid JSON (line 1"),
        ("x.json", b"\xff\xfe\x00", "is not text in UTF-8 or UTF-16"),
        ("x.csv", b"nom,genre\nLongjing,green\n", "lacks the column(s) name, type"),
        ("x.xlsx", b"PK\x03\x04", "Choose a .json export, or a spreadsheet of teas saved as"),
        ("x.txt", b"hello", "separated by commas or tabs"),
    ]:
        response = post_import(client, body, name)
        page = response.get_data(as_text=True)
        assert message in page, name
        assert response.status_code in (200, 422)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
    empty = client.post("/data/", data={"csrf_token": csrf_token(client, "/data/")})
    assert "Choose a file to import." in empty.get_data(as_text=True)


def test_excel_unicode_text_imports_as_a_table_of_teas(app, client, host):
    """Excel's "Unicode text" is UTF-16 (little-endian, with its byte order mark) with tabs
    between the cells and CRLF line ends: it imports as a CSV does, commas inside cells
    kept, and so does a .tsv file in UTF-8."""
    import codecs

    rows = [
        ["name", "type", "origin_country", "origin_region", "notes"],
        ["Dōng Dǐng", "oolong", "Taiwan", "Lugu, Nantou", "Roasted, nutty"],
        ["Lǜ Chá", "green", "China", "", "Grassy"],
    ]
    text = "".join("\t".join(row) + "\r\n" for row in rows)
    unicode_text = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    page = post_import(client, unicode_text, "Teas.txt").get_data(as_text=True)
    assert "2 teas" in page, page
    with app.app_context():
        teas = db.session.execute(
            select(Tea.name, Tea.type, Tea.origin_region, Tea.notes).order_by(Tea.name)
        ).all()
    assert [tuple(t) for t in teas] == [
        ("Dōng Dǐng", "oolong", "Lugu, Nantou", "Roasted, nutty"),
        ("Lǜ Chá", "green", "", "Grassy"),
    ]
    tsv = b"name\ttype\nKeemun\tblack\n"
    assert "1 tea" in post_import(client, tsv, "more.tsv").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 3


def test_a_text_file_that_is_not_a_table_of_teas_says_what_it_needs(app, client, host):
    for body in (b"Longjing green\nKeemun black\n", b"nom\tgenre\nLongjing\tgreen\n"):
        page = post_import(client, body, "teas.txt").get_data(as_text=True)
        assert "lacks the column(s) name, type" in page
        assert "separated by commas or tabs" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0


def test_csv_export_and_import_round_trip(app, client, sample_host):
    response = client.get("/data/teas.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    header, first_row = text.splitlines()[:2]
    assert header.split(",") == list(COLUMNS)
    assert first_row.startswith("Silver Needle (Bai Hao Yin Zhen),white,China")
    add_host(app, email="fresh@example.com", name="Fresh")
    with app.app_context():
        fresh = db.session.scalar(select(User).where(User.email == "fresh@example.com"))
        result = import_csv(fresh, text)
        assert result.ok and result.counts == {"teas": 40}
        imported = {
            t.name: t for t in db.session.scalars(select(Tea).where(Tea.owner_id == fresh.id))
        }
        dhp = imported["Da Hong Pao"]
        assert (dhp.type, dhp.brew_temp_c, dhp.steep_seconds[:2], dhp.rinse) == (
            "oolong",
            99,
            [20, 25],
            True,
        )
        assert dhp.tags == ["roasted", "rock oolong"]
        stock = db.session.scalar(
            select(func.sum(StockMovement.milligrams)).where(
                StockMovement.owner_id == fresh.id, StockMovement.tea_id == dhp.id
            )
        )
        assert stock == 75_000  # 100 g bought, 25 g brewed in the sample's history
    fresh_client = app.test_client()
    login(fresh_client, email="fresh@example.com")
    again = fresh_client.get("/data/teas.csv").get_data(as_text=True)
    assert again == text


def test_csv_rows_are_checked_one_by_one(app, host):
    text = (
        "name,type,brew_temp_f,rating,favourite,steep_seconds,grams_in_stock,harvest_year\n"
        "Longjing,Green,176,4.5,yes,120 150,50,2026\n"
        ",oolong,,,,,,\n"
        "Puerh,Pu-erh (ripe),500,3,maybe,10 x,-4,1066\n"
        "Longjing,green,,,,,,2026\n"
    )
    with app.app_context():
        result = import_csv(db.session.get(User, host), text)
        found = {(p.where, p.field) for p in result.problems}
        assert found == {
            ("row 3", "name"),
            ("row 4", "brew_temp_f"),
            ("row 4", "favourite"),
            ("row 4", "steep_seconds"),
            ("row 4", "grams_in_stock"),
            ("row 4", "harvest_year"),
            ("row 5", "name"),  # the same tea as row 2
        }
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
        fixed = "name,type,brew_temp_f,grams_in_stock\nLongjing,Green,176,50\n"
        ok = import_csv(db.session.get(User, host), fixed)
        assert ok.ok
        tea = db.session.scalar(select(Tea))
        assert (tea.type, tea.brew_temp_c, tea.steep_seconds) == ("green", 80, [120, 150, 180])


def test_csv_problems_name_row_and_field(app, host):
    text = (
        "name,type,rating,favourite,steep_seconds,grams_in_stock\nOk,black,,,,\n"
        "Puerh,Pu-erh (ripe),3.3,maybe,10 x,-4\n"
    )
    with app.app_context():
        result = import_csv(db.session.get(User, host), text)
    assert {(p.where, p.field) for p in result.problems} == {
        ("row 3", "rating"),
        ("row 3", "favourite"),
        ("row 3", "steep_seconds"),
        ("row 3", "grams_in_stock"),
    }


TWO_TEAS = "name,type,origin_country\r\nLongjing,green,China\r\nSencha (静岡),green,Japan\r\n"


@pytest.mark.parametrize(
    "saved_as",
    [
        TWO_TEAS.encode("utf-8"),
        TWO_TEAS.encode("utf-8-sig"),
        TWO_TEAS.encode("utf-16"),  # with its byte order mark, as Excel's "Unicode text"
        b"\xff\xfe" + TWO_TEAS.encode("utf-16-le"),
        b"\xfe\xff" + TWO_TEAS.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_a_csv_imports_from_utf8_or_utf16_with_its_byte_order_mark(app, client, host, saved_as):
    page = post_import(client, saved_as, "teas.csv").get_data(as_text=True)
    assert "Imported 2 teas." in page
    with app.app_context():
        assert set(db.session.scalars(select(Tea.name))) == {"Longjing", "Sencha (静岡)"}


def test_a_file_in_neither_utf8_nor_utf16_is_refused_saying_how_to_save_it(app, client, host):
    for saved_as in (
        "name,type\r\nLöngjing,green\r\n".encode("cp1252"),
        TWO_TEAS.encode("utf-16-le"),  # no byte order mark: nothing says it is UTF-16
        b"\xff\xfe" + TWO_TEAS.encode("utf-16-le")[:-1],  # cut in the middle of a letter
    ):
        page = post_import(client, saved_as, "teas.csv").get_data(as_text=True)
        assert "is not text in UTF-8 or UTF-16" in page
        assert "CSV UTF-8" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0


def test_the_cli_imports_a_csv_saved_as_utf16(app, runner, tmp_path):
    add_host(app)
    saved = tmp_path / "teas.csv"
    saved.write_bytes(TWO_TEAS.encode("utf-16"))
    result = runner.invoke(args=["import", "--user", "host@example.com", str(saved)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 teas." in result.output
    saved.write_bytes(TWO_TEAS.encode("utf-16-le"))
    refused = runner.invoke(args=["import", "--user", "host@example.com", str(saved)])
    assert refused.exit_code != 0 and "is not text in UTF-8 or UTF-16" in refused.output


def test_a_csv_header_naming_a_column_twice_is_refused(app, client, host):
    """Which of the two cells a tea would take is a guess: the file is refused, naming the
    column, and nothing is written."""
    text = "name,type,origin_country,type\nLongjing,green,China,black\n"
    page = post_import(client, text, "teas.csv").get_data(as_text=True)
    assert "the header row names the column type twice; keep only one of them" in page
    with app.app_context():
        result = import_csv(
            db.session.get(User, host), "name,name,type,type,type\nA,B,green,green,green\n"
        )
        assert [str(p) for p in result.problems] == [
            "file: the header row names the columns name and type more than once; "
            "keep only one of each"
        ]
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0


def test_cli_export_import_with_progress(app, runner, tmp_path):
    add_host(app, sample=True)
    add_host(app, email="copy@example.com", name="Copy")
    target = tmp_path / "all.json"
    exported = runner.invoke(args=["export", "--user", "host@example.com", "-o", str(target)])
    assert exported.exit_code == 0 and "Exported 40 teas" in exported.output
    result = runner.invoke(args=["import", "--user", "copy@example.com", str(target)])
    assert result.exit_code == 0, result.output
    assert "Imported 40 teas" in result.output
    again = runner.invoke(args=["import", "--user", "copy@example.com", str(target)])
    assert again.exit_code != 0
    assert "Nothing was imported: the file has 40 problems." in again.output
    csv_file = tmp_path / "teas.csv"
    csv_file.write_text("name,type\nNew tea,white\n", encoding="utf-8")
    assert (
        "Imported 1 tea."
        in runner.invoke(args=["import", "--user", "copy@example.com", str(csv_file)]).output
    )


def test_backup_during_writes_is_consistent(app, runner, tmp_path):
    host_id = add_host(app, sample=True)
    # The writer's teas have no purchase with a cost: no value of leaf on hand to keep, so
    # the movement and the running total are all the ledger would write for them.
    tea_ids = [make_tea(app, host_id, name=f"Loose leaf {n}") for n in range(3)]
    with app.app_context():
        db_path = db.engine.url.database
    stop = threading.Event()

    def keep_writing():
        writer = sqlite3.connect(db_path, timeout=30)
        n = 0
        while not stop.is_set():
            with writer:
                writer.execute(
                    "INSERT INTO stock_movements (owner_id, tea_id, kind, milligrams, currency,"
                    " vendor, note, occurred_on, created_at) VALUES (?, ?, 'purchase', 1000, '',"
                    " '', 'load', ?, ?)",
                    (host_id, tea_ids[n % len(tea_ids)], date.today(), date.today()),
                )
                # As the ledger does: the running total moves in the same transaction.
                writer.execute(
                    "UPDATE teas SET milligrams_on_hand = milligrams_on_hand + 1000 WHERE id = ?",
                    (tea_ids[n % len(tea_ids)],),
                )
            n += 1
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        destination = tmp_path / "backup.sqlite3"
        result = runner.invoke(args=["backup", str(destination)])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    copy = sqlite3.connect(destination)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM teas").fetchone()[0] == 43
    movements = copy.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(StockMovement))
    assert 40 <= movements <= live
    # Every movement in the copy belongs to a tea in the copy, and every total matches it.
    assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
    drifted = copy.execute(
        "SELECT count(*) FROM teas WHERE milligrams_on_hand !="
        " (SELECT COALESCE(SUM(milligrams), 0) FROM stock_movements WHERE tea_id = teas.id)"
    ).fetchone()[0]
    assert drifted == 0
    copy.close()
    refused = runner.invoke(args=["backup", str(destination)])
    assert refused.exit_code != 0 and "already exists" in refused.output


def test_bad_guests_parties_and_invitations_are_reported(app, host):
    document = {
        "format": "teahouse-export",
        "version": 1,
        "teas": [{"id": 1, "name": "Good", "type": "green"}],
        "guests": [
            {"id": 1, "name": "Ana", "email": "not-an-email", "dietary_tags": ["carnivore"]},
            {"id": 2, "name": "Bo", "favourite_tea_ids": [7]},
        ],
        "parties": [
            {
                "id": 1,
                "title": "Tea",
                "starts_at": "2027-01-01T15:00:00Z",
                "ends_at": "2027-01-01T14:00:00Z",
                "timezone": "Mars/Base",
                "status": "wild",
                "menu": [{"tea_id": 9}, {"tea_id": 1, "cups_each": 0}],
            },
        ],
        "invitations": [
            {"party_id": 1, "guest_id": 1, "response": "perhaps"},
            {"party_id": 5, "guest_id": 3, "plus_ones": 1, "plus_one_details": []},
        ],
    }
    with app.app_context():
        result = import_document(db.session.get(User, host), document)
        found = {(p.where, p.field) for p in result.problems}
        assert found == {
            ("guests[0] “Ana”", "email"),
            ("guests[0] “Ana”", "dietary_tags"),
            ("guests[1] “Bo”", "favourite_tea_ids"),
            ("parties[0] “Tea”", "ends_at"),
            ("parties[0] “Tea”", "timezone"),
            ("parties[0] “Tea”", "status"),
            ("parties[0] “Tea” menu[0]", "tea_id"),
            ("parties[0] “Tea” menu[1]", "cups_each"),
            ("invitations[0]", "response"),
            ("invitations[1]", "party_id"),
            ("invitations[1]", "guest_id"),
            ("invitations[1]", "plus_one_details"),
        }
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
