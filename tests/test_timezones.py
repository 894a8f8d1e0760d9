"""The time-zone list: one canonical name per place, grouped by region; a zone saved under an
older name ("US/Eastern") is kept when the host saves the form, never swapped for another."""

import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Party, User
from tests.helpers.client import post_form
from tests.helpers.parties import make_party

PROFILE = {
    "display_name": "Mei Lin",
    "temperature_unit": "C",
    "low_stock_grams": "40",
    "currency": "EUR",
}


def _zone_select(page: str) -> str:
    return re.search(r'<select id="timezone".*?</select>', page, re.S).group(0)


def _offered(page: str) -> dict[str, str]:
    """value → label of every option of the time-zone list."""
    return dict(
        re.findall(r'<option[^>]*value="([^"]+)"[^>]*>([^<]*)</option>', _zone_select(page))
    )


def _selected(page: str) -> list[str]:
    return re.findall(r'<option selected value="([^"]+)"', _zone_select(page))


def _groups(page: str) -> dict[str, list[str]]:
    return {
        label: re.findall(r">([^<]+)</option>", options)
        for label, options in re.findall(
            r'<optgroup label="([^"]+)">(.*?)</optgroup>', _zone_select(page), re.S
        )
    }


def _set_zone(app, user_id, zone):
    with app.app_context():
        db.session.get(User, user_id).timezone = zone
        db.session.commit()


def test_the_profile_offers_each_place_once_grouped_by_region(client, host):
    page = client.get("/account").get_data(as_text=True)
    offered = _offered(page)
    assert 400 < len(offered) < 480
    for alias in ("US/Eastern", "Cuba", "GB", "Asia/Calcutta", "Factory", "EST5EDT", "Zulu"):
        assert alias not in offered
    for zone in offered:
        ZoneInfo(zone)  # each one loads
    assert offered["UTC"] == "UTC" and _selected(page) == ["UTC"]
    assert offered["Asia/Kolkata"] == "Kolkata"
    assert offered["America/Argentina/Buenos_Aires"] == "Buenos Aires, Argentina"
    groups = _groups(page)
    assert list(groups) == [
        "Africa",
        "Americas",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic Ocean",
        "Australia",
        "Europe",
        "Indian Ocean",
        "Pacific Ocean",
    ]
    assert "New York" in groups["Americas"] and "Berlin" in groups["Europe"]
    assert groups["Europe"] == sorted(groups["Europe"])
    # UTC stands first, before the regions.
    assert _zone_select(page).index('value="UTC"') < _zone_select(page).index("<optgroup")


def test_a_host_with_an_older_zone_name_keeps_it_when_saving_the_profile(app, client, host):
    _set_zone(app, host, "US/Eastern")
    page = client.get("/account").get_data(as_text=True)
    assert _selected(page) == ["US/Eastern"]
    assert _offered(page)["US/Eastern"] == "US/Eastern (same as New York)"
    saved = post_form(client, "/account", dict(PROFILE, timezone="US/Eastern"))
    assert saved.status_code == 302
    with app.app_context():
        user = db.session.get(User, host)
        assert (user.display_name, user.timezone) == ("Mei Lin", "US/Eastern")
    # Once the host picks the listed name, the old one is no longer offered.
    assert (
        post_form(client, "/account", dict(PROFILE, timezone="America/New_York")).status_code == 302
    )
    assert "US/Eastern" not in _offered(client.get("/account").get_data(as_text=True))
    with app.app_context():
        assert db.session.get(User, host).timezone == "America/New_York"


def test_an_older_zone_name_is_not_offered_to_a_host_who_does_not_have_it(app, client, host):
    refused = post_form(client, "/account", dict(PROFILE, timezone="US/Eastern"))
    assert refused.status_code == 200
    assert "Choose one of the options shown." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, host).timezone == "UTC"


def test_a_party_with_an_older_zone_name_keeps_it_when_edited(app, client, host):
    party_id = make_party(app, host, timezone="Asia/Calcutta")
    page = client.get(f"/parties/{party_id}/edit").get_data(as_text=True)
    assert _selected(page) == ["Asia/Calcutta"]
    with app.app_context():
        party = db.session.get(Party, party_id)
        data = {
            "title": "Darjeeling first flush",
            "starts_at": "2027-03-27T15:00",
            "ends_at": "2027-03-27T18:00",
            "timezone": "Asia/Calcutta",
            "version": str(party.version),
        }
    assert post_form(client, f"/parties/{party_id}/edit", data).status_code == 302
    with app.app_context():
        party = db.session.scalar(select(Party).where(Party.id == party_id))
        assert (party.title, party.timezone) == ("Darjeeling first flush", "Asia/Calcutta")
