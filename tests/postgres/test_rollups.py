"""The dashboard's rollups on PostgreSQL give the figures the ledger's own sums give."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, text

from teahouse.dashboard import services
from teahouse.extensions import db
from teahouse.models import MovementKind, Tea, User
from teahouse.stock import ledger, rollups
from tests.helpers.client import add_host
from tests.helpers.teas import make_tea


def test_value_and_consumption_equal_the_ledgers_sums_on_postgres(app):
    host = add_host(app, sample=True)
    today = date.today()
    with app.app_context():
        teas = db.session.scalars(select(Tea).where(Tea.owner_id == host).order_by(Tea.id)).all()
        first, second = teas[0], teas[1]
        bought = ledger.restock(first, 30, cost="7.77", currency="USD")
        ledger.restock(second, 12, cost="3.10", currency="GBP")
        ledger.consume(first, 4, kind=MovementKind.GIFT, occurred_on=today - timedelta(days=35))
        ledger.undo(bought)
        ledger.undo(ledger.restock(second, 5, cost="1.25", currency="GBP"))
        user = db.session.get(User, host)
        rows = db.session.execute(rollups.collection_value_from_ledger(), {"owner_id": host})
        expected = {c: (Decimal(str(v)) / 100).quantize(Decimal("0.01")) for c, v in rows}
        assert services.collection_value(user) == expected
        assert "GBP" in expected
        months = dict(services.consumption_by_month(user, today))
        ledger_months = {
            date(int(y), int(m), 1).strftime("%b %Y"): mg / 1000
            for o, y, m, mg in db.session.execute(rollups.consumption_from_ledger())
            if o == host
        }
        assert months == {label: ledger_months.get(label, 0.0) for label in months}
        assert sum(months.values()) > 0
        assert rollups.mismatches() == []


def test_the_type_counts_and_values_follow_edits_imports_and_deletes_on_postgres(app):
    host = add_host(app)
    other = add_host(app, email="other@example.com", name="Bo")
    keemun = make_tea(app, host, grams=10, name="Keemun")  # 20.00 EUR for 10 g
    make_tea(app, host, grams=10, name="Dian Hong")
    leaving = make_tea(app, other, grams=10, name="Leaving")
    with app.app_context():
        db.session.get(Tea, keemun).type = "oolong"
        db.session.commit()
        columns = {"type": "green", "brew_temp_c": 80, "grams_per_100ml": 0.5, "vessel_ml": 100}
        db.session.execute(
            Tea.__table__.insert(),
            [{"owner_id": host, "name": "Sencha", "steep_seconds": [60], **columns}],
        )
        db.session.execute(
            text("UPDATE teas SET owner_id = :o WHERE name = 'Sencha'"), {"o": other}
        )
        db.session.execute(text("DELETE FROM teas WHERE id = :id"), {"id": keemun})
        db.session.commit()
        assert services.teas_by_type(db.session.get(User, host)) == [("Black", 1)]
        assert services.teas_by_type(db.session.get(User, other)) == [("Green", 1), ("Black", 1)]
        assert services.collection_value(db.session.get(User, host)) == {"EUR": Decimal("20.00")}
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": other})
        db.session.commit()
        assert db.session.get(Tea, leaving) is None
        assert rollups.mismatches() == []
