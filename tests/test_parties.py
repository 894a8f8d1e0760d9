"""Parties for the host: times in their zone, guest list, tally, menu plan, held, clone."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Guest, Invitation, Party, PartyTea, StockMovement, Tea
from tests.helpers.client import add_host, answer, count_queries, field_value, login, post_form
from tests.helpers.parties import (
    add_menu,
    assert_sums_match_the_list,
    invite,
    make_guest,
    make_party,
)
from tests.helpers.teas import make_tea
from tests.served import HttpSession

NEW_PARTY = {
    "title": "Spring greens",
    "description": "Longjing and friends.",
    "starts_at": "2027-03-27T15:00",
    "ends_at": "2027-03-28T15:00",
    "timezone": "Europe/Berlin",
    "location": "Lindenstraße 5",
    "location_confirmed_only": "y",
    "capacity": "8",
    "rsvp_deadline": "2027-03-20T18:00",
    "plus_ones_allowed": "y",
    "plus_one_cap": "1",
    "maybe_allowed": "y",
}


def _party(app, party_id=None):
    with app.app_context():
        party = db.session.get(Party, party_id) if party_id else db.session.scalar(select(Party))
        db.session.expunge(party)
        return party


def test_times_are_stored_in_utc_and_shown_in_the_party_zone_across_dst(app, client, host):
    # Europe/Berlin moves from UTC+1 to UTC+2 in the night of 27–28 March 2027.
    response = post_form(client, "/parties/new", NEW_PARTY)
    assert response.status_code == 302
    party = _party(app)
    assert party.starts_at == datetime(2027, 3, 27, 14, 0, tzinfo=UTC)  # 15:00 CET
    assert party.ends_at == datetime(2027, 3, 28, 13, 0, tzinfo=UTC)  # 15:00 CEST
    assert party.rsvp_deadline == datetime(2027, 3, 20, 17, 0, tzinfo=UTC)
    page = client.get(f"/parties/{party.id}").get_data(as_text=True)
    assert "Saturday 27 March 2027, 15:00–Sunday 28 March 2027, 15:00 (Europe/Berlin)" in page
    edit = client.get(f"/parties/{party.id}/edit").get_data(as_text=True)
    assert 'value="2027-03-28T15:00"' in edit


def test_a_time_the_clocks_skip_is_refused(app, client, host):
    data = dict(NEW_PARTY, starts_at="2027-03-28T02:30", ends_at="2027-03-28T05:00")
    page = post_form(client, "/parties/new", data).get_data(as_text=True)
    assert "02:30 on 28 Mar 2027 does not exist in Europe/Berlin" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Party)) == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "Fill this in."),
        ({"ends_at": "2027-03-27T14:00"}, "The party must end after it starts."),
        ({"rsvp_deadline": "2027-03-28T10:00"}, "The deadline must be before the party starts."),
        ({"capacity": "0"}, "A party has room for 1 to 1000 people."),
        ({"timezone": "Atlantis/City"}, "Choose one of the options shown."),
        ({"starts_at": "tomorrow"}, "Enter a date and a time, such as 2026-03-14 19:30."),
        ({"plus_one_cap": "50"}, "Each guest may bring 0 to 10 plus-ones."),
        # These three were a 500: the last hours of year 9999 west of UTC, or 9999's last
        # evening plus the usual three hours, overflowed Python's dates; year 1 in Berlin
        # (53 minutes ahead of UTC before 1893) too.
        (
            {"starts_at": "9999-12-31T23:00", "ends_at": "", "timezone": "Pacific/Pago_Pago"},
            "Choose a date in the years 1900 to 2999.",
        ),
        (
            {"starts_at": "9999-12-31T22:00", "ends_at": "", "rsvp_deadline": ""},
            "Choose a date in the years 1900 to 2999.",
        ),
        ({"rsvp_deadline": "0001-01-01T00:00"}, "Choose a date in the years 1900 to 2999."),
    ],
)
def test_party_form_errors(app, client, host, changes, message):
    page = post_form(client, "/parties/new", dict(NEW_PARTY, **changes)).get_data(as_text=True)
    assert message in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Party)) == 0


def test_a_clone_in_the_last_hours_of_year_9999_is_refused(app, client, host):
    """A 500 before: the clone's local times, west of UTC, passed the end of Python's dates."""
    party_id = make_party(app, host, timezone="America/New_York")
    times = {"starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T23:00"}
    response = post_form(client, f"/parties/{party_id}/clone", dict(times, title="Far"))
    assert response.status_code == 200
    assert "Choose a date in the years 1900 to 2999." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Party)) == 1


def test_invite_guests_and_manage_their_links(app, client, host):
    party_id = make_party(app, host)
    ana = make_guest(app, host, "Ana Lima", email="ana@example.com")
    bo = make_guest(app, host, "Bo Chen")
    post_form(
        client,
        f"/parties/{party_id}/invite",
        {"guests": [str(ana), str(bo)]},
        token_from=f"/parties/{party_id}",
    )
    with app.app_context():
        invitations = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
        tokens = [i.token for i in invitations]
        ids = [i.id for i in invitations]
    assert len(tokens) == 2 and all(len(t) >= 43 for t in tokens)  # ≥ 256 bits, base64url
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert f"http://localhost/i/{tokens[0]}" in page
    # The email draft is a mailto: link built when the host asks for it, not one per row.
    assert "mailto:" not in page
    draft = client.get(f"/invitations/{ids[0]}/email-draft")
    assert draft.status_code == 302
    assert draft.headers["Location"].startswith(
        "mailto:ana%40example.com?subject=Invitation%3A%20Autumn%20oolongs"
    )
    assert tokens[0] in draft.headers["Location"]
    # A new link revokes the old one.
    post_form(client, f"/invitations/{ids[0]}/new-link", token_from=f"/parties/{party_id}")
    assert client.get(f"/i/{tokens[0]}").status_code == 404
    # Removing a guest revokes their link too.
    post_form(client, f"/invitations/{ids[1]}/remove", token_from=f"/parties/{party_id}")
    assert client.get(f"/i/{tokens[1]}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1


def test_inviting_nobody_or_a_stranger_changes_nothing(app, client, host):
    party_id = make_party(app, host)
    other = add_host(app, email="other@example.com", name="Other")
    stranger = make_guest(app, other, "Their friend")
    page = post_form(
        client,
        f"/parties/{party_id}/invite",
        {"guests": [str(stranger)]},
        token_from=f"/parties/{party_id}",
        follow_redirects=True,
    )
    assert "Choose only from the options shown." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_tally_and_dietary_totals_count_plus_ones(app, client, host):
    party_id = make_party(app, host, plus_ones_allowed=True, plus_one_cap=2)
    ana = make_guest(app, host, "Ana Lima", dietary_tags=["vegetarian"])
    names = ["Ana Lima", "Bo Chen", "Cy Park", "Di Ortiz", "Ed Wu"]
    guests = [ana] + [make_guest(app, host, n) for n in names[1:]]
    tokens = [invite(app, party_id, g)[1] for g in guests]
    guest_client = client.application.test_client()
    answer(
        guest_client,
        tokens[0],
        "yes",
        plus_ones=2,
        people=[
            {"name": "P1", "dietary_tags": ["vegan"]},
            {"name": "P2", "dietary_tags": ["vegan", "nut allergy"]},
        ],
        dietary_tags=["vegetarian"],
    )
    answer(guest_client, tokens[1], "yes", dietary_notes="no dairy")
    answer(guest_client, tokens[2], "maybe")
    answer(guest_client, tokens[3], "no")
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    tally = dict(
        re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', page)
    )
    assert tally == {"Yes": "4", "Maybe": "1", "No": "1", "Waitlist": "0", "No answer": "1"}
    assert "<li>vegan: 2</li>" in page and "<li>nut allergy: 1</li>" in page
    assert "<li>vegetarian: 1</li>" in page and "<li>Bo Chen: no dairy</li>" in page
    feed = page[page.index("Latest answers") : page.index("Guest list")]
    assert feed.index("Di Ortiz") < feed.index("Ana Lima")  # newest first


def test_menu_plan_against_stock_with_shortages_and_caffeine_clashes(app, client, host):
    party_id = make_party(app, host)
    greens = make_tea(app, host, grams=100, name="Sencha")  # 0.75 g/100 ml, 300 ml vessel
    with app.app_context():
        chamomile = Tea(
            owner_id=host,
            name="Chamomile",
            type="herbal",
            caffeine="none",
            brew_temp_c=100,
            grams_per_100ml=2.4,
            steep_seconds=[300],
            vessel_ml=300,
        )
        db.session.add(chamomile)
        db.session.commit()
        chamomile_id = chamomile.id
    add_menu(app, party_id, chamomile_id, position=0, cups_each=1, vessel_ml=250)
    add_menu(app, party_id, greens, position=1, cups_each=2, vessel_ml=100)
    invitations = {
        name: invite(app, party_id, make_guest(app, host, name, caffeine=pref))[0]
        for name, pref in (("Ana Lima", "none"), ("Bo Chen", "any"), ("Cy Park", "low"))
    }
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "Planned for 3 drinkers (everyone invited" in page
    # Chamomile: 3 × 1 × 250 × 2.4 / 100 = 18 g, none in stock → short by 18 g.
    assert "18 g</td>" in page and "Short by 18 g" in page
    # Keemun-type tea with high caffeine: 3 × 2 × 100 × 0.75 / 100 = 4.5 g of 100 g.
    # Nobody has answered: the clash is not with anyone coming yet, and the page says so.
    assert "4.5 g</td>" in page and "Caffeine clash" not in page
    assert "Would clash, no answer yet: Ana Lima, Cy Park" in page
    # Ana says yes and Cy no: a clash with Ana, who is coming; Cy drinks nothing.
    with app.app_context():
        db.session.get(Invitation, invitations["Ana Lima"]).response = "yes"
        db.session.get(Invitation, invitations["Cy Park"]).response = "no"
        db.session.commit()
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    assert "Caffeine clash, coming or maybe: Ana Lima</span>" in page
    assert "no answer yet" not in page
    assert_sums_match_the_list(app, party_id)
    post_form(client, f"/parties/{party_id}/menu/suggest", token_from=f"/parties/{party_id}")
    with app.app_context():
        order = [
            i.tea.name for i in db.session.scalars(select(PartyTea).order_by(PartyTea.position))
        ]
    assert order == ["Sencha", "Chamomile"]  # caffeine-free last


def test_suggested_order_is_light_to_dark():
    from teahouse.parties.menu import suggested_order

    teas = [
        Tea(name=n, type=t, caffeine=c)
        for n, t, c in [
            ("Shou", "puerh_ripe", "medium"),
            ("Rooibos", "rooibos", "none"),
            ("Silver Needle", "white", "low"),
            ("Dian Hong", "black", "high"),
            ("Tieguanyin", "oolong", "medium"),
            ("Longjing", "green", "medium"),
            ("Decaf Earl Grey", "blend", "none"),
        ]
    ]
    assert [t.name for t in suggested_order(teas)] == [
        "Silver Needle",
        "Longjing",
        "Tieguanyin",
        "Dian Hong",
        "Shou",
        "Decaf Earl Grey",
        "Rooibos",
    ]


def test_marking_held_serves_the_tea_once(app, client, host):
    party_id = make_party(app, host, days_ahead=-0.05)
    tea_id = make_tea(app, host, grams=100)
    add_menu(app, party_id, tea_id, cups_each=2, vessel_ml=100)
    for name in ("Ana Lima", "Bo Chen"):
        invite(app, party_id, make_guest(app, host, name))
    form = client.get(f"/parties/{party_id}/held").get_data(as_text=True)
    assert 'value="3"' in form  # 2 × 2 × 100 × 0.75 / 100: grams as people write them
    with app.app_context():
        item_id = db.session.scalar(select(PartyTea.id))
    data = {"served-0-item_id": str(item_id), "served-0-grams": "3.5"}
    assert post_form(client, f"/parties/{party_id}/held", data).status_code == 302
    again = post_form(client, f"/parties/{party_id}/held", data, follow_redirects=True)
    assert "already marked as held; nothing changed" in again.get_data(as_text=True)
    with app.app_context():
        served = db.session.scalars(
            select(StockMovement).where(StockMovement.kind == "served")
        ).all()
        assert [(m.milligrams, m.note) for m in served] == [(-3500, "Served at Autumn oolongs")]
        assert db.session.get(Party, party_id).status == "held"


def test_marking_held_with_too_little_stock_writes_nothing(app, client, host):
    party_id = make_party(app, host, days_ahead=-0.05)
    tea_id = make_tea(app, host, grams=2)
    add_menu(app, party_id, tea_id)
    with app.app_context():
        item_id = db.session.scalar(select(PartyTea.id))
    page = post_form(
        client,
        f"/parties/{party_id}/held",
        {"served-0-item_id": str(item_id), "served-0-grams": "5"},
    ).get_data(as_text=True)
    assert "Only 2 g of Keemun are in stock" in page
    with app.app_context():
        assert db.session.get(Party, party_id).status == "published"
        assert db.session.scalar(select(func.count()).select_from(StockMovement)) == 1


def test_clone_keeps_menu_and_guests_with_fresh_answers(app, client, host):
    party_id = make_party(app, host)
    add_menu(app, party_id, make_tea(app, host, grams=10))
    _, token = invite(app, party_id, make_guest(app, host))
    answer(client.application.test_client(), token, "yes")
    response = post_form(
        client,
        f"/parties/{party_id}/clone",
        {
            "title": "Autumn oolongs II",
            "starts_at": "2027-11-06T15:00",
            "ends_at": "2027-11-06T18:00",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(Party).where(Party.title == "Autumn oolongs II"))
        assert copy.status == "draft"
        assert copy.starts_at == datetime(2027, 11, 6, 14, 0, tzinfo=UTC)
        assert len(copy.menu) == 1
        [new] = copy.invitations
        assert new.response == "pending" and new.token != token


def test_cancel_and_status_changes(app, client, host):
    party_id = make_party(app, host, status="draft")
    _, token = invite(app, party_id, make_guest(app, host))
    post_form(
        client,
        f"/parties/{party_id}/status",
        {"status": "published"},
        token_from=f"/parties/{party_id}",
    )
    assert _party(app, party_id).status == "published"
    post_form(
        client,
        f"/parties/{party_id}/status",
        {"status": "cancelled"},
        token_from=f"/parties/{party_id}",
    )
    assert "This party is cancelled" in client.get(f"/i/{token}").get_data(as_text=True)
    bad = post_form(
        client, f"/parties/{party_id}/status", {"status": "held"}, token_from=f"/parties/{party_id}"
    )
    assert bad.status_code == 400


def test_stale_party_edit_is_refused(app, client, host):
    post_form(client, "/parties/new", NEW_PARTY)
    party = _party(app)
    data = dict(NEW_PARTY, title="First tab", version=str(party.version))
    assert post_form(client, f"/parties/{party.id}/edit", data).status_code == 302
    stale = post_form(client, f"/parties/{party.id}/edit", dict(data, title="Second tab"))
    assert "changed elsewhere" in stale.get_data(as_text=True)
    assert _party(app, party.id).title == "First tab"


def test_raising_capacity_promotes_the_waitlist(app, client, host):
    post_form(
        client,
        "/parties/new",
        dict(
            NEW_PARTY,
            capacity="1",
            rsvp_deadline="",
            starts_at="2030-01-05T15:00",
            ends_at="2030-01-05T18:00",
        ),
    )
    party = _party(app)
    with app.app_context():
        db.session.get(Party, party.id).status = "published"
        db.session.commit()
    tokens = [invite(app, party.id, make_guest(app, host, n))[1] for n in ("Ana", "Bo")]
    guest = client.application.test_client()
    answer(guest, tokens[0], "yes")
    answer(guest, tokens[1], "yes")
    assert "on the waitlist" in guest.get(f"/i/{tokens[1]}").get_data(as_text=True)
    party = _party(app, party.id)
    data = dict(
        NEW_PARTY,
        capacity="2",
        rsvp_deadline="",
        starts_at="2030-01-05T15:00",
        ends_at="2030-01-05T18:00",
        version=str(party.version),
    )
    post_form(client, f"/parties/{party.id}/edit", data)
    assert "you moved from the waitlist" in guest.get(f"/i/{tokens[1]}").get_data(as_text=True)


def test_another_hosts_party_answers_404(app, client, host):
    other = add_host(app, email="other@example.com", name="Other")
    party_id = make_party(app, other)
    invitation_id, _ = invite(app, party_id, make_guest(app, other))
    add_menu(app, party_id, make_tea(app, other, grams=5))
    with app.app_context():
        item_id = db.session.scalar(select(PartyTea.id))
    mine = make_party(app, host)
    for url in (
        f"/parties/{party_id}",
        f"/parties/{party_id}/edit",
        f"/parties/{party_id}/clone",
        f"/parties/{party_id}/held",
        f"/parties/{party_id}/delete",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/parties/{party_id}/status",
        f"/invitations/{invitation_id}/remove",
        f"/invitations/{invitation_id}/new-link",
        f"/menu/{item_id}/remove",
        f"/parties/{party_id}/menu/suggest",
        f"/parties/{party_id}/invite",
    ):
        assert (
            post_form(
                client, url, {"status": "cancelled"}, token_from=f"/parties/{mine}"
            ).status_code
            == 404
        ), url
    with app.app_context():
        assert db.session.get(Party, party_id).status == "published"
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1


def test_host_party_page_query_count_is_fixed(app, client, host):
    party_id = make_party(app, host, plus_ones_allowed=True, plus_one_cap=1)
    for n in range(3):
        add_menu(app, party_id, make_tea(app, host, grams=50, name=f"Tea {n}"), position=n)
    counts = []
    guest = client.application.test_client()
    other_party = make_party(app, host, title="Another")
    regular = make_guest(app, host, "Aaron Regular")
    invite(app, other_party, regular)
    for total in (5, 200):
        with app.app_context():
            have = db.session.query(Invitation).filter_by(party_id=party_id).count()
        for n in range(have, total):
            _, token = invite(
                app, party_id, make_guest(app, host, f"Guest {n:03d}", caffeine="low")
            )
            if n % 3 == 0:
                answer(guest, token, "yes", plus_ones=1, people=[{"dietary_tags": ["vegan"]}])
        invite(app, make_party(app, host, title=f"Party {total}"), regular)
        for url in (
            f"/parties/{party_id}",
            "/parties/",
            f"/parties/{party_id}/held",
            "/guests/",
            f"/guests/{regular}",
        ):
            with count_queries(app) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
    assert counts[:5] == counts[5:], counts
    # The party page asks the database for its sums (answers, dietary needs, caffeine clashes)
    # and for each list a page at a time, rather than loading every invitation: 18 queries.
    assert max(counts) <= 18


def test_guest_pages_and_history(app, client, host):
    response = post_form(
        client,
        "/guests/new",
        {
            "name": "Ana Lima",
            "email": "ana@example.com",
            "phone": "+49 30 1234",
            "dietary_tags": ["vegan", "nut allergy"],
            "dietary_notes": "no soy",
            "caffeine": "low",
            "notes": "Loves oolong",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        guest = db.session.scalar(select(Guest))
        assert (guest.dietary_tags, guest.caffeine) == (["vegan", "nut allergy"], "low")
        guest_id = guest.id
    bad = post_form(
        client, "/guests/new", {"name": "", "email": "nope", "phone": "call me", "caffeine": "lots"}
    ).get_data(as_text=True)
    for message in (
        "Fill this in.",
        "Enter an email address, such as name@example.com.",
        "A phone number has digits, spaces and + ( ) - only.",
        "Choose one of the options shown.",
    ):
        assert message in bad
    party_id = make_party(app, host, title="Oolong evening")
    tea_id = make_tea(app, host, grams=50)
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, guest_id)
    answer(client.application.test_client(), token, "yes")
    with app.app_context():
        db.session.get(Party, party_id).status = "held"
        db.session.commit()
    page = client.get(f"/guests/{guest_id}").get_data(as_text=True)
    assert "Oolong evening</a>" in page and "— yes" in page and "Served: Keemun" in page
    listing = client.get("/guests/?q=oolong").get_data(as_text=True)
    assert "Ana Lima" in listing
    assert "No guest matches" in client.get("/guests/?q=zzz").get_data(as_text=True)


def test_deleting_a_guest_frees_their_place(app, client, host):
    party_id = make_party(app, host, capacity=1)
    ana = make_guest(app, host, "Ana")
    bo = make_guest(app, host, "Bo")
    tokens = [invite(app, party_id, g)[1] for g in (ana, bo)]
    guest = client.application.test_client()
    answer(guest, tokens[0], "yes")
    answer(guest, tokens[1], "yes")
    post_form(client, f"/guests/{ana}/delete")
    assert client.get(f"/i/{tokens[0]}").status_code == 404
    assert "you moved from the waitlist" in guest.get(f"/i/{tokens[1]}").get_data(as_text=True)


def test_forty_concurrent_yes_answers_fill_ten_places_exactly(app, live_server):
    """Real concurrent requests against a live server on a file-backed SQLite database."""
    host = add_host(app)
    party_id = make_party(app, host, capacity=10)
    tokens = [invite(app, party_id, make_guest(app, host, f"Guest {n:02d}"))[1] for n in range(40)]
    sessions = [HttpSession(live_server) for _ in tokens]
    forms = [s.token(f"/i/{t}") for s, t in zip(sessions, tokens, strict=True)]

    def say_yes(n):
        return sessions[n].post(
            f"/i/{tokens[n]}", {"response": "yes", "plus_ones": "0", "csrf_token": forms[n]}
        )[0]

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(say_yes, range(40)))
    assert statuses == [302] * 40
    with app.app_context():
        invitations = db.session.scalars(
            select(Invitation).where(Invitation.party_id == party_id)
        ).all()
        assert all(i.response == "yes" for i in invitations)
        assert sum(1 for i in invitations if i.waitlisted_at is None) == 10
        assert sum(1 for i in invitations if i.waitlisted_at is not None) == 30


def test_a_party_of_a_thousand_guests_shows_them_a_page_at_a_time(app, client, host):
    from bench.data import grow_host

    other = add_host(app, email="forty@example.com", name="Forty")
    with app.app_context():
        big = grow_host(host, guests=1000, parties=1, party_guests=1000)
        small = grow_host(other, guests=40, parties=1, party_guests=40)
    other_client = app.test_client()
    login(other_client, email="forty@example.com")
    small_page = other_client.get(f"/parties/{small}").get_data(as_text=True)
    big_page = client.get(f"/parties/{big}").get_data(as_text=True)
    assert len(big_page.encode()) <= 250 * 1024
    # The guest table itself is a page of 50 rows whatever the party's size.
    table = big_page[big_page.index('<table class="guest-list">') :]
    small_table = small_page[small_page.index('<table class="guest-list">') :]
    table, small_table = (
        table[: table.index("</table>")],
        small_table[: small_table.index("</table>")],
    )
    assert len(table) <= 2 * len(small_table)
    # One form carries the row actions: one CSRF token for the table, not one per button.
    assert big_page.count('form="guest-actions"') == 2 * 50
    assert big_page.count('id="guest-actions"') == 1
    assert "Page 1 of 20" in big_page and "mailto:" not in big_page
    last = client.get(f"/parties/{big}?page=20").get_data(as_text=True)
    last_table = last[last.index('<table class="guest-list">') :]
    last_table = last_table[: last_table.index("</table>")]
    assert "Guest 0999 Example" in last_table and "Guest 0000 Example" not in last_table
    # A row's button still does its one thing.
    with app.app_context():
        first = db.session.scalar(
            select(Invitation).where(Invitation.party_id == big).order_by(Invitation.id)
        )
        token, first_id = first.token, first.id
    post_form(client, f"/invitations/{first_id}/new-link", token_from=f"/parties/{big}")
    assert client.get(f"/i/{token}").status_code == 404


def test_the_add_a_tea_list_holds_a_hundred_teas_and_a_search_finds_the_rest(app, client, host):
    from bench.data import grow_host

    party_id = make_party(app, host)
    with app.app_context():
        grow_host(host, teas=105)
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    menu = page[page.index('id="menu-heading"') :]
    assert menu.count("<option") == 100
    assert "Find a tea for the menu" in menu and "Generated tea 00104" not in menu
    found = client.get(f"/parties/{party_id}?tea_q=00104").get_data(as_text=True)
    found_menu = found[found.index('id="menu-heading"') :]
    assert found_menu.count("<option") == 1 and "Generated tea 00104" in found_menu


def test_the_favourites_list_holds_a_hundred_teas_and_keeps_the_guests_own(app, client, host):
    from bench.data import grow_host

    with app.app_context():
        grow_host(host, teas=150)
        last = db.session.scalar(select(Tea).where(Tea.name == "Generated tea 00149"))
        guest = Guest(owner_id=host, name="Ana Lima", favourite_teas=[last])
        db.session.add(guest)
        db.session.commit()
        guest_id = guest.id
    new = client.get("/guests/new").get_data(as_text=True)
    assert new.count('name="favourite_teas"') == 100 and "Find teas for the favourites" in new
    edit = client.get(f"/guests/{guest_id}/edit").get_data(as_text=True)
    assert edit.count('name="favourite_teas"') == 101 and "Generated tea 00149" in edit
    found = client.get("/guests/new?tea_q=00120").get_data(as_text=True)
    assert found.count('name="favourite_teas"') == 1


def test_the_party_pages_sums_equal_the_sums_over_the_whole_list(app, client, host):
    """Answers, plus-ones with their own needs, a waitlist and guests with caffeine limits:
    what the database sums is what counting every invitation gives."""
    from bench.data import grow_host

    with app.app_context():
        party_id = grow_host(host, guests=120, parties=1, party_guests=120)
    _, late = invite(app, party_id, make_guest(app, host, "Wanda Waiting", caffeine="none"))
    with app.app_context():
        invitation = db.session.scalar(select(Invitation).where(Invitation.token == late))
        invitation.response, invitation.plus_ones = "yes", 1
        invitation.waitlisted_at = invitation.created_at
        db.session.commit()
    tally = assert_sums_match_the_list(app, party_id)
    assert (tally.yes, tally.waitlist, tally.maybe, tally.no, tally.pending) == (
        114,
        2,
        12,
        18,
        18,
    )


def test_past_parties_page_on_their_own_so_every_party_stays_within_reach(app, client, host):
    for number in range(30):  # the oldest is 30 days ago, the latest 1 day ago
        make_party(app, host, days_ahead=-1 - number, title=f"Past party {number:02d}")
    make_party(app, host, days_ahead=3, title="Oolongs next week")
    first = client.get("/parties/").get_data(as_text=True)
    assert "Oolongs next week" in first
    assert "Past party 00" in first and "Past party 24" in first and "Past party 25" not in first
    assert 'aria-label="Pages of past parties"' in first and "past=2" in first
    second = client.get("/parties/?past=2").get_data(as_text=True)
    assert "Past party 25" in second and "Past party 29" in second and "Past party 24" not in second
    assert "Oolongs next week" in second  # the upcoming list keeps its own page
    for hostile in ("?past=-3", "?past=99999999999999999999", "?past=x"):
        assert client.get(f"/parties/{hostile}").status_code == 200


def test_a_double_click_on_the_menu_a_new_link_or_delete_waits_its_turn_on_sqlite(app, live_server):
    """Found over HTTP: on SQLite, the second of two presses sent at once answered 503 "Busy":
    it had read in a plain transaction, and SQLite refuses to turn a read that another writer
    has overtaken into a write. Each press is sent 4 times at once."""

    host = add_host(app)
    party_id = make_party(app, host)
    teas = [make_tea(app, host, name=name) for name in ("Shou puerh", "Sencha", "Dong Ding")]
    for tea_id in teas:
        add_menu(app, party_id, tea_id)
    invitation_id, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    with app.app_context():
        first_item = db.session.scalar(
            select(PartyTea.id).where(PartyTea.party_id == party_id, PartyTea.tea_id == teas[0])
        )
    tab = HttpSession(live_server).login()
    csrf = tab.token(f"/parties/{party_id}")
    presses = (
        (f"/invitations/{invitation_id}/new-link", {}),
        (f"/menu/{first_item}/move", {"to": "down"}),
        (f"/parties/{party_id}/menu/suggest", {}),
        (f"/parties/{party_id}/delete", {}),
    )
    for url, fields in presses:
        answers = tab.post_at_once(url, dict(fields, csrf_token=csrf))
        if url.endswith("delete"):  # a press that looks after the first has deleted it: 404
            assert 302 in answers and set(answers) <= {302, 404}, answers
        else:
            assert answers == [302] * 4, url
        with app.app_context():
            if url.endswith("new-link"):
                assert db.session.get(Invitation, invitation_id).token != token
            elif "menu" in url:
                positions = db.session.scalars(
                    select(PartyTea.position).where(PartyTea.party_id == party_id)
                ).all()
                assert sorted(positions) == [0, 1, 2]
            else:
                assert db.session.get(Party, party_id) is None


@pytest.mark.parametrize(
    "days_ahead, weeks_on",
    [(10, 1), (-1, 1), (-20, 3)],  # a week after; a party last night; three weeks ago
)
def test_a_clone_starts_on_the_same_weekday_and_hour_in_the_next_week_to_come(
    app, client, host, days_ahead, weeks_on
):
    """The clone form offered the very date of the party it copies, often a past one."""
    from teahouse.parties.timing import utc_to_local

    party_id = make_party(app, host, days_ahead=days_ahead, hours=3)
    with app.app_context():
        party = db.session.get(Party, party_id)
        start = utc_to_local(party.starts_at, party.timezone) + timedelta(weeks=weeks_on)
        end = utc_to_local(party.ends_at, party.timezone) + timedelta(weeks=weeks_on)
    form = client.get(f"/parties/{party_id}/clone").get_data(as_text=True)
    assert field_value(form, "starts_at") == f"{start:%Y-%m-%dT%H:%M}"
    assert field_value(form, "ends_at") == f"{end:%Y-%m-%dT%H:%M}"


def test_weeks_on_keeps_the_wall_clock_across_a_change_of_the_clocks():
    from teahouse.parties.timing import weeks_on

    # Berlin leaves summer time on 25 Oct 2026: a Saturday-at-19:00 party stays at 19:00.
    start, end = datetime(2026, 10, 17, 19, 0), datetime(2026, 10, 17, 22, 0)
    assert weeks_on(start, end, datetime(2026, 10, 20, 12, 0)) == (
        datetime(2026, 10, 24, 19, 0),
        datetime(2026, 10, 24, 22, 0),
    )
    assert weeks_on(start, end, datetime(2026, 10, 24, 19, 0))[0] == datetime(2026, 10, 31, 19, 0)
