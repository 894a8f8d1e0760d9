"""The tea catalogue over HTTP: list, search, filters, detail, create, edit, delete, export."""

import json
import re

import pytest
from sqlalchemy import func, select

from teahouse.extensions import db
from teahouse.models import StockMovement, Tea, User
from tests.helpers.client import add_host, login, post_form

NEW_TEA = {
    "name": "Jade Oolong",
    "type": "oolong",
    "origin_country": "Taiwan",
    "origin_region": "Pinglin",
    "vendor": "Floating Leaves",
    "vendor_url": "https://example.com/jade",
    "caffeine": "medium",
    "rating": "4.5",
    "tags": "Floral, spring, floral",
    "notes": "Orchid and fresh butter.",
    "brew_style": "gongfu",
}


def _teas(app, owner_id=None):
    with app.app_context():
        query = select(Tea).order_by(Tea.id)
        if owner_id:
            query = query.where(Tea.owner_id == owner_id)
        teas = db.session.scalars(query).all()
        for tea in teas:
            _ = tea.tags
        db.session.expunge_all()
        return teas


def _tea_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Tea.id).where(Tea.name == name))


def test_list_shows_the_collection_with_stock(client, sample_host):
    page = client.get("/teas/").get_data(as_text=True)
    assert "40 teas." in page
    assert "Page 1 of 2" in page
    assert "Alishan High Mountain" in page and "150 g" in page
    second = client.get("/teas/?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "Yiwu Sheng 2019" in second


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ({"q": "wuyi"}, ["Da Hong Pao", "Rou Gui", "Lapsang Souchong"], ["Longjing"]),
        ({"q": "ippodo"}, ["Gyokuro Yame", "Uji Ceremonial Matcha"], ["Da Hong Pao"]),
        ({"q": "bergamot"}, ["Earl Grey"], ["Keemun"]),  # origin region
        ({"q": "leafhoppers"}, ["Oriental Beauty"], ["Dong Ding"]),  # notes
        ({"q": "umami"}, ["Gyokuro Yame"], ["Sencha"]),  # tag
        ({"q": "100%"}, [], ["Da Hong Pao"]),  # LIKE wildcards are taken literally
        ({"type": "yellow"}, ["Junshan Yinzhen", "Huoshan Huangya"], ["Longjing"]),
        ({"caffeine": "none"}, ["Egyptian Chamomile", "Rooibos"], ["Hojicha"]),
        ({"favourite": "y"}, ["Da Hong Pao", "Gyokuro Yame"], ["Keemun"]),
        ({"tag": "rock oolong"}, ["Da Hong Pao", "Rou Gui"], ["Tieguanyin"]),
        ({"type": "oolong", "q": "taiwan"}, ["Dong Ding"], ["Da Hong Pao"]),
    ],
)
def test_search_and_filters(client, sample_host, query, present, absent):
    page = client.get("/teas/", query_string=query).get_data(as_text=True)
    for name in present:
        assert name in page, name
    for name in absent:
        assert name not in page, name


def test_no_match_has_its_own_empty_state(client, sample_host):
    page = client.get("/teas/?q=espresso").get_data(as_text=True)
    assert "No teas match" in page and "Clear the filters" in page


def test_sorting(client, sample_host):
    ratings = []
    for page in (1, 2):
        html = client.get(f"/teas/?sort=rating&page={page}").get_data(as_text=True)
        ratings += [float(r) for r in re.findall(r"(\d(?:\.5)?) of 5 stars</span></td>", html)]
    assert len(ratings) == 40
    assert ratings == sorted(ratings, reverse=True) and ratings[0] == 5.0
    by_type = client.get("/teas/?sort=type").get_data(as_text=True)
    assert by_type.index("Keemun") < by_type.index("Longjing")  # black before green
    newest = client.get("/teas/?sort=newest").get_data(as_text=True)
    assert "Masala Chai" in newest and "Silver Needle" not in newest  # first loaded, last shown


def test_mangled_query_string_shows_everything(client, sample_host):
    response = client.get("/teas/?type=espresso&sort=price&page=abc")
    assert response.status_code == 200
    assert "40 teas." in response.get_data(as_text=True)


def test_detail_shows_brewing_for_the_chosen_vessel(app, client, sample_host):
    tea_id = _tea_id(app, "Da Hong Pao")
    page = client.get(f"/teas/{tea_id}").get_data(as_text=True)
    assert "99 °C" in page and "Gongfu style" in page
    assert "4.5 g</strong> for 100 ml" in page
    assert "Rinse" in page and "55 s" in page
    bigger = client.get(f"/teas/{tea_id}?vessel=150").get_data(as_text=True)
    assert "6.8 g</strong> for 150 ml" in bigger


def test_detail_in_fahrenheit(app, client, sample_host):
    with app.app_context():
        db.session.get(User, sample_host).temperature_unit = "F"
        db.session.commit()
    page = client.get(f"/teas/{_tea_id(app, 'Da Hong Pao')}").get_data(as_text=True)
    assert "210 °F" in page and "99 °C" not in page


def test_create_tea_with_type_defaults_and_opening_stock(app, client, host):
    data = dict(NEW_TEA, opening_grams="50")
    response = post_form(client, "/teas/new", data)
    assert response.status_code == 302
    [tea] = _teas(app)
    assert response.headers["Location"] == f"/teas/{tea.id}"
    assert tea.tags == ["floral", "spring"]
    assert tea.rating == 4.5
    # Blank brewing fields took the oolong gongfu defaults.
    assert (tea.brew_temp_c, tea.grams_per_100ml, tea.vessel_ml) == (99, 4.5, 100)
    assert tea.steep_seconds == [20, 25, 30, 35, 40, 45, 50, 55]
    with app.app_context():
        [movement] = db.session.scalars(select(StockMovement)).all()
        assert (movement.kind, movement.milligrams) == ("purchase", 50_000)
    assert "50 g" in client.get(f"/teas/{tea.id}").get_data(as_text=True)


def test_host_values_override_defaults(app, client, host):
    data = dict(
        NEW_TEA,
        brew_temp="90",
        grams_per_100ml="5.5",
        steep_schedule="15, 0:20, 30s",
        vessel_ml="120",
        rinse="no",
    )
    post_form(client, "/teas/new", data)
    [tea] = _teas(app)
    assert (tea.brew_temp_c, tea.grams_per_100ml, tea.vessel_ml, tea.rinse) == (90, 5.5, 120, False)
    assert tea.steep_seconds == [15, 20, 30]


def test_temperature_entered_in_fahrenheit_is_stored_in_celsius(app, client, host):
    with app.app_context():
        db.session.get(User, host).temperature_unit = "F"
        db.session.commit()
    assert "Water temperature (°F)" in client.get("/teas/new").get_data(as_text=True)
    post_form(client, "/teas/new", dict(NEW_TEA, brew_temp="185"))
    assert _teas(app)[0].brew_temp_c == 85


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "Fill this in."),
        ("name", "x" * 10_000, "Use at most 120 characters"),
        ("notes", "x" * 10_000, "Use at most 5000 characters"),
        ("opening_grams", "-5", "A purchase is 0.1 to 100,000 grams of leaf."),
        ("brew_temp", "500", "Water for tea is between 40 and 100 °C."),
        ("vendor_url", "javascript:alert(1)", "Enter a web address"),
        ("vendor_url", "not a url", "Enter a web address"),
        ("type", "espresso", "Choose one of the options shown."),
        ("rating", "7", "Choose one of the options shown."),
        ("steep_schedule", "20, soon", "The schedule is not valid"),
        ("grams_per_100ml", "-1", "Leaf is 0.1 to 20 grams per 100 ml of water."),
        ("harvest_year", "3024", "That harvest year is in the future."),
        ("vessel_ml", "0", "A vessel holds 20 to 3000 ml."),
        ("brew_style", "french press", "Choose one of the options shown."),
    ],
)
def test_bad_input_shows_field_errors_and_writes_nothing(app, client, host, field, value, message):
    response = post_form(client, "/teas/new", {**NEW_TEA, "opening_grams": "10", field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert message in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Tea)) == 0
        assert db.session.scalar(select(func.count()).select_from(StockMovement)) == 0


def test_edit_tea(app, client, sample_host):
    tea_id = _tea_id(app, "Keemun (Qimen Hongcha)")
    form = client.get(f"/teas/{tea_id}/edit").get_data(as_text=True)
    assert 'value="Keemun (Qimen Hongcha)"' in form and 'value="180, 240"' in form
    [tea] = [t for t in _teas(app) if t.id == tea_id]
    data = {
        "name": "Keemun Hao Ya",
        "type": "black",
        "caffeine": "high",
        "brew_style": "western",
        "brew_temp": "88",
        "grams_per_100ml": "0.8",
        "steep_schedule": "150, 200",
        "vessel_ml": "400",
        "rinse": "no",
        "tags": "classic, hao ya",
        "version": str(tea.version),
    }
    response = post_form(client, f"/teas/{tea_id}/edit", data)
    assert response.status_code == 302
    [tea] = [t for t in _teas(app) if t.id == tea_id]
    assert (tea.name, tea.brew_temp_c, tea.vessel_ml, tea.steep_seconds) == (
        "Keemun Hao Ya",
        88,
        400,
        [150, 200],
    )
    assert tea.tags == ["classic", "hao ya"]
    assert tea.origin_country == "China"  # a field the form did not send keeps its value


def test_stale_edit_is_refused(app, client, sample_host):
    tea_id = _tea_id(app, "Keemun (Qimen Hongcha)")
    data = {
        "name": "First tab",
        "type": "black",
        "caffeine": "high",
        "brew_style": "western",
        "version": "1",
    }
    assert post_form(client, f"/teas/{tea_id}/edit", data).status_code == 302
    stale = post_form(client, f"/teas/{tea_id}/edit", dict(data, name="Second tab"))
    assert "changed elsewhere" in stale.get_data(as_text=True)
    assert [t.name for t in _teas(app) if t.id == tea_id] == ["First tab"]


def test_delete_asks_then_deletes_with_history(app, client, sample_host):
    tea_id = _tea_id(app, "Peppermint")
    confirm = client.get(f"/teas/{tea_id}/delete").get_data(as_text=True)
    assert "Delete “Peppermint”?" in confirm
    assert _tea_id(app, "Peppermint") == tea_id  # GET changed nothing
    response = post_form(client, f"/teas/{tea_id}/delete")
    assert response.headers["Location"] == "/teas/"
    assert _tea_id(app, "Peppermint") is None
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(StockMovement)
                .where(StockMovement.tea_id == tea_id)
            )
            == 0
        )
    assert client.get(f"/teas/{tea_id}").status_code == 404


def test_another_hosts_tea_answers_404(app, client, sample_host):
    other = add_host(app, email="other@example.com", name="Other", sample=True)
    foreign = _teas(app, owner_id=other)[0].id
    for url in (f"/teas/{foreign}", f"/teas/{foreign}/edit", f"/teas/{foreign}/delete"):
        assert client.get(url).status_code == 404, url
    response = post_form(client, f"/teas/{foreign}/delete", token_from="/teas/new")
    assert response.status_code == 404
    assert len(_teas(app, owner_id=other)) == 40
    assert client.get("/teas/99999").status_code == 404


def test_each_host_lists_only_their_own_teas(app, client, host):
    add_host(app, email="other@example.com", name="Other", sample=True)
    page = client.get("/teas/").get_data(as_text=True)
    assert "Your collection is empty" in page


def test_load_sample_button_works_once(app, client, host):
    post_form(client, "/teas/sample", token_from="/teas/")
    assert len(_teas(app)) == 40
    response = post_form(client, "/teas/sample", token_from="/teas/new")
    assert response.status_code == 302
    assert len(_teas(app)) == 40


def test_export_download(app, client, sample_host):
    response = client.get("/data/export.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["format"] == "teahouse-export" and document["version"] == 1
    assert len(document["teas"]) == 40
    tea = next(t for t in document["teas"] if t["name"] == "Da Hong Pao")
    assert tea["type"] == "oolong" and tea["steep_seconds"][0] == 20
    assert tea["tags"] == ["roasted", "rock oolong"]
    purchases = [m for m in document["stock_movements"] if m["kind"] == "purchase"]
    assert len(purchases) == 40
    assert {m["tea_id"] for m in document["stock_movements"]} == {t["id"] for t in document["teas"]}


def test_another_host_cannot_reach_the_export_of_the_first(app, client, sample_host):
    add_host(app, email="other@example.com", name="Other")
    other = app.test_client()
    login(other, email="other@example.com")
    assert json.loads(other.get("/data/export.json").data)["teas"] == []
