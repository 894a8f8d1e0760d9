"""A checked record kept small (portability.slim) reads and writes as the record did."""

import pytest

from teahouse.portability.report import ImportReport, check_record
from teahouse.portability.slim import slim
from teahouse.schemas.teas import TeaCsvRow

ROW = {
    "name": "Dong Ding",
    "type": "oolong",
    "origin_country": "Taiwan",
    "vendor": "Floating Leaves",
    "harvest_year": "2025",
    "rating": "4.5",
    "favourite": "yes",
    "tags": "roasted; winter",
    "notes": "Roasted nuts,\nthen orchid.",
    "brew_style": "gongfu",
    "steep_seconds": "20 25 30",
    "grams_in_stock": "75.5",
    "best_by": "2027-03-01",
}


def test_a_slim_record_has_the_records_values_and_attributes():
    record = check_record(TeaCsvRow, dict(ROW), "row 2", ImportReport())
    kept = slim(record)
    assert kept.values() == record.values()
    assert (kept.name, kept.tags, kept.grams_in_stock) == ("Dong Ding", ["roasted", "winter"], 75.5)
    assert kept.steep_seconds == record.steep_seconds == [20, 25, 30]
    assert type(kept).unique == TeaCsvRow.unique and type(kept).label == "name"
    # An update writes only the columns of the file: the slim record still knows them.
    assert kept.given == record.given == set(ROW)
    again = slim(check_record(TeaCsvRow, dict(ROW), "row 3", ImportReport()))
    assert again.given is kept.given  # one set for all the rows of a file


def test_a_slim_record_cannot_be_changed_and_hands_out_its_own_lists():
    kept = slim(check_record(TeaCsvRow, dict(ROW), "row 2", ImportReport()))
    with pytest.raises(AttributeError):
        kept.name = "Another"
    kept.values()["tags"].append("changed by a writer")
    assert kept.values()["tags"] == ["roasted", "winter"]
