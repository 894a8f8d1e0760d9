"""The baseline: a bare Flask page rendering a ~5 KB Jinja template, nothing else.

Served by the same gunicorn settings as Teahouse in bench/pages_load.py, so that the ratio of
the two throughputs says what Teahouse's work per request costs on this machine.
"""

from flask import Flask, render_template

app = Flask(__name__)
ITEMS = [
    {
        "name": f"Tea number {n}",
        "type": "oolong",
        "grams": 100 - n,
        "notes": "Honey, stone fruit, orchid, a long finish",
    }
    for n in range(24)
]


@app.get("/")
def page():
    return render_template("page.html", title="A bare page", items=ITEMS)
