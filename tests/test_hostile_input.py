"""Whatever a host or a stranger sends, the answer is never a 500 (a 500 page is a bug)."""

import pytest
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import (
    BrewSession,
    Film,
    Guest,
    Invitation,
    Party,
    PartyTea,
    Review,
    StockMovement,
    Tea,
    Teaware,
)
from tests.helpers.client import csrf_token

GARBAGE = [
    {},
    {"x": "y"},
    {"name": "\x00\x01\x02", "title": "\ud7ff" * 3, "grams": "NaN", "rating": "inf"},
    {"grams": "1e309", "restock-grams": "-0", "consume-grams": "1e-9", "counted": "٣"},
    {"starts_at": "2027-02-30T25:61", "ends_at": "0000-00-00T00:00", "timezone": "../../etc"},
    {"type": ["green", "black"], "response": ["yes", "no"], "guests": ["1", "x", "-5"]},
    {"steeps-0-seconds": "9" * 50, "steeps-99-seconds": "5", "teas-0-tea_id": "x"},
    {"tea_id": "999999", "film_id": "-1", "review_id": "abc", "to": "sideways"},
    {"title": "x" * 20_000, "body": "y" * 200_000, "notes": "🍵" * 6000},
    {"plus_ones": "-3", "people-0-name": "A", "people-5-dietary_tags": "bogus"},
]


def _ids(app):
    with app.app_context():

        def first(model):
            return db.session.scalar(select(model.id)) or 1

        token = db.session.scalar(select(Invitation.token))
        return {
            "tea": first(Tea),
            "party": first(Party),
            "guest": first(Guest),
            "film": first(Film),
            "review": first(Review),
            "movement": first(StockMovement),
            "item": first(PartyTea),
            "ware": first(Teaware),
            "brew": first(BrewSession),
            "invitation": first(Invitation),
            "token": token,
        }


POSTS = [
    "/teas/new",
    "/teas/{tea}/edit",
    "/teas/{tea}/restock",
    "/teas/{tea}/consume",
    "/teas/{tea}/stocktake",
    "/teas/{tea}/dates",
    "/teas/{tea}/brew",
    "/movements/{movement}/undo",
    "/teaware",
    "/guests/new",
    "/guests/{guest}/edit",
    "/parties/new",
    "/parties/{party}/edit",
    "/parties/{party}/clone",
    "/parties/{party}/status",
    "/parties/{party}/invite",
    "/parties/{party}/menu",
    "/menu/{item}/move",
    "/menu/{item}/update",
    "/parties/{party}/menu/suggest",
    "/parties/{party}/held",
    "/parties/{party}/screening",
    "/invitations/{invitation}/new-link",
    "/films/new",
    "/films/{film}/edit",
    "/films/{film}/reviews/new",
    "/reviews/{review}/edit",
    "/account",
    "/account/password",
    "/data/",
    "/i/{token}",
    "/i/{token}/seen",
    "/i/{token}/afterglow",
]


@pytest.mark.parametrize("path", POSTS)
def test_garbage_posts_never_answer_500(app, client, sample_host, path):
    ids = _ids(app)
    url = path.format(**ids)
    token = csrf_token(client, "/teas/new")
    for payload in GARBAGE:
        response = client.post(url, data=dict(payload, csrf_token=token))
        assert response.status_code < 500, (url, payload, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/teas/?page=-1&sort=%00&type=%ff",
        "/teas/{tea}?vessel=1e999&teaware=-1",
        "/teas/{tea}/stock?page=99999",
        "/films/?year=abc&reviewed=maybe&page=0",
        "/guests/?q=" + "%25" * 300,
        "/teas/{tea}/brew?vessel=-5&teaware=abc",
        "/i/" + "A" * 43,
        "/posters/..%2F..%2Fsecret_key",
        "/parties/{party}/held",
    ],
)
def test_garbage_queries_never_answer_500(app, client, sample_host, path):
    response = client.get(path.format(**_ids(app)))
    assert response.status_code < 500


def test_one_line_fields_keep_no_line_breaks(app, client, host):
    from tests.helpers.client import post_form

    post_form(
        client,
        "/teas/new",
        {
            "name": "Long\r\njing\tspring",
            "type": "green",
            "caffeine": "medium",
            "brew_style": "western",
            "notes": "line one\nline two",
        },
    )
    with app.app_context():
        tea = db.session.scalar(select(Tea))
        assert tea.name == "Long jing spring"
        assert tea.notes == "line one\nline two"  # a text area keeps its lines


@pytest.mark.parametrize("value", ["9" * 400, "²", "-1"])
def test_a_favourite_tea_that_is_no_row_id_changes_nothing(app, client, host, value):
    """Found by the form crawl: a 400-digit tea id overflowed SQLite's integer (a 500)."""
    from tests.helpers.parties import make_guest
    from tests.helpers.teas import make_tea

    make_tea(app, host)
    guest_id = make_guest(app, host)
    url = f"/guests/{guest_id}/edit"
    data = {"name": "Ana Lima", "caffeine": "any", "favourite_teas": value}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 200
    assert 'id="favourite_teas-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Guest, guest_id).favourite_teas == []


def test_an_id_beyond_the_databases_integers_names_no_row(app, client, sample_host):
    """Every route with a number in its path, given one past 64 bits: 404, never an overflow."""
    from werkzeug.routing import IntegerConverter

    from tests.discovery import build_url, ids_of, routes

    ids = ids_of(app, sample_host)
    tried = 0
    for rule, methods in routes(app):
        numbers = {
            name: 2**64
            for name, converter in rule._converters.items()
            if isinstance(converter, IntegerConverter)
        }
        if not numbers:
            continue
        url = build_url(app, rule, ids | numbers)
        for method in methods:
            response = client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
            tried += 1
    assert tried >= 50


@pytest.mark.parametrize("steeps", ["²", "①", "20,²"])
def test_timer_steeps_that_only_look_like_digits_start_from_the_schedule(app, client, host, steeps):
    """Found over HTTP: `?steeps=²` passed str.isdigit(), then int() refused it (a 500)."""
    from urllib.parse import quote

    from tests.helpers.client import field_value
    from tests.helpers.teas import make_tea

    tea_id = make_tea(app, host)  # a schedule of one 180 s steep
    response = client.get(f"/teas/{tea_id}/brew?steeps={quote(steeps)}")
    assert response.status_code == 200
    assert field_value(response.get_data(as_text=True), "steeps-0-seconds") == "180"


@pytest.mark.parametrize("film", [str(2**64), str(-(2**63) - 1), str(2**63)])
def test_planning_from_a_film_id_beyond_the_databases_integers_finds_no_film(
    app, client, host, film
):
    """Found over HTTP: `/parties/new?film=<20 digits>` overflowed SQLite's integer (a 500)."""
    response = client.get(f"/parties/new?film={film}")
    assert response.status_code == 404
    assert "There is nothing here" in response.get_data(as_text=True)


def test_a_body_the_server_cannot_read_is_refused_and_changes_nothing(app_with, tmp_path):
    """Found over HTTP: a chunked body with a malformed chunk made gunicorn raise while the
    form was read, and every POST (and every other method with a body) answered 500."""
    import http.client
    import socket
    import urllib.parse

    from tests.helpers.client import add_host
    from tests.served import HttpSession, gunicorn

    app = app_with()
    add_host(app)
    with gunicorn(tmp_path, workers=1) as server:
        host = HttpSession(server.base_url).login()
        fields = {"csrf_token": host.token("/guests/new"), "name": "Ana"}
        first = urllib.parse.urlencode(fields).encode()
        cookie = "; ".join(f"{c.name}={c.value}" for c in host.cookies)
        port = int(server.base_url.rsplit(":", 1)[1])
        for method in ("POST", "PUT"):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                sock.sendall(
                    f"{method} /guests/new HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
                    + b"%x\r\n%s\r\nzz\r\nnot a chunk\r\n0\r\n\r\n" % (len(first), first)
                )
                response = http.client.HTTPResponse(sock)
                response.begin()
                page = response.read().decode()
            assert response.status == 400, (method, response.status)
            assert "Nothing was changed" in page
    with app.app_context():
        assert db.session.scalar(select(Guest.id)) is None


def test_a_query_string_of_raw_bytes_that_are_not_utf8_is_refused(app, client, sample_host):
    """Found by fuzzing: `?a=ÿ` sent as the raw byte 0xFF (a browser percent-encodes it;
    gunicorn refuses it, other WSGI servers pass it on) could not be read as text, and every
    page, the sign-in and the guests' pages among them, answered 500."""
    raw = {"QUERY_STRING": "q=\xff\xfe"}  # WSGI hands the query's bytes over as latin-1
    token = _ids(app)["token"]
    for url in ("/teas/", "/login", f"/i/{token}", "/static/css/teahouse.css", "/healthz"):
        response = client.get(url, environ_overrides=raw)
        assert response.status_code == 400, url
        assert "Nothing was changed" in response.get_data(as_text=True), url
    guests = _guest_count(app)
    form = {"name": "Ana", "csrf_token": csrf_token(client, "/guests/new")}
    response = client.post("/guests/new", data=form, environ_overrides=raw)
    assert response.status_code == 400
    assert _guest_count(app) == guests


def _guest_count(app):
    from sqlalchemy import func

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Guest))
