"""Benchmark: the page of a tea with 10,000 stock movements (and its history page).

Counts the SQL statements per page (they must not grow with the ledger) and times the pages.
Run with `make bench` (or `.venv/bin/python bench/stock_page.py`).
"""

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_user, fresh_app, login  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import StockMovement, Tea  # noqa: E402

REPEATS = 20


def grow_ledger(app, user_id, tea_id, total):
    with app.app_context():
        have = db.session.query(StockMovement).filter_by(tea_id=tea_id).count()
        today = date.today()
        rows = [
            {
                "owner_id": user_id,
                "tea_id": tea_id,
                "kind": "purchase" if n % 10 == 0 else "brewed",
                "milligrams": 50_000 if n % 10 == 0 else -3_000,
                "cost_minor": 1500 if n % 10 == 0 else None,
                "currency": "EUR" if n % 10 == 0 else "",
                "vendor": "",
                "note": "",
                "occurred_on": today - timedelta(days=(total - n) // 20),
            }
            for n in range(have, total)
        ]
        if rows:
            db.session.execute(insert(StockMovement), rows)
            db.session.commit()


def measure(app, client, url):
    with app.app_context():
        engine = db.engine
    statements = []

    def record(conn, cursor, statement, *args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    response = client.get(url)
    event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    start = time.perf_counter()
    for _ in range(REPEATS):
        client.get(url)
    return len(statements), (time.perf_counter() - start) / REPEATS * 1000


def main():
    app = fresh_app()
    user_id = add_user(app)
    with app.app_context():
        tea = Tea(
            owner_id=user_id,
            name="Dian Hong",
            type="black",
            brew_temp_c=93,
            grams_per_100ml=4.0,
            steep_seconds=[10, 15, 20],
            vessel_ml=100,
        )
        db.session.add(tea)
        db.session.commit()
        tea_id = tea.id
    client = app.test_client()
    login(client)
    print("| movements | page | SQL statements | ms per request (mean of 20) |")
    print("|---:|---|---:|---:|")
    for total in (10, 1_000, 10_000):
        grow_ledger(app, user_id, tea_id, total)
        for label, url in (
            ("tea page", f"/teas/{tea_id}"),
            ("stock history, last page", f"/teas/{tea_id}/stock?page={total // 50 + 1}"),
        ):
            queries, ms = measure(app, client, url)
            print(f"| {total:,} | {label} | {queries} | {ms:.1f} |")


if __name__ == "__main__":
    main()
