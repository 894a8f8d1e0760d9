"""Bounded requests: rows bounded by what they mean, a small body cap, clamped pages, clean text."""

import io

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Tea
from teahouse.rsvp.forms import PlusOneForm
from tests.helpers.client import csrf_token, post_form
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def _rsvp(client, token, people: int, monkeypatch=None, **extra):
    """POST an answer with `people` plus-one rows; also how many rows the form built for it."""
    data = {"csrf_token": csrf_token(client, f"/i/{token}"), "response": "yes"}
    data["plus_ones"] = str(min(people, 2))
    for n in range(people):
        data[f"people-{n}-name"] = "F"
    data.update(extra)
    built = []
    if monkeypatch is not None:
        original = PlusOneForm.__init__

        def counted(self, *args, **kwargs):
            built.append(1)
            original(self, *args, **kwargs)

        monkeypatch.setattr(PlusOneForm, "__init__", counted)
    response = client.post(f"/i/{token}", data=data)
    if monkeypatch is not None:
        monkeypatch.undo()
    return response, len(built)


def test_plus_one_rows_are_bounded_by_the_partys_cap(app, client, host, monkeypatch):
    party = make_party(app, host, plus_ones_allowed=True, plus_one_cap=2)
    token = invite(app, party, make_guest(app, host))[1]
    for rows in (3, 20_000):  # one over the cap; the 20,000 (389 KB took 40 s)
        response, built = _rsvp(client, token, rows, monkeypatch)
        assert response.status_code == 400, rows
        assert built == 0, built  # refused before a single row was built: no work per row
    with app.app_context():
        assert db.session.scalar(select(Invitation.response)) == "pending"
    response, _ = _rsvp(client, token, 2)
    assert response.status_code == 302


def test_menu_rows_are_bounded_by_the_menus_size(app, client, host):
    party = make_party(app, host, days_ahead=-1)
    add_menu(app, party, make_tea(app, host, grams=100))
    token = client.get(f"/parties/{party}/held")
    assert token.status_code == 200
    rows = {f"served-{n}-grams": "1" for n in range(2)} | {"tea_service_minutes": "45"}
    rows |= {"discussion_minutes": "30"}
    response = post_form(client, f"/parties/{party}/held", rows)
    assert response.status_code == 400


def test_more_values_than_any_form_has_are_refused(app, client, host):
    data = {"csrf_token": csrf_token(client, "/guests/new"), "name": "Ana"}
    data["dietary_tags"] = ["vegan"] * 20  # more ticks than there are boxes
    assert client.post("/guests/new", data=data).status_code == 400
    flood = [("name", "Ana"), ("csrf_token", data["csrf_token"])] + [("x", "1")] * 5000
    assert client.post("/guests/new", data=MultiDict(flood)).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Guest)) == 0


class _CountingStream(io.BytesIO):
    def read(self, *args):
        chunk = super().read(*args)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(chunk)
        return chunk


def test_a_stranger_cannot_make_the_server_read_a_large_upload(app, client):
    body = _CountingStream(b"x" * (30 * 1024 * 1024))
    response = client.post(
        "/data/",
        input_stream=body,
        content_length=30 * 1024 * 1024,
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
    assert getattr(body, "bytes_read", 0) == 0  # refused on the header, before reading


def test_a_signed_in_host_may_upload_more(app, client, host):
    upload = io.BytesIO(b"x" * (2 * 1024 * 1024))
    response = client.post(
        "/data/",
        data={"csrf_token": csrf_token(client, "/data/"), "file": (upload, "export.json")},
    )
    assert response.status_code < 500 and response.status_code != 413


def test_page_numbers_are_clamped(app, client, host):
    for url in ("/guests/", "/teas/", "/films/"):
        for page in ("99999999999999999999", "-5", "9" * 5000, "x"):
            response = client.get(f"{url}?page={page}")
            assert response.status_code == 200, (url, page)


def test_control_characters_are_stripped_and_lines_kept(app, client, host):
    tea_id = make_tea(app, host)
    response = post_form(
        client,
        "/teas/new",
        {
            "name": "Keemun\x1b[31m\x85",
            "type": "black",
            "caffeine": "high",
            "brew_style": "western",
            "notes": "line one\r\nline\x07 two\ttabbed\x9f\rthree",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.id != tea_id))
        assert tea.name == "Keemun [31m"
        assert tea.notes == "line one\nline two\ttabbed\nthree"


def test_nul_is_refused_anywhere(app, client, host):
    assert client.get("/guests/?q=a%00b").status_code == 400
    data = {"csrf_token": csrf_token(client, "/guests/new"), "name": "A\x00na"}
    assert client.post("/guests/new", data=data).status_code == 400
    assert client.get("/i/abc%00def").status_code == 400
