"""Updating the teas one has from an import: the fields the file names take its values (an
empty one clears its field), the fields it does not name stay as they were."""

import pytest

from tests.helpers.tea_updates import da_hong_pao, describe_da_hong_pao, older_export, update_from


@pytest.fixture
def stored(app, sample_host):
    before = describe_da_hong_pao(app)
    assert before["notes"] and before["tags"] and before["favourite"] and before["rating"] == 5
    return before


def test_a_csv_without_some_columns_keeps_those_fields(app, client, stored):
    update_from(
        client,
        "name,type,vendor,harvest_year,rating,notes\r\nDa Hong Pao,oolong,Seven Cups,2024,4,\r\n",
        "teas.csv",
    )
    # rating and notes are columns of the file (notes empty: cleared); nothing else changed.
    assert da_hong_pao(app) == stored | {
        "rating": 4,
        "notes": "",
        "version": stored["version"] + 1,
    }


def test_a_csv_column_left_empty_clears_its_field(app, client, stored):
    # photo_description empty; tags not even a cell, as a spreadsheet writes a row's end.
    update_from(
        client,
        "name,type,vendor,harvest_year,photo_description,tags\r\n"
        "Da Hong Pao,oolong,Seven Cups,2024,\r\n",
        "teas.csv",
    )
    assert da_hong_pao(app) == stored | {
        "photo_description": "",
        "tags": [],
        "version": stored["version"] + 1,
    }


def test_an_older_json_export_keeps_the_fields_it_lacks(app, client, stored):
    update_from(client, older_export(client, rating=4), "export.json")
    assert da_hong_pao(app) == stored | {"rating": 4, "version": stored["version"] + 1}


def test_a_json_key_given_empty_clears_its_field(app, client, stored):
    update_from(
        client, older_export(client, photo_description="", tags=[], notes=None), "export.json"
    )
    assert da_hong_pao(app) == stored | {
        "photo_description": "",
        "tags": [],
        "notes": "",
        "version": stored["version"] + 1,
    }
