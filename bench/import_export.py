"""Benchmark: import a 10,000-tea CSV, then export it again as JSON and as CSV.

Run with `make bench` (or `.venv/bin/python bench/import_export.py`).
"""

import csv
import io
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_user, fresh_app  # noqa: E402
from teahouse.extensions import db  # noqa: E402
from teahouse.models import User  # noqa: E402
from teahouse.portability.csv_import import import_csv  # noqa: E402
from teahouse.portability.csvfile import teas_to_csv  # noqa: E402
from teahouse.portability.export import export_host  # noqa: E402

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


def make_csv(count: int) -> str:
    rng = random.Random(20261126)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
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
    )
    for n in range(count):
        writer.writerow(
            [
                f"Bench tea {n:05d}",
                TYPES[n % len(TYPES)],
                rng.choice(["China", "Japan", "India"]),
                f"Vendor {n % 37}",
                2015 + n % 11,
                rng.choice(["", "3", "4.5", "5"]),
                rng.choice(["yes", "no"]),
                f"bench; batch {n % 9}",
                "Malty and long. " * 3,
                rng.choice(["western", "gongfu"]),
                rng.randint(10, 500),
            ]
        )
    return out.getvalue()


def timed(label, function):
    start = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - start
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return value, {"step": label, "seconds": seconds, "peak_mib": peak_rss}


def main():
    app = fresh_app()
    user_id = add_user(app)
    text = make_csv(TEAS)
    rows = []
    with app.app_context():
        user = db.session.get(User, user_id)
        result, row = timed(
            f"import {TEAS:,}-tea CSV ({len(text) / 2**20:.1f} MiB)", lambda: import_csv(user, text)
        )
        assert result.ok, result.problems[:5]
        rows.append(row)
        document, row = timed("export everything as JSON", lambda: export_host(user))
        assert len(document["teas"]) == TEAS
        rows.append(row)
        _, row = timed("serialise the JSON document", lambda: json.dumps(document))
        rows.append(row)
        exported, row = timed("export teas as CSV", lambda: teas_to_csv(user))
        assert exported.count("\n") == TEAS + 1
        rows.append(row)
    print("| step | seconds | peak RSS of the process so far (MiB) |")
    print("|---|---:|---:|")
    for row in rows:
        print(f"| {row['step']} | {row['seconds']:.2f} | {row['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
