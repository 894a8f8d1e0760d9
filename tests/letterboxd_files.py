"""Files written to look exactly like Letterboxd's "Export your data" ZIP and its CSVs.

Letterboxd quotes a cell only when it must (commas, quotes, line breaks), writes UTF-8, and a
review keeps the member's own line breaks and tags. Variants add a BOM or CRLF line ends, as
spreadsheet programs do when a file is saved again.
"""

import csv
import io
import zipfile

from teahouse.portability.letterboxd.reading import IMPORT_COLUMNS

HER = "https://boxd.it/4Dzw"
TIGER = "https://boxd.it/1Nfa"
TOKYO = "https://boxd.it/2b3k"
PORTRAIT = "https://boxd.it/jIGi"
STRANGELOVE = "https://boxd.it/28Eu"

REVIEW_HER = (
    "A film about <i>loneliness</i>, and about what a voice can hold.\n"
    'Second line of the first paragraph, with a comma, and "quotes".\n'
    "\n"
    "<blockquote>Sometimes I think I have felt everything I'm ever gonna feel.</blockquote>\n"
    "\n"
    'See <a href="https://letterboxd.com/film/her/">the film\'s page</a>. <b>5*3</b> & snake_case.'
)
REVIEW_TOKYO = "静かで、深い。\n\n<script>alert('x')</script>Ozu at his <b>best</b>."

WATCHED = [
    ["Date", "Name", "Year", "Letterboxd URI"],
    ["2024-01-02", "Her", "2013", "https://boxd.it/4Dzw"],
    ["2024-01-02", "Crouching Tiger, Hidden Dragon", "2000", TIGER],
    ["2024-01-02", "東京物語", "1953", TOKYO],
    [
        "2024-01-03",
        'Dr. Strangelove or: How I Learned to Stop Worrying and Love the "Bomb"',
        "1964",
        STRANGELOVE,
    ],
]
RATINGS = [
    ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
    ["2024-01-02", "Her", "2013", HER, "4.5"],
    ["2024-01-02", "Crouching Tiger, Hidden Dragon", "2000", TIGER, "5"],
    ["2024-01-02", "東京物語", "1953", TOKYO, "0.5"],
]
# fmt: off
DIARY = [
    ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"],
    [
        "2024-01-02",
        "Her",
        "2013",
        "https://boxd.it/5aB1c",
        "4.5",
        "",
        "rain, with friends",
        "2024-01-01",
    ],
    ["2024-06-02", "Her", "2013", "https://boxd.it/6xY2d", "5", "Yes", "", "2024-06-01"],
    ["2023-05-06", "東京物語", "1953", "https://boxd.it/3qW9e", "0.5", "", "ozu", "2023-05-05"],
]
REVIEWS = [
    [
        "Date",
        "Name",
        "Year",
        "Letterboxd URI",
        "Rating",
        "Rewatch",
        "Review",
        "Tags",
        "Watched Date",
    ],
    [
        "2024-01-02",
        "Her",
        "2013",
        "https://boxd.it/5aB1c",
        "4.5",
        "",
        REVIEW_HER,
        "rain, with friends",
        "2024-01-01",
    ],
    [
        "2023-05-06",
        "東京物語",
        "1953",
        "https://boxd.it/3qW9e",
        "0.5",
        "",
        REVIEW_TOKYO,
        "ozu",
        "2023-05-05",
    ],
]
# fmt: on
LIKES = [
    ["Date", "Name", "Year", "Letterboxd URI"],
    ["2024-01-02", "Her", "2013", HER],
]
WATCHLIST = [
    ["Date", "Name", "Year", "Letterboxd URI"],
    ["2024-02-14", "Portrait of a Lady on Fire", "2019", PORTRAIT],
    ["2024-02-15", "Crouching Tiger, Hidden Dragon", "2000", TIGER],
]
EXPORT = {
    "watched.csv": WATCHED,
    "ratings.csv": RATINGS,
    "diary.csv": DIARY,
    "reviews.csv": REVIEWS,
    "likes/films.csv": LIKES,
    "watchlist.csv": WATCHLIST,
}


def csv_text(rows, *, crlf=False, bom=False) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    text = out.getvalue()
    if crlf:  # a spreadsheet saves line breaks inside cells as CRLF too
        text = text.replace("\r\r\n", "\r\n").replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    return ("\ufeff" if bom else "") + text


def export_zip(files=None, *, folder="", crlf=False, bom=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in (files or EXPORT).items():
            archive.writestr(folder + name, csv_text(rows, crlf=crlf, bom=bom).encode("utf-8"))
        archive.writestr(folder + "profile.csv", "Date Joined,Username\n2020-01-01,mei\n")
        archive.writestr(folder + "deleted/diary.csv", "Date,Name,Year,Letterboxd URI\n")
    return buffer.getvalue()


# A CSV of Letterboxd's import columns: reviews, rewatches, tags, quotes and a missing URI.
IMPORT_ROWS = [
    list(IMPORT_COLUMNS),
    [
        "Her",
        "2013",
        "Spike Jonze",
        "2024-01-01",
        "4.5",
        "",
        "rain, with friends",
        "A voice, <i>a life</i>.\n\n<blockquote>Quoted</blockquote>",
        "https://boxd.it/4Dzw",
    ],
    ["Her", "2013", "Spike Jonze", "2024-06-01", "5", "true", "", "", "https://boxd.it/4Dzw"],
    [
        'Crouching Tiger, "Hidden" Dragon',
        "2000",
        "Ang Lee",
        "",
        "5",
        "",
        "",
        "",
        "https://boxd.it/1Nfa",
    ],
    [
        "東京物語",
        "1953",
        "Yasujirō Ozu",
        "2023-05-05",
        "0.5",
        "",
        "ozu",
        "Line one\nline two & <b>bold</b>",
        "",
    ],
    ["Stalker", "1979", "Andrei Tarkovsky", "", "", "", "", "", ""],
]
