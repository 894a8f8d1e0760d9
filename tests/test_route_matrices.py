"""Matrices built from app.url_map: a route added tomorrow is in them without anyone adding it.

- Cross-host (IDOR, ASVS 8.2.2): every route a stranger is sent to sign in for, opened by
  another host with the first host's ids, answers 404 and changes nothing.
- CSRF (ASVS 3.5.1): every POST route refuses a request without a token, or with another
  session's token, with 400 and changes nothing.
- GET is safe (ASVS 3.5.3): opening every page changes no row.
"""

from tests.discovery import build_url, db_digest, hostile_world, routes, unknown_arguments
from tests.helpers.client import add_host, csrf_token, login


def _world(app):
    owner, ids, _, _ = hostile_world(app)
    assert unknown_arguments(app, ids) == set(), "teach tests/discovery.py the new argument"
    other = add_host(app, email="other@example.com", name="Other", sample=True)
    return owner, ids, other


def _signs_in_first(app, url, method) -> bool:
    """Whether a stranger (with a valid CSRF token of their own) is sent to sign in."""
    stranger = app.test_client()
    data = {"csrf_token": csrf_token(stranger, "/login")} if method == "POST" else None
    response = stranger.open(url, method=method, data=data)
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_hosts_ids_answer_404_everywhere(app, client):
    _, owners_ids, _ = _world(app)
    login(client, email="other@example.com")
    token = csrf_token(client, "/teas/new")
    tried = []
    for rule, methods in routes(app):
        if not rule.arguments:
            continue
        url = build_url(app, rule, owners_ids)
        assert url is not None, f"the sample world has no row for {rule.rule}"
        for method in methods:
            if not _signs_in_first(app, url, method):
                continue  # a public page (a guest's link, a poster): no owner to cross
            before = db_digest(app)
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            response.close()
            assert response.status_code == 404, (method, url, response.status_code)
            assert db_digest(app) == before, (method, url)
            tried.append((method, rule.rule))
    print(f"\ncross-host requests: {len(tried)}, all 404")
    assert len(tried) >= 50


def test_every_post_refuses_a_missing_or_foreign_csrf_token(app, client):
    _, ids, _ = _world(app)
    login(client)
    stranger = app.test_client()
    login(stranger, email="other@example.com")
    foreign = csrf_token(stranger, "/teas/new")
    probes = 0
    for rule, methods in routes(app):
        if "POST" not in methods:
            continue
        url = build_url(app, rule, ids)
        for data in ({}, {"csrf_token": foreign}, {"csrf_token": "forged"}):
            before = db_digest(app)
            response = client.post(url, data=data)
            assert response.status_code == 400, (url, data, response.status_code)
            assert "Nothing was changed" in response.get_data(as_text=True)
            assert db_digest(app) == before, url
            probes += 1
    print(f"\nCSRF probes: {probes}, all 400")
    assert probes >= 150


def test_opening_any_page_changes_nothing(app, client):
    _, ids, _ = _world(app)
    login(client)
    guest = app.test_client()
    opened = 0
    for rule, methods in routes(app):
        if "GET" not in methods:
            continue
        url = build_url(app, rule, ids)
        for who in (client, guest):
            before = db_digest(app)
            response = who.get(url)
            response.get_data()  # a streamed body runs to its end inside this request
            response.close()
            assert response.status_code < 500, url
            assert db_digest(app) == before, url
            opened += 1
    assert opened >= 80
