"""The queries of the pages that would grow with the collection read an index, not the table:
SQLite's EXPLAIN QUERY PLAN names the index, and no temporary sort of the collection remains.
(tests/postgres/test_scale.py asks PostgreSQL's EXPLAIN the same of the tea list.)"""

import pytest
from sqlalchemy import event

from teahouse.dashboard import services as dashboard
from teahouse.extensions import db
from teahouse.models import User
from teahouse.pagination import paginate_rows
from teahouse.teas import services as teas


def _plans(app, host, run) -> list[str]:
    """The query plan of each statement `run(user)` sends, as one text per statement."""
    sent = []
    with app.app_context():
        user = db.session.get(User, host)
        engine = db.engine

        def record(_conn, _cursor, statement, parameters, *_):
            sent.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", record)
        try:
            run(user)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        connection = db.session.connection()
        return [
            " / ".join(
                row[3]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            )
            for statement, params in sent
        ]


@pytest.mark.parametrize(
    ("sort", "index"),
    [("name", "ix_teas_owner_id_lower_name"), ("rating", "ix_teas_owner_id_rating_order")],
)
def test_a_page_of_the_tea_list_is_read_in_the_order_of_an_index(app, host, sort, index):
    from bench.data import grow_host

    with app.app_context():
        grow_host(host, teas=200)

    def page(user):
        paginate_rows(teas.tea_list_query(user, teas.TeaFilters(sort=sort)), 3, 24)

    count, rows, _tags = _plans(app, host, page)
    assert f"SCAN teas USING INDEX {index}" in rows or f"SEARCH teas USING INDEX {index}" in rows
    assert "TEMP B-TREE" not in rows  # no sort of the whole collection to show 24 teas
    assert "TEMP B-TREE" not in count


def test_the_tag_filter_steps_from_name_to_name_along_an_index(app, host):
    [plan] = _plans(app, host, teas.host_tags)
    assert "SEARCH tea_tags USING COVERING INDEX ix_tea_tags_name_tea_id (name>?)" in plan
    assert "TEMP B-TREE" not in plan


def test_the_dashboards_sums_read_the_rollups_not_the_ledger(app, host):
    value, months, types = _plans(
        app,
        host,
        lambda user: (
            dashboard.collection_value(user),
            dashboard.consumption_by_month(user),
            dashboard.teas_by_type(user),
        ),
    )
    # One row per currency and per type, by the host's key: no tea and no movement is read.
    assert "SEARCH stock_collection_values USING INDEX sqlite_autoindex" in value
    assert "(owner_id=?)" in value
    assert "SEARCH tea_type_counts USING INDEX sqlite_autoindex" in types
    assert "(owner_id=?)" in types
    for plan in (value, types):
        assert "SEARCH teas " not in plan and "SCAN teas" not in plan
        assert "stock_movements" not in plan
    assert "SEARCH stock_consumption_months USING INDEX sqlite_autoindex" in months
    assert "(owner_id=? AND year>?)" in months
    assert "stock_movements" not in months


def test_drink_first_reads_its_index_in_order_and_stops(app, host):
    [plan] = _plans(app, host, dashboard.drink_first)
    assert "SEARCH teas USING INDEX ix_teas_owner_id_drink_first (owner_id=?)" in plan
    assert "TEMP B-TREE" not in plan  # no sort of every tea in stock to show 8


def test_the_party_page_and_the_lists_of_guests_and_parties_read_their_indexes(app, host):
    from bench.data import grow_host
    from teahouse.guests import services as guests
    from teahouse.models import Party
    from teahouse.parties import counts, long_lists
    from teahouse.parties import services as parties

    with app.app_context():
        party_id = grow_host(host, guests=60, parties=30, party_guests=60)

    def party_page(user):
        party = db.session.get(Party, party_id)
        long_lists.coming_page(party_id, 2, counts.party_tally(party_id))
        long_lists.maybe_people(party_id)
        parties.recent_events(party)
        parties.upcoming_and_past(user, 1)
        paginate_rows(guests.guest_list_query(user, ""), 2, 24)

    plans = "\n".join(_plans(app, host, party_page))
    for index in (
        "ix_invitations_party_id_response_id (party_id=? AND response=?)",
        "ix_rsvp_events_party_id_created_at (party_id=?)",
        "ix_parties_owner_id_starts_at (owner_id=?)",
        "ix_guests_owner_id_name (owner_id=?)",
    ):
        assert index in plans, plans
    assert "TEMP B-TREE FOR ORDER BY" not in plans, plans


def test_every_read_of_a_teas_or_a_hosts_ledger_searches_an_index(app, host):
    """A tea's page and its whole history, the undo check, the export and deleting a tea read
    stock_movements by an index of the tea, the host or the reversed row: never the whole ledger.
    check-stock sums every host's consumption over the (owner, day) covering index, which is why
    that index stays; no statement reads (owner, kind, tea, ...): the ledger no longer keeps it."""
    from bench.data import grow_host
    from teahouse.models import StockMovement, Tea
    from teahouse.portability import export
    from teahouse.stock import ledger, rollups
    from teahouse.stock import services as stock

    with app.app_context():
        grow_host(host, teas=3, movements=60)
        tea = db.session.scalar(db.select(Tea).where(Tea.owner_id == host))
        undone = db.session.scalar(db.select(StockMovement).where(StockMovement.tea_id == tea.id))
        ledger.undo(undone)
        tea_id, undone_id = tea.id, undone.id

    def reads(user):
        tea = db.session.get(Tea, tea_id)
        stock.recent_movements(tea_id)  # the tea page
        stock.stock_summary(tea)
        paginate_rows(stock.movement_history(tea_id), 1, 50)  # the stock history page
        ledger.is_undone(db.session.get(StockMovement, undone_id))
        for name, records in export.sections(user):
            if name == "stock_movements":
                list(records)
        rollups.forget_tea(tea_id)  # before deleting the tea; its writes are rolled back
        db.session.rollback()

    plans = "\n".join(_plans(app, host, reads))
    for index in (
        "ix_stock_movements_tea_id_occurred_on (tea_id=?)",
        "ix_stock_movements_tea_id (tea_id=?)",
        "ix_stock_movements_owner_id (owner_id=?)",
        "sqlite_autoindex_stock_movements_1 (reverses_id=?)",
    ):
        assert index in plans, plans
    assert "SCAN stock_movements" not in plans, plans

    checks = "\n".join(_plans(app, host, lambda _user: rollups.mismatches()))
    covering = "SCAN stock_movements USING COVERING INDEX ix_stock_movements_owner_id_occurred_on"
    assert covering in checks, checks
