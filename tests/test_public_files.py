"""Calendar files, the share card and the QR code, each read back and checked."""

import io
import re
from datetime import UTC, datetime, timedelta

import segno
from icalendar import Calendar
from PIL import Image

from teahouse.extensions import db
from teahouse.models import Party
from tests.helpers.client import add_host, login, post_form
from tests.helpers.parties import invite, make_guest, make_party
from tests.helpers.public_page import public_path, settings, share, shared_party


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    events = [c for c in calendar.walk("VEVENT")]
    return calendar, events


def _dst_party(app, host, **fields):
    # 19:00 Toronto on the Saturday before the end of daylight saving time (1 Nov 2026),
    # lasting past the change in UTC terms is not needed: the start is EDT, a week later EST.
    start = datetime(2026, 10, 31, 23, 0)  # 19:00 EDT = 23:00 UTC
    return make_party(
        app,
        host,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        timezone="America/Toronto",
        **fields,
    )


def test_public_ics_fields(app, client, host):
    party_id = _dst_party(app, host, title="Halloween oolongs", description="Costumes, tea.")
    share(client, party_id)
    path = public_path(client, party_id)
    response = app.test_client().get(path + ".ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert b"\r\n" in response.data
    calendar, (event,) = parse(response.data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["PRODID"])
    assert str(event["SUMMARY"]) == "Halloween oolongs"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (19, 0, "America/Toronto")
    assert start.utcoffset() == timedelta(hours=-4)
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert "DURATION" not in event and event.decoded("DTEND") - start == timedelta(hours=3)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Toronto"
    assert {c.name for c in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).endswith(path)
    assert path in str(event["DESCRIPTION"]) and "Costumes, tea." in str(event["DESCRIPTION"])
    assert "LOCATION" not in event  # the address is not public
    assert "/i/" not in response.get_data(as_text=True)
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=-1)
    settings(client, party_id, show_location=True)
    _, (event,) = parse(app.test_client().get(path + ".ics").data)
    assert str(event["LOCATION"]) == "Lindenstraße 5, Berlin"


def test_a_week_later_the_offset_follows_standard_time(app, client, host):
    party_id = _dst_party(app, host)
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.starts_at = datetime(2026, 11, 8, 0, 0)  # 19:00 EST
        party.ends_at = datetime(2026, 11, 8, 3, 0)
        db.session.commit()
    share(client, party_id)
    _, (event,) = parse(app.test_client().get(public_path(client, party_id) + ".ics").data)
    start = event.decoded("DTSTART")
    assert (start.hour, start.utcoffset()) == (19, timedelta(hours=-5))


def test_an_edit_bumps_sequence_and_keeps_uid(app, client, host):
    party_id = _dst_party(app, host)
    share(client, party_id)
    path = public_path(client, party_id)
    _, (before,) = parse(app.test_client().get(path + ".ics").data)
    with app.app_context():
        party = db.session.get(Party, party_id)
        party.title = "Only the title"  # not a calendar change
        db.session.commit()
    _, (same,) = parse(app.test_client().get(path + ".ics").data)
    assert same["SEQUENCE"] == before["SEQUENCE"]
    sequences = [before["SEQUENCE"]]
    for change in (
        lambda p: setattr(p, "starts_at", p.starts_at + timedelta(hours=1)),
        lambda p: setattr(p, "location", "Elsewhere 1"),
        lambda p: setattr(p, "status", "cancelled"),
    ):
        with app.app_context():
            change(db.session.get(Party, party_id))
            db.session.commit()
        _, (after,) = parse(app.test_client().get(path + ".ics").data)
        assert str(after["UID"]) == str(before["UID"])
        sequences.append(after["SEQUENCE"])
    assert sequences == sorted(set(sequences)) and len(sequences) == 4
    assert str(after["STATUS"]) == "CANCELLED"


def test_a_host_edit_through_the_form_bumps_sequence(app, client, host):
    party_id = make_party(app, host)
    share(client, party_id)
    path = public_path(client, party_id)
    _, (before,) = parse(app.test_client().get(path + ".ics").data)
    response = post_form(
        client,
        f"/parties/{party_id}/status",
        {"status": "cancelled"},
        token_from=f"/parties/{party_id}",
    )
    assert response.status_code == 302
    _, (after,) = parse(app.test_client().get(path + ".ics").data)
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert str(after["UID"]) == str(before["UID"])


def test_a_guests_own_ics_has_their_answer_and_no_personal_link(app, client, host):
    party_id = make_party(app, host, location_confirmed_only=True)
    guest = make_guest(app, host, "Ana Lima", email="ana@example.org")
    _, token = invite(app, party_id, guest, response="maybe")
    response = app.test_client().get(f"/i/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert token not in text and "/i/" not in text
    _, (event,) = parse(response.data)
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.org"
    assert attendee.params["PARTSTAT"] == "TENTATIVE"
    assert attendee.params["CN"] == "Ana Lima"
    assert "LOCATION" not in event  # confirmed guests only
    assert str(event["ORGANIZER"]) == "mailto:host@example.com"
    assert "URL" not in event  # no public page
    share(client, party_id)
    _, (event,) = parse(app.test_client().get(f"/i/{token}.ics").data)
    assert str(event["URL"]).endswith(public_path(client, party_id))
    assert app.test_client().get("/i/nope.ics").status_code == 404


def test_a_confirmed_guest_gets_accepted_and_the_address(app, client, host):
    party_id = make_party(app, host, location_confirmed_only=True)
    guest = make_guest(app, host, "Ana Lima")
    _, token = invite(app, party_id, guest, response="yes")
    _, (event,) = parse(app.test_client().get(f"/i/{token}.ics").data)
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["LOCATION"]) == "Lindenstraße 5, Berlin"


FEED = re.compile(r'id="feed-link"[^>]*value="[^"]*(/feed/[^"]+)"')


def test_the_private_feed_lists_published_parties_and_can_be_revoked(app, client, host):
    make_party(app, host, title="Published one")
    make_party(app, host, title="Draft one", status="draft")
    make_party(app, host, title="Cancelled one", status="cancelled")
    assert "Create my calendar feed" in client.get("/account").get_data(as_text=True)
    post_form(client, "/account/calendar-feed", token_from="/account")
    path = FEED.search(client.get("/account").get_data(as_text=True)).group(1)
    response = app.test_client().get(path)
    assert response.status_code == 200
    _, events = parse(response.data)
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Cancelled one", "Published one"]
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED", "CONFIRMED"}
    post_form(client, "/account/calendar-feed", token_from="/account")
    renewed = FEED.search(client.get("/account").get_data(as_text=True)).group(1)
    assert renewed != path
    assert app.test_client().get(path).status_code == 404
    post_form(client, "/account/calendar-feed/off", token_from="/account")
    assert app.test_client().get(renewed).status_code == 404


def test_google_calendar_link_on_public_and_guest_pages(app, client, host):
    party_id, path = shared_party(app, client, host, title="Tea & film")
    html = app.test_client().get(path).get_data(as_text=True)
    link = re.search(r'href="(https://calendar.google.com/calendar/render\?[^"]+)"', html)
    assert link and "action=TEMPLATE" in link.group(1) and "text=Tea+%26amp%3B" not in link.group(1)
    assert "text=Tea+%26+film" in link.group(1).replace("&amp;", "&")
    assert f'href="{path}.ics"' in html
    guest = make_guest(app, host, "Ana Lima")
    _, token = invite(app, party_id, guest)
    guest_page = app.test_client().get(f"/i/{token}").get_data(as_text=True)
    assert f'href="/i/{token}.ics"' in guest_page
    assert "calendar.google.com" in guest_page


def test_share_card_is_a_1200_by_630_png_without_the_address(app, client, host):
    party_id = make_party(app, host, title="Card party", location="Secret Street 9")
    share(client, party_id)
    settings(client, party_id, show_location=True)  # even then: never on the card
    path = public_path(client, party_id)
    response = app.test_client().get(path + "/card.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1200, 630)
    assert 5_000 < len(response.data) < 400_000
    from teahouse.public import card, presenting, services

    with app.test_request_context():
        shared = services.find_shared(path.rsplit("/", 1)[1])
        content = presenting.card_content(shared, [])
    assert "Secret Street" not in repr(content)
    # Redrawn when the party changes: a different image, and only one file kept.
    with app.app_context():
        db.session.get(Party, party_id).title = "Renamed party"
        db.session.commit()
    second = app.test_client().get(path + "/card.png")
    assert second.data != response.data
    assert second.headers["ETag"] != response.headers["ETag"]
    assert (
        len(
            list(
                (
                    app.instance_path and __import__("pathlib").Path(app.instance_path) / "cards"
                ).iterdir()
            )
        )
        == 1
    )
    assert card.WIDTH == 1200


def _png_matrix(data: bytes, scale=10, border=4):
    image = Image.open(io.BytesIO(data)).convert("L")
    size = image.width // scale - 2 * border
    return [
        [
            image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2))
            < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_qr_codes_encode_the_public_address(app, client, host):
    app.config["PUBLIC_URL"] = "https://tea.example.org"
    party_id, path = shared_party(app, client, host)
    expected = segno.make("https://tea.example.org" + path, error="m")
    png = app.test_client().get(path + "/qr.png")
    assert png.mimetype == "image/png"
    assert _png_matrix(png.data) == [[bool(b) for b in row] for row in expected.matrix]
    svg = app.test_client().get(path + "/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<title>" in svg.data
    other = segno.make("https://tea.example.org/e/somethingelse", error="m")
    assert _png_matrix(png.data) != [[bool(b) for b in row] for row in other.matrix]


def test_menu_card_lists_each_teas_origin_temperature_and_steeps(app, client, sample_host):
    from sqlalchemy import select

    from teahouse.models import Tea
    from tests.helpers.parties import add_menu

    party_id = make_party(app, sample_host)
    with app.app_context():
        tea = db.session.scalars(
            select(Tea).where(Tea.owner_id == sample_host, Tea.origin_country != "")
        ).first()
        name, country, temp = tea.name, tea.origin_country, tea.brew_temp_c
    add_menu(app, party_id, tea.id)
    html = client.get(f"/parties/{party_id}/menu-card").get_data(as_text=True)
    assert name in html and country in html and f"{temp} °C" in html and "steeped" in html
    assert app.test_client().get(f"/parties/{party_id}/menu-card").status_code == 302


def test_ics_time_is_converted_not_suffixed(app, client, host):
    start = datetime(2026, 7, 1, 17, 0)  # 19:00 in Berlin (CEST, +02:00)
    party_id = make_party(app, host, starts_at=start, ends_at=start + timedelta(hours=2))
    share(client, party_id)
    _, (event,) = parse(app.test_client().get(public_path(client, party_id) + ".ics").data)
    start_local = event.decoded("DTSTART")
    assert start_local.hour == 19
    assert start_local.astimezone(UTC).replace(tzinfo=None) == start


def test_the_calendar_names_the_film_being_screened(app, client):
    """The sample film night's public page is on; its calendar file says what is showing."""
    add_host(app, sample=True)
    login(client)
    with app.app_context():
        party_id = db.session.scalar(db.select(Party.id))
    response = app.test_client().get(public_path(client, party_id) + ".ics")
    _, (event,) = parse(response.data)
    assert "Film: Her" in str(event["DESCRIPTION"])


def test_a_guests_google_calendar_link_carries_what_their_calendar_file_does(app, client, host):
    """A confirmed guest's calendar file had the address and the public page; the Google
    Calendar link beside it had neither."""
    from urllib.parse import parse_qs, urlsplit

    party_id, path = shared_party(app, client, host, location_confirmed_only=True)
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"), response="yes")
    guest_page = app.test_client().get(f"/i/{token}").get_data(as_text=True)
    link = re.search(r'href="(https://calendar.google.com/[^"]+)"', guest_page).group(1)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["location"] == ["Lindenstraße 5, Berlin"]
    assert query["details"][0].endswith(path) and token not in link


def _guest_file(app, token):
    _, (event,) = parse(app.test_client().get(f"/i/{token}.ics").data)
    return event


def _without_dtstamp(data: bytes) -> bytes:
    return re.sub(rb"\r\nDTSTAMP:[^\r]*", b"", data)


def test_a_guests_calendar_file_grows_its_sequence_when_their_answer_changes_it(app, client, host):
    """RFC 5545 §3.8.7.4: SEQUENCE grows with each revision of the event, and a calendar app
    that already has the event keeps its copy when one comes with a SEQUENCE no higher. The
    guest's own file carries their answer (ATTENDEE;PARTSTAT) and, once they are confirmed,
    an address kept for confirmed guests; its SEQUENCE followed only the party, so a guest who
    said yes, opened the file again and kept "Needs action" and no address in their calendar."""
    from tests.helpers.client import answer

    party_id = make_party(
        app, host, capacity=1, location_confirmed_only=True, plus_ones_allowed=True, plus_one_cap=1
    )
    _, ana = invite(app, party_id, make_guest(app, host, "Ana Lima", email="ana@example.org"))
    _, bo = invite(app, party_id, make_guest(app, host, "Bo Chen", email="bo@example.org"))
    seen = {ana: [_guest_file(app, ana)], bo: [_guest_file(app, bo)]}

    def step(token, response, partstat, **fields):
        answer(client, token, response, **fields)
        for who in (ana, bo):
            seen[who].append(_guest_file(app, who))
        assert seen[token][-1]["ATTENDEE"].params["PARTSTAT"] == partstat
        return seen[token][-1]

    assert seen[ana][0]["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert "LOCATION" not in seen[ana][0]
    came = step(ana, "yes", "ACCEPTED")
    assert str(came["LOCATION"]) == "Lindenstraße 5, Berlin"
    assert came["SEQUENCE"] > seen[ana][0]["SEQUENCE"]
    step(bo, "yes", "TENTATIVE")  # the one place is Ana's: Bo waits
    assert seen[bo][-1]["SEQUENCE"] > seen[bo][0]["SEQUENCE"]
    step(ana, "no", "DECLINED")  # Bo gets the place freed
    assert seen[bo][-1]["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(seen[bo][-1]["LOCATION"]) == "Lindenstraße 5, Berlin"
    step(ana, "maybe", "TENTATIVE")
    with app.app_context():  # the host moves the party an hour later
        party = db.session.get(Party, party_id)
        party.starts_at += timedelta(hours=1)
        party.ends_at += timedelta(hours=1)
        db.session.commit()
    for who in (ana, bo):
        seen[who].append(_guest_file(app, who))
        sequences = [event["SEQUENCE"] for event in seen[who]]
        # Every change of the file is a higher SEQUENCE; nothing ever goes back.
        assert sequences == sorted(sequences), sequences
        for before, after in zip(seen[who], seen[who][1:], strict=False):
            changed = _without_dtstamp(before.to_ical()) != _without_dtstamp(after.to_ical())
            assert changed == (after["SEQUENCE"] > before["SEQUENCE"]), (who, sequences)


def test_an_answer_that_changes_nothing_in_the_file_leaves_it_as_it_was(app, client, host):
    """Plus-ones, dietary needs and the message to the host are not in the calendar file:
    changing them gives the same file, DTSTAMP (the moment of the download) apart."""
    from tests.helpers.client import answer

    party_id = make_party(app, host, plus_ones_allowed=True, plus_one_cap=1)
    _, ana = invite(app, party_id, make_guest(app, host, "Ana Lima", email="ana@example.org"))
    answer(client, ana, "yes")
    before = app.test_client().get(f"/i/{ana}.ics").data
    answer(client, ana, "yes", plus_ones=1, people=[{"name": "Dee"}], message="Hello!")
    after = app.test_client().get(f"/i/{ana}.ics").data
    assert b"Dee" not in after and b"Hello" not in after
    assert _without_dtstamp(after) == _without_dtstamp(before)


def test_showing_or_hiding_the_address_is_a_new_sequence_of_the_files_it_changes(app, client, host):
    """The public page's "show the address" and the party's "address for confirmed guests
    only" put LOCATION in or out of the public file and of an unconfirmed guest's own: with
    the same SEQUENCE, a calendar that had the file kept it without the address."""
    party_id = make_party(app, host, location_confirmed_only=True)
    _, token = invite(app, party_id, make_guest(app, host, "Ana Lima"))
    share(client, party_id)
    path = public_path(client, party_id)

    def files():
        _, (public,) = parse(app.test_client().get(path + ".ics").data)
        return public, _guest_file(app, token)

    hidden = files()
    assert all("LOCATION" not in event for event in hidden)
    settings(client, party_id, show_location=True)
    shown = files()
    for before, after in zip(hidden, shown, strict=True):
        assert str(after["LOCATION"]) == "Lindenstraße 5, Berlin"
        assert after["SEQUENCE"] > before["SEQUENCE"]
    settings(client, party_id)  # hidden again
    hidden_again = files()
    for before, after in zip(shown, hidden_again, strict=True):
        assert "LOCATION" not in after and after["SEQUENCE"] > before["SEQUENCE"]
    with app.app_context():  # the host gives the address to every guest
        db.session.get(Party, party_id).location_confirmed_only = False
        db.session.commit()
    guest = _guest_file(app, token)
    assert str(guest["LOCATION"]) == "Lindenstraße 5, Berlin"
    assert guest["SEQUENCE"] > hidden_again[1]["SEQUENCE"]
