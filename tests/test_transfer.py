"""What goes over the wire: compression, year-long caching of fingerprinted static files, and
no session cookie on responses that did not change the session."""

import re

from tests.helpers.client import login


def test_pages_are_compressed_with_brotli_or_gzip(client, host):
    for encoding in ("br", "gzip"):
        response = client.get("/dashboard", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
    plain = client.get("/dashboard", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert b"<h1" in plain.data


def test_static_files_are_fingerprinted_and_cached_for_a_year(client, host):
    page = client.get("/dashboard").get_data(as_text=True)
    href = re.search(r'href="(/static/css/teahouse\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert set(response.headers["Cache-Control"].split(", ")) == {
        "public",
        "max-age=31536000",
        "immutable",
    }
    # A stale or missing fingerprint is not promised for a year.
    for url in ("/static/css/teahouse.css", "/static/css/teahouse.css?v=000000000000"):
        assert "immutable" not in client.get(url).headers.get("Cache-Control", "")


def test_the_session_cookie_is_sent_only_when_the_session_changes(app, client, host):
    client.get("/dashboard")
    again = client.get("/dashboard")
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers
    # Signing in starts a new session, so its cookie is sent.
    assert any(
        c.startswith("session=") for c in login(app.test_client()).headers.getlist("Set-Cookie")
    )


def test_the_time_zone_list_is_rendered_once_and_still_marks_the_choice(client, host):
    from teahouse.forms import _options_html

    _options_html.cache_clear()
    first = client.get("/parties/new").get_data(as_text=True)
    second = client.get("/parties/new").get_data(as_text=True)
    assert _options_html.cache_info().hits >= 1
    for page in (first, second):
        assert page.count('<option selected value="UTC">UTC</option>') == 1
        assert (
            '<optgroup label="Europe"><option value="Europe/Amsterdam">Amsterdam</option>' in page
        )
        assert '<option value="Europe/Berlin">Berlin</option>' in page
