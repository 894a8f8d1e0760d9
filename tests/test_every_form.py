"""Every form the app shows, found from its routes and pages, gets hostile values in every field.

As the host and as a guest: never a 500, and a request that is refused leaves every row as it
was (nothing half-written). Hypothesis draws the values; a fixed battery adds the values that
broke the app before (400-digit numbers, NUL and C1 controls, NaN, walls of text).
"""

import io
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from teahouse.submissions import new_token
from tests.discovery import (
    NOT_FUZZED,
    csrf_name,
    data_generation,
    db_digest,
    discover,
    hostile_world,
    once_name,
)
from tests.helpers.client import login

HOSTILE = [
    "9" * 400,
    "-" + "9" * 400,
    "1e309",
    "NaN",
    "sNaN",
    "-inf",
    "٣",
    "0x1F",
    "\x00",
    "tea\x00pot",
    "\x1b[31m\x07\x7f",
    "\x85\x9f line\u2028sep",
    "a\rb\r\nc",
    "x" * 6000,
    "🍵" * 300,
    "2027-02-30T25:61",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    " ",
    "",
]
BATTERY = ["9" * 400, "tea\x00pot", "\x85\x9f line\u2028sep", "sNaN", "x" * 6000]
FIGURES = Counter()


def _post(app, who, form, values: dict[str, list]):
    """POST `values` (the CSRF token as the page gave it); check the answer and the rows."""
    for name, spec in form.fields.items():
        if once_name(name) and values.get(name) == [spec.value]:
            # A browser's every rendering of a creation form carries a new once-only token:
            # the page's token sent again would only find its first creation ("Already
            # saved"), and the values drawn after it would never reach the creating code.
            values = dict(values, **{name: [new_token()]})
    pairs = []
    for name, items in values.items():
        for item in items:
            pairs.append((name, item))
    for name, spec in form.fields.items():
        if csrf_name(name):
            pairs.append((name, spec.value))
    data = MultiDict(pairs)
    if form.enctype == "multipart/form-data":
        for name, spec in form.fuzzable.items():
            if spec.kind == "file":
                data.setlist(name, [(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "x.png")])
    before, generation = db_digest(app), data_generation(app)
    response = who.post(form.action, data=data)
    FIGURES["requests"] += 1
    FIGURES["5xx"] += response.status_code >= 500
    assert response.status_code < 500, (form.action, values, response.status_code)
    after = db_digest(app)
    if response.status_code not in (301, 302, 303):
        assert after == before, ("half-written", form.action, values)
        assert data_generation(app) == generation, ("nothing written, yet", form.action)
    elif after != before:  # a cached page showing the old rows would be served on
        assert data_generation(app) > generation, ("written unseen", form.action, values)
    return response


def _field_values(spec):
    options = st.sampled_from(spec.options) if spec.options else st.just(spec.value)
    text = st.text(st.characters(codec="utf-8"), max_size=40)
    numbers = st.integers(min_value=-(10**450), max_value=10**450).map(str)
    floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    one = st.one_of(options, st.sampled_from(HOSTILE), text, numbers, floats)
    return st.lists(one, min_size=0, max_size=3)


def _extra_rows(form):
    """Names of rows a FieldList did not offer (people-7-name, served-99999-grams)."""
    rows = [m for name in form.fuzzable if (m := re.match(r"^(.+)-(\d+)-(.+)$", name))]
    if not rows:
        return st.just({})
    row = st.sampled_from(rows)
    index = st.integers(min_value=0, max_value=10**6)
    return st.dictionaries(
        st.builds(lambda m, i: f"{m.group(1)}-{i}-{m.group(3)}", row, index),
        st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=1),
        max_size=3,
    )


def test_every_field_of_every_form_takes_hostile_values(app, client):
    host, ids, past_token, extra_pages = hostile_world(app)
    login(client)
    guest = app.test_client()
    forms = {
        action: found
        for action, found in discover(app, client, guest, ids, past_token, extra_pages).items()
        if app.url_map.bind("localhost").match(action, method="POST")[0] not in NOT_FUZZED
    }
    endpoints = {app.url_map.bind("localhost").match(a, method="POST")[0] for a in forms}
    # What the sample world shows: if a page stops showing one of these, coverage fell.
    for expected in (
        "rsvp.page",
        "rsvp.afterglow",
        "parties.held",
        "brewing.log_brew",
        "teas.create",
        "films.create",
        "auth.profile",
        "parties.edit",
    ):
        assert expected in endpoints, expected

    # The battery: the values that broke Teahouse before, in each field alone.
    for who, form in forms.values():
        valid = form.valid_data()
        for name in [n for n in form.fuzzable if not csrf_name(n)]:
            FIGURES["fields"] += 1
            for value in BATTERY:
                _post(app, who, form, dict(valid, **{name: [value]}))

    # Hypothesis: several fields at once, odd values, repeated values, rows never offered.
    @settings(
        max_examples=4 * len(forms),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def post_generated(data):
        who, form = forms[data.draw(st.sampled_from(sorted(forms)))]
        names = [n for n in form.fuzzable if not csrf_name(n)]
        chosen = data.draw(st.sets(st.sampled_from(names), min_size=1, max_size=4))
        values = form.valid_data()
        for name in chosen:
            values[name] = data.draw(_field_values(form.fuzzable[name]))
        values.update(data.draw(_extra_rows(form)))
        _post(app, who, form, values)

    post_generated()

    # Search and filter forms (GET): the same battery in the query string changes nothing.
    before = db_digest(app)
    searches = discover(app, client, guest, ids, past_token, extra_pages, method="get")
    for who, form in searches.values():
        valid = form.valid_data()
        for name in form.fuzzable:
            FIGURES["fields"] += 1
            for value in BATTERY:
                response = who.get(
                    form.action,
                    query_string=MultiDict(
                        [(k, v) for k, vs in dict(valid, **{name: [value]}).items() for v in vs]
                    ),
                )
                FIGURES["requests"] += 1
                FIGURES["5xx"] += response.status_code >= 500
                assert response.status_code < 500, (form.action, name, value)
    assert db_digest(app) == before
    FIGURES["forms"] = len(forms) + len(searches)
    print(
        f"\nforms fuzzed: {FIGURES['forms']} ({len(endpoints)} endpoints), "
        f"fields: {FIGURES['fields']}, requests: {FIGURES['requests']}, 5xx: {FIGURES['5xx']}"
    )
    assert FIGURES["5xx"] == 0
