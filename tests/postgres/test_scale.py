"""The party page's sums on PostgreSQL, where JSON arrays are taken apart differently."""

from tests.helpers.client import add_host, login
from tests.helpers.parties import assert_sums_match_the_list


def test_party_sums_on_postgres_equal_the_sums_over_the_list(app):
    from bench.data import grow_host

    host = add_host(app)
    with app.app_context():
        party_id = grow_host(host, guests=120, parties=1, party_guests=120)
    tally = assert_sums_match_the_list(app, party_id)
    assert (tally.yes, tally.maybe, tally.no, tally.pending) == (114, 12, 18, 18)
    client = app.test_client()
    login(client)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "114 people coming." in page and "vegan: 20" in page
    printed = client.get(f"/parties/{party_id}/coming").get_data(as_text=True)
    assert printed.count("<tr>") == 1 + 114  # the heading row and every person coming


def test_the_tea_list_reads_a_page_along_its_indexes_on_postgres(app):
    from sqlalchemy import event

    from bench.data import grow_host
    from teahouse.extensions import db
    from teahouse.models import User
    from teahouse.pagination import paginate_rows
    from teahouse.teas import services

    host = add_host(app)
    with app.app_context():
        grow_host(host, teas=2000)
        db.session.execute(db.text("ANALYZE teas"))
        db.session.commit()
        user = db.session.get(User, host)
        for sort, index in (
            ("name", "ix_teas_owner_id_lower_name"),
            ("rating", "ix_teas_owner_id_rating_order"),
        ):
            sent = []

            def record(_conn, _cursor, statement, parameters, *_):
                sent.append((statement, parameters))  # noqa: B023

            event.listen(db.engine, "before_cursor_execute", record)
            paginate_rows(services.tea_list_query(user, services.TeaFilters(sort=sort)), 3, 24)
            event.remove(db.engine, "before_cursor_execute", record)
            statement, parameters = sent[1]  # after the count, the page of rows
            plan = "\n".join(
                row[0]
                for row in db.session.connection().exec_driver_sql(
                    "EXPLAIN " + statement, parameters
                )
            )
            assert f"Index Scan using {index} on teas" in plan, plan
            assert "Sort" not in plan.split("Index Scan")[0], plan


def test_the_apps_connections_run_without_jit(app):
    """A page's JSON-array query made PostgreSQL compile it (some 300 ms for a 2 ms query)."""
    from sqlalchemy import text

    from teahouse.extensions import db

    with app.app_context():
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
