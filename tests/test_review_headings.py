"""A review's own headings ("# Big", "## Small") sit one level below the review's title on every
page that shows it, so a screen reader's outline never jumps out of the review."""

from html.parser import HTMLParser

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from teahouse.extensions import db
from teahouse.films.headings import headings_below
from teahouse.films.markdown import review_html
from teahouse.models import Review
from tests.helpers.client import add_host, make_app
from tests.helpers.films import film_with_review, screened_party
from tests.helpers.parties import invite, make_guest

BODY = "# Big\n\nA film of rooms.\n\n## Small\n\nAnd of voices."
DEEP = "# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F\n\nEnd."


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._open = [int(tag[1]), ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open and tag == f"h{self._open[0]}":
            self.headings.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def outline(page: str) -> list[tuple[int, str]]:
    parser = _Outline()
    parser.feed(page)
    return parser.headings


def level_of(headings, text_in_it):
    [level] = [level for level, words in headings if text_in_it in words]
    return level


def assert_fits_under(headings, title, body_levels):
    title_level = level_of(headings, title)
    assert [level_of(headings, words) for words in body_levels] == [
        title_level + 1 + depth for depth in range(len(body_levels))
    ]
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (
        headings
    )  # no level skipped


@pytest.fixture
def reviewed(app, host):
    film_id, review_id = film_with_review(app, host)
    with app.app_context():
        db.session.get(Review, review_id).body = BODY
        db.session.commit()
    return film_id, review_id


def test_the_film_page_and_the_reviews_page_put_its_headings_under_its_title(client, reviewed):
    film_id, review_id = reviewed
    film_page = outline(client.get(f"/films/{film_id}").get_data(as_text=True))
    assert level_of(film_page, "Warm and sad") == 3
    assert_fits_under(film_page, "Warm and sad", ["Big", "Small"])
    review_page = outline(client.get(f"/reviews/{review_id}").get_data(as_text=True))
    assert level_of(review_page, "Warm and sad") == 1
    assert_fits_under(review_page, "Warm and sad", ["Big", "Small"])


def test_a_guests_page_after_the_screening_puts_its_headings_under_the_reviews(
    app, host, client, reviewed
):
    film_id, review_id = reviewed
    party = screened_party(app, host, start_hours_from_now=-5, review_id=review_id, film_id=film_id)
    _, token = invite(app, party, make_guest(app, host, "Ana Lima"))
    guest_page = outline(client.get(f"/i/{token}").get_data(as_text=True))
    assert level_of(guest_page, "review: Warm and sad") == 2
    assert_fits_under(guest_page, "review: Warm and sad", ["Big", "Small"])


def test_headings_skip_no_level_and_never_pass_h6():
    stored = review_html("### Starts deep\n\n##### Then deeper\n\n# Back to the top")
    assert stored == "<h2>Starts deep</h2>\n<h3>Then deeper</h3>\n<h2>Back to the top</h2>\n"
    stored_deep = outline(review_html(DEEP))
    assert stored_deep == [(2, "A"), (3, "B"), (4, "C"), (5, "D"), (6, "E"), (6, "F")]
    on_film_page = outline(headings_below(review_html(DEEP), 3))
    assert on_film_page == [(4, "A"), (5, "B"), (6, "C"), (6, "D"), (6, "E"), (6, "F")]
    raw = review_html('<h1 title="x">Raw</h1>\n\n[link](http://a.example/ "<h1>t</h1>")')
    assert raw.startswith('<h2 title="x">Raw</h2>') and 'title="&lt;h1&gt;t&lt;/h1&gt;"' in raw
    assert headings_below(raw, 3).count("&lt;h1&gt;t&lt;/h1&gt;") == 1  # not a tag: untouched


def test_upgrading_moves_the_headings_of_the_reviews_already_written(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        add_host(app, sample=True)
        with_headings = db.session.scalar(select(Review).order_by(Review.id))
        with_headings.body = BODY
        for body in (DEEP, "Plain *words*.", ""):
            db.session.add(
                Review(owner_id=with_headings.owner_id, film_id=with_headings.film_id, body=body)
            )
        db.session.commit()
        db.session.remove()
        downgrade(revision="a3f7c9e2d518")
        stored = dict(db.session.execute(text("SELECT body, body_html FROM reviews")).all())
        assert stored[BODY].startswith("<h1>Big</h1>\n<p>A film of rooms.</p>\n<h2>Small</h2>")
        assert stored[""] == "" and "<h6>F</h6>" in stored[DEEP]
        db.session.remove()
        upgrade()
        after = dict(db.session.execute(text("SELECT body, body_html FROM reviews")).all())
        db.engine.dispose()
    assert after.keys() == stored.keys() and len(after) == 4
    assert after == {body: review_html(body) for body in stored}
    assert after[BODY].startswith("<h2>Big</h2>\n<p>A film of rooms.</p>\n<h3>Small</h3>")
