"""Tea photos over HTTP: stored re-encoded in four sizes, refused when they are not images,
replaced and removed, shown only where their tea is, and carried by the JSON export."""

import base64
import io
import json
import os
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import Tea
from tests.helpers.client import add_host, csrf_token, login, post_import
from tests.helpers.failures import flush_fails_for
from tests.helpers.images import REFUSED_UPLOADS, image_bytes, refused_upload
from tests.helpers.parties import add_menu, invite, make_guest, make_party
from tests.helpers.public_page import public_path, share
from tests.helpers.teas import make_tea, post_tea_form

TEA = {"name": "Jade Oolong", "type": "oolong", "caffeine": "medium", "brew_style": "gongfu"}


def _photos(app):
    folder = os.path.join(app.instance_path, "tea-photos")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def _files(stem):
    return sorted([f"{stem}.jpg", f"{stem}-middle.jpg", f"{stem}-menu.jpg", f"{stem}-thumb.jpg"])


def _stem(app, tea_id):
    with app.app_context():
        return db.session.get(Tea, tea_id).photo


def _tea_with_photo(app, client, photo=None, name=TEA["name"]):
    response = post_tea_form(
        client, "/teas/new", dict(TEA, name=name), photo or image_bytes("JPEG"), "leaf.jpg"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        tea = db.session.scalar(select(Tea).where(Tea.name == name))
        return tea.id, tea.photo


def _image(response):
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    return Image.open(io.BytesIO(response.data))


def test_a_photo_is_stored_in_four_sizes_without_its_metadata(app, client, host):
    tea_id, stem = _tea_with_photo(app, client)  # 1200 × 1800 with a camera's EXIF
    assert stem and _photos(app) == _files(stem)
    large = _image(client.get(f"/teas/{tea_id}/photo?size=large&v={stem}"))
    assert large.format == "JPEG" and large.size == (800, 1200)
    assert "SecretCam" not in str(dict(large.getexif())) and not large.info.get("exif")
    middle = _image(client.get(f"/teas/{tea_id}/photo?size=middle&v={stem}"))
    assert middle.size == (320, 480) and not middle.info.get("exif")
    assert _image(client.get(f"/teas/{tea_id}/photo?size=menu&v={stem}")).size == (480, 360)
    assert _image(client.get(f"/teas/{tea_id}/photo?size=thumb&v={stem}")).size == (96, 96)
    assert client.get(f"/teas/{tea_id}/photo?size=huge").status_code == 404

    # The tea page offers the middle size and the large one; the browser picks by the card's
    # width on the screen (at most about 33rem, in two columns) and the screen's density.
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    shown = re.search(r'<img class="tea-photo tea-photo-large"[^>]*>', page).group(0)
    middle_url = f"/teas/{tea_id}/photo?size=middle&amp;v={stem}"
    large_url = f"/teas/{tea_id}/photo?size=large&amp;v={stem}"
    assert f'src="{middle_url}"' in shown
    assert f'srcset="{middle_url} 640w, {large_url} 1200w"' in shown
    assert 'sizes="(min-width: 74rem) 33rem, ' in shown
    assert 'alt="Jade Oolong"' in shown and 'width="600" height="450"' in shown

    listed = client.get("/teas/").get_data(as_text=True)
    thumb = re.search(r'<img class="tea-photo tea-photo-thumb"[^>]*>', listed).group(0)
    assert "size=thumb" in thumb and 'width="48" height="48"' in thumb
    assert 'loading="lazy"' in thumb and 'alt="Jade Oolong"' in thumb


def test_a_photo_stored_before_the_middle_size_is_served_large(app, client, host):
    """Until the migration has made it, a missing size is the large file, not a 404 or 500."""
    tea_id, stem = _tea_with_photo(app, client, image_bytes("JPEG", (1600, 1200)))
    folder = os.path.join(app.instance_path, "tea-photos")
    os.remove(os.path.join(folder, f"{stem}-middle.jpg"))
    served = client.get(f"/teas/{tea_id}/photo?size=middle&v={stem}")
    assert _image(served).size == (1200, 900)
    assert "size=middle" in client.get(f"/teas/{tea_id}").get_data(as_text=True)
    party_id = make_party(app, host)
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, make_guest(app, host))
    os.remove(os.path.join(folder, f"{stem}-menu.jpg"))
    guest_copy = app.test_client().get(f"/i/{token}/teas/{tea_id}/photo?size=menu&v={stem}")
    assert _image(guest_copy).size == (1200, 900)
    share(client, party_id)
    public = app.test_client().get(f"{public_path(client, party_id)}/teas/{tea_id}/photo")
    assert _image(public).size == (1200, 900)
    os.remove(os.path.join(folder, f"{stem}.jpg"))  # nothing left at all: 404, never a 500
    assert client.get(f"/teas/{tea_id}/photo?size=middle&v={stem}").status_code == 404


def test_the_url_names_the_photo_so_it_is_cached_for_a_year(app, client, host):
    tea_id, stem = _tea_with_photo(app, client)
    current = client.get(f"/teas/{tea_id}/photo?size=thumb&v={stem}")
    assert current.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    again = client.get(
        f"/teas/{tea_id}/photo?size=thumb&v={stem}",
        headers={"If-None-Match": current.headers["ETag"]},
    )
    assert again.status_code == 304
    stale = client.get(f"/teas/{tea_id}/photo?size=thumb&v=an-older-photo")
    assert stale.headers["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("kind, extension, message", REFUSED_UPLOADS)
def test_bad_photos_are_refused_and_nothing_changes(app, client, host, kind, extension, message):
    content, filename = refused_upload(kind), f"leaf.{extension}"
    response = post_tea_form(client, "/teas/new", TEA, content, filename)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0

    tea_id = make_tea(app, host)
    with app.app_context():
        before = db.session.get(Tea, tea_id).version
    response = post_tea_form(
        client, f"/teas/{tea_id}/edit", dict(TEA, name="Renamed"), content, filename
    )
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        tea = db.session.get(Tea, tea_id)
        assert (tea.name, tea.photo, tea.version) == ("Keemun", None, before)
    assert _photos(app) == []


def test_replacing_and_removing_a_photo(app, client, host):
    tea_id, first = _tea_with_photo(app, client)
    post_tea_form(client, f"/teas/{tea_id}/edit", TEA, image_bytes("WEBP", (640, 480)), "new.webp")
    second = _stem(app, tea_id)
    assert second != first and _photos(app) == _files(second)
    assert client.get(f"/teas/{tea_id}/photo?size=large&v={first}").status_code == 200
    edit_page = client.get(f"/teas/{tea_id}/edit").get_data(as_text=True)
    assert "Remove the current photo" in edit_page and "Replace the photo" in edit_page
    assert f"v={second}" in edit_page

    post_tea_form(client, f"/teas/{tea_id}/edit", dict(TEA, remove_photo="y"))
    assert _stem(app, tea_id) is None and _photos(app) == []
    assert client.get(f"/teas/{tea_id}/photo?size=large").status_code == 404
    assert "Add a photo" in client.get(f"/teas/{tea_id}").get_data(as_text=True)

    assert "tea-photo-none" not in client.get("/teas/").get_data(as_text=True)
    tea_id, third = _tea_with_photo(app, client, name="Soon gone")
    assert _photos(app) == _files(third)
    # A tea without a photo keeps the thumbnail's place beside one with, so the names line up.
    listed = client.get("/teas/").get_data(as_text=True)
    assert listed.count('class="tea-photo tea-photo-thumb tea-photo-none" aria-hidden="true"') == 1
    client.post(f"/teas/{tea_id}/delete", data={"csrf_token": csrf_token(client, "/teas/new")})
    assert _photos(app) == []


def test_a_photo_is_seen_only_where_its_tea_is(app, client, host):
    tea_id, stem = _tea_with_photo(app, client)
    other_tea = make_tea(app, host, name="Not served")
    party_id = make_party(app, host)
    add_menu(app, party_id, tea_id)
    _, token = invite(app, party_id, make_guest(app, host))
    _, other_token = invite(app, make_party(app, host), make_guest(app, host, name="Bo"))

    # Another host, a stranger, a guest of another party: 404 (or the sign-in page).
    add_host(app, email="other@example.com", name="Other")
    other = app.test_client()
    login(other, email="other@example.com")
    assert other.get(f"/teas/{tea_id}/photo?size=large&v={stem}").status_code == 404
    stranger = app.test_client()
    assert stranger.get(f"/teas/{tea_id}/photo?size=large").status_code == 302
    assert stranger.get(f"/i/{other_token}/teas/{tea_id}/photo").status_code == 404
    assert stranger.get(f"/i/{token}/teas/{other_tea}/photo").status_code == 404
    assert stranger.get(f"/i/not-a-token/teas/{tea_id}/photo").status_code == 404

    # The guest whose menu lists the tea sees it, on their page and as a file.
    page = stranger.get(f"/i/{token}").get_data(as_text=True)
    assert f"/i/{token}/teas/{tea_id}/photo?size=menu&amp;v={stem}" in page
    guest_copy = stranger.get(f"/i/{token}/teas/{tea_id}/photo?size=menu&v={stem}")
    assert _image(guest_copy).size == (480, 360)
    assert guest_copy.headers["Cache-Control"] == "no-store"  # the URL holds their key

    # The public page shows it while the page is on; a revoked page answers 404 at once.
    share(client, party_id)
    path = public_path(client, party_id)
    public = stranger.get(path).get_data(as_text=True)
    photo_url = f"{path}/teas/{tea_id}/photo?size=menu&v={stem}"
    assert photo_url.replace("&", "&amp;") in public and 'alt="Jade Oolong"' in public
    served = stranger.get(photo_url)
    assert _image(served).size == (480, 360) and served.headers["ETag"]
    assert stranger.get(f"{path}/teas/{other_tea}/photo").status_code == 404
    share(client, party_id, "off")
    assert stranger.get(photo_url).status_code == 404


def test_photos_travel_in_the_json_export_and_are_re_encoded_on_import(app, client, host):
    tea_id, stem = _tea_with_photo(app, client, image_bytes("JPEG", (1600, 1200)))
    make_tea(app, host, name="Without a photo")
    document = json.loads(client.get("/data/export.json").data)
    by_name = {tea["name"]: tea for tea in document["teas"]}
    carried = base64.b64decode(by_name["Jade Oolong"]["photo_jpeg_base64"])
    assert Image.open(io.BytesIO(carried)).size == (1200, 900)
    assert by_name["Without a photo"]["photo_jpeg_base64"] is None
    header = client.get("/data/teas.csv").get_data(as_text=True).splitlines()[0].split(",")
    assert "name" in header and "photo_jpeg_base64" not in header  # words only in a CSV

    add_host(app, email="fresh@example.com", name="Fresh")
    fresh = app.test_client()
    login(fresh, email="fresh@example.com")
    response = post_import(fresh, document)
    assert "Import finished" in response.get_data(as_text=True)
    with app.app_context():
        imported = db.session.scalar(select(Tea).where(Tea.name == "Jade Oolong", Tea.id != tea_id))
        new_stem, new_id = imported.photo, imported.id
    assert new_stem and new_stem != stem
    assert sorted(_photos(app)) == sorted(_files(stem) + _files(new_stem))
    assert _image(fresh.get(f"/teas/{new_id}/photo?size=thumb")).size == (96, 96)
    again = json.loads(fresh.get("/data/export.json").data)
    again_photo = next(t for t in again["teas"] if t["name"] == "Jade Oolong")
    image = Image.open(io.BytesIO(base64.b64decode(again_photo["photo_jpeg_base64"])))
    assert image.size == (1200, 900) and image.getpixel((600, 450))[0] > 150  # still red


@pytest.mark.parametrize(
    "photo, problem",
    [
        ("not base64 at all!", "is not base64 data"),
        (base64.b64encode(b"plain text").decode(), "not an image Teahouse can use"),
        (base64.b64encode(image_bytes("PNG")[:400]).decode(), "damaged"),
        (base64.b64encode(refused_upload("bad-exif")).decode(), "damaged"),
    ],
)
def test_a_bad_photo_in_a_file_is_reported_and_nothing_is_written(
    app, client, host, photo, problem
):
    document = {
        "format": "teahouse-export",
        "version": 1,
        "teas": [dict(TEA, id=1, photo_jpeg_base64=photo)],
    }
    response = post_import(client, document)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "photo_jpeg_base64" in page and problem in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
    assert _photos(app) == []


def test_updating_teas_from_a_file_takes_its_photos(app, client, host):
    tea_id, first = _tea_with_photo(app, client)
    document = json.loads(client.get("/data/export.json").data)
    post_tea_form(client, f"/teas/{tea_id}/edit", TEA, image_bytes("PNG", (300, 300)), "other.png")
    second = _stem(app, tea_id)
    response = post_import(client, document, on_existing="update")
    assert "Import finished" in response.get_data(as_text=True)
    third = _stem(app, tea_id)
    assert third not in (first, second) and _photos(app) == _files(third)
    assert _image(client.get(f"/teas/{tea_id}/photo?size=large")).size == (800, 1200)


def test_only_a_signed_in_hosts_photo_may_be_large(app, client, host):
    """The larger body cap is for files: plain text stays capped, and a stranger gets none."""
    token = csrf_token(client, "/teas/new")
    words = {"csrf_token": token, "name": "x", "notes": "n" * (1024 * 1024)}
    as_form = client.post("/teas/new", data=words, content_type="multipart/form-data")
    assert as_form.status_code == 413
    noise = io.BytesIO()  # a photo of noise: about 1.5 MB, three times the plain cap
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(noise, "PNG")
    assert noise.tell() > 1024 * 1024
    noise.seek(0)
    photo = dict(TEA, csrf_token=token, photo=(noise, "noise.png"))
    accepted = client.post("/teas/new", data=photo, content_type="multipart/form-data")
    assert accepted.status_code == 302
    stranger = app.test_client()
    photo["photo"] = (io.BytesIO(os.urandom(2 * 1024 * 1024)), "a.png")
    refused = stranger.post("/teas/new", data=photo, content_type="multipart/form-data")
    assert refused.status_code == 413
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 1


def test_a_new_teas_photo_goes_when_the_once_only_write_fails_after_the_tea(app, client, host):
    """A new tea is written in its form's once-only transaction: when that failed after the
    tea's own part (the INSERT, the token's row, the commit), the photo's four files stayed
    behind with no tea to show them."""
    from tests.helpers.once import once_tokens

    page = client.get("/teas/new").get_data(as_text=True)
    data = dict(TEA, csrf_token=csrf_token(client, "/teas/new"), once_token=once_tokens(page)[0])
    data["photo"] = (io.BytesIO(image_bytes("JPEG")), "leaf.jpg")
    with flush_fails_for(Tea):
        response = client.post("/teas/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 500  # a disk error: not "busy, try again"
    assert _photos(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
