"""The sample collection: 40 real teas of every type with type-correct brewing settings."""

from teahouse.models.tea import TEA_RECORD_FIELDS, Caffeine, TeaType
from teahouse.sample.teas import sample_teas
from teahouse.teas.brewing import defaults_for


def test_forty_distinct_teas_covering_every_type():
    teas = sample_teas()
    assert len(teas) == 40
    assert len({t["name"] for t in teas}) == 40
    assert {t["type"] for t in teas} == {t.value for t in TeaType}


def test_each_tea_is_complete():
    for tea in sample_teas():
        stored = set(TEA_RECORD_FIELDS) - {"opened_on", "best_by"}  # relative in the sample
        assert stored | {"opened_days_ago", "best_by_in_days", "brews"} <= set(tea), tea["name"]
        assert tea["origin_country"] and tea["notes"] and tea["vendor"], tea["name"]
        assert tea["grams_bought"] > 0 and tea["cost"] > 0 and len(tea["currency"]) == 3
        assert tea["caffeine"] in {c.value for c in Caffeine}
        assert tea["rating"] is None or (0.5 <= tea["rating"] <= 5 and tea["rating"] * 2 % 1 == 0)


def test_brewing_settings_are_plausible_for_the_type():
    for tea in sample_teas():
        usual = defaults_for(tea["type"], tea["brew_style"])
        assert abs(tea["brew_temp_c"] - usual.temp_c) <= 25, tea["name"]
        assert 40 <= tea["brew_temp_c"] <= 100
        # Gongfu uses several times the leaf of western brewing.
        low, high = (2.5, 7) if tea["brew_style"] == "gongfu" else (0.4, 5.5)
        assert low <= tea["grams_per_100ml"] <= high, tea["name"]
        assert tea["steep_seconds"] and all(s > 0 for s in tea["steep_seconds"])
    caffeine_free = {t["name"] for t in sample_teas() if t["caffeine"] == "none"}
    assert caffeine_free == {t["name"] for t in sample_teas() if t["type"] in ("herbal", "rooibos")}


def test_well_known_teas_have_their_true_origin():
    by_name = {t["name"]: t for t in sample_teas()}
    assert "Hangzhou" in by_name["Longjing (Xi Hu Long Jing)"]["origin_region"]
    assert by_name["Gyokuro Yame"]["origin_country"] == "Japan"
    assert "Anxi" in by_name["Tieguanyin (Iron Goddess)"]["origin_region"]
    assert "Darjeeling" in by_name["Darjeeling First Flush"]["origin_region"]
    assert by_name["Rooibos (Cederberg)"]["origin_country"] == "South Africa"


def test_the_sample_film_night(app):
    from sqlalchemy import func, select

    from teahouse.extensions import db
    from teahouse.models import Film, Guest, Party, Review
    from teahouse.sample import load_sample
    from tests.helpers.client import add_host

    host = add_host(app, sample=True, timezone="Europe/Paris")
    with app.app_context():
        [film] = db.session.scalars(select(Film)).all()
        assert (film.title, film.year, film.directors, film.runtime_minutes) == (
            "Her",
            2013,
            ["Spike Jonze"],
            126,
        )
        assert film.cast == ["Joaquin Phoenix", "Scarlett Johansson", "Amy Adams", "Rooney Mara"]
        [review] = db.session.scalars(select(Review)).all()
        assert review.rating == 4.5 and review.teaser and len(review.body.split()) > 200
        [party] = db.session.scalars(select(Party)).all()
        assert party.screening.film_id == film.id and party.screening.review_id == review.id
        assert [item.tea.name for item in party.menu] == [
            "Oriental Beauty (Dong Fang Mei Ren)",
            "Da Hong Pao",
            "Egyptian Chamomile",
        ]
        assert party.timezone == "Europe/Paris" and party.starts_local.strftime("%H:%M") == "18:30"
        # 45 min of tea, 126 of film, 30 of talk.
        assert (party.ends_at - party.starts_at).total_seconds() == (45 + 126 + 30) * 60
        assert sorted(i.guest.name for i in party.invitations) == ["Lukas Brandt", "Mina Okafor"]
        assert db.session.scalar(select(func.count()).select_from(Guest)) == 2
        from teahouse.models import User

        assert load_sample(db.session.get(User, host)) == 0  # never twice
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Film)) == 1
