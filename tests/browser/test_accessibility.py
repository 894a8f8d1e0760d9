"""Accessibility is part of correctness: axe-core finds no violation on any page we serve."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Film, Invitation, Party, Review, Tea
from tests.conftest import add_host
from tests.helpers import sign_in


def _violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
    ]


@pytest.fixture
def sample_ids(app):
    add_host(app, sample=True)
    with app.app_context():
        return {
            "tea": db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao")),
            "party": db.session.scalar(select(Party.id)),
            "film": db.session.scalar(select(Film.id)),
            "review": db.session.scalar(select(Review.id)),
            "token": db.session.scalar(select(Invitation.token)),
        }


def test_every_host_page_passes_axe(page, sample_ids):
    sign_in(page)
    ids = sample_ids
    for path in (
        "/dashboard",
        "/teas/",
        "/teas/?q=oolong",
        f"/teas/{ids['tea']}",
        "/teas/new",
        f"/teas/{ids['tea']}/edit",
        f"/teas/{ids['tea']}/stock",
        f"/teas/{ids['tea']}/timer",
        f"/teas/{ids['tea']}/brew",
        "/teaware",
        "/parties/",
        f"/parties/{ids['party']}",
        "/parties/new",
        f"/parties/{ids['party']}/held",
        "/guests/",
        "/guests/new",
        "/films/",
        f"/films/{ids['film']}",
        "/films/new",
        f"/reviews/{ids['review']}",
        "/data/",
        "/data/help",
        "/account",
        "/account/password",
    ):
        page.goto(path)
        assert _violations(page) == [], path


def test_forms_with_errors_pass_axe(page, sample_ids):
    sign_in(page)
    page.goto("/teas/new")
    page.get_by_label("Water temperature (°C)").fill("500")
    page.get_by_role("button", name="Add tea").click()
    page.get_by_role("heading", name="Nothing was saved").wait_for()
    assert _violations(page) == []


def test_the_guest_pages_pass_axe(page, sample_ids):
    page.goto(f"/i/{sample_ids['token']}")
    assert _violations(page) == []
    page.goto("/login")
    assert _violations(page) == []
