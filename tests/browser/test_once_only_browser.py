"""A double press on a phone, and Back then submit again: "Add guest" adds one guest."""

import os

from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Guest
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, sign_in
from tests.helpers.client import add_host


def test_add_guest_pressed_twice_adds_one_guest_at_375_px(app, page):
    """A slow network's second press (or a resent request) reaches the server: the page's form
    is sent a second time, as it left the browser, just before the first. (One click, not a
    double click: on a busy machine Chromium's double click may itself send the form twice,
    and the number of presses must be the test's, not the machine's.)"""
    add_host(app)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page)
    page.goto("/guests/new")
    page.get_by_label("Name").fill("Ana Lima")
    sent = []

    def send_twice(route, request):
        if request.method == "POST":
            copy = page.request.post(
                request.url,
                data=request.post_data_buffer,
                headers={"Content-Type": request.headers["content-type"]},
                max_redirects=0,
            )
            sent.append(copy.status)
        route.continue_()

    page.route("**/guests/new", send_twice)
    page.get_by_role("button", name="Add guest").click()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    expect(page.get_by_text("Already saved")).to_be_visible()
    if os.environ.get("TEAHOUSE_SCREENSHOTS"):  # to look at what the phone shows
        page.screenshot(path=os.path.join(os.environ["TEAHOUSE_SCREENSHOTS"], "twice.png"))
    assert sent == [302]
    with app.app_context():
        assert db.session.scalars(select(Guest.name)).all() == ["Ana Lima"]


def test_back_then_add_again_from_the_back_forward_cache_adds_nothing(app, browser, live_server):
    """Back, then "Add guest" again. Chromium as shipped keeps the page a form left in its
    back-forward cache (Playwright turns that cache off; here it is on): Back shows that very
    page, token and all, and sending it again finds the first guest.

    Without that cache Chromium asks the server for the form again: a new page, a new token,
    a new guest (typed values are put back, the token is not) — as for a form opened anew."""
    shipped = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        page = shipped.new_page(base_url=live_server, viewport={"width": 375, "height": 812})
        page.set_default_timeout(10_000)
        add_host(app)
        sign_in(page)
        page.goto("/guests/new")
        page.get_by_label("Name").fill("Ana Lima")
        page.get_by_role("button", name="Add guest").click()
        expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
        page.go_back(wait_until="commit")  # from the cache: no load event
        expect(page.get_by_label("Name")).to_have_value("Ana Lima")
        page.get_by_role("button", name="Add guest").click()
        expect(page.get_by_text("Already saved")).to_be_visible()
        expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    finally:
        shipped.close()
    with app.app_context():
        assert db.session.scalars(select(Guest.name)).all() == ["Ana Lima"]


def test_a_kept_form_page_reaches_chromium_as_gzip_and_saves(app, page, monkeypatch):
    """The second look at a form page comes from the page store, its text compressed when it
    was kept and the new once-only token written between the parts: Chromium reads it (a bad
    gzip would show an error page) and the form saves."""
    from teahouse import pagecache

    monkeypatch.setattr(pagecache, "minute", lambda: 29_000_000)  # both looks in one minute
    add_host(app)
    sign_in(page)
    first = page.goto("/guests/new")
    again = page.goto("/guests/new")
    assert first.headers["content-encoding"] == "br"  # rendered, compressed by Flask-Compress
    assert again.headers["content-encoding"] == "gzip"  # served from the store
    expect(page.get_by_role("heading", name="Add a guest")).to_be_visible()
    page.get_by_label("Name").fill("Ana Lima")
    page.get_by_role("button", name="Add guest").click()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(Guest.name)).all() == ["Ana Lima"]
