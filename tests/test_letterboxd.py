"""Letterboxd's export into Teahouse and Teahouse's films out for Letterboxd's importer."""

import csv
import io
import zipfile

import pytest
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.films.markdown import render_markdown
from teahouse.models import Film, Review, User
from teahouse.portability.letterboxd import (
    import_letterboxd_csv,
    import_letterboxd_zip,
    iter_letterboxd_csv,
)
from teahouse.portability.letterboxd.reading import IMPORT_COLUMNS
from tests import letterboxd_files as files
from tests.helpers.client import add_host, csrf_token, post_form, post_import


def _user(app, user_id):
    return db.session.get(User, user_id)


def _films(user_id) -> dict[str, Film]:
    return {f.title: f for f in db.session.scalars(select(Film).where(Film.owner_id == user_id))}


def _everything(user_id) -> list[tuple]:
    """What the database holds of a host's films and reviews, comparable between imports."""
    films = db.session.scalars(select(Film).where(Film.owner_id == user_id).order_by(Film.id))
    reviews = db.session.scalars(
        select(Review).where(Review.owner_id == user_id).order_by(Review.id)
    )
    film_columns = (
        "id",
        "title",
        "year",
        "directors",
        "letterboxd_uri",
        "seen",
        "rating",
        "liked",
        "to_watch",
        "to_watch_since",
    )
    review_columns = (
        "id",
        "film_id",
        "watched_on",
        "rating",
        "rewatch",
        "tags",
        "body",
        "letterboxd_uri",
    )
    return [tuple(str(getattr(f, c)) for c in film_columns) for f in films] + [
        tuple(str(getattr(r, c)) for c in review_columns) for r in reviews
    ]


@pytest.fixture
def user_id(app):
    return add_host(app)


@pytest.mark.parametrize(
    "variant",
    [{}, {"bom": True}, {"crlf": True}, {"bom": True, "crlf": True, "folder": "letterboxd-mei/"}],
    ids=["plain", "bom", "crlf", "bom-crlf-folder"],
)
def test_the_export_zip_becomes_films_viewings_reviews_and_a_watchlist(app, user_id, variant):
    with app.app_context():
        result = import_letterboxd_zip(_user(app, user_id), files.export_zip(**variant))
        assert result.ok, result.problems
        films = _films(user_id)
        strangelove = next(t for t in films if t.startswith("Dr. Strangelove"))
        assert sorted(films) == sorted(
            [
                "Her",
                "Crouching Tiger, Hidden Dragon",
                "東京物語",
                strangelove,
                "Portrait of a Lady on Fire",
            ]
        )
        assert strangelove.endswith('Love the "Bomb"')
        her = films["Her"]
        assert (her.year, her.letterboxd_uri, her.seen, her.rating, her.liked) == (
            2013,
            files.HER,
            True,
            4.5,
            True,
        )
        assert not her.to_watch
        viewings = sorted(her.reviews, key=lambda r: r.watched_on)
        assert [(str(v.watched_on), v.rating, v.rewatch) for v in viewings] == [
            ("2024-01-01", 4.5, False),
            ("2024-06-01", 5.0, True),
        ]
        first = viewings[0]
        assert first.tags == ["rain", "with friends"]
        assert first.letterboxd_uri == "https://boxd.it/5aB1c"
        assert first.body.startswith(
            "A film about *loneliness*, and about what a voice can hold.\\\n"
        )
        assert "> Sometimes I think I have felt everything" in first.body
        html = first.body_html  # made as the viewing was written
        assert html == str(render_markdown(first.body))
        assert "<em>loneliness</em>" in html
        assert "<blockquote>" in html and "<strong>5*3</strong> &amp; snake_case" in html
        assert 'href="https://letterboxd.com/film/her/"' in html
        tokyo = films["東京物語"]
        assert (tokyo.rating, tokyo.reviews[0].rating, tokyo.reviews[0].tags) == (0.5, 0.5, ["ozu"])
        assert "script" not in tokyo.reviews[0].body and "alert" not in tokyo.reviews[0].body
        assert "Ozu at his **best**." in tokyo.reviews[0].body
        tiger = films["Crouching Tiger, Hidden Dragon"]
        assert (tiger.seen, tiger.rating, tiger.to_watch, str(tiger.to_watch_since)) == (
            True,
            5.0,
            True,
            "2024-02-15",
        )
        portrait = films["Portrait of a Lady on Fire"]
        assert (portrait.to_watch, portrait.seen, portrait.reviews) == (True, False, [])
        assert db.session.scalar(select(db.func.count(Review.id))) == 3
        assert result.counts["films"] == 5 and result.counts["viewings"] == 3


def test_importing_the_same_export_again_changes_nothing(app, user_id):
    with app.app_context():
        data = files.export_zip()
        assert import_letterboxd_zip(_user(app, user_id), data).ok
        before = _everything(user_id)
        again = import_letterboxd_zip(_user(app, user_id), data)
        assert again.ok
        assert _everything(user_id) == before
        assert set(again.counts.values()) == {0}
        assert again.summary() == "Skipped 5 films and 3 viewings you already have."
        # Each file on its own, in any order, finds the same films and viewings.
        for name in ("reviews.csv", "diary.csv", "watchlist.csv", "watched.csv"):
            text = files.csv_text(files.EXPORT[name], crlf=True, bom=True)
            assert import_letterboxd_csv(_user(app, user_id), name, text).ok
        assert _everything(user_id) == before


def test_a_film_already_kept_gains_what_the_file_adds_and_keeps_its_own(app, user_id):
    with app.app_context():
        db.session.add(
            Film(owner_id=user_id, title="her", year=2013, directors=["Spike Jonze"], rating=3.5)
        )
        db.session.commit()
        assert import_letterboxd_zip(_user(app, user_id), files.export_zip()).ok
        her = [f for f in _films(user_id).values() if f.title.lower() == "her"]
        assert len(her) == 1
        assert (her[0].title, her[0].rating, her[0].letterboxd_uri, her[0].liked) == (
            "her",
            3.5,
            files.HER,
            True,
        )
        assert her[0].directors == ["Spike Jonze"]
        assert len(her[0].reviews) == 2


def test_a_diary_alone_then_the_whole_export_never_duplicates(app, user_id):
    with app.app_context():
        diary = files.csv_text(files.DIARY)
        assert import_letterboxd_csv(_user(app, user_id), "diary.csv", diary).ok
        assert import_letterboxd_zip(_user(app, user_id), files.export_zip()).ok
        films = _films(user_id)
        assert len(films) == 5
        assert films["Her"].letterboxd_uri == files.HER  # the diary's URIs are its entries'
        assert len(films["Her"].reviews) == 2
        # The diary's viewings had no text; the reviews file's text filled them in, HTML too.
        reviews = db.session.scalars(select(Review).where(Review.body != "")).all()
        assert reviews and all(r.body_html == str(render_markdown(r.body)) for r in reviews)


def test_one_bad_field_imports_nothing_and_says_where(app, user_id):
    broken = [list(row) for row in files.DIARY]
    broken[2][4] = "5.5"  # rating
    broken[3][7] = "05/05/2023"  # watched date
    bad_reviews = [list(row) for row in files.REVIEWS]
    bad_reviews[1][3] = "javascript:alert(1)"
    data = files.export_zip({**files.EXPORT, "diary.csv": broken, "reviews.csv": bad_reviews})
    with app.app_context():
        result = import_letterboxd_zip(_user(app, user_id), data)
        assert not result.ok
        found = {(p.where, p.field) for p in result.problems}
        assert found == {
            ("diary.csv row 3", "Rating"),
            ("diary.csv row 4", "Watched Date"),
            ("reviews.csv row 2", "Letterboxd URI"),
        }
        assert "half stars" in str(result.problems[0]) or "half stars" in " ".join(
            p.message for p in result.problems
        )
        assert _films(user_id) == {}


def test_the_oldest_films_on_letterboxd_import_and_a_year_before_cinema_is_refused(app, user_id):
    gallop = ["2024-02-01", "Sallie Gardner at a Gallop", "1878", "https://boxd.it/2Aq0"]
    with app.app_context():
        early = files.export_zip({"watched.csv": [files.WATCHED[0], gallop]})
        assert import_letterboxd_zip(_user(app, user_id), early).ok
        assert _films(user_id)["Sallie Gardner at a Gallop"].year == 1878

        too_early = files.export_zip(
            {"watched.csv": [files.WATCHED[0], [*gallop[:2], "1873", gallop[3]]]}
        )
        result = import_letterboxd_zip(_user(app, user_id), too_early)
        assert not result.ok
        assert [(p.where, p.field) for p in result.problems] == [("watched.csv row 2", "Year")]
        assert "1874 on" in result.problems[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "is not a ZIP archive"),
        (files.export_zip({"notes.csv": [["a"], ["b"]]}), "holds none of Letterboxd's files"),
    ],
)
def test_a_zip_that_is_no_letterboxd_export_is_refused(app, user_id, data, message):
    with app.app_context():
        result = import_letterboxd_zip(_user(app, user_id), data)
        assert [p.message for p in result.problems][0].startswith(message.split(" (")[0])
        assert _films(user_id) == {}


def _damaged_zip(method: int, damage: str) -> bytes:
    """An export ZIP whose watched.csv is packed with `method`, then damaged: bytes of the packed
    data flipped, or ten of them gone (which moves every offset the archive records)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("watched.csv", files.csv_text(files.WATCHED * 20))
    data = buffer.getvalue()
    start = data.index(b"watched.csv") + len("watched.csv") + 10  # inside the packed bytes
    if damage == "flipped":
        return data[:start] + bytes(b ^ 0x55 for b in data[start : start + 30]) + data[start + 30 :]
    return data[:start] + data[start + 10 :]


@pytest.mark.parametrize(
    "method",
    [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["deflate", "bzip2", "lzma"],
)
@pytest.mark.parametrize("damage", ["flipped", "cut"])
def test_a_zip_damaged_inside_is_reported_and_imports_nothing(app, client, host, method, damage):
    """Found by fuzzing: the decompressors' own errors (zlib, lzma, a seek before the start)
    escaped the import and showed 'Something went wrong'."""
    response = post_import(client, _damaged_zip(method, damage), "letterboxd.zip")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was imported" in page
    assert "cannot be unpacked (damaged or encrypted)" in page
    with app.app_context():
        assert _films(host) == {}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Year", "²", "“²” is not a year"),
        ("Year", "①", "“①” is not a year"),
        ("Year", "2" * 5000, "is not a year"),
        ("rating10", "²", "“²” is not a rating from 1 to 10"),
        ("rating10", "9" * 5000, "is not a rating from 1 to 10"),
    ],
)
def test_a_year_or_rating_of_digits_that_are_no_number_is_reported(
    app, client, host, column, value, message
):
    """Found by fuzzing: str.isdigit() passed "²" and 5,000 digits, which int() refused (a 500)."""
    row = {"Title": "Her", "Year": "2013", "rating10": "8", column: value}
    text = files.csv_text([list(row), list(row.values())])
    response = post_import(client, text, "letterboxd.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was imported" in page
    assert "letterboxd.csv row 2" in page and message in page
    with app.app_context():
        assert _films(host) == {}


def test_control_characters_in_names_and_tags_are_not_kept(app, user_id):
    """A NUL is never text (PostgreSQL refuses it): directors and tags lose it as titles do."""
    rows = [
        ["Title", "Directors", "Tags", "WatchedDate"],
        ["Her", "Spike\x00Jonze", "rain\x07y", "2024-01-01"],
    ]
    with app.app_context():
        result = import_letterboxd_csv(_user(app, user_id), "letterboxd.csv", files.csv_text(rows))
        assert result.ok
        film = _films(user_id)["Her"]
        assert film.directors == ["Spike Jonze"]
        assert db.session.scalar(select(Review.tags).where(Review.film_id == film.id)) == ["rain y"]


def test_a_lone_film_list_must_say_which_list_it_is(app, user_id):
    with app.app_context():
        result = import_letterboxd_csv(
            _user(app, user_id), "export.csv", files.csv_text(files.LIKES)
        )
        assert not result.ok and "watchlist.csv" in result.problems[0].message
        ok = import_letterboxd_csv(
            _user(app, user_id), "watchlist.csv", files.csv_text(files.LIKES)
        )
        assert ok.ok and _films(user_id)["Her"].to_watch


def test_a_letterboxd_csv_naming_a_column_twice_is_refused(app, user_id):
    """Title and title are one column to the importer: which cell to take would be a guess."""
    with app.app_context():
        result = import_letterboxd_csv(
            _user(app, user_id), "letterboxd.csv", "Title,Year,title\nHer,2013,Heat\n"
        )
        assert [str(p) for p in result.problems] == [
            "letterboxd.csv: the header row names the column Title twice; keep only one of them"
        ]
        assert _films(user_id) == {}


# ---------------------------------------------------------------- export and round trip


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_letterboxd_csv_round_trips_through_teahouse_with_the_same_rows(app, user_id):
    text = files.csv_text(files.IMPORT_ROWS, crlf=True)
    with app.app_context():
        result = import_letterboxd_csv(_user(app, user_id), "letterboxd.csv", text)
        assert result.ok, result.problems
        assert len(_films(user_id)) == 4
        exported = "".join(iter_letterboxd_csv(_user(app, user_id)))
        assert exported.startswith(",".join(IMPORT_COLUMNS) + "\r\n")
        rows = _rows(exported)
        assert rows[0] == files.IMPORT_ROWS[0]
        assert sorted(rows[1:]) == sorted(files.IMPORT_ROWS[1:])
        # And the export itself imports again without adding anything.
        before = _everything(user_id)
        assert import_letterboxd_csv(_user(app, user_id), "teahouse.csv", exported).ok
        assert _everything(user_id) == before


def test_the_export_zip_comes_out_as_one_row_per_viewing(app, user_id):
    with app.app_context():
        assert import_letterboxd_zip(_user(app, user_id), files.export_zip()).ok
        rows = _rows("".join(iter_letterboxd_csv(_user(app, user_id))))
    by_title = {}
    for row in rows[1:]:
        by_title.setdefault(row[0], []).append(dict(zip(rows[0], row, strict=True)))
    assert "Portrait of a Lady on Fire" not in by_title  # only on the watchlist
    assert [(r["WatchedDate"], r["Rating"], r["Rewatch"]) for r in by_title["Her"]] == [
        ("2024-01-01", "4.5", ""),
        ("2024-06-01", "5", "true"),
    ]
    assert by_title["Her"][0]["Review"] == files.REVIEW_HER
    assert by_title["Her"][0]["Tags"] == "rain, with friends"
    assert by_title["Crouching Tiger, Hidden Dragon"] == [
        {
            "Title": "Crouching Tiger, Hidden Dragon",
            "Year": "2000",
            "Directors": "",
            "WatchedDate": "",
            "Rating": "5",
            "Rewatch": "",
            "Tags": "",
            "Review": "",
            "LetterboxdURI": files.TIGER,
        }
    ]
    assert by_title["東京物語"][0]["Review"] == "静かで、深い。\n\nOzu at his <b>best</b>."


def test_another_hosts_films_stay_out_of_an_import_and_an_export(app, user_id):
    other = add_host(app, email="other@example.com")
    with app.app_context():
        db.session.add(Film(owner_id=other, title="Her", year=2013, seen=True))
        db.session.commit()
        assert import_letterboxd_zip(_user(app, user_id), files.export_zip()).ok
        assert len(_films(other)) == 1 and _films(other)["Her"].letterboxd_uri is None
        rows = _rows("".join(iter_letterboxd_csv(_user(app, other))))
        assert rows[1:] == [["Her", "2013", "", "", "", "", "", "", ""]]


# ---------------------------------------------------------------- pages and commands


def test_your_data_page_imports_the_zip_and_reports_a_bad_csv(app, client, host):
    response = post_import(client, files.export_zip(bom=True), "letterboxd-mei.zip")
    page = response.get_data(as_text=True)
    assert "Import finished" in page and "5 films" in page
    broken = [list(row) for row in files.RATINGS]
    broken[1][4] = "ten"
    page = post_import(client, files.csv_text(broken), "ratings.csv").get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "ratings.csv row 2" in page and "“ten” is not a rating from 0.5 to 5" in page
    with app.app_context():
        assert len(_films(host)) == 5


def test_films_download_for_letterboxd(app, client, host):
    with app.app_context():
        assert import_letterboxd_zip(_user(app, host), files.export_zip()).ok
    response = client.get("/data/letterboxd.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _rows(response.get_data(as_text=True))
    assert rows[0] == list(IMPORT_COLUMNS) and len(rows) == 1 + 5  # 3 viewings, 2 films seen


def test_cli_imports_the_zip_and_a_csv_and_exports_for_letterboxd(app, runner, tmp_path):
    add_host(app)
    archive = tmp_path / "letterboxd-mei-2024.zip"
    archive.write_bytes(files.export_zip())
    result = runner.invoke(args=["import", "--user", "host@example.com", str(archive)])
    assert result.exit_code == 0, result.output
    assert "5 films" in result.output
    watchlist = tmp_path / "watchlist.csv"
    watchlist.write_text(files.csv_text([*files.WATCHLIST, ["x", "Y", "1999", ""]]), "utf-8")
    refused = runner.invoke(args=["import", "--user", "host@example.com", str(watchlist)])
    assert refused.exit_code != 0
    assert "watchlist.csv row 4, Date: “x” is not a date (YYYY-MM-DD)" in refused.output
    out = tmp_path / "for-letterboxd.csv"
    exported = runner.invoke(
        args=["export", "--user", "host@example.com", "--format", "letterboxd", "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    rows = _rows(out.read_text("utf-8"))
    assert rows[0] == list(IMPORT_COLUMNS)
    assert sorted(r[0] for r in rows[1:]).count("Her") == 2


def test_film_page_links_to_letterboxd_and_the_watchlist_lists_films_to_watch(app, client, host):
    with app.app_context():
        assert import_letterboxd_zip(_user(app, host), files.export_zip()).ok
        films = _films(host)
        her, portrait = films["Her"].id, films["Portrait of a Lady on Fire"].id
    page = client.get(f"/films/{her}").get_data(as_text=True)
    assert f'href="{files.HER}"' in page and "“Her” on Letterboxd" in page
    watchlist = client.get("/films/?shown=to_watch").get_data(as_text=True)
    assert ">Portrait of a Lady on Fire<" in watchlist and "Crouching Tiger" in watchlist
    assert ">Her<" not in watchlist
    assert watchlist.index("Portrait of a Lady") < watchlist.index("Crouching Tiger")
    response = post_form(
        client, f"/films/{portrait}/watchlist", {"to_watch": "no"}, token_from=f"/films/{portrait}"
    )
    assert response.status_code == 302
    after = client.get("/films/?shown=to_watch").get_data(as_text=True)
    assert "off your watchlist" in after and ">Portrait of a Lady on Fire<" not in after
    post_form(client, f"/films/{her}/watchlist", {"to_watch": "yes"}, token_from=f"/films/{her}")
    with app.app_context():
        assert db.session.get(Film, her).to_watch
        assert not db.session.get(Film, portrait).to_watch


def test_the_film_form_refuses_an_address_that_is_not_letterboxd(app, client, host):
    response = post_form(
        client,
        "/films/new",
        {"title": "Stalker", "letterboxd_uri": "javascript:alert(1)"},
    )
    assert "Give the film&#39;s Letterboxd address" in response.get_data(as_text=True)
    post_form(
        client,
        "/films/new",
        {"title": "Stalker", "letterboxd_uri": "https://letterboxd.com/film/stalker/"},
    )
    with app.app_context():
        assert _films(host)["Stalker"].letterboxd_uri == "https://letterboxd.com/film/stalker/"


def _another_hosts_film(app) -> int:
    """A film of another host: the signed-in host may not touch it."""
    other = add_host(app, email="other@example.com")
    with app.app_context():
        film = Film(owner_id=other, title="Solaris", year=1972)
        db.session.add(film)
        db.session.commit()
        return film.id


def test_another_hosts_film_cannot_be_put_on_a_watchlist(app, client, host):
    film_id = _another_hosts_film(app)
    response = post_form(
        client, f"/films/{film_id}/watchlist", {"to_watch": "yes"}, token_from="/films/"
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- a party from a film


def test_a_party_planned_from_a_film_screens_it_at_once(app, client, host):
    with app.app_context():
        film = Film(owner_id=host, title="Her", year=2013, runtime_minutes=126, to_watch=True)
        db.session.add(film)
        db.session.commit()
        film_id = film.id
    detail = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert f'href="/parties/new?film={film_id}"' in detail
    form_page = client.get(f"/parties/new?film={film_id}").get_data(as_text=True)
    assert "This party screens <strong>Her (2013)</strong>" in form_page
    assert 'value="Film night: Her"' in form_page
    response = post_form(
        client,
        "/parties/new",
        {
            "film": film_id,
            "title": "Film night: Her",
            "starts_at": "2031-03-01T18:00",
            "timezone": "UTC",
            "capacity": "8",
            "maybe_allowed": "y",
        },
        token_from=f"/parties/new?film={film_id}",
    )
    assert response.status_code == 302
    party_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Her" in party_page
    with app.app_context():
        from teahouse.models import Party

        party = db.session.scalars(select(Party)).one()
        assert party.screening.film_id == film_id
        # Tea service 45 min + 126 min of film + 30 min of talk.
        assert (party.ends_at - party.starts_at).total_seconds() == (45 + 126 + 30) * 60


def test_a_party_cannot_be_planned_from_another_hosts_film(app, client, host):
    film_id = _another_hosts_film(app)
    assert client.get(f"/parties/new?film={film_id}").status_code == 404
    assert client.get("/parties/new?film=abc").status_code == 404
    response = post_form(
        client,
        "/parties/new",
        {"film": film_id, "title": "Stolen", "starts_at": "2031-03-01T18:00", "timezone": "UTC"},
        token_from="/parties/new",
    )
    assert response.status_code == 404
    with app.app_context():
        from teahouse.models import Party

        assert db.session.scalars(select(Party)).all() == []


def test_the_benchmark_export_imports_cleanly(app, user_id):
    """bench/letterboxd_import.py stays in step with the importer (at a small size here)."""
    from bench.letterboxd_import import main, make_export

    assert callable(main)
    with app.app_context():
        result = import_letterboxd_zip(_user(app, user_id), make_export(30))
        assert result.ok, result.problems
        assert result.counts["films"] == 30 + 500 and result.counts["viewings"] == 33


def test_the_film_form_keeps_what_letterboxd_keeps_of_a_film(app, client, host):
    response = post_form(
        client,
        "/films/new",
        {"title": "Stalker", "year": "1979", "seen": "y", "rating": "4.5", "liked": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        film = _films(host)["Stalker"]
        assert (film.seen, film.rating, film.liked, film.to_watch) == (True, 4.5, True, False)
        film_id = film.id
    page = client.get(f"/films/{film_id}").get_data(as_text=True)
    assert "Your rating" in page and "4.5 of 5" in page
    post_form(client, f"/films/{film_id}/edit", {"title": "Stalker", "to_watch": "y"})
    with app.app_context():
        film = db.session.get(Film, film_id)
        assert (film.seen, film.rating, film.liked, film.to_watch) == (False, None, False, True)
        assert film.to_watch_since is not None


def test_the_teahouse_export_keeps_what_letterboxd_brought(app, client, host):
    """Letterboxd URIs, seen, rating, liked and the watchlist survive a JSON export and import."""
    with app.app_context():
        assert import_letterboxd_zip(_user(app, host), files.export_zip()).ok
        before = _everything(host)
    document = client.get("/data/export.json").get_data()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/data/")})
    add_host(app, email="other@example.com")
    from tests.helpers.client import login

    assert login(client, "other@example.com").status_code == 302
    page = post_import(client, document, "teahouse.json").get_data(as_text=True)
    assert "Import finished" in page, page[page.find("report") : page.find("report") + 2000]
    with app.app_context():
        other = db.session.scalar(select(User.id).where(User.email == "other@example.com"))
        after = _everything(other)

    # Ids (a film's, a review's and its film's) differ between accounts; nothing else does.
    def without_ids(rows):
        return sorted(row[1:] if len(row) == 10 else row[2:] for row in rows)

    assert without_ids(after) == without_ids(before)
