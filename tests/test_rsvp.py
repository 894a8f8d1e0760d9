"""Guests answer from their personal link: yes / maybe / no, plus-ones, waitlist, deadline."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party, RsvpEvent
from tests.helpers.client import add_host, answer, count_queries, csrf_token, login
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.teas import make_tea


def _invitation(app, invitation_id):
    with app.app_context():
        invitation = db.session.get(Invitation, invitation_id)
        db.session.expunge(invitation)
        return invitation


@pytest.fixture
def party_setup(app):
    host = add_host(app)
    party_id = make_party(app, host, capacity=3, plus_ones_allowed=True, plus_one_cap=2)
    guests = [make_guest(app, host, name) for name in ("Ana Lima", "Bo Chen", "Cy Park")]
    invitations = [invite(app, party_id, g) for g in guests]
    return host, party_id, invitations


def test_rsvp_page_shows_the_party_in_its_zone_without_the_address(app, client, party_setup):
    host, party_id, invitations = party_setup
    tea_id = make_tea(app, host, grams=50)
    add_menu(app, party_id, tea_id)
    _, token = invitations[0]
    response = client.get(f"/i/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dear Ana, Mei invites you to" in page and "Autumn oolongs" in page
    assert "(Europe/Berlin)" in page and "Keemun" in page
    assert "Lindenstraße" not in page  # shown only to confirmed guests
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "noindex" in response.headers["X-Robots-Tag"]
    answer(client, token, "yes")
    assert "Lindenstraße 5, Berlin" in client.get(f"/i/{token}").get_data(as_text=True)


def test_the_invitation_speaks_to_the_guest_not_to_a_host(app, client, party_setup):
    """A guest has no account here: the page's name in the header led to the host's sign-in
    page, and its footer spoke of "your collection"."""
    _, _, invitations = party_setup
    page = client.get(f"/i/{invitations[0][1]}").get_data(as_text=True)
    assert 'href="/"' not in page and "/login" not in page
    assert "your collection" not in page
    assert "Made with Teahouse, a home for tea parties and film nights." in page


def test_the_list_of_problems_reads_as_sentences(app, client, party_setup):
    """A field named by a question is not followed by a colon: "Will you come? Choose an
    answer.", not "Will you come?: Choose an answer."."""
    _, _, invitations = party_setup
    page = answer(client, invitations[0][1], response="").get_data(as_text=True)
    assert "Will you come? Choose an answer." in page
    assert "?:" not in page


def test_the_form_asks_about_the_guest_before_their_plus_ones(app, client, party_setup):
    """The guest's own dietary needs come right after their answer, before the plus-ones: in
    the form and in the list of problems of a refused answer."""
    _, _, invitations = party_setup
    token = invitations[0][1]
    page = client.get(f"/i/{token}").get_data(as_text=True)
    asked = [
        page.index(text)
        for text in (
            "Will you come?",
            "Your dietary needs",
            "Plus-ones (if you come)",
            "Plus-one 1",
        )
    ]
    assert asked == sorted(asked)
    refused = answer(
        client, token, plus_ones=1, people=[{"name": "x" * 121}], dietary_notes="y" * 501
    ).get_data(as_text=True)
    problems = refused[refused.index("Nothing was saved") :]
    assert problems.index("Anything else the host should know") < problems.index(
        "Plus-one 1, Name: Use at most 120 characters"
    )


def test_the_way_to_the_answer_says_what_the_guest_will_do_there(app, client, party_setup):
    """Before an answer the link at the top reads "Answer the invitation"; once answered it
    offers to change it, not to answer again."""
    _, _, invitations = party_setup
    token = invitations[0][1]
    assert ">Answer the invitation</a>" in client.get(f"/i/{token}").get_data(as_text=True)
    answer(client, token, "maybe")
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert ">Change your answer</a>" in page and "Answer the invitation" not in page


def test_every_answer_under_the_personal_link_keeps_it_private(app, client, party_setup):
    """The page, its calendar file and a token that finds nothing: never cached or indexed,
    never sent on to another site."""
    _, _, invitations = party_setup
    _, token = invitations[0]
    for path in (f"/i/{token}", f"/i/{token}.ics", "/i/nope.ics", "/i/nope"):
        response = client.get(path)
        assert response.status_code == (404 if "nope" in path else 200), path
        assert response.headers["Cache-Control"] == "no-store", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow", path


def test_answer_yes_with_plus_ones_and_dietary_needs(app, client, party_setup):
    _, _, invitations = party_setup
    invitation_id, token = invitations[0]
    response = answer(
        client,
        token,
        "yes",
        plus_ones=1,
        people=[{"name": "Dee", "dietary_tags": ["vegan"], "dietary_notes": "no soy"}],
        dietary_tags=["gluten-free"],
        message="Looking forward!",
    )
    assert response.status_code == 302
    invitation = _invitation(app, invitation_id)
    assert (invitation.response, invitation.plus_ones, invitation.confirmed) == ("yes", 1, True)
    assert invitation.plus_one_details == [
        {"name": "Dee", "dietary_tags": ["vegan"], "dietary_notes": "no soy"}
    ]
    assert invitation.dietary_tags == ["gluten-free"]
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "You are coming with 1 guest." in page


def test_plus_ones_beyond_the_cap_are_refused(app, client, party_setup):
    _, _, invitations = party_setup
    invitation_id, token = invitations[0]
    page = answer(client, token, "yes", plus_ones=3).get_data(as_text=True)
    assert "You can bring up to 2 plus-ones." in page
    assert _invitation(app, invitation_id).response == "pending"


def test_each_answer_form_keeps_its_own_partys_plus_one_cap(app):
    """The cap was set on a validator every answer form shares: a form built for a party
    allowing five plus-ones gave five to a form of a party allowing one, read meanwhile
    (as by another thread of the same worker)."""
    from types import SimpleNamespace

    from werkzeug.datastructures import MultiDict

    from teahouse.rsvp.forms import RsvpForm

    def party(cap):
        return SimpleNamespace(plus_one_cap=cap, plus_ones_allowed=True, maybe_allowed=True)

    answer = MultiDict({"response": "yes", "plus_ones": "3"})
    with app.test_request_context():
        one = RsvpForm(answer, party=party(1), meta={"csrf": False})
        RsvpForm(answer, party=party(5), meta={"csrf": False})
        assert not one.validate()
        assert one.plus_ones.errors == ["You can bring up to 1 plus-one."]


def test_no_and_maybe_and_changing_the_answer(app, client, party_setup):
    _, _, invitations = party_setup
    invitation_id, token = invitations[1]
    answer(client, token, "maybe")
    assert _invitation(app, invitation_id).response == "maybe"
    answer(client, token, "no", message="Sorry!")
    invitation = _invitation(app, invitation_id)
    assert (invitation.response, invitation.message) == ("no", "Sorry!")
    assert "You said you can't come." in client.get(f"/i/{token}").get_data(as_text=True)


def test_maybe_only_where_allowed(app, client):
    host = add_host(app)
    party_id = make_party(app, host, maybe_allowed=False)
    invitation_id, token = invite(app, party_id, make_guest(app, host))
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert 'value="maybe"' not in page
    assert "Choose one of the options shown." in answer(client, token, "maybe").get_data(
        as_text=True
    )
    assert _invitation(app, invitation_id).response == "pending"


def test_a_yes_that_does_not_fit_waits_and_is_promoted_when_a_place_frees(app, client, party_setup):
    _, party_id, invitations = party_setup  # capacity 3
    (ana_id, ana), (bo_id, bo), (cy_id, cy) = invitations
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])  # 2 places
    answer(client, bo, "yes", plus_ones=1, people=[{"name": "Eli"}])  # needs 2, 1 left
    answer(client, cy, "yes")  # needs 1: fits, even though Bo waits first
    assert _invitation(app, ana_id).confirmed and _invitation(app, cy_id).confirmed
    assert _invitation(app, bo_id).waitlisted
    page = client.get(f"/i/{bo}").get_data(as_text=True)
    assert "You are on the waitlist." in page
    answer(client, ana, "no")  # frees 2 places
    bo_now = _invitation(app, bo_id)
    assert bo_now.confirmed and bo_now.promoted_at is not None
    assert "you moved from the waitlist" in client.get(f"/i/{bo}").get_data(as_text=True)
    with app.app_context():
        kinds = [e.kind for e in db.session.scalars(select(RsvpEvent).order_by(RsvpEvent.id))]
    assert kinds == ["answered", "waitlisted", "answered", "answered", "promoted"]


def test_dropping_a_plus_one_or_raising_capacity_promotes(app, client, party_setup):
    _, party_id, invitations = party_setup
    (ana_id, ana), (bo_id, bo), _ = invitations
    answer(client, ana, "yes", plus_ones=2, people=[{"name": "Dee"}, {"name": "Eve"}])  # 3 of 3
    answer(client, bo, "yes")
    assert _invitation(app, bo_id).waitlisted
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])  # 2 of 3
    assert _invitation(app, bo_id).confirmed


def test_a_confirmed_guest_cannot_grow_past_capacity(app, client, party_setup):
    _, _, invitations = party_setup
    (ana_id, ana), (bo_id, bo), _ = invitations
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])
    answer(client, bo, "yes")
    page = answer(client, bo, "yes", plus_ones=2, people=[{"name": "X"}, {"name": "Y"}])
    assert "room for only 0 plus-ones" in page.get_data(as_text=True)
    bo_now = _invitation(app, bo_id)
    assert bo_now.confirmed and bo_now.plus_ones == 0


def test_after_the_deadline_the_page_says_so_and_changes_nothing(app, client):
    host = add_host(app)
    past_deadline = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    party_id = make_party(app, host, rsvp_deadline=past_deadline)
    invitation_id, token = invite(app, party_id, make_guest(app, host))
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "The deadline for answers has passed" in page
    assert "Send my answer" not in page
    response = answer(client, token, "yes", token_from="/login")  # a form kept open too long
    assert "The deadline for answers has passed" in response.get_data(as_text=True)
    assert _invitation(app, invitation_id).response == "pending"


@pytest.mark.parametrize(
    "status, message",
    [
        ("draft", "not opened this party"),
        ("cancelled", "This party is cancelled"),
    ],
)
def test_closed_parties_take_no_answers(app, client, status, message):
    host = add_host(app)
    party_id = make_party(app, host, status=status)
    invitation_id, token = invite(app, party_id, make_guest(app, host))
    assert message in answer(client, token, "yes", token_from="/login").get_data(as_text=True)
    assert _invitation(app, invitation_id).response == "pending"


def test_bad_tokens_answer_404_and_reveal_nothing(app, client, party_setup):
    _, party_id, invitations = party_setup
    _, token = invitations[0]
    for bad in (
        "nope",
        token[:-1],
        token + "x",
        token.upper() if token != token.upper() else "A",
        "x" * 200,
    ):
        response = client.get(f"/i/{bad}")
        assert response.status_code == 404
        assert "Autumn oolongs" not in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    # With a valid CSRF token (from the guest's own page), so that the 404 is the link's answer.
    data = {"response": "yes", "csrf_token": csrf_token(client, f"/i/{token}")}
    assert client.post(f"/i/{token[:-2]}", data=data).status_code == 404


def test_a_link_that_no_longer_works_tells_the_guest_what_to_do(app, client, party_setup):
    """An old personal link (the host made a new one) or a party page turned off: the guest
    is told to ask the host, and is not sent to the host's sign-in page. Every unknown link
    reads the same, so a stranger learns nothing."""
    for path in ("/i/replaced-by-a-newer-link", "/e/turned-off-or-replaced"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "This link does not work" in page and "ask your host" in page, path
        assert 'href="/"' not in page and "/login" not in page, path
    host_page = client.get("/teas/424242").get_data(as_text=True)
    assert "ask your host" not in host_page


def test_every_page_under_a_bad_link_answers_404(app, client, party_setup):
    """The answer, the calendar file, "seen the film", the ratings, the drawn poster and a
    tea's photo: a link that finds no invitation (unknown, or far too long to be one) finds
    nothing under it either, and never a 500."""
    host, party_id, invitations = party_setup
    tea_id = make_tea(app, host, grams=50)
    add_menu(app, party_id, tea_id)
    _, token = invitations[0]
    data = {"response": "yes", "csrf_token": csrf_token(client, f"/i/{token}")}
    for bad in ("nope", token[:-1], "x" * 200):
        for path in (".ics", "/drawn-poster.png", f"/teas/{tea_id}/photo"):
            assert client.get(f"/i/{bad}{path}").status_code == 404, (bad, path)
        for path in ("", "/seen", "/afterglow"):
            assert client.post(f"/i/{bad}{path}", data=data).status_code == 404, (bad, path)
    assert client.get(f"/i/{token}.ics").status_code == 200  # the real link still works


def test_a_guest_with_a_link_to_another_party_sees_only_that_party(app, client, party_setup):
    host, party_id, invitations = party_setup
    other = make_party(app, host, title="Secret pu-erh night")
    _, other_token = invite(app, other, make_guest(app, host, "Zed"))
    page = client.get(f"/i/{invitations[0][1]}").get_data(as_text=True)
    assert "Secret pu-erh night" not in page and "Zed" not in page
    assert "Autumn oolongs" not in client.get(f"/i/{other_token}").get_data(as_text=True)


def test_rsvp_page_query_count_is_fixed(app, client):
    host = add_host(app)
    party_id = make_party(app, host)
    token = invite(app, party_id, make_guest(app, host, "Ana Lima"))[1]
    tokens = [token]
    counts = []
    # The menu grows from 1 tea to 3, then the party from 5 guests to 200: the count stays.
    for n in range(3):
        add_menu(app, party_id, make_tea(app, host, grams=50, name=f"Tea {n}"), position=n)
        if n in (0, 2):
            with count_queries(app) as statements:
                page = client.get(f"/i/{token}").get_data(as_text=True)
            assert f"Tea {n}" in page
            counts.append(len(statements))
    for total in (5, 200):
        with app.app_context():
            have = db.session.query(Invitation).filter_by(party_id=party_id).count()
        for n in range(have, total):
            tokens.append(invite(app, party_id, make_guest(app, host, f"Guest {n}"))[1])
        with count_queries(app) as statements:
            assert client.get(f"/i/{tokens[0]}").status_code == 200
        counts.append(len(statements))
    # The invitation with its party, screening, public page and guest; the menu; the host's name.
    assert counts[0] == counts[1] == counts[2] == counts[3] <= 4
    with app.app_context():
        assert db.session.get(Party, party_id).capacity is None


FLASH = re.compile(r'<p class="flash flash-\w+" role="\w+">(.*?)</p>', re.S)


def _thank_you(client, token) -> str:
    """The message at the top of the page a saved answer lands on, as one line."""
    page = client.get(f"/i/{token}").get_data(as_text=True)
    return " ".join(" ".join(FLASH.findall(page)).split())


def test_a_yes_that_lands_on_the_waitlist_says_so_at_the_top(app, client, party_setup):
    """On a phone the answer's status is screens below the thank-you: a guest whose yes did
    not fit read "your answer is saved" and believed they had a place."""
    _, _, invitations = party_setup  # capacity 3
    (_, ana), (_, bo), _ = invitations
    answer(client, ana, "yes", plus_ones=2, people=[{"name": "Dee"}, {"name": "Eve"}])
    assert "waitlist" not in _thank_you(client, ana)
    answer(client, bo, "yes")
    message = _thank_you(client, bo)
    assert "Your answer is saved" in message
    assert "the party is full for now, so you are on the waitlist" in message


def test_an_address_the_public_page_shows_is_not_hidden_from_the_invited(app, client, party_setup):
    """The host showed the address on the public page: a stranger read it there while the
    guest's own invitation and calendar file still said it was for confirmed guests only."""
    from tests.helpers.public_page import settings, share

    host, party_id, invitations = party_setup  # the address for confirmed guests only
    _, token = invitations[0]
    login(client)
    share(client, party_id)
    assert "Lindenstraße" not in client.get(f"/i/{token}").get_data(as_text=True)
    settings(client, party_id, show_location=True)
    guest = app.test_client()
    page = guest.get(f"/i/{token}").get_data(as_text=True)
    assert "Lindenstraße 5, Berlin" in page
    assert "shared with confirmed guests" not in page
    assert "LOCATION:Lindenstraße 5\\, Berlin" in guest.get(f"/i/{token}.ics").get_data(
        as_text=True
    )


def test_room_for_one_more_reads_in_the_singular(app, client, party_setup):
    """ "There is room for only 1 plus-ones now." when a confirmed guest asked for two."""
    _, _, invitations = party_setup  # capacity 3, up to 2 plus-ones each
    (_, ana), (_, bo), _ = invitations
    answer(client, ana, "yes")
    answer(client, bo, "yes")
    page = answer(client, ana, "yes", plus_ones=2, people=[{"name": "Dee"}, {"name": "Eve"}])
    text = page.get_data(as_text=True)
    assert "There is room for only 1 plus-one now." in text and "1 plus-ones" not in text


def _answer_section(html: str) -> str:
    """The "Your answer" section of a guest's page, as one line of text."""
    section = html.split('id="answer-heading"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_a_guest_knows_before_answering_that_a_yes_would_wait(app, client, party_setup):
    """A full party (its yes answers and their plus-ones at capacity): the invited guest who
    had not answered read only "You have not answered yet" above the form, and learnt of the
    waitlist from the answer, as strangers did on the public page before."""
    _, _, invitations = party_setup  # capacity 3
    (_, ana), (_, bo), (cy_id, cy) = invitations
    full = "All places are taken: a yes goes on the waitlist, and gets a place if one frees up."
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])  # 2 of 3
    assert full not in _answer_section(client.get(f"/i/{cy}").get_data(as_text=True))
    answer(client, bo, "yes")  # 3 of 3: full
    before = _answer_section(client.get(f"/i/{cy}").get_data(as_text=True))
    assert "You have not answered yet." in before and full in before
    # A guest who holds a place keeps it with another yes: no warning for them.
    assert full not in _answer_section(client.get(f"/i/{ana}").get_data(as_text=True))
    answer(client, cy, "maybe")
    assert full in _answer_section(client.get(f"/i/{cy}").get_data(as_text=True))
    answer(client, cy, "yes")  # on the waitlist now: the page says that instead
    waiting = _answer_section(client.get(f"/i/{cy}").get_data(as_text=True))
    assert "You are on the waitlist." in waiting and full not in waiting
    assert _invitation(app, cy_id).waitlisted


def test_a_past_partys_invitation_speaks_of_it_in_the_past(app, client):
    """After the party a guest's page still read "Mei invites you to" and "You are coming
    with 1 guest."; each answer now reads in the past, and nobody is asked to answer."""
    host = add_host(app)
    party_id = make_party(
        app, host, days_ahead=-2, capacity=2, plus_ones_allowed=True, plus_one_cap=1
    )
    tokens = {}
    for name, fields in (
        ("Ana Lima", {"response": "yes", "plus_ones": 1, "plus_one_details": [{"name": "Dee"}]}),
        ("Bo Chen", {"response": "yes", "waitlisted_at": datetime(2020, 1, 1)}),
        ("Cy Park", {"response": "no"}),
        ("Di Wu", {}),
    ):
        tokens[name] = invite(app, party_id, make_guest(app, host, name), **fields)[1]
    said = {}
    for name, token in tokens.items():
        html = client.get(f"/i/{token}").get_data(as_text=True)
        assert f"Dear {name.split()[0]}, Mei invited you to" in html, name
        assert "invites you" not in html and "This party is over." in html
        assert "Add to your calendar" not in html and ".ics" not in html
        said[name] = _answer_section(html)
    assert "You came with 1 guest." in said["Ana Lima"]
    assert "You were on the waitlist, and no place freed up." in said["Bo Chen"]
    assert "You said you couldn't come." in said["Cy Park"]
    assert "You did not answer." in said["Di Wu"]
    for text in said.values():
        assert "You are" not in text and "yet" not in text and "Answer on your own" not in text


def test_a_guest_knows_before_answering_that_a_yes_with_plus_ones_would_wait(
    app, client, party_setup
):
    """One place left, plus-ones allowed: a yes with a plus-one needs two, so the whole answer
    went on the waitlist, and the page had said nothing of it before."""
    _, _, invitations = party_setup  # capacity 3, up to 2 plus-ones each
    (_, ana), (bo_id, bo), _ = invitations
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])  # 2 of 3
    before = _answer_section(client.get(f"/i/{bo}").get_data(as_text=True))
    assert "Only 1 place is left: a yes with plus-ones goes on the waitlist." in before
    answer(client, ana, "yes")  # 1 of 3
    before = _answer_section(client.get(f"/i/{bo}").get_data(as_text=True))
    assert "Only 2 places are left: a yes with more than 1 plus-one goes on the waitlist." in (
        before
    )
    answer(client, ana, "no")  # room for anyone's yes with every plus-one
    assert "left" not in _answer_section(client.get(f"/i/{bo}").get_data(as_text=True))
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}])
    answer(client, bo, "yes", plus_ones=1, people=[{"name": "Eli"}])  # as it said: waits
    assert _invitation(app, bo_id).waitlisted


@pytest.mark.parametrize(
    "deadline, until",
    [
        # 18:00 UTC is 19:00 in Berlin in winter: the guest reads the party's own time.
        (datetime(2031, 1, 9, 18, 0), "until Thu 9 Jan 2031, 19:00."),
        (None, "until the party is over."),
    ],
)
def test_the_thank_you_says_until_when_the_answer_can_change(app, client, deadline, until):
    """It said "until the deadline" also for a party that has none."""
    host = add_host(app)
    start = datetime(2031, 1, 10, 18, 0)
    party_id = make_party(
        app, host, starts_at=start, ends_at=start + timedelta(hours=3), rsvp_deadline=deadline
    )
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    page = answer(client, token, "yes")
    assert page.status_code == 302
    shown = client.get(page.headers["Location"]).get_data(as_text=True)
    assert f"Thank you — your answer is saved. You can change it here {until}" in shown
