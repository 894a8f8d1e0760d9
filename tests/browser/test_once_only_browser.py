"""A double press on a phone: "Add guest" sent twice adds one guest."""

import os

from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Guest
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host


def test_add_guest_pressed_twice_adds_one_guest_at_375_px(app, page):
    """Chromium itself sends a double click's form once; a slow network's second press (or a
    resent request) reaches the server all the same: the page's form is sent a second time,
    as it left the browser, just before the first."""
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
    page.get_by_role("button", name="Add guest").dblclick()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    expect(page.get_by_text("Already saved")).to_be_visible()
    if os.environ.get("TEAHOUSE_SCREENSHOTS"):  # to look at what the phone shows
        page.screenshot(path=os.path.join(os.environ["TEAHOUSE_SCREENSHOTS"], "twice.png"))
    assert sent == [302]
    with app.app_context():
        assert db.session.scalars(select(Guest.name)).all() == ["Ana Lima"]
