"""The fixed work of every request, kept small without changing what a visitor sees: links
remembered per worker, the session's host loaded by one statement built once, and no question
to the database that cannot change its answer."""

import re

from flask import url_for

from teahouse import template_urls
from teahouse.template_urls import TemplateUrls
from tests.helpers.client import add_host, count_queries, login


def test_remembered_links_are_the_links_flask_builds(app):
    urls = TemplateUrls(app)
    calls = [
        ("teas.index", {}),
        ("teas.index", {"page": 3, "sort": "rating"}),
        ("teas.detail", {"tea_id": 7, "_anchor": "stock"}),
        ("teas.detail", {"tea_id": 8}),
        ("guests.index", {"q": "Ann & Bo"}),
        ("parties.detail", {"party_id": 2}),
        ("static", {"filename": "css/teahouse.css"}),
    ]
    with app.test_request_context("/teas/"):
        for endpoint, values in calls * 2:  # the second round is answered from the table
            assert urls(endpoint, **values) == url_for(endpoint, **values)
        # A blueprint-relative endpoint is the request's blueprint's.
        assert urls(".detail", tea_id=5) == "/teas/5"
    with app.test_request_context("/guests/"):
        assert urls(".index") == "/guests/"
    # Arguments equal as keys but written differently in a URL are not mixed up.
    with app.test_request_context("/teas/"):
        assert urls("teas.index", page=1) == "/teas/?page=1"
        assert urls("teas.index", page=True) == "/teas/?page=True"
        assert urls("teas.index", page=1.0) == "/teas/?page=1.0"
        assert urls("teas.index", tag=["a", "b"]) == "/teas/?tag=a&tag=b"


def test_an_app_under_a_path_prefix_gets_its_own_links(app):
    urls = TemplateUrls(app)
    with app.test_request_context("/teas/"):
        assert urls("teas.index") == "/teas/"
    with app.test_request_context("/teas/", base_url="http://localhost/tea/"):
        assert urls("teas.index") == url_for("teas.index") == "/tea/teas/"
    with app.test_request_context("/teas/"):
        assert urls("teas.detail", tea_id=1, _external=True) == "http://localhost/teas/1"


def test_the_table_of_links_stays_bounded(app, monkeypatch):
    monkeypatch.setattr(template_urls, "MAX_ENTRIES", 10)
    urls = TemplateUrls(app)
    with app.test_request_context("/teas/"):
        for tea_id in range(25):
            assert urls("teas.detail", tea_id=tea_id) == f"/teas/{tea_id}"
    assert len(urls._built) <= 10


def test_a_changed_static_file_gets_a_new_fingerprint_when_templates_reload(app, tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    style = static / "css" / "teahouse.css"
    style.write_text("body { color: black }")
    app.static_folder = str(static)
    urls = TemplateUrls(app)
    with app.test_request_context("/"):
        first = urls("static", filename="css/teahouse.css")
        style.write_text("body { color: navy }")
        assert urls("static", filename="css/teahouse.css") == first  # remembered, as templates
        app.jinja_env.auto_reload = True
        changed = urls("static", filename="css/teahouse.css")
    assert re.fullmatch(r"/static/css/teahouse\.css\?v=[0-9a-f]{12}", changed)
    assert changed != first


def test_pages_use_the_remembered_links(client, host):
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/teas/"' in page
    assert re.search(r'href="/static/css/teahouse\.css\?v=[0-9a-f]{12}"', page)


def test_the_login_page_asks_the_database_nothing_once_a_host_exists(app, client):
    assert client.get("/login").headers["Location"] == "/setup"  # no host yet
    add_host(app)
    with count_queries(app) as statements:
        client.get("/login")
    assert len(statements) == 1  # asked once: no host is ever deleted
    with count_queries(app) as statements:
        page = client.get("/login")
        assert client.get("/").headers["Location"] == "/login"
    assert page.status_code == 200
    assert "Sign in" in page.get_data(as_text=True)
    assert statements == []
    assert client.get("/setup").status_code == 404


def test_a_signed_in_page_loads_the_host_with_its_session_in_one_statement(app, client):
    add_host(app)
    login(client)
    client.get("/guests/")
    with count_queries(app) as statements:
        assert client.get("/guests/").status_code == 200
    assert sum("user_sessions" in statement for statement in statements) == 1


def test_a_session_ended_on_the_server_signs_the_cookie_out(app, client):
    from sqlalchemy import delete

    from teahouse.extensions import db
    from teahouse.models import UserSession

    add_host(app)
    login(client)
    assert client.get("/guests/").status_code == 200
    with app.app_context():
        db.session.execute(delete(UserSession))
        db.session.commit()
    assert client.get("/guests/").headers["Location"].startswith("/login")


def test_a_web_worker_does_not_load_the_import_machinery_until_it_is_used(tmp_path):
    """The record schemas weigh about 14 MiB with pydantic, Pillow about 4 and icalendar about 3:
    a worker loads them on its first import, drawn image or calendar file, not with the app
    (exports never load the schemas: tests/test_export_records.py)."""
    import subprocess
    import sys

    script = (
        "import sys; from teahouse import create_app; "
        "create_app({'SECRET_KEY': 'x'}); "
        "print(sorted(m for m in sys.modules "
        "if m.startswith(('teahouse.schemas', 'pydantic', 'icalendar', 'PIL'))))"
    )
    env = {"TEAHOUSE_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_chart_is_drawn_again_when_its_figures_change(app, client, host):
    from teahouse.dashboard import views
    from tests.helpers.teas import grow_collection

    def teas_by_type_table(page):
        table = page[page.index("<summary>Teas by type as a table") :]
        return table[: table.index("</table>")]

    grow_collection(app, host, 3)
    views._drawn.cache_clear()
    first = client.get("/dashboard").get_data(as_text=True)
    second = client.get("/dashboard").get_data(as_text=True)
    assert views._drawn.cache_info().hits == 3  # the second page reused the three charts
    assert teas_by_type_table(second) == teas_by_type_table(first)
    assert '<th scope="row">Green</th><td class="num">3</td>' in teas_by_type_table(first)
    grow_collection(app, host, 5)
    again = client.get("/dashboard").get_data(as_text=True)
    assert '<th scope="row">Green</th><td class="num">5</td>' in teas_by_type_table(again)


def test_remembered_checkboxes_are_the_ones_wtforms_renders(app):
    from wtforms import Form

    from teahouse.forms import MultiCheckboxField, options

    needs = [("vegan", "Vegan"), ("nuts", "Nut <allergy>")]

    class Needs(Form):
        tags = MultiCheckboxField("Needs", choices=options(needs))
        teas = MultiCheckboxField("Teas", coerce=int)

    for chosen in (["nuts"], [], ["vegan", "nuts"], ["nuts"]):  # the last one from the table
        form = Needs(data={"tags": chosen, "teas": [2]}, prefix="people-0")
        form.teas.choices = options([(1, "Sencha"), (2, "Oolong")])
        for field in (form.tags, form.teas):
            assert field.rendered_options() == [(o(), o.label.text) for o in field]
        checked = [text for html, text in form.tags.rendered_options() if "checked" in html]
        assert checked == [label for value, label in needs if value in chosen]


def test_each_sqlite_connection_keeps_a_256_kib_page_cache_and_16_statements(app):
    from sqlalchemy import text

    from teahouse.extensions import db

    with app.app_context():
        assert db.session.scalar(text("PRAGMA cache_size")) == -256
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["cached_statements"] == 16


def test_engine_options_given_for_sqlite_keep_their_own_statement_cache(tmp_path):
    from tests.helpers.client import make_app

    given = {"connect_args": {"cached_statements": 64, "timeout": 3}, "echo": False}
    app = make_app(tmp_path, SQLALCHEMY_ENGINE_OPTIONS=given)
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options == {"connect_args": {"cached_statements": 64, "timeout": 3}, "echo": False}
    assert make_app(tmp_path / "other").config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "connect_args": {"cached_statements": 16}
    }
