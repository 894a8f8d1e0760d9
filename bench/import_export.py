"""Benchmark: import a 10,000-tea CSV, against a raw insert of the same rows; then export it.

Each import runs in a fresh process (so its peak memory is its own) on a fresh file-backed
SQLite database with the app loaded. The baseline inserts the same rows with sqlite3's
executemany, without any checking; Teahouse checks every row against the tea schema, then
writes in bulk. Run with `make bench` (or `.venv/bin/python bench/import_export.py`).
"""

import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEAS = 10_000
TYPES = [
    "white",
    "green",
    "yellow",
    "oolong",
    "black",
    "puerh_raw",
    "puerh_ripe",
    "dark",
    "matcha",
    "herbal",
    "rooibos",
    "blend",
]
HEADER = [
    "name",
    "type",
    "origin_country",
    "vendor",
    "harvest_year",
    "rating",
    "favourite",
    "tags",
    "notes",
    "brew_style",
    "grams_in_stock",
]


def make_csv(count: int, seed: int = 20261126) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(count):
        writer.writerow(
            [
                f"Bench tea {n:06d}",
                TYPES[n % len(TYPES)],
                rng.choice(["China", "Japan", "India"]),
                f"Vendor {n % 37}",
                2015 + n % 11,
                rng.choice(["", "3", "4.5", "5"]),
                rng.choice(["yes", "no"]),
                f"bench; batch {n % 9}",
                "Malty and long. " * 3,
                rng.choice(["western", "gongfu"]) if TYPES[n % len(TYPES)] != "matcha" else "",
                rng.randint(10, 500),
            ]
        )
    return out.getvalue()


def _peak_mib() -> float:
    """This process's own peak RSS. Not getrusage's ru_maxrss: Linux carries that across
    exec from the process that spawned this one (the parent's memory at the fork), so a child
    of a big parent would report the parent's size. VmHWM belongs to this process's memory."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmRSS in /proc/self/status")


def _reset_peak() -> None:
    """Start VmHWM again from the present RSS (Linux 4.0+), so that the peak read after the
    import is the import's, not the app's start-up (which hashes a dummy password: 32 MiB
    for a moment)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
        clear_refs.write("5")


def raw_insert(connection, owner_id: int, text: str) -> None:
    """The baseline: the same teas, tags and opening purchases, inserted without any check."""
    now, today = datetime.now(UTC).replace(tzinfo=None), date.today()
    rows = list(csv.DictReader(io.StringIO(text)))
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO teas (owner_id, name, type, origin_country, origin_region, cultivar, vendor,"
        " vendor_url, harvest_year, harvest_season, leaf_form, caffeine, rating, favourite,"
        " notes, brew_style, brew_temp_c, grams_per_100ml, steep_seconds, rinse, vessel_ml,"
        " created_at, updated_at, version, milligrams_on_hand)"
        " VALUES (?, ?, ?, ?, '', '', ?, '', ?, '', '', 'medium', ?, ?, ?, ?, 90, 1.0, '[60]',"
        " 0, 300, ?, ?, 1, ?)",
        [
            (
                owner_id,
                r["name"],
                r["type"],
                r["origin_country"],
                r["vendor"],
                int(r["harvest_year"]),
                float(r["rating"]) if r["rating"] else None,
                r["favourite"] == "yes",
                r["notes"],
                r["brew_style"] or "western",
                now,
                now,
                int(r["grams_in_stock"]) * 1000,
            )
            for r in rows
        ],
    )
    ids = [i for (i,) in connection.execute("SELECT id FROM teas ORDER BY id")]
    connection.executemany(
        "INSERT INTO tea_tags (tea_id, name) VALUES (?, ?)",
        [(i, t.strip()) for i, r in zip(ids, rows, strict=True) for t in r["tags"].split(";")],
    )
    connection.executemany(
        "INSERT INTO stock_movements (owner_id, tea_id, kind, milligrams, currency, vendor,"
        " note, occurred_on, created_at) VALUES (?, ?, 'purchase', ?, '', ?, 'Imported stock',"
        " ?, ?)",
        [
            (owner_id, i, int(r["grams_in_stock"]) * 1000, r["vendor"], today, now)
            for i, r in zip(ids, rows, strict=True)
        ],
    )
    connection.execute("COMMIT")


def child(mode: str, path: str, folder: str) -> None:
    """One measured import in this fresh process; prints its figures as JSON.

    The database (migrated, with its host) was made by the parent, so neither the migrations
    nor the password hash count towards this process's peak memory.
    """
    import os

    os.environ["TEAHOUSE_INSTANCE_PATH"] = folder
    from teahouse import create_app
    from teahouse.extensions import db
    from teahouse.models import Tea, User
    from teahouse.portability.csv_import import import_csv
    from teahouse.portability.csvfile import iter_teas_csv
    from teahouse.portability.export import iter_export_json

    app = create_app({"SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id))
    text = Path(path).read_text(encoding="utf-8")
    _reset_peak()
    figures = {"before_mib": _rss_mib()}
    with app.app_context():
        start = time.perf_counter()
        if mode == "raw":
            connection = db.engine.raw_connection()
            raw_insert(connection.driver_connection, user_id, text)
            connection.close()
        else:
            report = import_csv(db.session.get(User, user_id), text)
            assert report.ok, report.problems[:5]
        figures["seconds"] = time.perf_counter() - start
        figures["peak_mib"] = _peak_mib()
        figures["teas"] = db.session.query(Tea).count()
        if mode == "teahouse":
            user = db.session.get(User, user_id)
            start = time.perf_counter()
            size = sum(len(piece) for piece in iter_export_json(user))
            figures["export_json"] = (time.perf_counter() - start, size)
            start = time.perf_counter()
            size = sum(len(piece) for piece in iter_teas_csv(user))
            figures["export_csv"] = (time.perf_counter() - start, size)
            figures["peak_after_export_mib"] = _peak_mib()
    print(json.dumps(figures))


def _run(mode: str, path: str) -> dict:
    from bench.common import add_user, fresh_app

    add_user(fresh_app())  # a fresh instance folder, named in the environment
    folder = os.environ["TEAHOUSE_INSTANCE_PATH"]
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, path, folder],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.write(make_csv(TEAS))
        path = handle.name
    size = Path(path).stat().st_size / 2**20
    raw, ours = _run("raw", path), _run("teahouse", path)
    assert raw["teas"] == ours["teas"] == TEAS
    print(
        f"| {TEAS:,}-tea CSV ({size:.1f} MiB) | seconds | peak RSS (MiB) "
        "| RSS added by the import (MiB) |"
    )
    print("|---|---:|---:|---:|")
    for label, run in (
        ("raw sqlite3 executemany, no checks (baseline)", raw),
        ("Teahouse import", ours),
    ):
        added = run["peak_mib"] - run["before_mib"]
        print(f"| {label} | {run['seconds']:.2f} | {run['peak_mib']:.0f} | {added:.0f} |")
    print(
        f"| **ratio Teahouse ÷ baseline** | **{ours['seconds'] / raw['seconds']:.2f}** | "
        f"**{ours['peak_mib'] / raw['peak_mib']:.2f}** | |"
    )
    print()
    print("| export, streamed | seconds | size (MiB) |")
    print("|---|---:|---:|")
    for label, key in (("everything as JSON", "export_json"), ("teas as CSV", "export_csv")):
        seconds, chars = ours[key]
        print(f"| {label} | {seconds:.2f} | {chars / 2**20:.1f} |")
    print(
        "\nPeak RSS of the importing process after both exports: "
        f"{ours['peak_after_export_mib']:.0f} MiB."
    )
    Path(path).unlink()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        main()
