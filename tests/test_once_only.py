"""A creation form pressed twice creates one thing: never a duplicate, never 503 "Busy".

Found over HTTP: a double click on "Add" of a new guest (or "Add vessel", "Restock", ...)
answered the second press 503 on SQLite, or created the thing twice; Back and a second submit
created it twice everywhere."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from teahouse import pagecache, submissions
from teahouse.extensions import db
from teahouse.models import Guest, Submission, Tea
from teahouse.utc import utcnow
from tests.discovery import data_generation
from tests.helpers.client import add_host, count_queries, csrf_token, login
from tests.helpers.once import creation_forms, once_tokens, press_open_rsvp_four_times
from tests.served import HttpSession

GUEST = {"name": "Ana Lima", "caffeine": "any"}


@pytest.fixture
def same_minute(monkeypatch):
    """Hold the clock's minute still, so that the second GET is surely served from the store."""
    monkeypatch.setattr(pagecache, "minute", lambda: 29_000_000)


def _guests(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Guest.name).order_by(Guest.id)).all()


def _form(client, url, token_name="once_token") -> dict:
    page = client.get(url).get_data(as_text=True)
    return {"csrf_token": csrf_token(client, url), token_name: once_tokens(page, token_name)[0]}


def test_each_creation_form_pressed_four_times_at_once_creates_one_row(app, live_server):
    host = add_host(app)
    tab = HttpSession(live_server).login()
    for form in creation_forms(app, host):
        data = form.filled(tab.get(form.page)[1])
        before, generation = form.count(app), data_generation(app)
        assert tab.post_at_once(form.action, data) == [302] * 4, form.action
        assert form.count(app) == before + 1, form.action
        assert data_generation(app) == generation + 1, form.action  # only the first wrote
        # Back, then the same form sent again: answered like the first, nothing more made.
        assert tab.post(form.action, data)[0] == 302
        assert form.count(app) == before + 1, form.action
        assert data_generation(app) == generation + 1, form.action


def test_a_second_press_answers_like_the_first_with_already_saved(app, client, host):
    data = dict(GUEST, **_form(client, "/guests/new"))
    first = client.post("/guests/new", data=data)
    again = client.post("/guests/new", data=data)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Already saved" in page and "Ana Lima" in page
    assert _guests(app) == ["Ana Lima"]


def test_back_a_change_and_a_second_submit_is_a_new_creation_not_a_repeat(app, client, host):
    """The browser restores the form with its token: what the host changed before sending it
    again is saved, not dropped as "Already saved"; the changed form sent twice saves once."""
    data = dict(GUEST, **_form(client, "/guests/new"))
    first = client.post("/guests/new", data=data)
    changed = client.post("/guests/new", data=dict(data, name="Bo Chen"))
    again = client.post("/guests/new", data=dict(data, name="Bo Chen"))
    assert first.headers["Location"] != changed.headers["Location"] == again.headers["Location"]
    assert _guests(app) == ["Ana Lima", "Bo Chen"]
    page = client.get(changed.headers["Location"]).get_data(as_text=True)
    assert "Bo Chen" in page


def test_a_repeat_whose_token_went_meanwhile_goes_back_to_the_form(app, client, host, monkeypatch):
    """The prune of a day-old token may come between a resend's claim and its read."""
    data = dict(GUEST, **_form(client, "/guests/new"))
    client.post("/guests/new", data=data)
    monkeypatch.setattr(submissions, "_location_of", lambda owner_id, token: None)
    again = client.post("/guests/new", data=data)
    assert again.status_code == 302 and again.headers["Location"] == "/guests/new"
    assert "Already saved" in client.get("/guests/new").get_data(as_text=True)
    assert _guests(app) == ["Ana Lima"]


def test_two_servings_of_the_kept_new_guest_and_new_tea_forms_get_their_own_tokens(
    app, client, host, same_minute
):
    """The forms' pages come from the page store: a token kept in it would repeat, and the
    second of two honest, separate creations would create nothing."""
    client.get("/dashboard")  # the session's CSRF token is made: the next pages are kept
    for url, fields, model in (
        ("/guests/new", [GUEST, dict(GUEST, name="Bo Chen")], Guest),
        ("/teas/new", [{"name": n, "type": "green", "caffeine": "low"} for n in "AB"], Tea),
    ):
        client.get(url)  # rendered and kept
        with count_queries(app) as statements:
            first = client.get(url).get_data(as_text=True)
        assert len(statements) == 1  # served from the store, not rendered
        second = client.get(url).get_data(as_text=True)
        tokens = once_tokens(first) + once_tokens(second)
        assert len(tokens) == 2 and tokens[0] != tokens[1]
        csrf = csrf_token(client, url)
        for token, values in zip(tokens, fields, strict=True):
            response = client.post(url, data=dict(values, csrf_token=csrf, once_token=token))
            assert response.status_code == 302
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(model)) == 2


def test_every_form_on_the_kept_tea_page_gets_its_own_token(app, client, host, same_minute):
    from tests.helpers.teas import make_tea

    tea_id = make_tea(app, host, grams=50)
    client.get("/dashboard")
    client.get(f"/teas/{tea_id}")
    pages = [client.get(f"/teas/{tea_id}").get_data(as_text=True) for _ in range(2)]
    tokens = [
        token
        for page in pages
        for name in ("consume-once_token", "restock-once_token")
        for token in once_tokens(page, name)
    ]
    assert len(tokens) > 4 and len(set(tokens)) == len(tokens)  # the quick buttons too


def test_a_damaged_token_is_a_clear_error_and_writes_nothing(app, client, host):
    generation = data_generation(app)
    for damaged in ("not-a-token", "x" * 200, "ab\x00cd" * 5, "🍵" * 22):
        data = dict(GUEST, **_form(client, "/guests/new")) | {"once_token": damaged}
        response = client.post("/guests/new", data=data)
        if "\x00" in damaged:  # NUL anywhere in a request is refused before any form
            assert response.status_code == 400
            continue
        assert response.status_code == 200
        assert "Nothing was saved" in response.get_data(as_text=True)
        assert "damaged on the way" in response.get_data(as_text=True)
    assert _guests(app) == []
    assert data_generation(app) == generation
    shown_again = response.get_data(as_text=True)  # sent as it is shown again: saved
    data = dict(data, once_token=once_tokens(shown_again)[0])
    assert client.post("/guests/new", data=data).status_code == 302
    assert _guests(app) == ["Ana Lima"]


def test_a_form_sent_without_a_token_creates_as_before(app, client, host):
    """A page opened before tokens existed, or a script: no once-only promise, no refusal."""
    for _ in range(2):
        data = dict(GUEST, csrf_token=csrf_token(client, "/guests/new"))
        assert client.post("/guests/new", data=data).status_code == 302
    assert _guests(app) == ["Ana Lima", "Ana Lima"]


def test_another_hosts_token_is_unknown_and_never_leads_to_their_guest(app, client, host):
    add_host(app, email="other@example.com", name="Ola")
    data = dict(GUEST, **_form(client, "/guests/new"))
    mine = client.post("/guests/new", data=data).headers["Location"]
    other = app.test_client()
    login(other, email="other@example.com")
    theirs = other.post(
        "/guests/new",
        data=dict(data, name="Bo Chen", csrf_token=csrf_token(other, "/guests/new")),
    )
    assert theirs.status_code == 302 and theirs.headers["Location"] != mine
    assert "Bo Chen" in other.get(theirs.headers["Location"]).get_data(as_text=True)
    assert _guests(app) == ["Ana Lima", "Bo Chen"]


def test_tokens_older_than_a_day_are_pruned_and_then_create_again(app, client, host, monkeypatch):
    data = dict(GUEST, **_form(client, "/guests/new"))
    client.post("/guests/new", data=data)
    with app.app_context():
        old = db.session.scalar(select(Submission))
        old.created_at = utcnow() - submissions.KEPT_FOR - timedelta(minutes=1)
        db.session.commit()
    monkeypatch.setattr(submissions, "PRUNE_EVERY", 1)  # this creation prunes
    client.post("/guests/new", data=dict(GUEST, **_form(client, "/guests/new"), name="Bo Chen"))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
    client.post("/guests/new", data=data)  # sent again after a day: forgotten, so created
    assert _guests(app) == ["Ana Lima", "Bo Chen", "Ana Lima"]


def test_a_strangers_open_rsvp_pressed_four_times_at_once_joins_once(
    app, client, host, live_server
):
    """The stranger's form too: a double press made two guests, each holding a place."""
    press_open_rsvp_four_times(app, client, host, live_server)


def test_a_kept_form_page_goes_out_gzipped_with_its_new_tokens(app, client, host, same_minute):
    """Kept with its text between the tokens already compressed: each serving from the store
    to a browser that takes gzip writes new tokens between the kept parts (a browser that
    also takes brotli gets gzip from the store, not the page compressed again)."""
    import gzip

    client.get("/dashboard")
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    rendered = client.get("/guests/new", headers=browser)
    assert rendered.headers["Content-Encoding"] == "br"  # compressed by Flask-Compress
    pages = []
    for _ in range(2):
        with count_queries(app) as statements:
            response = client.get("/guests/new", headers=browser)
        assert len(statements) == 1 and response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert int(response.headers["Content-Length"]) == len(response.data)
        pages.append(gzip.decompress(response.data).decode())  # checks the CRC and length
    tokens = [once_tokens(page)[0] for page in pages]
    assert tokens[0] != tokens[1] and all("\x00" not in page for page in pages)
    plain = client.get("/guests/new", headers={"Accept-Encoding": "identity"}).get_data(True)
    assert [page.replace(token, "T") for page, token in zip(pages, tokens, strict=True)] == [
        plain.replace(once_tokens(plain)[0], "T")
    ] * 2
    only_brotli = client.get("/guests/new", headers={"Accept-Encoding": "br"})
    assert only_brotli.headers["Content-Encoding"] == "br"


def test_every_token_of_the_kept_tea_page_is_new_in_its_gzip(app, client, host, same_minute):
    import gzip

    from tests.helpers.teas import make_tea

    tea_id = make_tea(app, host, grams=50)
    client.get("/dashboard")
    gzipped = {"Accept-Encoding": "gzip"}
    client.get(f"/teas/{tea_id}", headers=gzipped)
    pages = [
        gzip.decompress(client.get(f"/teas/{tea_id}", headers=gzipped).data).decode()
        for _ in range(2)
    ]
    tokens = [
        token
        for page in pages
        for name in ("consume-once_token", "restock-once_token", "once_token")
        for token in once_tokens(page, name)
    ]
    assert len(tokens) > 4 and len(set(tokens)) == len(tokens)
    assert all("Drink" in page or "Brew" in page for page in pages)
