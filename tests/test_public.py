"""Public event pages: on, off and new link; what strangers see; previews; open RSVP; caching."""

import io
import json
import re
from datetime import datetime, timedelta

from PIL import Image
from sqlalchemy import select

from teahouse import pagecache
from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PublicPage
from tests.helpers.client import add_host, count_queries, login, post_form
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.public_page import public_path, settings, share, shared_party


def test_the_page_is_off_until_the_host_turns_it_on(app, client, host):
    party_id = make_party(app, host)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "Turn the public page on" in page
    assert 'id="public-link"' not in page
    with app.app_context():
        assert db.session.get(PublicPage, party_id) is None


def test_turning_on_gives_a_link_that_a_stranger_can_open(app, client, host):
    party_id, path = shared_party(app, client, host, title="Autumn oolongs")
    assert re.fullmatch(r"/e/[A-Za-z0-9_-]{43}", path)
    stranger = app.test_client()
    response = stranger.get(path)
    assert response.status_code == 200
    assert "Autumn oolongs" in response.get_data(as_text=True)
    assert "Nobody has said yes yet." in response.get_data(as_text=True)
    with app.app_context():
        page = db.session.get(PublicPage, party_id)
        # Only a hash of the token is stored.
        assert path.rsplit("/", 1)[1] not in (page.token_hash, page.link_salt)


def test_a_new_link_kills_the_old_and_off_kills_both(app, client, host):
    party_id, old = shared_party(app, client, host)
    assert share(client, party_id, "new").status_code == 302
    new = public_path(client, party_id)
    stranger = app.test_client()
    assert new != old
    assert stranger.get(old).status_code == 404
    assert stranger.get(new).status_code == 200
    assert share(client, party_id, "off").status_code == 302
    assert stranger.get(new).status_code == 404
    assert stranger.get(new + ".ics").status_code == 404
    assert stranger.get(new + "/card.png").status_code == 404
    # On again: a fresh link, not the last one.
    share(client, party_id)
    again = public_path(client, party_id)
    assert again not in (old, new)


def test_draft_party_answers_404_and_unknown_tokens_too(app, client, host):
    party_id, path = shared_party(app, client, host, status="draft")
    assert app.test_client().get(path).status_code == 404
    for junk in ("nothing", "x" * 43, "a" * 500, "..%2F"):
        assert app.test_client().get(f"/e/{junk}").status_code == 404
    # A control character is refused before routing, with a clear 400.
    assert app.test_client().get("/e/%00").status_code == 400


def test_another_hosts_party_cannot_be_shared(app, client, host):
    other = add_host(app, email="other@example.com", name="Rin")
    party_id = make_party(app, other)
    assert share(client, party_id).status_code == 404
    with app.app_context():
        assert db.session.get(PublicPage, party_id) is None


def test_share_needs_csrf(app, client, host):
    party_id = make_party(app, host)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/parties/{party_id}/share").status_code in (302, 400)
    with app.app_context():
        assert db.session.get(PublicPage, party_id) is None


def _party_with_guests(app, host):
    party_id = make_party(
        app, host, title="Tea at Mei's", description="Bring slippers.", capacity=10
    )
    ana = make_guest(
        app,
        host,
        "Ana Lima",
        email="ana@example.org",
        dietary_tags=["vegan"],
        dietary_notes="no peanuts please",
        notes="secret note about Ana",
    )
    bo = make_guest(app, host, "Bo Chen", email="bo@example.org")
    invite(app, party_id, ana, response="yes", message="Looking forward!")
    invite(app, party_id, bo, response="no")
    return party_id


def test_a_stranger_sees_no_email_no_dietary_word_no_personal_link(app, client, host):
    party_id = _party_with_guests(app, host)
    share(client, party_id)
    path = public_path(client, party_id)
    settings(client, party_id, guest_list="first_names")
    html = app.test_client().get(path).get_data(as_text=True)
    # Only those coming. Read in the words of the page: its random tokens (the preview image's
    # address, the JSON-LD) hold "Bo" now and then, as letters of a token, not the guest.
    words = re.findall(r"[\w'’-]+", re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S))
    assert "Ana" in words and "Bo" not in words
    for secret in (
        "ana@example.org",
        "bo@example.org",
        "vegan",
        "peanuts",
        "secret note",
        "Looking forward",
        "/i/",
        "Lima",
        "Lindenstraße",
    ):
        assert secret not in html, secret
    assert "shared with confirmed guests" in html


def test_location_and_guest_count_as_the_host_chose(app, client, host):
    party_id = _party_with_guests(app, host)
    share(client, party_id)
    path = public_path(client, party_id)
    html = app.test_client().get(path).get_data(as_text=True)
    assert "1</strong> person is coming" in html
    settings(client, party_id, show_location=True, guest_list="hidden")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Lindenstraße 5, Berlin" in html
    assert "openstreetmap.org/search?query=Lindenstra" in html
    assert "coming" not in html.lower()


def test_preview_tags_canonical_and_json_ld(app, client, host):
    app.config["PUBLIC_URL"] = "https://tea.example.org"
    party_id, path = shared_party(
        app,
        client,
        host,
        title="Film night",
        description="We watch and sip.",
        timezone="America/Toronto",
    )
    html = app.test_client().get(path).get_data(as_text=True)
    url = "https://tea.example.org" + path

    def meta(attribute, name):
        match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
        assert match, name
        return match.group(1)

    assert meta("property", "og:title") == "Film night"
    assert meta("property", "og:type") == "website"
    assert meta("property", "og:url") == url
    assert meta("property", "og:site_name") == "Teahouse"
    assert meta("property", "og:image") == url + "/card.png"
    assert meta("property", "og:image:width") == "1200"
    assert meta("property", "og:image:height") == "630"
    assert "Film night" in meta("property", "og:image:alt")
    assert "We watch and sip." in meta("property", "og:description")
    assert "Toronto time" in meta("property", "og:description")
    assert meta("name", "twitter:card") == "summary_large_image"
    assert meta("name", "robots") == "noindex"
    assert f'<link rel="canonical" href="{url}">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert re.search(r"T\d\d:\d\d:\d\d-0[45]:00$", data["startDate"])
    assert data["organizer"]["name"] == "Mei"
    assert data["image"] == [url + "/card.png"]
    assert "location" not in data
    settings(client, party_id, show_location=True, listed=True)
    html = app.test_client().get(path).get_data(as_text=True)
    assert 'name="robots"' not in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["location"]["address"] == "Lindenstraße 5, Berlin"


def test_a_hostile_title_cannot_break_out_of_the_json_ld(app, client, host):
    party_id, path = shared_party(app, client, host, title="</script><script>alert(1)</script>")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_cancelled_party_says_so_with_the_hosts_note(app, client, host):
    note = "I have the flu <b>sorry</b> — next month instead!"
    party_id, path = shared_party(app, client, host, status="cancelled", cancellation_note=note)
    html = app.test_client().get(path).get_data(as_text=True)
    assert "This party has been cancelled</h2>" in html
    assert "Mei wrote:" in html and "I have the flu &lt;b&gt;sorry&lt;/b&gt;" in html
    assert "<b>sorry" not in html and "EventCancelled" in html
    assert "Add to your calendar" not in html and "Already in your calendar?" in html


def test_conditional_requests_answer_304(app, client, host):
    party_id, path = shared_party(app, client, host)
    stranger = app.test_client()
    for suffix in ("", ".ics", "/card.png", "/qr.svg", "/qr.png"):
        first = stranger.get(path + suffix)
        assert first.status_code == 200, suffix
        assert "public" in first.headers["Cache-Control"]
        assert "s-maxage" in first.headers["Cache-Control"]
        assert first.headers["ETag"]
        again = stranger.get(path + suffix, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, suffix
        assert again.data == b""
    first = stranger.get(path)
    since = stranger.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    assert "Set-Cookie" not in first.headers


def test_an_edit_changes_the_page_and_its_etag(app, client, host):
    party_id, path = shared_party(app, client, host, title="Before")
    stranger = app.test_client()
    first = stranger.get(path)
    with app.app_context():
        db.session.get(Party, party_id).title = "After"
        db.session.commit()
    second = stranger.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert "After" in second.get_data(as_text=True)


def test_a_signed_in_host_gets_the_same_page_as_a_stranger(app, client, host):
    app.extensions[pagecache.EXTENSION].clear()
    party_id, path = shared_party(app, client, host)
    as_host = client.get(path).get_data(as_text=True)
    assert "Sign out" not in as_host and "csrf_token" not in as_host
    assert app.test_client().get(path).get_data(as_text=True) == as_host


def test_sql_statements_per_public_page_do_not_grow_with_the_party(app, client, sample_host):
    counts = []
    for size in (2, 60):
        party_id = make_party(app, sample_host, title=f"Party of {size}")
        share(client, party_id)
        path = public_path(client, party_id)
        settings(client, party_id, guest_list="first_names")
        with app.app_context():
            teas = db.session.scalars(select(Invitation.id).limit(0)).all()  # noqa: F841
        for n in range(size):
            guest = make_guest(app, sample_host, f"Guest{n} Name")
            invite(app, party_id, guest, response="yes")
        with app.app_context():
            from teahouse.models import Tea

            for position, tea_id in enumerate(
                db.session.scalars(
                    select(Tea.id).where(Tea.owner_id == sample_host).limit(size // 10 + 1)
                )
            ):
                add_menu(app, party_id, tea_id, position)
        app.extensions[pagecache.EXTENSION].clear()
        stranger = app.test_client()
        with count_queries(app) as statements:
            assert stranger.get(path).status_code == 200
        miss = len(statements)
        with count_queries(app) as statements:
            assert stranger.get(path).status_code == 200
        counts.append((miss, len(statements)))
    assert counts[0] == counts[1]
    assert counts[0][1] == 1  # a cached page costs the one statement that finds it


def test_the_sample_film_night_has_its_public_page_on(app, client):
    add_host(app, sample=True)
    login(client)
    with app.app_context():
        page = db.session.scalars(select(PublicPage)).one()
        party_id = page.party_id
    path = public_path(client, party_id)
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Her" in html and "The teas" in html
    # Her has no poster image: the page shows the drawn typographic one.
    assert f'src="{path}/poster.png"' in html
    poster = app.test_client().get(path + "/poster.png")
    assert poster.mimetype == "image/png"
    assert Image.open(io.BytesIO(poster.data)).size == (240, 360)


def test_open_rsvp_fills_capacity_then_waitlists(app, client, host):
    party_id, path = shared_party(app, client, host, capacity=2)
    stranger = app.test_client()
    assert stranger.get(path + "/rsvp").status_code == 404  # off by default
    assert "Answer the invitation" not in stranger.get(path).get_data(as_text=True)
    settings(client, party_id, open_rsvp=True)
    assert "Answer the invitation" in stranger.get(path).get_data(as_text=True)
    outcomes = []
    for n in range(3):
        visitor = app.test_client()
        response = post_form(
            visitor,
            path + "/rsvp",
            {"name": f"Visitor {n}", "email": f"v{n}@example.net", "response": "yes"},
        )
        assert response.status_code == 302
        personal = response.headers["Location"]
        assert personal.startswith("/i/")
        outcomes.append(visitor.get(personal).get_data(as_text=True))
    assert "You are coming" in outcomes[0] and "You are coming" in outcomes[1]
    assert "You are on the waitlist" in outcomes[2]
    with app.app_context():
        guests = db.session.scalars(select(Guest).where(Guest.owner_id == host)).all()
        assert sorted(g.email for g in guests) == [f"v{n}@example.net" for n in range(3)]


def test_the_answer_form_of_a_page_whose_open_rsvp_was_turned_off_tells_what_to_do(
    app, client, host
):
    """A stranger who kept the answer form's link (or had the form open) after the host turned
    open RSVP off met 'There is nothing here… Back to Teahouse', leading to the host's
    sign-in: the link now reads as every link that no longer works, with no way to sign in."""
    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    visitor = app.test_client()
    form_page = visitor.get(path + "/rsvp").get_data(as_text=True)
    settings(client, party_id)  # open RSVP off again
    answer = {"name": "Visitor", "email": "v@example.net", "response": "yes"}
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form_page).group(1)
    for response in (
        visitor.get(path + "/rsvp"),
        visitor.post(path + "/rsvp", data=dict(answer, csrf_token=token)),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "This link does not work" in page and "ask your host" in page
        assert 'href="/"' not in page and "/login" not in page
    with app.app_context():
        assert db.session.scalars(select(Guest)).all() == []


def test_open_rsvp_refuses_bad_input_and_changes_nothing(app, client, host):
    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    visitor = app.test_client()
    for data in (
        {"name": "", "email": "a@example.net", "response": "yes"},
        {"name": "A", "email": "not an email", "response": "yes"},
        {"name": "A", "email": "a@example.net", "response": "perhaps"},
        {"name": "A" * 500, "email": "a@example.net", "response": "yes"},
    ):
        response = post_form(visitor, path + "/rsvp", data)
        assert response.status_code == 200
        assert "Nothing was saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Guest)).all() == []


def test_open_rsvp_is_throttled_per_address(app, client, host):
    app.config["OPEN_RSVP_LIMIT"] = "2 per hour"
    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    statuses = []
    for n in range(3):
        visitor = app.test_client()
        statuses.append(
            post_form(
                visitor,
                path + "/rsvp",
                {"name": f"V{n}", "email": f"v{n}@example.net", "response": "yes"},
            ).status_code
        )
    assert statuses == [302, 302, 429]
    with app.app_context():
        assert len(db.session.scalars(select(Guest)).all()) == 2


def test_a_guest_renamed_in_the_address_book_shows_at_once(app, client, host):
    party_id, path = shared_party(app, client, host)
    settings(client, party_id, guest_list="first_names")
    guest_id = make_guest(app, host, "Ana Lima")
    invite(app, party_id, guest_id, response="yes")
    stranger = app.test_client()
    assert "Ana" in stranger.get(path).get_data(as_text=True)
    with app.app_context():  # nothing the page's own fingerprint covers
        db.session.get(Guest, guest_id).name = "Anouk Lima"
        db.session.commit()
    page = stranger.get(path).get_data(as_text=True)
    assert "Anouk" in page and ">Ana<" not in page


def test_a_double_click_on_new_link_off_or_feed_off_waits_its_turn_on_sqlite(app, live_server):
    """Found over HTTP: on SQLite, the second of two presses sent at once answered 503 "Busy":
    it had read in a plain transaction, and SQLite refuses to turn a read that another writer
    has overtaken into a write. Each press is sent 4 times at once, 3 times over."""
    from teahouse.models import CalendarFeed
    from tests.served import HttpSession

    host = add_host(app)
    tab = HttpSession(live_server).login()
    for _ in range(3):
        party_id = make_party(app, host)
        token = tab.token(f"/parties/{party_id}")
        presses = (
            ("/account/calendar-feed", None),
            (f"/parties/{party_id}/share", None),
            (f"/parties/{party_id}/share/new", True),
            ("/account/calendar-feed/off", None),
            (f"/parties/{party_id}/share/off", False),
        )
        for url, page_on in presses:
            assert tab.post_at_once(url, {"csrf_token": token}) == [302] * 4, url
            if page_on is not None:
                with app.app_context():
                    assert db.session.get(PublicPage, party_id).is_on is page_on
        with app.app_context():
            assert db.session.scalars(select(CalendarFeed)).all() == []


def test_a_stranger_who_joins_a_full_party_is_told_at_the_top(app, client, host):
    party_id, path = shared_party(app, client, host, capacity=1)
    settings(client, party_id, open_rsvp=True)
    pages = []
    for n in range(2):
        visitor = app.test_client()
        response = post_form(
            visitor,
            path + "/rsvp",
            {"name": f"Visitor {n}", "email": f"v{n}@example.net", "response": "yes"},
        )
        flash = visitor.get(response.headers["Location"]).get_data(as_text=True)
        pages.append(" ".join(flash.split("<article", 1)[0].split()))
    assert "your answer is saved" in pages[0] and "waitlist" not in pages[0]
    assert "the party is full for now, so you are on the waitlist" in pages[1]


def _meta(html: str, name: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    assert match, name
    return match.group(1)


def test_a_cancelled_partys_link_preview_says_it_is_cancelled(app, client, host):
    """A chat app shows the title and description, not the page: the preview of a cancelled
    party read as an invitation to it (only the card image said otherwise)."""
    party_id, path = shared_party(app, client, host, title="Film night", status="cancelled")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "<title>Cancelled: Film night · Teahouse</title>" in html
    for tag in ("og:title", "twitter:title"):
        assert _meta(html, tag) == "Cancelled: Film night"
    for tag in ("og:description", "twitter:description", "description"):
        assert _meta(html, tag).startswith("Cancelled. ")
    for tag in ("og:image:alt", "twitter:image:alt"):
        assert _meta(html, tag).startswith("Cancelled: Film night")


def test_a_past_partys_link_preview_says_it_is_over(app, client, host):
    """After the evening, a link shared in a chat still read as an invitation to it."""
    _, path = shared_party(app, client, host, title="Film night", days_ahead=-2)
    html = app.test_client().get(path).get_data(as_text=True)
    assert "<title>Over: Film night · Teahouse</title>" in html
    for tag in ("og:title", "twitter:title"):
        assert _meta(html, tag) == "Over: Film night"
    for tag in ("og:description", "twitter:description", "description"):
        assert _meta(html, tag).startswith("Over. ")
    _, coming = shared_party(app, client, host, title="Tea at noon", days_ahead=2)
    html = app.test_client().get(coming).get_data(as_text=True)
    assert _meta(html, "og:title") == "Tea at noon" and "Over" not in _meta(html, "description")


def test_a_cancelled_partys_page_does_not_say_who_is_coming(app, client, host):
    """ "1 person is coming" under "This party has been cancelled": nobody is."""
    party_id = _party_with_guests(app, host)
    share(client, party_id)
    path = public_path(client, party_id)
    post_form(
        client,
        f"/parties/{party_id}/status",
        {"status": "cancelled"},
        token_from=f"/parties/{party_id}",
    )
    for choice in ("count", "first_names"):
        settings(client, party_id, guest_list=choice)
        html = app.test_client().get(path).get_data(as_text=True)
        assert "This party has been cancelled" in html
        text = " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).split())
        assert "coming" not in text.lower() and "Ana" not in text and "said yes" not in text


def test_a_stranger_knows_before_answering_that_a_yes_would_wait(app, client, host):
    """Open RSVP on a full party: the page and the form said nothing of it, and a stranger
    learnt of the waitlist only from the answer."""
    party_id, path = shared_party(app, client, host, capacity=1)
    settings(client, party_id, open_rsvp=True, guest_list="hidden")
    full = "All places are taken: a yes goes on the waitlist"
    stranger = app.test_client()
    assert full not in stranger.get(path).get_data(as_text=True)
    assert full not in stranger.get(path + "/rsvp").get_data(as_text=True)
    invite(app, party_id, make_guest(app, host, "Ana Lima"), response="yes")
    assert full in stranger.get(path).get_data(as_text=True)
    assert full in stranger.get(path + "/rsvp").get_data(as_text=True)


def test_a_page_taking_no_more_answers_says_why(app, client, host):
    """Open RSVP on, answers closed: the button went with no word why, and the answer form
    (from a tab kept open) said only "Answers for this party are closed", even when the party
    had been cancelled."""
    party_id, path = shared_party(app, client, host)
    settings(client, party_id, open_rsvp=True)
    stranger = app.test_client()

    def change(**fields):
        with app.app_context():
            party = db.session.get(Party, party_id)
            for name, value in fields.items():
                setattr(party, name, value)
            db.session.commit()

    change(rsvp_deadline=datetime(2020, 1, 1))
    page = stranger.get(path).get_data(as_text=True)
    assert "Answer the invitation" not in page
    assert "The deadline for answers has passed" in page
    form = stranger.get(path + "/rsvp").get_data(as_text=True)
    assert "The deadline for answers has passed" in form and "Send my answer" not in form
    change(status="cancelled")
    form = stranger.get(path + "/rsvp").get_data(as_text=True)
    assert "This party has been cancelled." in form and "Send my answer" not in form


def _main_text(html: str) -> str:
    """The words of a page's main part, as one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).split())


def test_a_past_partys_page_speaks_of_it_in_the_past(app, client, host):
    """The day after the party its page still read "Mei invites you to … 2 people are coming
    (10 places)"; now it says who came, as the app speaks of past parties ("This party is
    over", "the guests who came"), and its link preview does not say who is coming."""
    party_id = _party_with_guests(app, host)  # Ana said yes, Bo no; 10 places
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.starts_at -= timedelta(days=11)
        party.ends_at -= timedelta(days=11)
        db.session.commit()
    share(client, party_id)
    path = public_path(client, party_id)
    text = _main_text(app.test_client().get(path).get_data(as_text=True))
    assert "1 person came." in text and "Mei invited you to" in text
    assert "coming" not in text.lower() and "invites" not in text and "places" not in text
    assert "calendar" not in text.lower()  # nothing to add to one any more
    settings(client, party_id, guest_list="first_names")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Came: Ana." in _main_text(html) and "Coming" not in _main_text(html)
    for tag in ("og:description", "twitter:description", "description"):
        assert "coming" not in _meta(html, tag).lower()
    with app.app_context():
        db.session.execute(
            db.update(Invitation).where(Invitation.party_id == party_id).values(response="no")
        )
        db.session.commit()
    settings(client, party_id, guest_list="count")
    text = _main_text(app.test_client().get(path).get_data(as_text=True))
    assert "Nobody said yes." in text and "yet" not in text
