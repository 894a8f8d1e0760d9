"""The one owner of stock: every way leaf moves keeps the running total equal to the ledger."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select, text

from teahouse.extensions import db
from teahouse.models import MovementKind, PartyTea, StockMovement, Tea, User
from teahouse.portability.csv_import import import_csv
from teahouse.portability.importing import import_document
from teahouse.stock import ledger
from tests.helpers.client import add_host, login, post_form, post_import
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import BREW, make_tea


def _totals(app, owner_id):
    """tea id → (running total, sum of the ledger) for every tea of the host."""
    with app.app_context():
        kept = dict(
            db.session.execute(
                select(Tea.id, Tea.milligrams_on_hand).where(Tea.owner_id == owner_id)
            ).all()
        )
        summed = dict(
            db.session.execute(
                select(StockMovement.tea_id, func.sum(StockMovement.milligrams))
                .where(StockMovement.owner_id == owner_id)
                .group_by(StockMovement.tea_id)
            ).all()
        )
    return {tea_id: (mg, summed.get(tea_id, 0)) for tea_id, mg in kept.items()}


def _assert_totals_match(app, owner_id):
    totals = _totals(app, owner_id)
    assert totals, "the host has no teas to check"
    assert all(kept == summed for kept, summed in totals.values()), totals
    return totals


def _movement_id(app, tea_id, kind):
    with app.app_context():
        return db.session.scalar(
            select(StockMovement.id)
            .where(StockMovement.tea_id == tea_id, StockMovement.kind == kind)
            .order_by(StockMovement.id.desc())
        )


def test_every_kind_of_movement_and_undo_keeps_the_total(app, client, host):
    tea_id = make_tea(app, host, grams=100)
    page = f"/teas/{tea_id}"
    post_form(
        client,
        f"{page}/restock",
        {"restock-grams": "50", "restock-currency": "EUR"},
        token_from=page,
    )
    assert _assert_totals_match(app, host)[tea_id] == (150_000, 150_000)
    for kind in ("brewed", "gift", "swap", "sample", "spoiled"):
        data = {"consume-grams": "2.5", "consume-kind": kind}
        assert post_form(client, f"{page}/consume", data, token_from=page).status_code == 302
        _assert_totals_match(app, host)
    assert _totals(app, host)[tea_id][0] == 137_500
    post_form(client, f"{page}/stocktake", {"stocktake-counted": "120"}, token_from=page)
    assert _assert_totals_match(app, host)[tea_id] == (120_000, 120_000)
    gift = _movement_id(app, tea_id, "gift")
    post_form(client, f"/movements/{gift}/undo", token_from=page)
    assert _assert_totals_match(app, host)[tea_id] == (122_500, 122_500)
    assert "122.5 g</span> in stock" in client.get(page).get_data(as_text=True)


def test_refused_movements_leave_the_total_alone(app, client, host):
    tea_id = make_tea(app, host, grams=10)
    page = f"/teas/{tea_id}"
    data = {"consume-grams": "11", "consume-kind": "brewed"}
    post_form(client, f"{page}/consume", data, token_from=page)
    post_form(
        client, f"{page}/consume", {"consume-grams": "8", "consume-kind": "brewed"}, token_from=page
    )
    purchase = _movement_id(app, tea_id, "purchase")
    refused = post_form(
        client, f"/movements/{purchase}/undo", token_from=page, follow_redirects=True
    )
    assert "cannot be taken" in refused.get_data(as_text=True)  # 2 g left, 10 g bought
    assert _assert_totals_match(app, host)[tea_id] == (2_000, 2_000)


def test_brewing_and_removing_a_brew_keep_the_total(app, client, host):
    tea_id = make_tea(app, host, grams=50)
    post_form(client, f"/teas/{tea_id}/brew", BREW)
    assert _assert_totals_match(app, host)[tea_id] == (45_000, 45_000)
    with app.app_context():
        brew_id = db.session.scalar(text("SELECT id FROM brew_sessions"))
    post_form(client, f"/brews/{brew_id}/delete", token_from=f"/teas/{tea_id}")
    assert _assert_totals_match(app, host)[tea_id] == (50_000, 50_000)


def test_a_held_party_keeps_the_totals(app, client, host):
    party_id = make_party(app, host, days_ahead=-0.05)  # it has begun
    first = make_tea(app, host, grams=100, name="First")
    second = make_tea(app, host, grams=100, name="Second")
    add_menu(app, party_id, first, position=0)
    add_menu(app, party_id, second, position=1)
    invite(app, party_id, make_guest(app, host))
    with app.app_context():
        items = db.session.scalars(select(PartyTea.id).order_by(PartyTea.position)).all()
    data = {
        "served-0-item_id": str(items[0]),
        "served-0-grams": "3.5",
        "served-1-item_id": str(items[1]),
        "served-1-grams": "12",
    }
    assert post_form(client, f"/parties/{party_id}/held", data).status_code == 302
    totals = _assert_totals_match(app, host)
    assert (totals[first][0], totals[second][0]) == (96_500, 88_000)


def test_the_sample_and_both_imports_keep_the_totals(app, client, sample_host):
    sample = _assert_totals_match(app, sample_host)
    assert len(sample) == 40
    csv_text = client.get("/data/teas.csv").get_data(as_text=True)
    document = json.loads(client.get("/data/export.json").data)

    add_host(app, email="csv@example.com", name="Csv")
    add_host(app, email="json@example.com", name="Json")
    with app.app_context():
        by_email = dict(db.session.execute(select(User.email, User.id)).all())
        assert import_csv(db.session.get(User, by_email["csv@example.com"]), csv_text).ok
        result = import_document(db.session.get(User, by_email["json@example.com"]), document)
        assert result.ok, result.problems
    from_csv = _assert_totals_match(app, by_email["csv@example.com"])
    from_json = _assert_totals_match(app, by_email["json@example.com"])
    on_hand = sorted(kept for kept, _ in sample.values())
    assert sorted(kept for kept, _ in from_csv.values()) == on_hand
    assert sorted(kept for kept, _ in from_json.values()) == on_hand


def test_a_json_import_with_undone_movements_keeps_the_totals(app, client, host):
    tea_id = make_tea(app, host, grams=100)
    page = f"/teas/{tea_id}"
    post_form(
        client,
        f"{page}/consume",
        {"consume-grams": "30", "consume-kind": "brewed"},
        token_from=page,
    )
    brewed = _movement_id(app, tea_id, "brewed")
    post_form(client, f"/movements/{brewed}/undo", token_from=page)
    post_form(
        client, f"{page}/consume", {"consume-grams": "5", "consume-kind": "brewed"}, token_from=page
    )
    document = json.loads(client.get("/data/export.json").data)

    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    assert "Import finished" in post_import(fresh, document).get_data(as_text=True)
    with app.app_context():
        fresh_id = db.session.scalar(select(User.id).where(User.email == "fresh@example.com"))
        undo = db.session.scalar(
            select(StockMovement).where(
                StockMovement.owner_id == fresh_id, StockMovement.kind == "undo"
            )
        )
        assert undo.milligrams == 30_000
        assert db.session.get(StockMovement, undo.reverses_id).kind == "brewed"
    assert list(_assert_totals_match(app, fresh_id).values()) == [(95_000, 95_000)]


def test_add_movements_writes_many_rows_and_returns_their_ids_in_order(app, host):
    first = make_tea(app, host, name="First")
    second = make_tea(app, host, name="Second")
    rows = [
        {
            "owner_id": host,
            "tea_id": first if n % 2 else second,
            "kind": MovementKind.PURCHASE,
            "milligrams": 1_000 + n,
            "occurred_on": date(2026, 1, 1),
        }
        for n in range(ledger.INSERT_CHUNK + 3)  # more than one INSERT statement
    ]
    with app.app_context():
        ids = ledger.add_movements(rows, returning_ids=True)
        db.session.commit()
        stored = dict(
            db.session.execute(
                select(StockMovement.id, StockMovement.milligrams).where(StockMovement.id.in_(ids))
            ).all()
        )
    assert [stored[i] for i in ids] == [row["milligrams"] for row in rows]
    totals = _assert_totals_match(app, host)
    assert totals[first][0] == sum(r["milligrams"] for r in rows if r["tea_id"] == first)


def test_a_movement_does_not_make_an_open_edit_of_the_tea_stale(app, client, host):
    tea_id = make_tea(app, host, grams=100)
    with app.app_context():
        version = db.session.get(Tea, tea_id).version
    post_form(
        client,
        f"/teas/{tea_id}/restock",
        {"restock-grams": "5", "restock-currency": "EUR"},
        token_from=f"/teas/{tea_id}",
    )
    with app.app_context():
        assert db.session.get(Tea, tea_id).version == version


def test_on_hand_for_one_tea_or_many(app, host):
    first = make_tea(app, host, grams=7, name="First")
    second = make_tea(app, host, name="Second")
    with app.app_context():
        assert ledger.on_hand_mg(first) == 7_000
        assert ledger.on_hand_by_tea([first, second, first]) == {first: 7_000, second: 0}
        assert ledger.on_hand_by_tea([]) == {}


def test_an_undo_of_an_undo_or_a_second_undo_is_refused(app, host):
    tea_id = make_tea(app, host, grams=10)
    with app.app_context():
        purchase = db.session.scalar(select(StockMovement).where(StockMovement.tea_id == tea_id))
        undo = ledger.undo(purchase)
        with pytest.raises(ledger.StockError, match="already been undone"):
            ledger.undo(purchase)
        with pytest.raises(ledger.StockError, match="cannot itself be undone"):
            ledger.undo(undo)
    assert _assert_totals_match(app, host)[tea_id] == (0, 0)


def test_check_stock_finds_and_repairs_a_drifted_total(app, runner, host):
    tea_id = make_tea(app, host, grams=10, name="Drifted")
    make_tea(app, host, grams=5, name="Fine")
    result = runner.invoke(args=["check-stock"])
    assert result.exit_code == 0
    assert "All 2 teas: the stock on hand matches the ledger." in result.output
    with app.app_context():
        db.session.execute(
            text("UPDATE teas SET milligrams_on_hand = 3 WHERE id = :id"), {"id": tea_id}
        )
        db.session.commit()
    result = runner.invoke(args=["check-stock"])
    assert result.exit_code == 1
    assert f"tea {tea_id} (Drifted): total 0.003 g, ledger 10 g" in result.output
    assert "1 of 2 teas differ from their ledger" in result.output
    result = runner.invoke(args=["check-stock", "--repair"])
    assert result.exit_code == 0 and "Repaired 1 of 2 teas" in result.output
    assert runner.invoke(args=["check-stock"]).exit_code == 0
    assert _assert_totals_match(app, host)[tea_id] == (10_000, 10_000)
