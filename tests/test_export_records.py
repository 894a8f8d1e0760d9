"""The export writes its records without pydantic (teahouse.portability.records), yet every
record has exactly its schema's fields, in the schema's order, and is what the schema itself
writes for it: the import reads the same document back."""

import csv
import io
import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from teahouse.portability import records
from teahouse.portability.csvfile import COLUMNS
from teahouse.schemas import films, parties, teas
from tests.helpers.export_round_trip import rich_account

SCHEMAS = {
    "teas": (teas.TeaRecord, records.TEA),
    "stock_movements": (teas.MovementRecord, records.MOVEMENT),
    "brew_sessions": (teas.BrewRecord, records.BREW),
    "teaware": (teas.TeawareRecord, records.TEAWARE),
    "guests": (parties.GuestRecord, records.GUEST),
    "parties": (parties.PartyRecord, records.PARTY),
    "invitations": (parties.InvitationRecord, records.INVITATION),
    "films": (films.FilmRecord, records.FILM),
    "reviews": (films.ReviewRecord, records.REVIEW),
    "afterglow": (films.AfterglowRecord, records.AFTERGLOW),
    "afterglow_teas": (films.AfterglowTeaRecord, records.AFTERGLOW_TEA),
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_record_has_its_schemas_fields_in_order(name):
    schema, fields = SCHEMAS[name]
    assert fields == tuple(schema.model_fields)


def test_nested_records_and_the_csv_columns_follow_their_schemas():
    assert tuple(parties.ScreeningRecord.model_fields) == records.SCREENING
    assert set(records.UTC_TIMES) == {
        name
        for schema in (parties.PartyRecord, parties.InvitationRecord)
        for name, info in schema.model_fields.items()
        if any("utc" in repr(m) for m in info.metadata)
    }
    csv_row = teas.TeaCsvRow
    assert tuple(n for n in csv_row.model_fields if n not in csv_row.export_only) == COLUMNS


def test_every_exported_record_is_what_its_schema_writes(app, client, sample_host):
    rich_account(app, client, sample_host)
    document = json.loads(client.get("/data/export.json").data)
    for name, (schema, _) in SCHEMAS.items():
        assert document[name], name
        for record in document[name]:
            checked = schema.model_validate(record)
            assert checked.model_dump(mode="json") == record, (name, record)
    assert any(p["menu"] and p["screening"] for p in document["parties"])
    assert any((i["responded_at"] or "").endswith("Z") for i in document["invitations"])
    assert all(p["starts_at"].endswith("Z") for p in document["parties"])


def test_a_plus_one_is_written_with_the_fields_of_its_schema():
    stored = {"name": "Ana", "dietary_tags": ["vegan"], "kept_by_an_old_version": 1}
    invitation = SimpleNamespace(party_id=1, guest_id=2, plus_ones=2, response="yes")
    invitation.plus_one_details = [stored, {"name": "Bo"}]
    record = records.invitation_record(invitation)
    assert record["plus_one_details"] == [
        {"name": "Ana", "dietary_tags": ["vegan"], "dietary_notes": ""},
        {"name": "Bo", "dietary_tags": [], "dietary_notes": ""},
    ]
    people = parties.InvitationRecord.model_validate(record).model_dump(mode="json")
    assert people["plus_one_details"] == record["plus_one_details"]


def test_every_csv_row_is_what_the_tea_schema_reads(app, client, sample_host):
    rows = list(csv.DictReader(io.StringIO(client.get("/data/teas.csv").get_data(as_text=True))))
    assert len(rows) == 40
    for row in rows:
        teas.TeaCsvRow.model_validate(row)


def test_exports_do_not_load_pydantic(tmp_path):
    """pydantic and the record schemas weigh about 14 MiB in a worker; only an import needs
    them."""
    script = (
        "import sys\n"
        "from tests.helpers.client import add_host, login, make_app\n"
        f"app = make_app({str(tmp_path)!r})\n"
        "from flask_migrate import upgrade\n"
        "with app.app_context(): upgrade()\n"
        "add_host(app, sample=True)\n"
        "client = app.test_client(); login(client)\n"
        "for url in ('/data/export.json', '/data/teas.csv'):\n"
        "    response = client.get(url)\n"
        "    assert response.status_code == 200 and len(response.data) > 1000, url\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')"
        " or m.startswith('teahouse.schemas')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
