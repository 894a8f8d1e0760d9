"""Every creation form that must create once, however often it is sent: where it is shown,
where it posts, what it sends and what it creates (for SQLite's and PostgreSQL's tests alike)."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import BrewSession, Film, Guest, Party, Review, StockMovement, Tea, Teaware
from tests.helpers.films import HER, film_with_review
from tests.helpers.parties import make_party
from tests.helpers.teas import BREW, make_tea

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def once_tokens(html: str, name: str = "once_token") -> list[str]:
    """The once-only tokens of the forms on a page whose token field is called `name`."""
    tags = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    return [re.search(r'\bvalue="([^"]+)"', tag).group(1) for tag in tags]


@dataclass
class Creation:
    page: str  # the page that shows the form
    action: str  # where it posts
    fields: dict
    model: type  # what one press adds a row of
    token_name: str = "once_token"

    def count(self, app) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(self.model))

    def filled(self, html: str) -> dict:
        """The form as the browser sends it from `html`: its fields, CSRF and once-only token."""
        return dict(
            self.fields,
            csrf_token=_CSRF.search(html).group(1),
            **{self.token_name: once_tokens(html, self.token_name)[0]},
        )


def creation_forms(app, host: int) -> list[Creation]:
    """One of each creation form, with what it needs to exist first."""
    tea_id = make_tea(app, host, grams=100, name="Dong Ding")
    party_id = make_party(app, host)
    film_id, _ = film_with_review(app, host)
    clone_times = {"starts_at": "2027-11-06T15:00", "ends_at": "2027-11-06T18:00"}
    party = {
        "title": "Spring greens",
        "starts_at": "2027-03-27T15:00",
        "ends_at": "2027-03-27T18:00",
        "timezone": "Europe/Berlin",
        "capacity": "8",
    }
    return [
        Creation("/guests/new", "/guests/new", {"name": "Ana Lima", "caffeine": "any"}, Guest),
        Creation(
            "/teas/new",
            "/teas/new",
            {"name": "Sencha", "type": "green", "caffeine": "medium", "brew_style": "western"},
            Tea,
        ),
        Creation("/parties/new", "/parties/new", party, Party),
        Creation(
            f"/parties/{party_id}/clone",
            f"/parties/{party_id}/clone",
            dict(clone_times, title="Again"),
            Party,
        ),
        Creation("/films/new", "/films/new", dict(HER, title="Past Lives"), Film),
        Creation(
            f"/films/{film_id}/reviews/new",
            f"/films/{film_id}/reviews/new",
            {"body": "Lovely.", "rating": "4.5"},
            Review,
        ),
        Creation("/teaware", "/teaware", {"name": "Glass pot", "volume_ml": "600"}, Teaware),
        Creation(
            f"/teas/{tea_id}",
            f"/teas/{tea_id}/restock",
            {"restock-grams": "50", "restock-currency": "EUR", "restock-cost": "12"},
            StockMovement,
            "restock-once_token",
        ),
        Creation(
            f"/teas/{tea_id}",
            f"/teas/{tea_id}/consume",
            {"consume-grams": "5", "consume-kind": "gift"},
            StockMovement,
            "consume-once_token",
        ),
        Creation(f"/teas/{tea_id}/brew", f"/teas/{tea_id}/brew", BREW, BrewSession),
    ]


def press_open_rsvp_four_times(app, client, host, live_server) -> None:
    """A stranger's open RSVP pressed 4 times at once, then sent again after Back: one guest
    and one invitation (a double press made two guests, each holding a place)."""
    from teahouse.models import Invitation
    from tests.helpers.public_page import settings, shared_party
    from tests.served import HttpSession

    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    stranger = HttpSession(live_server)
    url = path + "/rsvp"
    data = {"name": "Visitor", "email": "v@example.net", "response": "yes"}
    data.update(csrf_token=stranger.token(url), once_token=once_tokens(stranger.get(url)[1])[0])
    assert stranger.post_at_once(url, data) == [302] * 4
    assert stranger.post(url, data)[0] == 302  # Back, then sent again
    with app.app_context():
        assert db.session.scalars(select(Guest.email)).all() == ["v@example.net"]
        assert len(db.session.scalars(select(Invitation)).all()) == 1
