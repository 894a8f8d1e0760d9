"""Reading Letterboxd files: the "Export your data" ZIP, any of its CSVs, or the import CSV.

Each row becomes an Entry, checked field by field; problems name the file, the row and the
column, as every Teahouse import does. Nothing here touches the database.
"""

import csv
import io
import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date

from teahouse.films.letterboxd import LETTERBOXD_URI
from teahouse.films.years import FIRST_FILM_YEAR, last_film_year
from teahouse.portability.letterboxd.markup import review_to_markdown
from teahouse.portability.reading import NOT_TEXT, decode_text, repeated_columns
from teahouse.portability.report import Problem
from teahouse.schemas.quoting import quoted

# The export's files, by their path inside the ZIP, and what each row says about a film.
WATCHED, RATING, LIKE, WATCHLIST, DIARY, REVIEW, VIEWING = (
    "watched",
    "rating",
    "like",
    "watchlist",
    "diary",
    "review",
    "viewing",  # a row of the CSV that Letterboxd's importer reads (and Teahouse writes)
)
EXPORT_FILES = {
    "watched.csv": WATCHED,
    "ratings.csv": RATING,
    "likes/films.csv": LIKE,
    "watchlist.csv": WATCHLIST,
    "diary.csv": DIARY,
    "reviews.csv": REVIEW,
}
# Film-level files first: their URIs are the films' own, so later rows find those films.
FILE_ORDER = (WATCHED, RATING, LIKE, WATCHLIST, VIEWING, DIARY, REVIEW)
_EXPORT_COLUMNS = {
    WATCHED: ("Date", "Name", "Year", "Letterboxd URI"),
    RATING: ("Date", "Name", "Year", "Letterboxd URI", "Rating"),
    DIARY: ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"),
    REVIEW: ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review"),
}
_EXPORT_COLUMNS[LIKE] = _EXPORT_COLUMNS[WATCHLIST] = _EXPORT_COLUMNS[WATCHED]
# Letterboxd's importer reads these columns, in any case and order; Title or LetterboxdURI needed.
IMPORT_COLUMNS = (
    "Title",
    "Year",
    "Directors",
    "WatchedDate",
    "Rating",
    "Rewatch",
    "Tags",
    "Review",
    "LetterboxdURI",
)
_IMPORT_EXTRA = ("rating10", "tmdbid", "imdbid")
MAX_ZIP_BYTES = 200 * 1024 * 1024  # unpacked; a real export of 10,000 films is a few MB
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# A year or a rating out of ten is a few ASCII digits: str.isdigit() also passes "²" and "①",
# and digits by the thousand, which int() then refuses.
_NUMBER = re.compile(r"[0-9]{1,9}")
# What unpacking one member of a damaged ZIP raises: zipfile's own errors, the decompressors'
# (zlib, lzma, bz2's EOFError for a stream cut short), a seek before the file's start.
_UNPACKING_ERRORS = (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError)
_UNPACKING_ERRORS += (ValueError, zlib.error, lzma.LZMAError)


class Invalid(ValueError):
    pass


@dataclass
class Entry:
    """One row of a Letterboxd file: a film, and what the row says of it."""

    where: str
    kind: str
    title: str
    year: int | None
    uri: str = ""  # the film's page for film-level rows; the diary entry's or review's for others
    directors: list[str] = field(default_factory=list)
    added_on: date | None = None  # the Date column: when it was logged, rated, listed
    rating: float | None = None
    watched_on: date | None = None
    rewatch: bool = False
    tags: list[str] = field(default_factory=list)
    review: str = ""  # Markdown

    @property
    def film_uri(self) -> str:
        return "" if self.kind in (DIARY, REVIEW) else self.uri

    @property
    def entry_uri(self) -> str:
        return self.uri if self.kind in (DIARY, REVIEW) else ""

    @property
    def is_viewing(self) -> bool:
        """Diary and review rows are viewings; an import-CSV row is one when it says more
        than "seen, rated"."""
        if self.kind in (DIARY, REVIEW):
            return True
        return self.kind == VIEWING and bool(
            self.watched_on or self.review or self.tags or self.rewatch
        )


def looks_like_letterboxd(text: str) -> bool:
    """Whether a CSV's header row is one of Letterboxd's (export or import) rather than teas'."""
    first = (text.lstrip("\ufeff").splitlines() or [""])[0]  # any line end, bare CR too
    try:
        header = {cell.strip().lower() for cell in next(csv.reader([first]), [])}
    except csv.Error:
        return False
    return "letterboxd uri" in header or "letterboxduri" in header or "title" in header


def read_zip(data: bytes) -> tuple[list[Entry], list[Problem]]:
    """The entries of every film file in a Letterboxd export ZIP (others are left aside)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], [Problem("file", "", "is not a ZIP archive")]
    if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        return [], [
            Problem("file", "", "unpacks to more than 200 MB; this is no Letterboxd export")
        ]
    names = {m.filename.replace("\\", "/"): m for m in members}
    # The export's files sit at the top, or inside one folder named after the export; the
    # deleted/ and orphaned/ folders beside them hold entries no longer on the profile.
    root = ""
    if not any(name in EXPORT_FILES for name in names):
        tops = {name.split("/", 1)[0] + "/" if "/" in name else "" for name in names}
        root = tops.pop() if len(tops) == 1 else ""
    found = {
        relative: names[root + relative] for relative in EXPORT_FILES if root + relative in names
    }
    if not found:
        return [], [
            Problem(
                "file",
                "",
                "holds none of Letterboxd's files (watched.csv, diary.csv, ratings.csv, "
                "reviews.csv, likes/films.csv, watchlist.csv)",
            )
        ]
    entries: list[Entry] = []
    problems: list[Problem] = []
    for name, member in found.items():
        try:
            text = decode_text(archive.read(member))
        except _UNPACKING_ERRORS:
            problems.append(Problem(name, "", "cannot be unpacked (damaged or encrypted)"))
            continue
        if text is None:
            problems.append(Problem(name, "", NOT_TEXT))
            continue
        more, trouble = read_csv(name, text, EXPORT_FILES[name])
        entries += more
        problems += trouble
    return entries, problems


def kind_from_name(filename: str) -> str | None:
    """What a lone export CSV lists, from its name (its columns alone cannot tell watched films,
    liked films and the watchlist apart)."""
    name = filename.replace("\\", "/").lower().rsplit("/", 1)[-1]
    if "watchlist" in name:
        return WATCHLIST
    if "like" in name or name == "films.csv":
        return LIKE
    for stem, kind in (("diary", DIARY), ("review", REVIEW), ("rating", RATING)):
        if stem in name:
            return kind
    if "watched" in name:
        return WATCHED
    return None


def read_csv(name: str, text: str, kind: str | None = None) -> tuple[list[Entry], list[Problem]]:
    """The entries of one Letterboxd CSV; its kind from its header, and its name if need be."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        return [], [Problem(name, "", f"is not a CSV file ({error})")]
    if not any(header):
        return [], [Problem(name, "", "is empty: it needs its header row")]
    lowered = [h.lower() for h in header]
    if "letterboxd uri" in lowered:
        kind = _export_kind(header, kind)
        if kind is None:
            return [], [
                Problem(
                    name,
                    "",
                    "lists films without saying which list: name it watched.csv, "
                    "watchlist.csv or likes/films.csv as Letterboxd does",
                )
            ]
        missing = [c for c in _EXPORT_COLUMNS[kind] if c not in header]
        if missing:
            return [], [Problem(name, "", "lacks the column(s) " + ", ".join(missing))]
        header_map = {h: h for h in header}
    else:
        kind = VIEWING
        known = {c.lower(): c for c in IMPORT_COLUMNS}
        unknown = [h for h in header if h.lower() not in known and h.lower() not in _IMPORT_EXTRA]
        if unknown:
            return [], [
                Problem(
                    name,
                    "",
                    "has column(s) Letterboxd does not use: "
                    + ", ".join(unknown)
                    + ". Expected "
                    + ", ".join(IMPORT_COLUMNS),
                )
            ]
        if "title" not in lowered:
            return [], [Problem(name, "", "lacks the column Title")]
        header_map = {h: known.get(h.lower(), h.lower()) for h in header}
    columns = [header_map[h] for h in header]
    repeated = repeated_columns(columns)
    if repeated:
        return [], [Problem(name, "", repeated)]
    entries: list[Entry] = []
    problems: list[Problem] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            where = f"{name} row {number}"
            if len(cells) > len(columns):
                problems.append(Problem(where, "", "has more cells than the header has columns"))
                continue
            row = dict(zip(columns, cells, strict=False))
            entry, trouble = _entry(where, kind, row)
            problems += trouble
            if entry is not None:
                entries.append(entry)
    except csv.Error as error:
        problems.append(Problem(name, "", f"cannot be read as CSV ({error})"))
    return entries, problems


def _export_kind(header: list[str], named: str | None) -> str | None:
    if "Review" in header:
        return REVIEW
    if "Watched Date" in header:
        return DIARY
    if "Rating" in header:
        return RATING
    return named if named in (WATCHED, LIKE, WATCHLIST) else None


def _entry(where: str, kind: str, row: dict) -> tuple[Entry | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict = {}

    def check(column: str, parse, target: str) -> None:
        try:
            values[target] = parse(row.get(column, "") or "")
        except Invalid as error:
            problems.append(Problem(where, column, str(error)))

    title_column = "Title" if kind == VIEWING else "Name"
    uri_column = "LetterboxdURI" if kind == VIEWING else "Letterboxd URI"
    check(title_column, _title, "title")
    check("Year", _year, "year")
    check(uri_column, _uri, "uri")
    check("Directors", _names, "directors")
    check("Date", _day, "added_on")
    check("Rating", _rating, "rating")
    if kind == VIEWING and not (row.get("Rating") or "").strip():
        check("rating10", _rating10, "rating")
    check("Watched Date" if kind != VIEWING else "WatchedDate", _watched_day, "watched_on")
    check("Rewatch", _yes_no, "rewatch")
    check("Tags", _tags, "tags")
    check("Review", _review, "review")
    if problems:
        return None, problems
    return Entry(where=where, kind=kind, **values), []


# ---------------------------------------------------------------- fields


def _title(value: str) -> str:
    value = " ".join(_CONTROL.sub(" ", value).split())
    if not value:
        raise Invalid("is required")
    if len(value) > 200:
        raise Invalid("is longer than 200 characters")
    return value


def _year(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise Invalid(f"{quoted(value)} is not a year")
    year = int(value)
    if not FIRST_FILM_YEAR <= year <= last_film_year():
        raise Invalid(f"{year} is not a year of a film ({FIRST_FILM_YEAR} on)")
    return year


def _uri(value: str) -> str:
    value = value.strip()
    if value and (len(value) > 200 or not LETTERBOXD_URI.match(value)):
        raise Invalid("is not a Letterboxd address (https://letterboxd.com/… or https://boxd.it/…)")
    return value


def _names(value: str) -> list[str]:
    value = _CONTROL.sub(" ", value)
    names = list(dict.fromkeys(" ".join(part.split()) for part in value.split(",")))
    names = [n for n in names if n]
    if len(names) > 30 or any(len(n) > 120 for n in names):
        raise Invalid("lists more than 30 names, or a name longer than 120 characters")
    return names


def _day(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{quoted(value)} is not a date (YYYY-MM-DD)") from None


def _watched_day(value: str) -> date | None:
    day = _day(value)
    if day is not None and day > date.today():
        raise Invalid(f"{day.isoformat()} is in the future")
    return day


def _rating(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        stars = float(value)
    except ValueError:
        raise Invalid(f"{quoted(value)} is not a rating from 0.5 to 5") from None
    if not 0.5 <= stars <= 5 or stars * 2 != int(stars * 2):
        raise Invalid(f"{value} is not a rating from 0.5 to 5 in half stars")
    return stars


def _rating10(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    if not _NUMBER.fullmatch(value) or not 1 <= int(value) <= 10:
        raise Invalid(f"{quoted(value)} is not a rating from 1 to 10")
    return int(value) / 2


def _yes_no(value: str) -> bool:
    value = value.strip().lower()
    if value in ("", "no", "false", "0"):
        return False
    if value in ("yes", "true", "1"):
        return True
    raise Invalid(f"{quoted(value)} is not yes or no")


def _tags(value: str) -> list[str]:
    value = _CONTROL.sub(" ", value)
    tags = list(dict.fromkeys(" ".join(part.split()).lower() for part in value.split(",")))
    tags = [t for t in tags if t]
    if len(tags) > 20:
        raise Invalid("has more than 20 tags")
    if any(len(t) > 40 for t in tags):
        raise Invalid("has a tag longer than 40 characters")
    return tags


def _review(value: str) -> str:
    if len(value) > 100_000:
        raise Invalid("is longer than 100,000 characters")
    markdown = review_to_markdown(value)
    if len(markdown) > 100_000:
        raise Invalid("is longer than 100,000 characters once in Markdown")
    return markdown
