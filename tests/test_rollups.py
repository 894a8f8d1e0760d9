"""The dashboard's rollups (consumption per month, purchases per tea) equal the ledger's sums."""

from datetime import date, timedelta
from decimal import Decimal

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from teahouse.dashboard import services
from teahouse.extensions import db
from teahouse.models import (
    CollectionValue,
    ConsumptionMonth,
    MovementKind,
    PurchaseTotal,
    StockMovement,
    Tea,
    TeaTypeCount,
    User,
)
from teahouse.sample import load_sample
from teahouse.stock import ledger, rollups
from tests.helpers.client import add_host, csrf_token, make_app
from tests.helpers.teas import make_tea


def _value_from_ledger(owner_id) -> dict[str, Decimal]:
    """The collection's value as the dashboard computed it before the rollups."""
    rows = db.session.execute(rollups.collection_value_from_ledger(), {"owner_id": owner_id})
    return {c: (Decimal(str(minor)) / 100).quantize(Decimal("0.01")) for c, minor in rows}


def _consumption_from_ledger(owner_id) -> dict[tuple[int, int], int]:
    return {
        (int(y), int(m)): mg
        for o, y, m, mg in db.session.execute(rollups.consumption_from_ledger())
        if o == owner_id
    }


def _a_tangled_history(tea, other, today):
    """Purchases with and without a cost, in two currencies, undone and not; consumption of
    every kind, some undone, across months; an import's rows through add_movements."""
    add = ledger.add_movement
    add(tea, MovementKind.PURCHASE, 50_000, cost_minor=1500, currency="EUR")
    bought = add(tea, MovementKind.PURCHASE, 30_000, cost_minor=999, currency="USD")
    add(tea, MovementKind.PURCHASE, 10_000)  # a gift received: no cost
    mistaken = add(tea, MovementKind.PURCHASE, 20_000, cost_minor=4000, currency="EUR")
    add(other, MovementKind.PURCHASE, 7_000, cost_minor=333, currency="USD")
    db.session.flush()
    ledger.undo_movement(mistaken)
    for n, kind in enumerate(("brewed", "served", "gift", "swap", "sample", "spoiled")):
        add(tea, kind, -(n + 1) * 700, occurred_on=today - timedelta(days=31 * n))
    brew = add(other, MovementKind.BREWED, -2_500, occurred_on=today - timedelta(days=40))
    db.session.flush()
    ledger.undo_movement(brew, occurred_on=brew.occurred_on)  # cancels in the brew's month
    add(tea, MovementKind.STOCKTAKE, -1_234)  # a correction, not consumption
    ids = ledger.add_movements(
        [
            {
                "owner_id": tea.owner_id,
                "tea_id": other.id,
                "kind": MovementKind.PURCHASE,
                "milligrams": 9_000,
                "cost_minor": 720,
                "currency": "GBP",
                "occurred_on": today - timedelta(days=90),
            },
            {
                "owner_id": tea.owner_id,
                "tea_id": other.id,
                "kind": MovementKind.SAMPLE,
                "milligrams": -1_000,
                "occurred_on": today - timedelta(days=60),
            },
        ],
        returning_ids=True,
    )
    ledger.add_movements(
        [
            {
                "owner_id": tea.owner_id,
                "tea_id": other.id,
                "kind": MovementKind.UNDO,
                "milligrams": 1_000,
                "occurred_on": today,
                "reverses_id": ids[1],
            }
        ]
    )
    return bought


def test_every_kind_of_history_gives_the_ledgers_figures(app, host):
    today = date.today()
    tea_id = make_tea(app, host, name="Dancong")
    other_id = make_tea(app, host, name="Keemun")
    with app.app_context():
        tea, other = db.session.get(Tea, tea_id), db.session.get(Tea, other_id)
        bought = _a_tangled_history(tea, other, today)
        db.session.commit()
        user = db.session.get(User, host)
        value = services.collection_value(user)
        assert value == _value_from_ledger(host)
        assert set(value) == {"EUR", "USD", "GBP"}
        shown = dict(services.consumption_by_month(user, today))
        ledger_months = _consumption_from_ledger(host)
        assert sum(shown.values()) * 1000 == sum(
            mg for (y, m), mg in ledger_months.items() if date(y, m, 1).strftime("%b %Y") in shown
        )
        # The brew and the sample that were undone do not count; the six kinds do.
        assert sum(shown.values()) == sum((n + 1) * 0.7 for n in range(6))
        # Undoing a purchase with a cost moves the value by exactly the ledger's figure.
        ledger.undo(bought)
        assert services.collection_value(user) == _value_from_ledger(host)
        assert "USD" in services.collection_value(user)  # the other tea's USD purchase stands
        assert rollups.mismatches() == []


def test_the_sample_gives_the_ledgers_figures(app, sample_host):
    with app.app_context():
        user = db.session.get(User, sample_host)
        assert services.collection_value(user) == _value_from_ledger(sample_host) != {}
        assert rollups.mismatches() == []
        kept = db.session.scalar(
            select(func.sum(ConsumptionMonth.milligrams)).where(
                ConsumptionMonth.owner_id == sample_host
            )
        )
        assert kept == sum(_consumption_from_ledger(sample_host).values()) > 0


def test_a_deleted_tea_takes_its_purchase_totals_along(app, host):
    tea_id = make_tea(app, host, grams=100)
    kept_id = make_tea(app, host, grams=40, name="Kept")
    with app.app_context():
        db.session.execute(text("DELETE FROM teas WHERE id = :id"), {"id": tea_id})
        db.session.commit()
        assert db.session.scalars(select(PurchaseTotal.tea_id)).all() == [kept_id]
        assert services.collection_value(db.session.get(User, host)) == {"EUR": Decimal("20.00")}
        assert services.collection_value(db.session.get(User, host)) == _value_from_ledger(host)


def test_deleting_a_tea_from_the_collection_takes_its_months_of_consumption_along(
    app, client, host
):
    tea_id = make_tea(app, host, grams=100)
    kept_id = make_tea(app, host, grams=40, name="Kept")
    with app.app_context():
        ledger.consume(db.session.get(Tea, tea_id), 7)
        ledger.consume(db.session.get(Tea, kept_id), 3)
    token = csrf_token(client, f"/teas/{tea_id}/delete")
    assert client.post(f"/teas/{tea_id}/delete", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.get(Tea, tea_id) is None
        today = date.today()
        months = dict(services.consumption_by_month(db.session.get(User, host)))
        assert months[today.strftime("%b %Y")] == 3.0  # only the tea still in the collection
        assert rollups.mismatches() == []


def test_check_stock_finds_and_rebuilds_drifted_rollups(app, runner, host):
    tea_id = make_tea(app, host, grams=10, name="Drifted")
    with app.app_context():
        tea = db.session.get(Tea, tea_id)
        ledger.consume(tea, 3)
        db.session.execute(text("UPDATE tea_purchase_totals SET cost_minor = 1"))
        db.session.execute(text("UPDATE stock_consumption_months SET milligrams = 5"))
        db.session.execute(text("UPDATE stock_collection_values SET value_micro = 1"))
        db.session.execute(text("UPDATE tea_type_counts SET teas = 7"))
        db.session.commit()
    result = runner.invoke(args=["check-stock"])
    assert result.exit_code == 1
    assert f"purchases of tea {tea_id} in EUR: kept 1 minor units for 10 g" in result.output
    assert "kept 0.005 g, ledger 3 g" in result.output
    # 20.00 EUR for 10 g, 7 g on hand: 14.00 EUR, kept in millionths of a cent.
    assert (
        f"value of tea {tea_id} in EUR: kept 1400000000, computed 700000 millionths"
        in result.output
    )
    assert (
        f"collection value of host {host} in EUR: kept 1, teas sum to 1400000000" in result.output
    )
    assert f"teas of type black of host {host}: kept 7, counted 1" in result.output
    assert "5 rollup rows differ from the ledger; --repair rebuilds them." in result.output
    result = runner.invoke(args=["check-stock", "--repair"])
    assert result.exit_code == 0 and "Rebuilt the rollups" in result.output
    assert runner.invoke(args=["check-stock"]).exit_code == 0
    with app.app_context():
        assert rollups.mismatches() == []
        assert services.collection_value(db.session.get(User, host)) == {"EUR": Decimal("14.00")}
        assert services.teas_by_type(db.session.get(User, host)) == [("Black", 1)]


def test_the_migration_fills_the_rollups_from_an_existing_ledger(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        host = add_host(app)
        load_sample(db.session.get(User, host))
        purchase = db.session.scalars(
            select(StockMovement).where(StockMovement.cost_minor.isnot(None))
        ).first()
        ledger.undo(purchase)
        kept_months = db.session.execute(select(ConsumptionMonth.__table__)).all()
        kept_totals = db.session.execute(select(PurchaseTotal.__table__)).all()
        kept_values = db.session.execute(select(CollectionValue.__table__)).all()
        kept_types = db.session.execute(select(TeaTypeCount.__table__)).all()
        assert kept_months and kept_totals and kept_values and kept_types
        downgrade(revision="d2f6a8c1e904")
        upgrade()
        assert sorted(db.session.execute(select(CollectionValue.__table__)).all()) == sorted(
            kept_values
        )
        assert sorted(db.session.execute(select(TeaTypeCount.__table__)).all()) == sorted(
            kept_types
        )
        assert sorted(db.session.execute(select(ConsumptionMonth.__table__)).all()) == sorted(
            kept_months
        )
        assert sorted(db.session.execute(select(PurchaseTotal.__table__)).all()) == sorted(
            kept_totals
        )
        assert rollups.mismatches() == []
        db.session.remove()
        db.engine.dispose()


def test_the_teas_by_type_follow_every_way_a_tea_is_written(app, host):
    other = add_host(app, email="other@example.com", name="Bo")
    black = make_tea(app, host, name="Keemun")
    make_tea(app, host, name="Dian Hong")
    with app.app_context():
        tea = db.session.get(Tea, black)
        tea.type = "oolong"  # an edit through the ORM
        db.session.commit()
        columns = {"type": "green", "brew_temp_c": 80, "grams_per_100ml": 0.5, "vessel_ml": 100}
        db.session.execute(  # an import's bulk INSERT, then its hand-over to another owner
            Tea.__table__.insert(),
            [
                {"owner_id": host, "name": f"Sencha {n}", "steep_seconds": [60], **columns}
                for n in range(3)
            ],
        )
        db.session.execute(
            text("UPDATE teas SET owner_id = :o WHERE name = 'Sencha 0'"), {"o": other}
        )
        db.session.execute(text("DELETE FROM teas WHERE name = 'Sencha 1'"))
        db.session.commit()
        assert services.teas_by_type(db.session.get(User, host)) == [
            ("Green", 1),
            ("Oolong", 1),
            ("Black", 1),
        ]
        assert services.teas_by_type(db.session.get(User, other)) == [("Green", 1)]


def test_the_collection_value_adds_exact_shares(app, host):
    # 10.00 EUR for 3 g, 2 g left: 6.666… EUR a tea, kept as 666,666,667 millionths of a cent.
    teas = [make_tea(app, host, name=f"Third {n}") for n in range(3)]
    with app.app_context():
        for tea_id in teas:
            tea = db.session.get(Tea, tea_id)
            ledger.restock(tea, 3, cost="10.00", currency="EUR")
            ledger.consume(tea, 1)
        kept = db.session.scalars(select(PurchaseTotal.value_micro)).all()
        assert kept == [666_666_667] * 3
        assert services.collection_value(db.session.get(User, host)) == {"EUR": Decimal("20.00")}
        ledger.consume(db.session.get(Tea, teas[0]), 2)  # none left of the first
        assert services.collection_value(db.session.get(User, host)) == {"EUR": Decimal("13.33")}
