"""A tea photo's description: the host's words, read as the photo's alt text wherever the
photo is content (the tea page, a guest's menu, the public page, the menu card), capped in
length, and carried by the JSON and CSV round trips."""

import json
import re

from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Tea
from teahouse.models.tea import PHOTO_DESCRIPTION_MAX
from tests.helpers.client import add_host, login, post_import
from tests.helpers.images import image_bytes
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.public_page import public_path, share
from tests.helpers.teas import post_tea_form

TEA = {"name": "Jade Oolong", "type": "oolong", "caffeine": "medium", "brew_style": "gongfu"}
WORDS = "Tightly rolled dark leaves in a white bowl"


def _alts(page):
    return [
        re.search(r'alt="([^"]*)"', tag).group(1)
        for tag in re.findall(r'<img class="tea-photo[^>]*>', page)
    ]


def _tea(app):
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.name == TEA["name"]))
        return tea.id, tea.photo, tea.photo_description, tea.version


def test_the_description_is_the_photos_alt_text_wherever_it_is_shown(app, client, host):
    response = post_tea_form(
        client, "/teas/new", dict(TEA, photo_description=WORDS), image_bytes("JPEG"), "leaf.jpg"
    )
    assert response.status_code == 302
    tea_id, stem, description, _ = _tea(app)
    assert stem and description == WORDS
    assert _alts(client.get(f"/teas/{tea_id}").get_data(as_text=True)) == [WORDS]
    edit_page = client.get(f"/teas/{tea_id}/edit").get_data(as_text=True)
    assert _alts(edit_page) == [WORDS] and f'value="{WORDS}"' in edit_page
    assert f'maxlength="{PHOTO_DESCRIPTION_MAX}"' in edit_page
    # The list's thumbnail sits beside the tea's name, which it stands for: it keeps the name.
    assert _alts(client.get("/teas/").get_data(as_text=True)) == [TEA["name"]]

    party_id = make_party(app, host)
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, make_guest(app, host))
    assert _alts(app.test_client().get(f"/i/{token}").get_data(as_text=True)) == [WORDS]
    share(client, party_id)
    public = app.test_client().get(public_path(client, party_id)).get_data(as_text=True)
    assert _alts(public) == [WORDS]
    card = client.get(f"/parties/{party_id}/menu-card").get_data(as_text=True)
    assert _alts(card) == [WORDS]

    # Emptied, the tea's name is read again, on the host's pages and the public one alike.
    post_tea_form(client, f"/teas/{tea_id}/edit", dict(TEA, photo_description="  "))
    assert _tea(app)[2] == ""
    assert _alts(client.get(f"/teas/{tea_id}").get_data(as_text=True)) == [TEA["name"]]
    public = app.test_client().get(public_path(client, party_id)).get_data(as_text=True)
    assert _alts(public) == [TEA["name"]]


def test_a_description_too_long_is_refused_and_nothing_changes(app, client, host):
    post_tea_form(
        client, "/teas/new", dict(TEA, photo_description=WORDS), image_bytes("JPEG"), "leaf.jpg"
    )
    tea_id, stem, _, version = _tea(app)
    too_long = "w" * (PHOTO_DESCRIPTION_MAX + 1)
    response = post_tea_form(client, f"/teas/{tea_id}/edit", dict(TEA, photo_description=too_long))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Use at most {PHOTO_DESCRIPTION_MAX} characters" in page
    assert _tea(app) == (tea_id, stem, WORDS, version)
    response = post_tea_form(
        client, "/teas/new", dict(TEA, name="Other", photo_description=too_long)
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 1


def test_removing_the_photo_removes_its_description(app, client, host):
    post_tea_form(
        client, "/teas/new", dict(TEA, photo_description=WORDS), image_bytes("JPEG"), "leaf.jpg"
    )
    tea_id = _tea(app)[0]
    post_tea_form(
        client, f"/teas/{tea_id}/edit", dict(TEA, photo_description=WORDS, remove_photo="y")
    )
    assert _tea(app)[1:3] == (None, "")


def test_the_description_travels_in_json_and_csv_and_a_long_one_is_reported(app, client, host):
    post_tea_form(
        client, "/teas/new", dict(TEA, photo_description=WORDS), image_bytes("JPEG"), "leaf.jpg"
    )
    document = json.loads(client.get("/data/export.json").data)
    assert document["teas"][0]["photo_description"] == WORDS
    csv_text = client.get("/data/teas.csv").get_data(as_text=True)
    assert "photo_description" in csv_text.splitlines()[0] and WORDS in csv_text

    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")

    def upload(content, name):
        response = post_import(fresh, content, name)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    document["teas"][0]["photo_description"] = "w" * (PHOTO_DESCRIPTION_MAX + 1)
    report = upload(json.dumps(document).encode(), "export.json")
    assert "photo_description" in report and "Import finished" not in report
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 1

    document["teas"][0]["photo_description"] = WORDS
    assert "Import finished" in upload(json.dumps(document).encode(), "export.json")
    again = json.loads(fresh.get("/data/export.json").data)["teas"][0]
    assert again["photo_description"] == WORDS and again["photo_jpeg_base64"]

    other = app.test_client()
    add_host(app, email="csv@example.com", name="Csv")
    login(other, email="csv@example.com")
    fresh = other
    assert "Import finished" in upload(csv_text.encode(), "teas.csv")
    assert json.loads(other.get("/data/export.json").data)["teas"][0]["photo_description"] == WORDS
