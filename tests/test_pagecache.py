"""Cached pages: served again while nothing they show changed, never after a change.

"Served from the store" is seen from the outside: a repeated page runs one statement (the
signed-in user, which also reads the data generation) where rendering it runs many.
"""

import re

import pytest
from flask import template_rendered
from sqlalchemy import select, text

from teahouse import generation, pagecache
from teahouse.extensions import db
from teahouse.models import DataGeneration, Tea
from teahouse.stock import ledger
from tests.helpers.client import PASSWORD, add_host, answer, count_queries, login, post_form
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.sign_in_attempts import attempt_login
from tests.helpers.teas import make_tea

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(autouse=True)
def same_minute(monkeypatch):
    """Hold the clock's minute still: two requests either side of a minute's end are rightly
    rendered twice, which would make a test about the store flaky."""
    monkeypatch.setattr(pagecache, "minute", lambda: 29_000_000)


def _generation(app) -> int:
    with app.app_context():
        return db.session.scalar(select(DataGeneration.value))


def _statements(app, client, url) -> tuple[int, str]:
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


@pytest.fixture
def party(app, client, host):
    """A party with a tea and a guest; the host's session has its CSRF token (the first page
    after signing in makes one, and a page that changes the session is not kept)."""
    tea_id = make_tea(app, host, grams=100, name="Dong Ding")
    party_id = make_party(app, host, title="Oolong evening")
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    assert "Set-Cookie" in client.get("/dashboard").headers
    return party_id, tea_id, token


def test_an_unchanged_page_is_served_again_without_rendering(app, client, party):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    rendered, first = _statements(app, client, url)
    served, again = _statements(app, client, url)
    assert rendered > 3
    assert served == 1  # only the signed-in user (and the generation with it)
    assert again == first


def test_the_printable_list_of_who_is_coming_is_kept_until_an_answer_changes_it(app, client, party):
    """It loads every answer with its guest (a thousand at a large party): kept, it is read
    once while nothing changes, not on every look before the party."""
    party_id, _, token = party
    url = f"/parties/{party_id}/coming"
    rendered, first = _statements(app, client, url)
    assert _statements(app, client, url) == (1, first) and rendered > 3
    assert "Ana Lima" not in first
    answer(app.test_client(), token, "yes")
    rendered, page = _statements(app, client, url)
    assert "Ana Lima" in page and rendered > 3


def test_a_change_by_the_host_shows_at_once(app, client, host, party):
    _, tea_id, _ = party
    url = f"/teas/{tea_id}"
    assert "Dong Ding" in client.get(url).get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Tea, tea_id).version
    edit = {"name": "Dong Ding Roasted", "type": "oolong", "caffeine": "medium"}
    edit.update(brew_style="western", version=str(version))
    assert post_form(client, f"/teas/{tea_id}/edit", edit).status_code == 302
    client.get(url)  # the page after the redirect carries the flash: rendered, not kept
    rendered, page = _statements(app, client, url)
    assert "Dong Ding Roasted" in page and rendered > 1


def test_a_guests_answer_shows_on_the_hosts_cached_party_page(app, client, party):
    party_id, _, token = party
    url = f"/parties/{party_id}"
    client.get(url)
    assert _statements(app, client, url)[0] == 1
    guest = app.test_client()
    assert answer(guest, token, "yes", message="Looking forward to it").status_code == 302
    rendered, page = _statements(app, client, url)
    assert rendered > 1 and "Looking forward to it" in page


def test_a_core_write_and_a_cli_write_move_the_generation_too(app, client, runner, party):
    _, tea_id, _ = party
    before = _generation(app)
    with app.app_context():  # the ledger's own Core insert and rollup upserts
        ledger.add_movement(db.session.get(Tea, tea_id), "purchase", 50_000)
        db.session.commit()
    after_ledger = _generation(app)
    assert after_ledger == before + 1
    result = runner.invoke(args=["check-stock", "--repair"])
    assert result.exit_code == 0, result.output
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "150" in page  # 100 g bought first, 50 g now


def test_what_does_not_commit_moves_nothing(app, client, party):
    _, tea_id, _ = party
    before = _generation(app)
    refused = post_form(client, f"/teas/{tea_id}/edit", {"name": "", "version": "1"})
    assert refused.status_code == 200 and "aria-invalid" in refused.get_data(as_text=True)
    with app.app_context():
        db.session.get(Tea, tea_id).name = "Rolled back"
        db.session.flush()
        db.session.rollback()
    assert attempt_login(app.test_client()).status_code == 200  # a failed sign-in is counted
    assert _generation(app) == before


def test_each_commit_moves_it_by_one_and_reads_see_their_own_snapshot(app, party):
    before = _generation(app)
    with app.app_context():
        assert generation.current() == before
        db.session.execute(text("UPDATE teas SET notes = 'x'"))
        db.session.commit()
        db.session.execute(text("DELETE FROM party_teas"))
        db.session.commit()
    assert _generation(app) == before + 2


def test_a_page_is_only_served_back_to_the_session_it_was_made_for(app, client, party):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    mine = _TOKEN.search(client.get(url).get_data(as_text=True)).group(1)
    other_tab = app.test_client()
    assert login(other_tab).status_code == 302
    rendered, page = _statements(app, other_tab, url)
    theirs = _TOKEN.search(page).group(1)
    assert rendered > 1 and theirs != mine
    stranger = app.test_client()
    add_host(app, email="other@example.com")
    assert login(stranger, email="other@example.com").status_code == 302
    assert stranger.get(url).status_code == 404
    signed_out = app.test_client()
    assert signed_out.get(url).status_code == 302


def test_a_signed_out_session_is_not_served_its_old_pages(app, client, party):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    client.get(url)
    cookie = client.get_cookie("session").value
    assert post_form(client, "/logout", token_from="/dashboard").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get(url).status_code == 302  # to sign-in: the server-side session is gone


def test_a_flash_is_shown_once_and_never_kept(app, client, party):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    client.get(url)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Menu saved.")]
    assert "Menu saved." in client.get(url).get_data(as_text=True)
    assert "Menu saved." not in client.get(url).get_data(as_text=True)


def test_a_new_minute_renders_again(app, client, party, monkeypatch):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    client.get(url)
    assert _statements(app, client, url)[0] == 1
    monkeypatch.setattr(pagecache, "minute", lambda: 29_000_001)
    assert _statements(app, client, url)[0] > 1


def test_a_first_visit_is_rendered_and_the_returning_guest_is_served(app, party):
    _, _, token = party
    guest = app.test_client()
    first = guest.get(f"/i/{token}")
    assert "Set-Cookie" in first.headers  # the CSRF token is new: this copy is not kept
    rendered, page = _statements(app, guest, f"/i/{token}")
    assert rendered > 1 and "Oolong evening" in page
    served, again = _statements(app, guest, f"/i/{token}")
    assert served == 1 and again == page  # one query: the generation
    assert guest.get(f"/i/{token}").headers["Cache-Control"] == "no-store"


def test_visits_without_a_cookie_share_one_rendering_each_with_a_token_of_its_own(app, party):
    """The guest's phone, then the in-app browser of their mail, then a chat app's preview:
    each comes without a cookie, and the invitation is rendered once for all of them."""
    _, _, token = party
    url = f"/i/{token}"
    phone, mail_app = app.test_client(), app.test_client()
    rendered, on_phone = _renders(app, phone, url)
    with count_queries(app) as statements:
        served, in_mail_app = _renders(app, mail_app, url)
    assert rendered >= 1 and served == 0 and len(statements) == 1  # the generation
    phone_token, mail_token = (_TOKEN.search(page).group(1) for page in (on_phone, in_mail_app))
    assert phone_token != mail_token
    assert on_phone.replace(phone_token, "") == in_mail_app.replace(mail_token, "")
    assert "Dear Ana," in in_mail_app and "Dong Ding" in in_mail_app
    # Each visitor's token is good for that visitor only, as on a page rendered for them.
    swapped = mail_app.post(url, data={"response": "yes", "csrf_token": phone_token})
    assert swapped.status_code == 400
    kept = mail_app.post(url, data={"response": "yes", "plus_ones": "0", "csrf_token": mail_token})
    assert kept.status_code == 302
    # The answer moved the generation: the next visitor without a cookie sees it.
    rendered, later = _renders(app, app.test_client(), url)
    assert rendered >= 1 and "You are coming." in later
    assert "You have not answered yet." in in_mail_app


def test_compressed_and_plain_copies_are_kept_apart(app, client, party):
    party_id, _, _ = party
    url = f"/parties/{party_id}"
    for _ in range(2):
        brotli = client.get(url, headers={"Accept-Encoding": "br"})
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert brotli.headers["Content-Encoding"] == "br"
        assert "Content-Encoding" not in plain.headers
        assert "Oolong evening" in plain.get_data(as_text=True)


def test_the_store_keeps_to_its_bytes_dropping_the_least_recently_used():
    store = pagecache.PageStore(max_bytes=400)
    for name in "abcd":
        store.put((name,), pagecache.Kept(b"x" * 100, ()))
    assert store.get(("a",)) is not None  # a is now the most recently used
    store.put(("e",), pagecache.Kept(b"x" * 100, ()))
    assert store.get(("b",)) is None and store.get(("a",)) is not None and len(store) == 4
    store.put(("huge",), pagecache.Kept(b"x" * 101, ()))  # over a quarter: not kept
    assert store.get(("huge",)) is None


def test_the_store_lets_go_of_every_page_when_a_new_minute_begins(monkeypatch):
    """Keys hold their minute: once it is over no entry can be asked for again."""
    now = [29_000_000]
    monkeypatch.setattr(pagecache, "minute", lambda: now[0])
    store = pagecache.PageStore(max_bytes=4000)
    for name in "abc":
        store.put((name, now[0]), pagecache.Kept(b"x" * 100, ()))
    assert len(store) == 3 and store.get(("a", now[0])) is not None
    now[0] += 1
    assert store.get(("a", now[0] - 1)) is None and len(store) == 0
    store.put(("d", now[0]), pagecache.Kept(b"x" * 100, ()))
    now[0] += 1
    store.put(("e", now[0]), pagecache.Kept(b"x" * 100, ()))
    assert len(store) == 1 and store.get(("e", now[0])) is not None


def test_a_store_of_zero_bytes_turns_it_off(app_with):
    app = app_with(PAGE_CACHE_BYTES=0)
    add_host(app)
    client = app.test_client()
    assert login(client).status_code == 302
    assert _statements(app, client, "/dashboard")[0] > 1
    assert _statements(app, client, "/dashboard")[0] > 1


def _renders(app, client, url) -> tuple[int, str]:
    """Templates rendered for one GET, and the page."""
    rendered = []

    def record(_sender, template, context, **_extra):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        page = client.get(url).get_data(as_text=True)
    return len(rendered), page


def test_new_visitors_share_the_sign_in_page_each_with_a_token_of_their_own(app):
    add_host(app)
    first, second = app.test_client(), app.test_client()
    rendered, page_one = _renders(app, first, "/login")
    served, page_two = _renders(app, second, "/login")
    assert rendered >= 1 and served == 0
    token_one, token_two = (_TOKEN.search(page).group(1) for page in (page_one, page_two))
    assert token_one != token_two
    assert page_one.replace(token_one, "") == page_two.replace(token_two, "")
    sign_in = {"email": "host@example.com", "password": PASSWORD}
    swapped = second.post("/login", data=dict(sign_in, csrf_token=token_one))
    assert swapped.status_code == 400  # a token is good only for the visitor it was made for
    assert second.post("/login", data=dict(sign_in, csrf_token=token_two)).status_code == 302


def test_a_visitor_with_a_session_gets_the_sign_in_page_rendered(app, client, party):
    assert post_form(client, "/logout", token_from="/dashboard").status_code == 302
    rendered, page = _renders(app, client, "/login")
    assert rendered >= 1 and "You are signed out." in page


def test_a_kept_page_counts_its_compressed_parts_in_the_stores_bytes():
    store = pagecache.PageStore(max_bytes=1000)
    store.put(("a",), pagecache.Kept(b"x" * 100, (), (), (b"y" * 100,)))
    store.put(("b",), pagecache.Kept(b"x" * 100, (), (), (b"y" * 100,)))
    store.put(("c",), pagecache.Kept(b"x" * 100, (), (), (b"y" * 100,)))
    assert len(store) == 3
    store.put(("d",), pagecache.Kept(b"x" * 100, (), (), (b"y" * 100,)))  # 800 bytes in all
    store.put(("e",), pagecache.Kept(b"x" * 150, (), (), (b"y" * 100,)))
    assert store.get(("a",)) is None and len(store) == 4
